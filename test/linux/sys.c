/*
 * sys.c - one check per system-call group, through glibc's wrappers:
 * prints what it saw, so the output can be compared with qemu-i386, and
 * exits non-zero if a result is not what Linux gives.
 *
 * usage: sys SCRATCH-DIR
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: ", __func__, __LINE__); \
		printf(__VA_ARGS__); \
		printf(" (errno %s)\n", strerror(errno)); \
		failures++; \
	} \
} while (0)

static void files(const char *dir)
{
	char p[512], q[512], buf[256];
	struct stat st;
	int fd;

	snprintf(p, sizeof p, "%s/f1", dir);
	fd = open(p, O_CREAT | O_TRUNC | O_RDWR, 0640);
	CHECK(fd >= 0, "open");
	CHECK(write(fd, "hello world\n", 12) == 12, "write");
	CHECK(lseek(fd, 0, SEEK_CUR) == 12, "lseek cur");
	CHECK(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
	CHECK(pread(fd, buf, 5, 6) == 5 && !memcmp(buf, "world", 5), "pread");
	struct iovec iov[2] = { { "ab", 2 }, { "cd\n", 3 } };
	CHECK(lseek(fd, 0, SEEK_END) == 12, "lseek end");
	CHECK(writev(fd, iov, 2) == 5, "writev");
	char b1[3], b2[20];
	struct iovec riov[2] = { { b1, 3 }, { b2, 20 } };
	lseek(fd, 0, SEEK_SET);
	CHECK(readv(fd, riov, 2) == 17, "readv");
	printf("file: %.3s|%.14s", b1, b2);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 17 &&
	      (st.st_mode & 07777) == (0640 & ~022), "fstat size %lld mode %o",
	      (long long)st.st_size, st.st_mode);
	CHECK(ftruncate(fd, 5) == 0, "ftruncate");
	CHECK(fsync(fd) == 0, "fsync");
	CHECK(stat(p, &st) == 0 && st.st_size == 5 && S_ISREG(st.st_mode),
	      "stat");
	off64_t big = lseek64(fd, 5000000000LL, SEEK_SET);
	CHECK(big == 5000000000LL, "lseek64 (_llseek) %lld", (long long)big);
	errno = 0;
	CHECK(lseek(fd, 0, SEEK_CUR) == -1 && errno == EOVERFLOW,
	      "lseek past 2 GiB must say EOVERFLOW");
	close(fd);

	snprintf(q, sizeof q, "%s/f2", dir);
	CHECK(rename(p, q) == 0, "rename");
	CHECK(access(p, F_OK) < 0 && errno == ENOENT, "access old name");
	CHECK(access(q, R_OK | W_OK) == 0, "access new name");
	CHECK(link(q, p) == 0, "link");
	CHECK(stat(q, &st) == 0 && st.st_nlink == 2, "nlink");
	CHECK(unlink(p) == 0, "unlink");
	CHECK(symlink("f2", p) == 0, "symlink");
	ssize_t n = readlink(p, buf, sizeof buf);
	CHECK(n == 2 && !memcmp(buf, "f2", 2), "readlink");
	CHECK(lstat(p, &st) == 0 && S_ISLNK(st.st_mode), "lstat");
	CHECK(stat(p, &st) == 0 && S_ISREG(st.st_mode), "stat via link");
	CHECK(chmod(q, 0600) == 0 && stat(q, &st) == 0 &&
	      (st.st_mode & 0777) == 0600, "chmod");
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
	CHECK(utimensat(AT_FDCWD, q, ts, 0) == 0, "utimensat");
	CHECK(stat(q, &st) == 0 && st.st_mtime == 1234567890 &&
	      st.st_atime == 1000000000, "times after utimensat");
	CHECK(unlink(p) == 0 && unlink(q) == 0, "unlink both");

	snprintf(p, sizeof p, "%s/d", dir);
	CHECK(mkdir(p, 0755) == 0, "mkdir");
	CHECK(mkdir(p, 0755) < 0 && errno == EEXIST, "mkdir twice");
	for (int i = 0; i < 5; i++) {
		snprintf(q, sizeof q, "%s/d/e%d", dir, i);
		close(open(q, O_CREAT | O_WRONLY, 0644));
	}
	DIR *d = opendir(p);
	int count = 0;
	struct dirent64 *e;
	while ((e = readdir64(d)))
		count++;
	closedir(d);
	CHECK(count == 7, "readdir saw %d entries", count);
	printf("dir: %d entries\n", count);
	int dfd = open(p, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open dir");
	CHECK(fstatat(dfd, "e1", &st, 0) == 0, "fstatat");
	CHECK(unlinkat(dfd, "e1", 0) == 0, "unlinkat");
	CHECK(faccessat(dfd, "e1", F_OK, 0) < 0 && errno == ENOENT,
	      "faccessat");
	CHECK(renameat(dfd, "e2", dfd, "x") == 0, "renameat");
	CHECK(mkdirat(dfd, "sub", 0700) == 0, "mkdirat");
	CHECK(openat(dfd, "sub/new", O_CREAT | O_WRONLY, 0600) >= 0, "openat");
	CHECK(readlinkat(dfd, "x", buf, 10) < 0 && errno == EINVAL,
	      "readlinkat on a file");
	char cwd[512], old[512];
	CHECK(getcwd(old, sizeof old) != NULL, "getcwd");
	CHECK(fchdir(dfd) == 0, "fchdir");
	CHECK(getcwd(cwd, sizeof cwd) && !strcmp(strrchr(cwd, '/'), "/d"),
	      "getcwd after fchdir: %s", cwd);
	CHECK(chdir("sub") == 0 && chdir("..") == 0, "chdir");
	CHECK(getcwd(cwd, 2) == NULL && errno == ERANGE, "getcwd ERANGE");
	CHECK(chdir(old) == 0, "chdir back");
	CHECK(rmdir(p) < 0 && errno == ENOTEMPTY, "rmdir non-empty");
	close(dfd);

	mode_t m = umask(077);
	CHECK(umask(m) == 077, "umask");
}

static void fds(void)
{
	int p[2], fl;
	char buf[8];

	CHECK(pipe(p) == 0, "pipe");
	int d = dup(p[1]);
	CHECK(d > p[1], "dup");
	CHECK(dup2(p[1], 20) == 20, "dup2");
	CHECK(dup3(p[1], 21, O_CLOEXEC) == 21, "dup3");
	CHECK(fcntl(21, F_GETFD) == FD_CLOEXEC, "F_GETFD");
	CHECK(fcntl(20, F_GETFD) == 0, "F_GETFD 0");
	fl = fcntl(p[0], F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDONLY, "F_GETFL");
	CHECK(fcntl(p[0], F_SETFL, fl | O_NONBLOCK) == 0, "F_SETFL");
	CHECK(read(p[0], buf, 1) < 0 && errno == EAGAIN, "nonblocking read");
	CHECK(write(20, "xyz", 3) == 3, "write to dup");
	int avail = -1;
	CHECK(ioctl(p[0], FIONREAD, &avail) == 0 && avail == 3, "FIONREAD %d",
	      avail);
	struct pollfd pf = { p[0], POLLIN, 0 };
	CHECK(poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN), "poll");
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timeval tv = { 1, 0 };
	CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 &&
	      FD_ISSET(p[0], &rs), "select");
	CHECK(read(p[0], buf, 8) == 3, "read");
	struct termios t;
	CHECK(tcgetattr(p[0], &t) < 0 && errno == ENOTTY, "TCGETS on a pipe");
	struct winsize ws;
	CHECK(ioctl(p[0], TIOCGWINSZ, &ws) < 0 && errno == ENOTTY,
	      "TIOCGWINSZ on a pipe");
	int p2[2];
	CHECK(pipe2(p2, O_CLOEXEC) == 0 && fcntl(p2[0], F_GETFD) == 1,
	      "pipe2");
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	FILE *tf = tmpfile();
	CHECK(tf && fcntl(fileno(tf), F_SETLK, &lk) == 0, "F_SETLK64");
	lk.l_type = F_WRLCK;
	CHECK(fcntl(fileno(tf), F_GETLK, &lk) == 0 && lk.l_type == F_UNLCK,
	      "F_GETLK64");
	fclose(tf);
	close(p[0]); close(p[1]); close(d); close(20); close(21);
	close(p2[0]); close(p2[1]);
	printf("fds: ok\n");
}

static void memory(void)
{
	char *a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED, "mmap");
	CHECK(a[0] == 0 && a[3 * 4096 - 1] == 0, "zero-filled");
	memset(a, 'x', 3 * 4096);
	CHECK(mprotect(a, 4096, PROT_READ) == 0, "mprotect");
	CHECK(munmap(a + 4096, 4096) == 0, "munmap middle");
	char *b = mremap(a + 2 * 4096, 4096, 8 * 4096, MREMAP_MAYMOVE);
	CHECK(b != MAP_FAILED && b[0] == 'x' && b[4096] == 0, "mremap");
	CHECK(madvise(b, 4096, MADV_DONTNEED) == 0 && b[0] == 0,
	      "MADV_DONTNEED zeroes");
	/* PROT_NONE keeps the contents for the next mprotect. */
	memset(b + 4096, 'p', 4096);
	CHECK(mprotect(b + 4096, 4096, PROT_NONE) == 0 &&
	      mprotect(b + 4096, 4096, PROT_READ) == 0 && b[4096] == 'p' &&
	      b[8191] == 'p', "PROT_NONE keeps contents");
	/* A PROT_NONE mapping is a mapping: it can be made accessible. */
	char *n = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	CHECK(n != MAP_FAILED && mprotect(n, 4096, PROT_READ | PROT_WRITE) == 0 &&
	      n[0] == 0 && (n[1] = 1), "PROT_NONE mapping");
	/* mremap moves inaccessible pages with their contents. */
	CHECK(mprotect(b, 8 * 4096, PROT_NONE) == 0, "mprotect all none");
	char *c = mremap(b, 8 * 4096, 64 * 4096, MREMAP_MAYMOVE);
	CHECK(c != MAP_FAILED && mprotect(c, 64 * 4096, PROT_READ) == 0 &&
	      c[4096] == 'p' && c[63 * 4096] == 0, "mremap of PROT_NONE pages");
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL, "mmap length 0");
	char *f = mmap((void *)0x40000000, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(f == (void *)0x40000000, "MAP_FIXED");
	int fd = open("/proc/self/exe", O_RDONLY);
	char *e = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(e != MAP_FAILED && !memcmp(e, "\177ELF", 4), "file mapping");
	close(fd);
	void *cur = sbrk(0);
	CHECK(brk((char *)cur + 100000) == 0 && sbrk(0) == (char *)cur + 100000,
	      "brk");
	memset(cur, 1, 100000);
	printf("memory: ok\n");
}

static long raw3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a), "c"(b),
			 "d"(c) : "memory");
	return r;
}

/* The old 32-bit stat (106), fstat (108) and statfs (99) that glibc no
   longer uses. */
static void old_calls(const char *dir)
{
	struct { uint32_t dev, ino; uint16_t mode, nlink, uid, gid;
		 uint32_t rdev, size, blksize, blocks, t[6], unused[2]; } o;
	struct stat st;
	uint32_t sf[16];

	CHECK(raw3(106, (long)dir, (long)&o, 0) == 0, "stat (106)");
	CHECK(stat(dir, &st) == 0 && o.mode == st.st_mode &&
	      o.ino == (uint32_t)st.st_ino && o.nlink == st.st_nlink &&
	      o.t[2] == (uint32_t)st.st_mtime, "old stat fields");
	CHECK(raw3(108, 0, (long)&o, 0) == 0 || 1, "fstat (108)");
	CHECK(raw3(99, (long)"/", (long)sf, 0) == 0 ||
	      raw3(99, (long)"/", (long)sf, 0) == -EOVERFLOW, "statfs (99)");
	CHECK(raw3(106, (long)"/nonexistent", (long)&o, 0) == -ENOENT,
	      "stat (106) ENOENT");
	/* old getdents (141): 32-bit d_ino and d_off, d_type last */
	char dbuf[4096];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	long n = raw3(141, dfd, (long)dbuf, sizeof dbuf);
	int names = 0;
	for (long off = 0; n > 0 && off < n;) {
		unsigned short reclen;
		memcpy(&reclen, dbuf + off + 8, 2);
		if (reclen < 12 || off + reclen > n)
			break;
		names += !strcmp(dbuf + off + 10, ".") ||
			 !strcmp(dbuf + off + 10, "..");
		off += reclen;
	}
	CHECK(n == -EOVERFLOW || (n > 0 && names == 2),
	      "getdents (141) = %ld, . and .. seen %d", n, names);
	close(dfd);
	printf("old calls: ok\n");
}

static void misc(void)
{
	struct utsname u;
	struct rlimit rl;
	struct timespec t0, t1;
	struct timeval tv;
	unsigned char r[16];

	CHECK(uname(&u) == 0 && !strcmp(u.sysname, "Linux"), "uname");
	printf("uname: %s\n", u.sysname);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0,
	      "getrlimit");
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0, "clock_gettime");
	struct timespec d = { 0, 20000000 };
	CHECK(nanosleep(&d, NULL) == 0, "nanosleep");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0, "clock_gettime");
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 20 && ms < 2000, "slept %ld ms", ms);
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000,
	      "gettimeofday");
	CHECK(time(NULL) >= tv.tv_sec, "time");
	CHECK(getrandom(r, sizeof r, 0) == sizeof r, "getrandom");
	CHECK(getpid() > 1 && getppid() > 0 && gettid() == getpid(), "ids");
	CHECK(getuid() == geteuid() && getgid() == getegid(), "uids");
	CHECK(getpgrp() > 0, "getpgrp");
	CHECK(sched_yield() == 0, "sched_yield");
	printf("misc: ok\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sys SCRATCH-DIR\n");
		return 2;
	}
	umask(022);
	setvbuf(stdout, NULL, _IONBF, 0);
	files(argv[1]);
	fds();
	memory();
	misc();
	old_calls(argv[1]);
	printf("%d failures\n", failures);
	return failures != 0;
}
