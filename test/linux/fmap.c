/*
 * fmap.c - file mappings as Linux keeps them: MAP_PRIVATE (the file's
 * pages until written, copy-on-write, then private; a child's writes
 * its own), MAP_SHARED (writes reach the file and read(2), write(2)
 * reaches the mapping, a forked child shares it, msync), the access
 * checks of the descriptor, munmap/mprotect/mremap/MAP_FIXED over parts
 * of a mapping, madvise(MADV_DONTNEED) giving the file's bytes back, a
 * file truncated under its mapping (SIGBUS past the end, BUS_ADRERR at
 * the address; a system call reading there: EFAULT), and how
 * /proc/self/maps names such mappings (path, offset, device, inode).
 * Usage: fmap DIR (a scratch directory).  Every answer is checked here
 * against what Linux gives, so it runs natively too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG	4096

#include "check.h"

static char path[4096];

/* A fresh file of n pages, page k filled with 'a' + k. */
static int make_file(const char *name, int pages)
{
	char buf[PG];
	int fd;

	snprintf(path, sizeof path, "%s", name);
	unlink(path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (int k = 0; k < pages; k++) {
		memset(buf, 'a' + k, PG);
		if (write(fd, buf, PG) != PG)
			return -1;
	}
	return fd;
}

static int all(const char *p, int c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

static char file_byte(int fd, off_t off)
{
	char c = 0;

	if (pread(fd, &c, 1, off) != 1)
		return -1;
	return c;
}

static void private_maps(const char *dir)
{
	char name[4096];
	snprintf(name, sizeof name, "%s/private", dir);
	int fd = make_file(name, 4);
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		       fd, 0);

	CHECK(p != MAP_FAILED, "private: mmap of 4 pages");
	CHECK(all(p, 'a', PG) && all(p + 3 * PG, 'd', PG),
	      "private: the file's bytes");
	/* A page not written yet is the file's: a write(2) shows there. */
	CHECK(pwrite(fd, "X", 1, 2 * PG) == 1 && p[2 * PG] == 'X',
	      "private: an unwritten page follows the file");
	p[PG] = 'Y';
	CHECK(file_byte(fd, PG) == 'b', "private: a store stays private");
	CHECK(pwrite(fd, "Z", 1, PG + 1) == 1 && p[PG + 1] == 'b',
	      "private: a written page no longer follows the file");

	pid_t c = fork();
	if (c == 0) {
		p[0] = 'C';
		_exit(p[0] == 'C' && p[PG] == 'Y' ? 0 : 1);
	}
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st),
	      "private: the child sees the parent's copy");
	CHECK(p[0] == 'a' && file_byte(fd, 0) == 'a',
	      "private: the child's store is its own");

	CHECK(madvise(p, 4 * PG, MADV_DONTNEED) == 0 && p[PG] == 'b' &&
	      p[PG + 1] == 'Z', "private: MADV_DONTNEED gives the file back");

	/* Parts of the mapping: protection, unmapping, replacing. */
	CHECK(mprotect(p + PG, PG, PROT_READ) == 0 && p[PG] == 'b',
	      "private: mprotect of one page keeps its bytes");
	CHECK(munmap(p + 2 * PG, PG) == 0 && p[3 * PG] == 'd',
	      "private: munmap of the third page leaves the fourth");
	char *q = mmap(p + 3 * PG, PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + 3 * PG && all(q, 0, PG) && p[0] == 'a',
	      "private: MAP_FIXED anonymous over the last page");
	q = mmap(p + 3 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
		 2 * PG);
	CHECK(q == p + 3 * PG && q[0] == 'X' && q[1] == 'c',
	      "private: MAP_FIXED of the file's third page there");
	/* mremap: shrink in place (over two mappings of different
	   protections), then move, with a page mapped right after it. */
	CHECK(mremap(p, 2 * PG, PG, 0) == p && p[0] == 'a',
	      "private: mremap shrinks in place");
	p[5] = 'W';
	CHECK(mremap(p, PG, 2 * PG, 0) == p && p[5] == 'W' &&
	      p[PG] == 'b' && p[PG + 1] == 'Z',
	      "private: mremap grows in place by the file's next page");
	CHECK(mremap(p, 2 * PG, PG, 0) == p, "private: and shrinks again");
	CHECK(mmap(p + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED, -1, 0) == p + PG, "private: a page after it");
	q = mremap(p, PG, 2 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q != p && q[0] == 'a' && q[5] == 'W' &&
	      q[PG] == 'b' && q[PG + 1] == 'Z',
	      "private: mremap moves it, its bytes and the file's next page");
	munmap(q, 2 * PG);
	munmap(p, 4 * PG);

	/* A private mapping may be written through a read-only descriptor;
	   a write-only one maps nothing. */
	int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	CHECK(p != MAP_FAILED && (p[0] = 'w') == 'w' && file_byte(fd, 0) == 'a',
	      "private: writable through a read-only descriptor");
	munmap(p, PG);
	errno = 0;
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED &&
	      errno == EACCES, "private: a write-only descriptor: EACCES");
	close(ro);
	close(wo);
	close(fd);
}

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* Touch p (a read, or a write): the signal it raises, or 0. */
static int touch(volatile char *p, int write)
{
	got_sig = 0;
	got_addr = NULL;
	if (sigsetjmp(jb, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
	}
	return got_sig;
}

static void shared_maps(const char *dir)
{
	char name[4096], buf[8];
	snprintf(name, sizeof name, "%s/shared", dir);
	int fd = make_file(name, 2);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	CHECK(p != MAP_FAILED && p[0] == 'a' && p[PG] == 'b',
	      "shared: mmap of 2 pages");
	memcpy(p + 10, "hello", 5);
	CHECK(pread(fd, buf, 5, 10) == 5 && !memcmp(buf, "hello", 5),
	      "shared: a store reaches read(2)");
	CHECK(pwrite(fd, "world", 5, PG + 20) == 5 &&
	      !memcmp(p + PG + 20, "world", 5),
	      "shared: write(2) reaches the mapping");
	CHECK(msync(p, 2 * PG, MS_SYNC) == 0, "shared: msync MS_SYNC");
	CHECK(msync(p, PG, MS_ASYNC | MS_INVALIDATE) == 0,
	      "shared: msync MS_ASYNC|MS_INVALIDATE");
	errno = 0;
	CHECK(msync(p + 1, PG, MS_SYNC) == -1 && errno == EINVAL,
	      "shared: msync of a misaligned address: EINVAL");
	errno = 0;
	CHECK(msync(p, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "shared: msync MS_SYNC|MS_ASYNC: EINVAL");

	pid_t c = fork();
	if (c == 0) {
		memcpy(p + 100, "child", 5);
		_exit(0);
	}
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
	      !memcmp(p + 100, "child", 5) &&
	      pread(fd, buf, 5, 100) == 5 && !memcmp(buf, "child", 5),
	      "shared: a forked child's store reaches the parent and file");

	/* Two mappings of one file see each other. */
	char *q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
	p[PG + 7] = '!';
	CHECK(q != MAP_FAILED && q[7] == '!', "shared: two views agree");
	munmap(q, PG);

	/* mprotect and munmap of part of it. */
	CHECK(mprotect(p, PG, PROT_READ) == 0 && p[10] == 'h',
	      "shared: mprotect read-only keeps the bytes");
	CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) == 0 &&
	      (p[11] = 'E') == 'E' && file_byte(fd, 11) == 'E',
	      "shared: writable again, and still shared");
	CHECK(munmap(p + PG, PG) == 0 && file_byte(fd, PG + 7) == '!',
	      "shared: munmap of a page keeps the file's bytes");
	errno = 0;
	CHECK(msync(p, 2 * PG, MS_SYNC) == -1 && errno == ENOMEM,
	      "shared: msync over an unmapped page: ENOMEM");
	munmap(p, PG);

	/* The descriptor's access mode limits a shared mapping. */
	int ro = open(name, O_RDONLY);
	errno = 0;
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) ==
	      MAP_FAILED && errno == EACCES,
	      "shared: writable through a read-only descriptor: EACCES");
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(p != MAP_FAILED && p[11] == 'E',
	      "shared: read-only through a read-only descriptor");
	errno = 0;
	CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
	      "shared: mprotect writable then: EACCES");
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &sa, NULL);
	CHECK(touch(p + 3, 1) == SIGSEGV && got_code == SEGV_ACCERR &&
	      p[3] == 'a', "shared: and a store there is still SIGSEGV "
	      "(got %d)", got_sig);
	signal(SIGSEGV, SIG_DFL);
	munmap(p, PG);
	close(ro);
	close(fd);
}

static void truncated(const char *dir, int shared)
{
	char name[4096];
	const char *kind = shared ? "shared" : "private";
	snprintf(name, sizeof name, "%s/trunc-%s", dir, kind);
	int fd = make_file(name, 3);
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		       shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO };

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	CHECK(p != MAP_FAILED && p[2 * PG] == 'c', "%s truncate: mapped", kind);
	/* Down to one and a half pages: the second page is partly the
	   file's, the third wholly past its end. */
	CHECK(ftruncate(fd, PG + PG / 2) == 0, "%s truncate: ftruncate", kind);
	CHECK(touch(p + 2 * PG + 5, 0) == SIGBUS && got_code == BUS_ADRERR &&
	      got_addr == p + 2 * PG + 5,
	      "%s truncate: a read past the end: SIGBUS BUS_ADRERR at the "
	      "address (got %d code %d)", kind, got_sig, got_code);
	CHECK(touch(p + 2 * PG + 9, 1) == SIGBUS && got_code == BUS_ADRERR &&
	      got_addr == p + 2 * PG + 9,
	      "%s truncate: a write past the end: SIGBUS (got %d)", kind,
	      got_sig);
	CHECK(touch(p + 2 * PG, 0) == SIGBUS,
	      "%s truncate: and again (got %d)", kind, got_sig);
	CHECK(touch(p + PG + 10, 0) == 0 && p[PG + 10] == 'b' &&
	      p[PG + PG / 2 + 1] == 0,
	      "%s truncate: the last page reads, zeros past the end", kind);
	/* The kernel reading there for a system call: EFAULT. */
	int pp[2];
	errno = 0;
	CHECK(pipe(pp) == 0 && write(pp[1], p + 2 * PG, 16) == -1 &&
	      errno == EFAULT, "%s truncate: write(2) to a pipe from past "
	      "the end: EFAULT", kind);
	close(pp[0]);
	close(pp[1]);
	/* Grown again, the page is the file's once more. */
	CHECK(ftruncate(fd, 3 * PG) == 0 && touch(p + 2 * PG, 0) == 0 &&
	      p[2 * PG] == 0, "%s truncate: grown back, zeros", kind);
	/* A call whose argument vxlinux itself copies out there: Linux
	   says EFAULT; vxlinux (doc/vxlinux.md) writes into a page of
	   zeros that then stands for it.  Either way the process goes
	   on. */
	struct timespec ts;
	errno = 0;
	CHECK(ftruncate(fd, PG) == 0 &&
	      (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p + 2 * PG) == 0 ||
	       errno == EFAULT) && clock_gettime(CLOCK_MONOTONIC, &ts) == 0,
	      "%s truncate: clock_gettime (the system call) into it, and "
	      "on", kind);
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	munmap(p, 3 * PG);
	close(fd);
}

/* The line of /proc/self/maps that holds address a, into line. */
static int maps_line(const void *a, char *line, size_t n)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi;
	int found = 0;

	while (f && fgets(line, (int)n, f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    (unsigned long)a >= lo && (unsigned long)a < hi) {
			found = 1;
			break;
		}
	if (f)
		fclose(f);
	line[found ? strcspn(line, "\n") : 0] = 0;
	return found;
}

/* The line's offset, device, inode and name as Linux prints them. */
static int maps_says(const void *a, unsigned long long off,
		     const struct stat *st, const char *name)
{
	char line[8192], want[8192];

	if (!maps_line(a, line, sizeof line))
		return 0;
	const char *rest = strchr(line, ' ');
	rest = rest ? strchr(rest + 1, ' ') : NULL;
	if (!rest)
		return 0;
	snprintf(want, sizeof want, "%08llx %02x:%02x %llu", off,
		 major(st->st_dev), minor(st->st_dev),
		 (unsigned long long)st->st_ino);
	if (strncmp(rest + 1, want, strlen(want)))
		return 0;
	const char *nm = rest + 1 + strlen(want);
	while (*nm == ' ')
		nm++;
	return !strcmp(nm, name);
}

static void proc_maps(const char *dir)
{
	char name[4096], real[4096];
	struct stat st;
	snprintf(name, sizeof name, "%s/named", dir);
	int fd = make_file(name, 4);

	fstat(fd, &st);
	if (!realpath(name, real))
		snprintf(real, sizeof real, "%s", name);
	char *p = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(p != MAP_FAILED && maps_says(p, PG, &st, real),
	      "maps: offset, device, inode and path of a file mapping");
	char line[8192];
	CHECK(mprotect(p + PG, PG, PROT_READ | PROT_EXEC) == 0 &&
	      maps_says(p + PG, 2 * PG, &st, real) &&
	      maps_line(p + PG, line, sizeof line) && strstr(line, " r-xp ") &&
	      mprotect(p + PG, PG, PROT_READ) == 0,
	      "maps: an executable page in it, at its own offset");
	CHECK(munmap(p, PG) == 0 && maps_says(p + PG, 2 * PG, &st, real),
	      "maps: after munmap of its first page, the offset moves on");
	CHECK(mprotect(p + 2 * PG, PG, PROT_READ | PROT_WRITE) == 0 &&
	      maps_says(p + 2 * PG, 3 * PG, &st, real) &&
	      maps_says(p + PG, 2 * PG, &st, real),
	      "maps: a split by mprotect keeps both offsets");
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED && maps_says(s, 0, &st, real) &&
	      maps_line(s, line, sizeof line) && strstr(line, " rw-s "),
	      "maps: a shared mapping is rw-s");
	munmap(s, PG);
	munmap(p, 3 * PG);
	close(fd);
}

/*
 * Hostile: a private file mapping grown by mremap after its file was
 * deleted and something else put where the host's own maps name it
 * ("PATH (deleted)"): another file, a symlink to it, a FIFO.  Linux
 * maps the original file's next page; vxlinux, which finds the file
 * again by the path the host names for it, must never map what that
 * path names now: the original's next page or zeros, and no hang on the
 * FIFO.
 */
static void swapped(const char *dir)
{
	static const char *const how[] = { "file", "symlink", "fifo" };
	char other[4096], name[4096], decoy[4200];

	snprintf(other, sizeof other, "%s/fmap-other", dir);
	snprintf(name, sizeof name, "%s/fmap-swap", dir);
	snprintf(decoy, sizeof decoy, "%s (deleted)", name);
	for (int k = 0; k < 3; k++) {
		int fd = make_file(name, 2);
		int ofd = make_file(other, 2);	/* path is now other */
		char buf[PG];
		memset(buf, 'S', PG);
		pwrite(ofd, buf, PG, 0);
		pwrite(ofd, buf, PG, PG);
		close(ofd);
		char *r = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE |
			       MAP_ANONYMOUS, -1, 0);
		char *p = mmap(r, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
		munmap(r + PG, PG);
		unlink(name);
		if (k == 0)
			rename(other, decoy);
		else if (k == 1)
			symlink(other, decoy);
		else
			mkfifo(decoy, 0600);
		alarm(20);
		char *q = mremap(p, PG, 2 * PG, 0);
		alarm(0);
		CHECK(q == p && p[0] == 'a' && (p[PG] == 'b' || p[PG] == 0) &&
		      p[PG + 1] != 'S', "swapped %s: mremap grows by the "
		      "original's next page or zeros (got '%c'), never what "
		      "the path names now", how[k],
		      q == p ? p[PG] ? p[PG] : '0' : '?');
		munmap(p, 2 * PG);
		close(fd);
		unlink(decoy);
		unlink(other);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fmap DIR\n");
		return 2;
	}
	private_maps(argv[1]);
	shared_maps(argv[1]);
	truncated(argv[1], 0);
	truncated(argv[1], 1);
	proc_maps(argv[1]);
	swapped(argv[1]);
	printf("%d failures\n", failures);
	return failures != 0;
}
