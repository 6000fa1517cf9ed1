/*
 * ptrargs.c - every pointer argument of every system call vxlinux serves,
 * given hostile values with raw int $0x80 (no libc check first):
 *
 *   gone   a page that was never mapped (below the kernel half)
 *   hole   a mapped page without access (PROT_NONE)
 *   ro     a read-only page, for pointers the kernel writes through
 *   tail   a string that runs into the PROT_NONE page unterminated
 *   wrap   0xfffffffe: an object that would cross 4 GiB
 *   kern   0xc0000000: the kernel half of an i386 address space
 *
 * Each must give Linux's answer (EFAULT, unless a case says otherwise) and
 * never crash vxlinux.  The same program runs natively where the machine
 * runs i386 programs (test/suite-linux.sh, linux/ptrargs-native): there
 * the kernel itself checks the expectations written here.  vxlinux
 * emulates a 3G/1G split where a 64-bit kernel gives an i386 process
 * nearly 4 GiB; the values above are unmapped in both.
 *
 * A pointer stored inside a structure (iovec bases, msghdr fields, the
 * select sigmask pair) is tested through that structure: "*slot" below.
 *
 * Every call in vxlinux's table (vxlinux/syscall.c) is either named
 * here as SYS_name or in one of these lists (linux/ptrargs-coverage
 * checks that, so a new call must be sorted in):
 *
 * no pointer argument: exit fork close lseek getpid getuid alarm pause
 *   sync kill dup getgid geteuid getegid setpgid umask dup2 getppid
 *   getpgrp setsid ftruncate fchmod fsync getpgid fchdir personality
 *   flock getsid fdatasync sched_yield vfork ftruncate64 getuid32
 *   getgid32 geteuid32 getegid32 fchown32 gettid tkill exit_group tgkill
 *   fadvise64_64 dup3 socket listen shutdown getpriority setpriority
 *   setreuid32 setregid32 setresuid32 setresgid32 setuid32 setgid32
 *   sigsuspend sched_get_priority_max sched_get_priority_min
 *   sched_getscheduler timer_getoverrun timer_delete semget shmget msgget
 *   epoll_create epoll_create1 close_range eventfd eventfd2 fallocate
 *   timerfd_create inotify_init inotify_init1 inotify_rm_watch
 * address ranges, never dereferenced (hostile.c: page 0, the kernel
 *   half, the 4 GiB wrap; a 64-bit kernel answers those differently):
 *   brk munmap mprotect msync mremap mmap2 madvise shmat shmdt
 *
 * usage: ptrargs DIR     (DIR: an empty scratch directory)
 * Prints "ok"/"FAIL" per case and "N failures"; exits with N (max 255).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <linux/net.h>
#include "rawcall.h"

static int failures, cases;

/* What a pointer argument is to the kernel. */
enum kind {
	IN,		/* read: a read-only page is fine */
	OUT,		/* written (or read and written) */
	STR,		/* a NUL-terminated string */
};

/* What to prepare before each call. */
enum setup {
	S_NONE,
	S_FILE,		/* the scratch file's offset back to 0 */
	S_DIR,		/* the directory descriptor's offset back to 0 */
	S_CHILD,	/* a child that has exited, to wait for */
	S_SOCKDATA,	/* bytes waiting on sv[1] */
	S_ACCEPT,	/* a connection waiting on the listener */
	S_DGRAM,	/* a datagram from a named socket waiting on drcv */
	S_RIGHTS,	/* bytes and a descriptor (SCM_RIGHTS) on sv[1] */
	S_SIGUSR2,	/* SIGUSR2 pending (and blocked) */
	S_MSG,		/* a message on the System V queue msgq */
};

/* Expected results other than EFAULT. */
#define OK	1000		/* any result >= 0 */

static long gone, hole, ro, tail;
static int ffd, dfd, pr, pw, ptm, lsn, sv[2], drcv, dsnd, msgq;
static char dir[256], path_file[300], path_new[300], path_link[300],
	    path_lsock[300], path_drcv[300], self[300];
static uint32_t *slot;		/* where the pointer goes when arg is -1 */
/* Per-value answers for the next case, where Linux gives another
   errno for one value (indexed like vname[] in ptr()). */
enum { V_GONE, V_HOLE, V_RO, V_TAIL, V_WRAP, V_KERN };
static int vwant[6];

/* Fresh scratch names for calls that would create something. */
static void fresh(void)
{
	unlink(path_new);
	rmdir(path_new);
}

static void prepare(enum setup s)
{
	fresh();
	switch (s) {
	case S_NONE:
		break;
	case S_FILE:
		lseek(ffd, 0, SEEK_SET);
		break;
	case S_DIR:
		lseek(dfd, 0, SEEK_SET);
		break;
	case S_CHILD:
		if (fork() == 0)
			_exit(0);
		usleep(2000);	/* (waiting calls find it a zombie or not) */
		break;
	case S_SOCKDATA: {
		int n = 0;
		ioctl(sv[1], FIONREAD, &n);
		if (n < 16)
			write(sv[0], "0123456789abcdef", 16);
		break;
	}
	case S_DGRAM: {
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		strcpy(a.sun_path, path_drcv);
		sendto(dsnd, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a);
		break;
	}
	case S_RIGHTS: {
		union { struct cmsghdr h; char b[CMSG_SPACE(4)]; } c;
		struct iovec v = { "0123", 4 };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = c.b,
				    .msg_controllen = sizeof c.b };
		c.h.cmsg_len = CMSG_LEN(4);
		c.h.cmsg_level = SOL_SOCKET;
		c.h.cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(&c.h), &pr, 4);
		char junk[64];
		while (read(sv[1], junk, sizeof junk) > 0)
			;
		sendmsg(sv[0], &m, 0);
		break;
	}
	case S_SIGUSR2:
		kill(getpid(), SIGUSR2);
		break;
	case S_MSG: {
		struct { int32_t type; char text[4]; } m = { 1, "abc" };
		struct msqid_ds ds;
		if (msgctl(msgq, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0)
			msgsnd(msgq, &m, 4, IPC_NOWAIT);
		break;
	}
	case S_ACCEPT: {
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		strcpy(a.sun_path, path_lsock);
		connect(c, (struct sockaddr *)&a, sizeof a);
		close(c);
		break;
	}
	}
}

static const char *errname(long r)
{
	static char buf[32];

	if (r >= 0) {
		snprintf(buf, sizeof buf, "%ld", r);
		return buf;
	}
	return strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?";
}

/*
 * One pointer argument: the call nr(a0..a5) with argument arg (or *slot
 * when arg is -1) replaced by each hostile value its kind admits.  want:
 * the errno (positive), or OK.
 */
static void ptr(const char *name, int nr, int arg, enum kind k,
		enum setup s, int want, long a0, long a1, long a2, long a3,
		long a4, long a5)
{
	static const char *vname[] = { "gone", "hole", "ro", "tail", "wrap",
				       "kern" };
	long vals[] = { gone, hole, ro, tail, (long)0xfffffffe,
			(long)0xc0000000 };

	for (int v = 0; v < 6; v++) {
		long a[6] = { a0, a1, a2, a3, a4, a5 }, r;

		if ((v == 2 && k != OUT) || (v == 3 && k != STR))
			continue;
		if (arg >= 0)
			a[arg] = vals[v];
		else
			*slot = (uint32_t)vals[v];
		prepare(s);
		r = sys6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (r == 0 && nr == SYS_clone)
			_exit(0);	/* the child of a clone case */
		cases++;
		int w = vwant[v] ? vwant[v] : want;
		if (w == OK ? r >= 0 : r == -w) {
			printf("ok   %s %s: %s\n", name, vname[v], errname(r));
		} else {
			printf("FAIL %s %s: got %s, want %s\n", name, vname[v],
			       errname(r), w == OK ? ">= 0" :
			       strerrorname_np(w));
			failures++;
		}
	}
	memset(vwant, 0, sizeof vwant);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

#define P(name, nr, arg, k, s, a0, a1, a2, a3, a4, a5) \
	ptr(name, nr, arg, k, s, EFAULT, a0, a1, a2, a3, a4, a5)
#define PW(name, nr, arg, k, s, want, a0, a1, a2, a3, a4, a5) \
	ptr(name, nr, arg, k, s, want, a0, a1, a2, a3, a4, a5)

static void setup_memory(void)
{
	ro = (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(two, 'a', 4096);
	mprotect(two + 4096, 4096, PROT_NONE);
	hole = (long)(two + 4096);
	tail = hole - 16;
	char *three = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(three + 4096, 4096);
	gone = (long)(three + 4096);
}

static void setup_files(void)
{
	char buf[4096];
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int n;

	snprintf(path_file, sizeof path_file, "%s/file", dir);
	snprintf(path_new, sizeof path_new, "%s/new", dir);
	snprintf(path_link, sizeof path_link, "%s/link", dir);
	snprintf(path_lsock, sizeof path_lsock, "%s/lsock", dir);
	ffd = open(path_file, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'f', sizeof buf);
	write(ffd, buf, sizeof buf);
	symlink("file", path_link);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	int p[2];
	pipe(p);
	pr = p[0];
	pw = p[1];
	write(pw, "data", 4);
	ptm = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	if (ptm < 0)
		printf("FAIL /dev/ptmx cannot be opened (%m): no tty cases\n"),
			failures++;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	lsn = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(a.sun_path, path_lsock);
	unlink(path_lsock);
	bind(lsn, (struct sockaddr *)&a, sizeof a);
	listen(lsn, 64);
	snprintf(path_drcv, sizeof path_drcv, "%s/drcv", dir);
	drcv = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	strcpy(a.sun_path, path_drcv);
	unlink(path_drcv);
	bind(drcv, (struct sockaddr *)&a, sizeof a);
	dsnd = socket(AF_UNIX, SOCK_DGRAM, 0);
	snprintf(a.sun_path, sizeof a.sun_path, "%.90s/dsnd", dir);
	unlink(a.sun_path);
	bind(dsnd, (struct sockaddr *)&a, sizeof a);
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
}

static void paths(void)
{
	long f = (long)path_file, nw = (long)path_new, l = (long)path_link;
	char st[256];
	long b = (long)st, cwd = -100;	/* AT_FDCWD */
	static char *argv[] = { "x", NULL };

	P("open", SYS_open, 0, STR, S_NONE, 0, O_RDONLY, 0, 0, 0, 0);
	P("creat", SYS_creat, 0, STR, S_NONE, 0, 0644, 0, 0, 0, 0);
	P("link old", SYS_link, 0, STR, S_NONE, 0, nw, 0, 0, 0, 0);
	P("link new", SYS_link, 1, STR, S_NONE, f, 0, 0, 0, 0, 0);
	P("unlink", SYS_unlink, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("execve path", SYS_execve, 0, STR, S_NONE, 0, (long)argv, 0, 0, 0, 0);
	P("execve argv", SYS_execve, 1, IN, S_NONE, (long)self, 0, 0, 0, 0, 0);
	P("execve envp", SYS_execve, 2, IN, S_NONE, (long)self, (long)argv, 0,
	  0, 0, 0);
	P("chdir", SYS_chdir, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("mknod", SYS_mknod, 0, STR, S_NONE, 0, S_IFIFO | 0600, 0, 0, 0, 0);
	P("chmod", SYS_chmod, 0, STR, S_NONE, 0, 0644, 0, 0, 0, 0);
	P("utime path", SYS_utime, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("utime times", SYS_utime, 1, IN, S_NONE, f, 0, 0, 0, 0, 0);
	P("access", SYS_access, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	int ino = inotify_init1(0);
	P("inotify_add_watch", SYS_inotify_add_watch, 1, STR, S_NONE, ino, 0,
	  IN_CREATE, 0, 0, 0);
	close(ino);
	P("rename old", SYS_rename, 0, STR, S_NONE, 0, nw, 0, 0, 0, 0);
	P("rename new", SYS_rename, 1, STR, S_NONE, f, 0, 0, 0, 0, 0);
	P("mkdir", SYS_mkdir, 0, STR, S_NONE, 0, 0755, 0, 0, 0, 0);
	P("rmdir", SYS_rmdir, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("symlink target", SYS_symlink, 0, STR, S_NONE, 0, nw, 0, 0, 0, 0);
	P("symlink name", SYS_symlink, 1, STR, S_NONE, (long)"x", 0, 0, 0, 0, 0);
	P("readlink path", SYS_readlink, 0, STR, S_NONE, 0, b, 64, 0, 0, 0);
	P("readlink buf", SYS_readlink, 1, OUT, S_NONE, l, 0, 64, 0, 0, 0);
	P("truncate", SYS_truncate, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("truncate64", SYS_truncate64, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("statfs path", SYS_statfs, 0, STR, S_NONE, 0, b, 0, 0, 0, 0);
	P("statfs buf", SYS_statfs, 1, OUT, S_NONE, f, 0, 0, 0, 0, 0);
	P("statfs64 path", SYS_statfs64, 0, STR, S_NONE, 0, 84, b, 0, 0, 0);
	P("statfs64 buf", SYS_statfs64, 2, OUT, S_NONE, f, 84, 0, 0, 0, 0);
	P("stat path", SYS_stat, 0, STR, S_NONE, 0, b, 0, 0, 0, 0);
	P("stat buf", SYS_stat, 1, OUT, S_NONE, f, 0, 0, 0, 0, 0);
	P("lstat path", SYS_lstat, 0, STR, S_NONE, 0, b, 0, 0, 0, 0);
	P("lstat buf", SYS_lstat, 1, OUT, S_NONE, l, 0, 0, 0, 0, 0);
	P("stat64 path", SYS_stat64, 0, STR, S_NONE, 0, b, 0, 0, 0, 0);
	P("stat64 buf", SYS_stat64, 1, OUT, S_NONE, f, 0, 0, 0, 0, 0);
	P("lstat64 path", SYS_lstat64, 0, STR, S_NONE, 0, b, 0, 0, 0, 0);
	P("lstat64 buf", SYS_lstat64, 1, OUT, S_NONE, l, 0, 0, 0, 0, 0);
	P("fstat buf", SYS_fstat, 1, OUT, S_NONE, ffd, 0, 0, 0, 0, 0);
	P("fstat64 buf", SYS_fstat64, 1, OUT, S_NONE, ffd, 0, 0, 0, 0, 0);
	P("fstatfs buf", SYS_fstatfs, 1, OUT, S_NONE, ffd, 0, 0, 0, 0, 0);
	P("fstatfs64 buf", SYS_fstatfs64, 2, OUT, S_NONE, ffd, 84, 0, 0, 0, 0);
	/* Extended attributes: the path, then the name, are read before
	   the file system is asked. */
	long xn = (long)"user.vx32";
	P("setxattr path", SYS_setxattr, 0, STR, S_NONE, 0, xn, b, 1, 0, 0);
	P("lsetxattr path", SYS_lsetxattr, 0, STR, S_NONE, 0, xn, b, 1, 0, 0);
	P("getxattr path", SYS_getxattr, 0, STR, S_NONE, 0, xn, b, 64, 0, 0);
	P("lgetxattr path", SYS_lgetxattr, 0, STR, S_NONE, 0, xn, b, 64, 0, 0);
	P("listxattr path", SYS_listxattr, 0, STR, S_NONE, 0, b, 64, 0, 0, 0);
	P("llistxattr path", SYS_llistxattr, 0, STR, S_NONE, 0, b, 64, 0, 0, 0);
	P("removexattr path", SYS_removexattr, 0, STR, S_NONE, 0, xn, 0, 0, 0, 0);
	P("lremovexattr path", SYS_lremovexattr, 0, STR, S_NONE, 0, xn, 0, 0, 0, 0);
	P("getxattr name", SYS_getxattr, 1, STR, S_NONE, f, 0, b, 64, 0, 0);
	P("lgetxattr name", SYS_lgetxattr, 1, STR, S_NONE, f, 0, b, 64, 0, 0);
	P("fgetxattr name", SYS_fgetxattr, 1, STR, S_NONE, ffd, 0, b, 64, 0, 0);
	P("setxattr name", SYS_setxattr, 1, STR, S_NONE, f, 0, b, 1, 0, 0);
	P("lsetxattr name", SYS_lsetxattr, 1, STR, S_NONE, f, 0, b, 1, 0, 0);
	P("fsetxattr name", SYS_fsetxattr, 1, STR, S_NONE, ffd, 0, b, 1, 0, 0);
	P("removexattr name", SYS_removexattr, 1, STR, S_NONE, f, 0, 0, 0, 0, 0);
	P("lremovexattr name", SYS_lremovexattr, 1, STR, S_NONE, f, 0, 0, 0, 0, 0);
	P("fremovexattr name", SYS_fremovexattr, 1, STR, S_NONE, ffd, 0, 0, 0, 0, 0);
	/* (no attribute: an empty list, nothing written) */
	PW("flistxattr list", SYS_flistxattr, 1, OUT, S_NONE, OK, ffd, 0, 64, 0, 0, 0);
	P("lchown32", SYS_lchown32, 0, STR, S_NONE, 0, -1, -1, 0, 0, 0);
	P("chown32", SYS_chown32, 0, STR, S_NONE, 0, -1, -1, 0, 0, 0);
	P("getcwd", SYS_getcwd, 0, OUT, S_NONE, 0, 4096, 0, 0, 0, 0);

	P("openat", SYS_openat, 1, STR, S_NONE, cwd, 0, 0, 0, 0, 0);
	P("mkdirat", SYS_mkdirat, 1, STR, S_NONE, cwd, 0, 0755, 0, 0, 0);
	P("mknodat", SYS_mknodat, 1, STR, S_NONE, cwd, 0, S_IFIFO | 0600, 0,
	  0, 0);
	P("fchownat", SYS_fchownat, 1, STR, S_NONE, cwd, 0, -1, -1, 0, 0);
	P("fstatat64 path", SYS_fstatat64, 1, STR, S_NONE, cwd, 0, b, 0, 0, 0);
	P("fstatat64 buf", SYS_fstatat64, 2, OUT, S_NONE, cwd, f, 0, 0, 0, 0);
	P("unlinkat", SYS_unlinkat, 1, STR, S_NONE, cwd, 0, 0, 0, 0, 0);
	P("renameat old", SYS_renameat, 1, STR, S_NONE, cwd, 0, cwd, nw, 0, 0);
	P("renameat new", SYS_renameat, 3, STR, S_NONE, cwd, f, cwd, 0, 0, 0);
	P("renameat2 old", SYS_renameat2, 1, STR, S_NONE, cwd, 0, cwd, nw, 0, 0);
	P("renameat2 new", SYS_renameat2, 3, STR, S_NONE, cwd, f, cwd, 0, 0, 0);
	P("linkat old", SYS_linkat, 1, STR, S_NONE, cwd, 0, cwd, nw, 0, 0);
	P("linkat new", SYS_linkat, 3, STR, S_NONE, cwd, f, cwd, 0, 0, 0);
	P("symlinkat target", SYS_symlinkat, 0, STR, S_NONE, 0, cwd, nw, 0, 0, 0);
	P("symlinkat name", SYS_symlinkat, 2, STR, S_NONE, (long)"x", cwd, 0, 0,
	  0, 0);
	P("readlinkat path", SYS_readlinkat, 1, STR, S_NONE, cwd, 0, b, 64, 0, 0);
	P("readlinkat buf", SYS_readlinkat, 2, OUT, S_NONE, cwd, l, 0, 64, 0, 0);
	P("fchmodat", SYS_fchmodat, 1, STR, S_NONE, cwd, 0, 0644, 0, 0, 0);
	P("faccessat", SYS_faccessat, 1, STR, S_NONE, cwd, 0, 0, 0, 0, 0);
	P("faccessat2", SYS_faccessat2, 1, STR, S_NONE, cwd, 0, 0, 0, 0, 0);
	P("statx path", SYS_statx, 1, STR, S_NONE, cwd, 0, 0, 0x7ff, b, 0);
	P("statx buf", SYS_statx, 4, OUT, S_NONE, cwd, f, 0, 0x7ff, 0, 0);
	P("utimensat path", SYS_utimensat, 1, STR, S_NONE, cwd, 0, 0, 0, 0, 0);
	P("utimensat times", SYS_utimensat, 2, IN, S_NONE, cwd, f, 0, 0, 0, 0);
	P("utimensat_time64 path", SYS_utimensat_time64, 1, STR, S_NONE, cwd, 0,
	  0, 0, 0, 0);
	P("utimensat_time64 times", SYS_utimensat_time64, 2, IN, S_NONE, cwd, f,
	  0, 0, 0, 0);
	P("utimes path", SYS_utimes, 0, STR, S_NONE, 0, 0, 0, 0, 0, 0);
	P("utimes times", SYS_utimes, 1, IN, S_NONE, f, 0, 0, 0, 0, 0);
}

static void io(void)
{
	char buf[256];
	long b = (long)buf;
	uint32_t iov[2] = { (uint32_t)b, 16 };
	static struct { uint32_t s, ns; } zts;
	static uint64_t z64[2];
	long zero = (long)&zts;

	P("read", SYS_read, 1, OUT, S_FILE, ffd, 0, 16, 0, 0, 0);
	P("write", SYS_write, 1, IN, S_FILE, ffd, 0, 16, 0, 0, 0);
	P("pread64", SYS_pread64, 1, OUT, S_NONE, ffd, 0, 16, 0, 0, 0);
	P("pwrite64", SYS_pwrite64, 1, IN, S_NONE, ffd, 0, 16, 0, 0, 0);
	P("readv iov", SYS_readv, 1, IN, S_FILE, ffd, 0, 1, 0, 0, 0);
	P("writev iov", SYS_writev, 1, IN, S_FILE, ffd, 0, 1, 0, 0, 0);
	P("preadv iov", SYS_preadv, 1, IN, S_FILE, ffd, 0, 1, 0, 0, 0);
	P("pwritev iov", SYS_pwritev, 1, IN, S_FILE, ffd, 0, 1, 0, 0, 0);
	slot = &iov[0];
	P("readv *iov_base", SYS_readv, -1, OUT, S_FILE, ffd, (long)iov, 1, 0,
	  0, 0);
	P("writev *iov_base", SYS_writev, -1, IN, S_FILE, ffd, (long)iov, 1, 0,
	  0, 0);
	iov[0] = (uint32_t)b;
	P("_llseek result", SYS__llseek, 3, OUT, S_NONE, ffd, 0, 0, 0, SEEK_SET, 0);
	P("getdents", SYS_getdents, 1, OUT, S_DIR, dfd, 0, 4096, 0, 0, 0);
	P("getdents64", SYS_getdents64, 1, OUT, S_DIR, dfd, 0, 4096, 0, 0, 0);
	P("pipe", SYS_pipe, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("pipe2", SYS_pipe2, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("ioctl FIONREAD", SYS_ioctl, 2, OUT, S_NONE, pr, FIONREAD, 0, 0, 0, 0);
	P("ioctl FIONBIO", SYS_ioctl, 2, IN, S_NONE, pr, FIONBIO, 0, 0, 0, 0);
	P("ioctl FIOASYNC", SYS_ioctl, 2, IN, S_NONE, pr, FIOASYNC, 0, 0, 0, 0);
	if (ptm >= 0) {
		P("ioctl TCGETS", SYS_ioctl, 2, OUT, S_NONE, ptm, TCGETS, 0, 0, 0, 0);
		P("ioctl TCSETS", SYS_ioctl, 2, IN, S_NONE, ptm, TCSETS, 0, 0, 0, 0);
		P("ioctl TCSETSW", SYS_ioctl, 2, IN, S_NONE, ptm, TCSETSW, 0, 0, 0, 0);
		P("ioctl TCSETSF", SYS_ioctl, 2, IN, S_NONE, ptm, TCSETSF, 0, 0, 0, 0);
		P("ioctl TIOCGWINSZ", SYS_ioctl, 2, OUT, S_NONE, ptm, TIOCGWINSZ, 0,
		  0, 0, 0);
		P("ioctl TIOCSWINSZ", SYS_ioctl, 2, IN, S_NONE, ptm, TIOCSWINSZ, 0,
		  0, 0, 0);
		P("ioctl TIOCOUTQ", SYS_ioctl, 2, OUT, S_NONE, ptm, TIOCOUTQ, 0, 0,
		  0, 0);
		P("ioctl TIOCGPTN", SYS_ioctl, 2, OUT, S_NONE, ptm, TIOCGPTN, 0, 0,
		  0, 0);
		P("ioctl TIOCSPTLCK", SYS_ioctl, 2, IN, S_NONE, ptm, TIOCSPTLCK, 0,
		  0, 0, 0);
		P("ioctl TIOCGPGRP", SYS_ioctl, 2, OUT, S_NONE, ptm, TIOCGPGRP, 0,
		  0, 0, 0);
		P("ioctl TIOCSPGRP", SYS_ioctl, 2, IN, S_NONE, ptm, TIOCSPGRP, 0,
		  0, 0, 0);
		/* (not TIOCGSID: without a controlling terminal Linux says
		   ENOTTY before it looks at the pointer, vxlinux EFAULT) */
	}
	P("fcntl F_GETLK", SYS_fcntl, 2, OUT, S_NONE, ffd, F_GETLK, 0, 0, 0, 0);
	P("fcntl F_SETLK", SYS_fcntl, 2, IN, S_NONE, ffd, F_SETLK, 0, 0, 0, 0);
	P("fcntl64 F_GETLK64", SYS_fcntl64, 2, OUT, S_NONE, ffd, F_GETLK64, 0,
	  0, 0, 0);
	P("fcntl64 F_SETLK64", SYS_fcntl64, 2, IN, S_NONE, ffd, F_SETLK64, 0,
	  0, 0, 0);
	P("fcntl64 F_OFD_GETLK", SYS_fcntl64, 2, OUT, S_NONE, ffd, F_OFD_GETLK,
	  0, 0, 0, 0);
	P("sendfile offset", SYS_sendfile, 2, OUT, S_NONE, pw, ffd, 0, 4, 0, 0);
	P("sendfile64 offset", SYS_sendfile64, 2, OUT, S_NONE, pw, ffd, 0, 4, 0, 0);

	/* poll/select: pr is readable (it holds "data") */
	uint32_t pfd[2] = { (uint32_t)pr, 1 /* POLLIN */ };
	P("poll fds", SYS_poll, 0, OUT, S_NONE, 0, 1, 0, 0, 0, 0);
	P("ppoll fds", SYS_ppoll, 0, OUT, S_NONE, 0, 1, zero, 0, 8, 0);
	P("ppoll timeout", SYS_ppoll, 2, IN, S_NONE, (long)pfd, 1, 0, 0, 8, 0);
	P("ppoll sigmask", SYS_ppoll, 3, IN, S_NONE, (long)pfd, 1, zero, 0, 8, 0);
	P("ppoll_time64 fds", SYS_ppoll_time64, 0, OUT, S_NONE, 0, 1, (long)z64,
	  0, 8, 0);
	P("ppoll_time64 sigmask", SYS_ppoll_time64, 3, IN, S_NONE, (long)pfd, 1,
	  (long)z64, 0, 8, 0);
	P("ppoll_time64 timeout", SYS_ppoll_time64, 2, IN, S_NONE, (long)pfd, 1,
	  0, 0, 8, 0);
	/* epoll: ep reports pr readable, so a wait writes one event */
	int ep = epoll_create1(0);
	uint32_t ev[3] = { 1 /* EPOLLIN */, 7, 0 };
	syscall(SYS_epoll_ctl, ep, 1 /* ADD */, pr, ev);
	P("epoll_ctl event", SYS_epoll_ctl, 3, IN, S_NONE, ep, 1, pr, 0, 0, 0);
	P("epoll_wait events", SYS_epoll_wait, 1, OUT, S_NONE, ep, 0, 1, 0, 0,
	  0);
	P("epoll_pwait events", SYS_epoll_pwait, 1, OUT, S_NONE, ep, 0, 1, 0, 0,
	  8);
	P("epoll_pwait sigmask", SYS_epoll_pwait, 4, IN, S_NONE, ep,
	  (long)ev, 1, 0, 0, 8);
	close(ep);
	uint32_t set[32];
	memset(set, 0, sizeof set);
	set[0] = 1u << pr;
	int n = pr + 1;
	for (int i = 1; i <= 3; i++) {
		char nm[40];
		snprintf(nm, sizeof nm, "_newselect set %d", i);
		P(nm, SYS__newselect, i, OUT, S_NONE, n, (long)set, 0, 0, zero, 0);
		snprintf(nm, sizeof nm, "pselect6 set %d", i);
		P(nm, SYS_pselect6, i, OUT, S_NONE, n, (long)set, 0, 0, zero, 0);
		snprintf(nm, sizeof nm, "pselect6_time64 set %d", i);
		P(nm, SYS_pselect6_time64, i, OUT, S_NONE, n, (long)set, 0, 0,
		  (long)z64, 0);
	}
	P("_newselect timeout", SYS__newselect, 4, IN, S_NONE, n, (long)set, 0,
	  0, 0, 0);
	P("pselect6 timeout", SYS_pselect6, 4, IN, S_NONE, n, (long)set, 0, 0,
	  0, 0);
	P("pselect6_time64 timeout", SYS_pselect6_time64, 4, IN, S_NONE, n,
	  (long)set, 0, 0, 0, 0);
	uint64_t mask = 0;
	uint32_t sig[2] = { (uint32_t)(uintptr_t)&mask, 8 };
	P("pselect6 sigmask pair", SYS_pselect6, 5, IN, S_NONE, n, (long)set, 0,
	  0, zero, 0);
	slot = &sig[0];
	P("pselect6 *sigmask", SYS_pselect6, -1, IN, S_NONE, n, (long)set, 0, 0,
	  zero, (long)sig);
	sig[0] = (uint32_t)(uintptr_t)&mask;
}

static void timefn(void)
{
	static const struct { int32_t s, ns; } zero, itv[2];
	static const struct { int64_t s, ns; } zero64;
	static int32_t tv[2];
	long z = (long)&zero, z64 = (long)&zero64;

	P("time", SYS_time, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("times", SYS_times, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("gettimeofday tv", SYS_gettimeofday, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("gettimeofday tz", SYS_gettimeofday, 1, OUT, S_NONE, (long)tv, 0, 0, 0,
	  0, 0);
	P("nanosleep req", SYS_nanosleep, 0, IN, S_NONE, 0, 0, 0, 0, 0, 0);
	/* rem is written only when a signal interrupts the sleep */
	PW("nanosleep rem", SYS_nanosleep, 1, OUT, S_NONE, OK, z, 0, 0, 0, 0, 0);
	P("clock_gettime", SYS_clock_gettime, 1, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("clock_gettime64", SYS_clock_gettime64, 1, OUT, S_NONE, 0, 0, 0, 0,
	  0, 0);
	P("clock_getres", SYS_clock_getres, 1, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("clock_getres_time64", SYS_clock_getres_time64, 1, OUT, S_NONE, 0, 0,
	  0, 0, 0, 0);
	P("clock_nanosleep req", SYS_clock_nanosleep, 2, IN, S_NONE, 0, 0, 0, 0,
	  0, 0);
	PW("clock_nanosleep rem", SYS_clock_nanosleep, 3, OUT, S_NONE, OK, 0, 0,
	   z, 0, 0, 0);
	P("clock_nanosleep_time64 req", SYS_clock_nanosleep_time64, 2, IN,
	  S_NONE, 0, 0, 0, 0, 0, 0);
	PW("clock_nanosleep_time64 rem", SYS_clock_nanosleep_time64, 3, OUT,
	   S_NONE, OK, 0, 0, z64, 0, 0, 0);
	P("getitimer", SYS_getitimer, 1, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("setitimer new", SYS_setitimer, 1, IN, S_NONE, 0, 0, 0, 0, 0, 0);
	P("setitimer old", SYS_setitimer, 2, OUT, S_NONE, 0, (long)itv, 0, 0, 0,
	  0);
}

static void process(void)
{
	char buf[64];
	long b = (long)buf;
	uint32_t u;
	long up = (long)&u;
	int ngroups = getgroups(0, NULL);

	P("getrusage", SYS_getrusage, 1, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("sysinfo", SYS_sysinfo, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("uname", SYS_uname, 0, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
	P("getrlimit", SYS_getrlimit, 1, OUT, S_NONE, 7, 0, 0, 0, 0, 0);
	P("ugetrlimit", SYS_ugetrlimit, 1, OUT, S_NONE, 7, 0, 0, 0, 0, 0);
	P("setrlimit", SYS_setrlimit, 1, IN, S_NONE, 7, 0, 0, 0, 0, 0);
	P("prlimit64 new", SYS_prlimit64, 2, IN, S_NONE, 0, 7, 0, 0, 0, 0);
	P("prlimit64 old", SYS_prlimit64, 3, OUT, S_NONE, 0, 7, 0, 0, 0, 0);
	/* Linux copies nothing (and cannot fault) when there are no groups */
	PW("getgroups32", SYS_getgroups32, 1, OUT, S_NONE,
	   ngroups > 0 ? EFAULT : OK, 64, 0, 0, 0, 0, 0);
	/* only a privileged caller gets as far as reading the list */
	PW("setgroups32", SYS_setgroups32, 1, IN, S_NONE,
	   geteuid() == 0 ? EFAULT : EPERM, 1, 0, 0, 0, 0, 0);
	for (int i = 0; i < 3; i++) {
		char nm[40];
		long a[3] = { up, up, up };
		snprintf(nm, sizeof nm, "getresuid32 %d", i);
		a[i] = 0;
		P(nm, SYS_getresuid32, i, OUT, S_NONE, a[0], a[1], a[2], 0, 0, 0);
		snprintf(nm, sizeof nm, "getresgid32 %d", i);
		P(nm, SYS_getresgid32, i, OUT, S_NONE, a[0], a[1], a[2], 0, 0, 0);
	}
	P("sched_getaffinity", SYS_sched_getaffinity, 2, OUT, S_NONE, 0, 128, 0,
	  0, 0, 0);
	P("getrandom", SYS_getrandom, 0, OUT, S_NONE, 0, 16, 0, 0, 0, 0);
	P("prctl PR_SET_NAME", SYS_prctl, 1, IN, S_NONE, PR_SET_NAME, 0, 0, 0,
	  0, 0);
	P("prctl PR_GET_NAME", SYS_prctl, 1, OUT, S_NONE, PR_GET_NAME, 0, 0, 0,
	  0, 0);
	P("waitpid status", SYS_waitpid, 1, OUT, S_CHILD, -1, 0, 0, 0, 0, 0);
	P("wait4 status", SYS_wait4, 1, OUT, S_CHILD, -1, 0, 0, 0, 0, 0);
	P("wait4 rusage", SYS_wait4, 3, OUT, S_CHILD, -1, 0, 0, 0, 0, 0);
	P("waitid info", SYS_waitid, 2, OUT, S_CHILD, P_ALL, 0, 0, WEXITED, 0,
	  0);
	P("waitid rusage", SYS_waitid, 4, OUT, S_CHILD, P_ALL, 0, b, WEXITED, 0,
	  0);
	/* Linux ignores a fault storing the parent's copy of the tid */
	PW("clone parent_tid", SYS_clone, 2, OUT, S_NONE, OK,
	   SIGCHLD | CLONE_PARENT_SETTID, 0, 0, 0, 0, 0);
	/* pointers only stored, for thread exit and robust futexes */
	PW("set_tid_address", SYS_set_tid_address, 0, OUT, S_NONE, OK, 0, 0, 0,
	   0, 0, 0);
	PW("set_robust_list", SYS_set_robust_list, 0, IN, S_NONE, OK, 0, 12, 0,
	   0, 0, 0);
	P("get_robust_list head", SYS_get_robust_list, 1, OUT, S_NONE, 0, 0,
	  b, 0, 0, 0);
	P("get_robust_list len", SYS_get_robust_list, 2, OUT, S_NONE, 0, b, 0,
	  0, 0, 0);
	/* read, then written back: a read-only page holds entry 0, which
	   is no TLS entry */
	vwant[V_RO] = EINVAL;
	P("set_thread_area", SYS_set_thread_area, 0, OUT, S_NONE, 0, 0, 0, 0, 0,
	  0);
	vwant[V_RO] = EINVAL;
	P("get_thread_area", SYS_get_thread_area, 0, OUT, S_NONE, 0, 0, 0, 0, 0,
	  0);
	u = 0;
	/* a futex word that would cross 4 GiB is misaligned: EINVAL first */
	vwant[V_WRAP] = EINVAL;
	P("futex wait addr", SYS_futex, 0, IN, S_NONE, 0, FUTEX_WAIT, 0, 0, 0, 0);
	vwant[V_WRAP] = EINVAL;
	P("futex wake addr", SYS_futex, 0, IN, S_NONE, 0, FUTEX_WAKE, 1, 0, 0, 0);
	P("futex wait timeout", SYS_futex, 3, IN, S_NONE, up, FUTEX_WAIT, 0, 0,
	  0, 0);
	vwant[V_WRAP] = EINVAL;
	P("futex_time64 wait addr", SYS_futex_time64, 0, IN, S_NONE, 0,
	  FUTEX_WAIT, 0, 0, 0, 0);
	P("futex_time64 wait timeout", SYS_futex_time64, 3, IN, S_NONE, up,
	  FUTEX_WAIT, 0, 0, 0, 0);
	P("old mmap args", SYS_mmap, 0, IN, S_NONE, 0, 0, 0, 0, 0, 0);
}

/* Calls added for real programs' needs: timed signal waits, queued
   signals, the scheduler, POSIX timers, System V IPC. */
static void newer_calls(void)
{
	uint32_t set[2] = { 1u << (SIGUSR2 - 1), 0 };
	int32_t ts[2] = { 0, 1000 };
	int64_t ts64[2] = { 0, 1000 };
	char buf[256];
	long b = (long)buf, s = (long)set;
	sigset_t blk;

	sigemptyset(&blk);
	sigaddset(&blk, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	PW("rt_sigtimedwait set", SYS_rt_sigtimedwait, 0, IN, S_NONE, EFAULT,
	   0, 0, (long)ts, 8, 0, 0);
	P("rt_sigtimedwait timeout", SYS_rt_sigtimedwait, 2, IN, S_NONE, s, 0,
	  0, 8, 0, 0);
	/* info is written only when a signal is taken */
	P("rt_sigtimedwait info", SYS_rt_sigtimedwait, 1, OUT, S_SIGUSR2, s, 0,
	  (long)ts, 8, 0, 0);
	P("rt_sigtimedwait_time64 timeout", SYS_rt_sigtimedwait_time64, 2, IN,
	  S_NONE, s, 0, 0, 8, 0, 0);
	P("rt_sigtimedwait_time64 info", SYS_rt_sigtimedwait_time64, 1, OUT,
	  S_SIGUSR2, s, 0, (long)ts64, 8, 0, 0);
	P("rt_sigqueueinfo info", SYS_rt_sigqueueinfo, 2, IN, S_NONE, getpid(),
	  SIGUSR2, 0, 0, 0, 0);
	P("rt_tgsigqueueinfo info", SYS_rt_tgsigqueueinfo, 3, IN, S_NONE,
	  getpid(), getpid(), SIGUSR2, 0, 0, 0);
	sigtimedwait(&blk, NULL, &(struct timespec){ 0, 0 });
	sigprocmask(SIG_UNBLOCK, &blk, NULL);

	P("sched_setaffinity mask", SYS_sched_setaffinity, 2, IN, S_NONE, 0, 4,
	  0, 0, 0, 0);
	P("sched_setparam param", SYS_sched_setparam, 1, IN, S_NONE, 0, 0, 0, 0,
	  0, 0);
	P("sched_getparam param", SYS_sched_getparam, 1, OUT, S_NONE, 0, 0, 0,
	  0, 0, 0);
	P("sched_setscheduler param", SYS_sched_setscheduler, 2, IN, S_NONE, 0,
	  SCHED_OTHER, 0, 0, 0, 0);
	P("getcpu cpu", SYS_getcpu, 0, OUT, S_NONE, 0, b, 0, 0, 0, 0);
	P("getcpu node", SYS_getcpu, 1, OUT, S_NONE, b, 0, 0, 0, 0, 0);

	uint32_t sev[16] = { 0, 0, 1 /* SIGEV_NONE */ }, id = 0;
	P("timer_create sigevent", SYS_timer_create, 1, IN, S_NONE,
	  CLOCK_MONOTONIC, 0, (long)&id, 0, 0, 0);
	P("timer_create id", SYS_timer_create, 2, OUT, S_NONE, CLOCK_MONOTONIC,
	  (long)sev, 0, 0, 0, 0);
	if (sys6(SYS_timer_create, CLOCK_MONOTONIC, (long)sev, (long)&id, 0, 0,
		 0) == 0) {
		int32_t its[4] = { 0, 0, 100, 0 };
		int64_t its64[4] = { 0, 0, 100, 0 };
		P("timer_settime new", SYS_timer_settime, 2, IN, S_NONE, id, 0, 0,
		  0, 0, 0);
		P("timer_settime old", SYS_timer_settime, 3, OUT, S_NONE, id, 0,
		  (long)its, 0, 0, 0);
		P("timer_gettime", SYS_timer_gettime, 1, OUT, S_NONE, id, 0, 0, 0,
		  0, 0);
		P("timer_settime64 new", SYS_timer_settime64, 2, IN, S_NONE, id, 0,
		  0, 0, 0, 0);
		P("timer_settime64 old", SYS_timer_settime64, 3, OUT, S_NONE, id,
		  0, (long)its64, 0, 0, 0);
		P("timer_gettime64", SYS_timer_gettime64, 1, OUT, S_NONE, id, 0, 0,
		  0, 0, 0);
		sys6(SYS_timer_delete, id, 0, 0, 0, 0, 0);
		int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
		P("timerfd_settime new", SYS_timerfd_settime, 2, IN, S_NONE,
		  tfd, 0, 0, 0, 0, 0);
		P("timerfd_settime old", SYS_timerfd_settime, 3, OUT, S_NONE,
		  tfd, 0, (long)its, 0, 0, 0);
		P("timerfd_gettime", SYS_timerfd_gettime, 1, OUT, S_NONE, tfd,
		  0, 0, 0, 0, 0);
		P("timerfd_settime64 new", SYS_timerfd_settime64, 2, IN,
		  S_NONE, tfd, 0, 0, 0, 0, 0);
		P("timerfd_settime64 old", SYS_timerfd_settime64, 3, OUT,
		  S_NONE, tfd, 0, (long)its64, 0, 0, 0);
		P("timerfd_gettime64", SYS_timerfd_gettime64, 1, OUT, S_NONE,
		  tfd, 0, 0, 0, 0, 0);
		close(tfd);
	} else {
		printf("FAIL timer_create with SIGEV_NONE\n");
		failures++;
	}

	/* System V IPC: the separate calls and the ipc(2) multiplexer. */
	long q = sys6(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600, 0, 0, 0, 0);
	long sm = sys6(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600, 0, 0, 0);
	long sh = sys6(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0, 0);
	struct { int32_t type; char text[8]; } m = { 1, "msg" };
	uint16_t sops[3] = { 0, 1, 0 };
	msgq = q;
	P("msgsnd msgp", SYS_msgsnd, 1, IN, S_NONE, q, 0, 4, IPC_NOWAIT, 0, 0);
	P("msgrcv msgp", SYS_msgrcv, 1, OUT, S_MSG, q, 0, 8, 0, IPC_NOWAIT, 0);
	/* (the separate calls take plain commands, in the 64 layout) */
	P("msgctl buf", SYS_msgctl, 2, OUT, S_NONE, q, IPC_STAT, 0, 0, 0, 0);
	P("semctl IPC_STAT buf", SYS_semctl, 3, OUT, S_NONE, sm, 0, IPC_STAT, 0,
	  0, 0);
	P("semctl GETALL array", SYS_semctl, 3, OUT, S_NONE, sm, 0, GETALL, 0,
	  0, 0);
	P("semctl SETALL array", SYS_semctl, 3, IN, S_NONE, sm, 0, SETALL, 0,
	  0, 0);
	P("semtimedop_time64 sops", SYS_semtimedop_time64, 1, IN, S_NONE, sm, 0,
	  1, 0, 0, 0);
	P("semtimedop_time64 timeout", SYS_semtimedop_time64, 3, IN, S_NONE, sm,
	  (long)sops, 1, 0, 0, 0);
	P("shmctl buf", SYS_shmctl, 2, OUT, S_NONE, sh, IPC_STAT, 0, 0, 0, 0);
	uint32_t semun = 0, kludge[2] = { (uint32_t)(uintptr_t)&m, 0 };
	P("ipc SEMOP sops", SYS_ipc, 4, IN, S_NONE, 1 /* SEMOP */, sm, 1, 0, 0,
	  0);
	P("ipc SEMCTL semun", SYS_ipc, 4, IN, S_NONE, 3 /* SEMCTL */, sm, 0,
	  GETVAL, 0, 0);
	slot = &semun;
	P("ipc SEMCTL *semun", SYS_ipc, -1, OUT, S_NONE, 3, sm, 0,
	  IPC_STAT | 0x100, (long)&semun, 0);
	P("ipc MSGSND msgp", SYS_ipc, 4, IN, S_NONE, 11 /* MSGSND */, q, 4,
	  IPC_NOWAIT, 0, 0);
	P("ipc MSGRCV kludge", SYS_ipc, 4, IN, S_MSG, 12 /* MSGRCV */, q, 8,
	  IPC_NOWAIT, 0, 0);
	slot = &kludge[0];
	P("ipc MSGRCV *msgp", SYS_ipc, -1, OUT, S_MSG, 12, q, 8, IPC_NOWAIT,
	  (long)kludge, 0);
	P("ipc MSGCTL buf", SYS_ipc, 4, OUT, S_NONE, 14 /* MSGCTL */, q,
	  IPC_STAT | 0x100, 0, 0, 0);
	P("ipc SHMCTL buf", SYS_ipc, 4, OUT, S_NONE, 24 /* SHMCTL */, sh,
	  IPC_STAT | 0x100, 0, 0, 0);
	sys6(SYS_msgctl, q, IPC_RMID, 0, 0, 0, 0);
	sys6(SYS_semctl, sm, 0, IPC_RMID, 0, 0, 0);
	sys6(SYS_shmctl, sh, IPC_RMID, 0, 0, 0, 0);
	(void)m;
}

static void signals(void)
{
	P("sigaction act", SYS_sigaction, 1, IN, S_NONE, SIGUSR1, 0, 0, 0, 0, 0);
	P("sigaction oldact", SYS_sigaction, 2, OUT, S_NONE, SIGUSR1, 0, 0, 0,
	  0, 0);
	P("rt_sigaction act", SYS_rt_sigaction, 1, IN, S_NONE, SIGUSR1, 0, 0, 8,
	  0, 0);
	P("rt_sigaction oldact", SYS_rt_sigaction, 2, OUT, S_NONE, SIGUSR1, 0, 0,
	  8, 0, 0);
	P("sigprocmask set", SYS_sigprocmask, 1, IN, S_NONE, SIG_BLOCK, 0, 0, 0,
	  0, 0);
	P("sigprocmask old", SYS_sigprocmask, 2, OUT, S_NONE, SIG_BLOCK, 0, 0, 0,
	  0, 0);
	P("rt_sigprocmask set", SYS_rt_sigprocmask, 1, IN, S_NONE, SIG_BLOCK, 0,
	  0, 8, 0, 0);
	P("rt_sigprocmask old", SYS_rt_sigprocmask, 2, OUT, S_NONE, SIG_BLOCK, 0,
	  0, 8, 0, 0);
	P("rt_sigpending", SYS_rt_sigpending, 0, OUT, S_NONE, 0, 8, 0, 0, 0, 0);
	P("rt_sigsuspend", SYS_rt_sigsuspend, 0, IN, S_NONE, 0, 8, 0, 0, 0, 0);
	P("sigaltstack new", SYS_sigaltstack, 0, IN, S_NONE, 0, 0, 0, 0, 0, 0);
	P("sigaltstack old", SYS_sigaltstack, 1, OUT, S_NONE, 0, 0, 0, 0, 0, 0);
}

/* sigreturn reads its frame at esp: a hostile esp must kill the caller
   with SIGSEGV, as Linux does, and nothing else. */
static void sigreturn_frames(void)
{
	static const char *vname[] = { "gone", "hole", "wrap", "kern" };
	long vals[] = { gone, hole, (long)0xfffffffe, (long)0xc0000000 };
	int nrs[] = { SYS_sigreturn, SYS_rt_sigreturn };

	for (int k = 0; k < 2; k++) {
		for (int v = 0; v < 4; v++) {
			int st;
			pid_t pid = fork();

			if (pid == 0) {
				__asm__ volatile("mov %1, %%esp\n\t"
						 "int $0x80"
						 : : "a"(nrs[k]), "r"(vals[v]));
				_exit(0);
			}
			waitpid(pid, &st, 0);
			cases++;
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) {
				printf("ok   %s %s: SIGSEGV\n",
				       k ? "rt_sigreturn" : "sigreturn", vname[v]);
			} else {
				printf("FAIL %s %s: status %#x, want death by SIGSEGV\n",
				       k ? "rt_sigreturn" : "sigreturn", vname[v], st);
				failures++;
			}
		}
	}
}

/* The lowest free descriptor. */
static int lowest_free(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

/* After recvmsg into a control buffer it cannot write, the descriptor
   sent is not installed (no leak into the guest's table), and the guest
   is told: MSG_CTRUNC, no control bytes. */
static void rights_dropped(uint32_t *msg)
{
	int before, after;
	long r;

	prepare(S_RIGHTS);
	before = lowest_free();
	msg[4] = (uint32_t)gone;
	msg[5] = 16;
	r = sys6(SYS_recvmsg, sv[1], (long)msg, MSG_DONTWAIT, 0, 0, 0);
	after = lowest_free();
	cases++;
	if (r == 4 && (msg[6] & MSG_CTRUNC) && msg[5] == 0 && before == after) {
		printf("ok   recvmsg *msg_control: descriptor dropped, MSG_CTRUNC\n");
	} else {
		printf("FAIL recvmsg *msg_control: got %s, flags %#x, controllen %u, "
		       "lowest free fd %d then %d\n", errname(r), msg[6], msg[5],
		       before, after);
		failures++;
	}
}

static void sockets(void)
{
	char buf[128];
	long b = (long)buf;
	uint32_t len = 110, ilen = 4, sock[2];
	long lp = (long)&len;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	uint32_t args[6] = { AF_UNIX, SOCK_STREAM, 0, (uint32_t)(uintptr_t)sock };

	strcpy(a.sun_path, path_new);
	P("socketcall args", SYS_socketcall, 1, IN, S_NONE, SYS_SOCKET, 0, 0, 0,
	  0, 0);
	slot = &args[3];
	P("socketcall socketpair *sv", SYS_socketcall, -1, OUT, S_NONE,
	  SYS_SOCKETPAIR, (long)args, 0, 0, 0, 0);
	P("socketpair sv", SYS_socketpair, 3, OUT, S_NONE, AF_UNIX, SOCK_STREAM,
	  0, 0, 0, 0);
	P("bind addr", SYS_bind, 1, IN, S_NONE, dg, 0, 110, 0, 0, 0);
	P("connect addr", SYS_connect, 1, IN, S_NONE, dg, 0, 110, 0, 0, 0);
	P("accept4 addr", SYS_accept4, 1, OUT, S_ACCEPT, lsn, 0, lp, 0, 0, 0);
	P("accept4 addrlen", SYS_accept4, 2, OUT, S_ACCEPT, lsn, b, 0, 0, 0, 0);
	P("getsockopt val", SYS_getsockopt, 3, OUT, S_NONE, sv[0], SOL_SOCKET,
	  SO_TYPE, 0, (long)&ilen, 0);
	P("getsockopt len", SYS_getsockopt, 4, OUT, S_NONE, sv[0], SOL_SOCKET,
	  SO_TYPE, b, 0, 0);
	P("setsockopt val", SYS_setsockopt, 3, IN, S_NONE, sv[0], SOL_SOCKET,
	  SO_RCVBUF, 0, 4, 0);
	P("getsockname addr", SYS_getsockname, 1, OUT, S_NONE, lsn, 0, lp, 0, 0,
	  0);
	P("getsockname len", SYS_getsockname, 2, OUT, S_NONE, lsn, b, 0, 0, 0, 0);
	P("getpeername addr", SYS_getpeername, 1, OUT, S_NONE, sv[0], 0, lp, 0,
	  0, 0);
	P("getpeername len", SYS_getpeername, 2, OUT, S_NONE, sv[0], b, 0, 0, 0,
	  0);
	P("sendto buf", SYS_sendto, 1, IN, S_NONE, sv[0], 0, 4, 0, 0, 0);
	P("sendto addr", SYS_sendto, 4, IN, S_NONE, dg, b, 4, 0, 0, 110);
	P("recvfrom buf", SYS_recvfrom, 1, OUT, S_SOCKDATA, sv[1], 0, 4,
	  MSG_DONTWAIT, 0, 0);
	/* the sender's name is written (a socketpair's peer has none) */
	P("recvfrom addr", SYS_recvfrom, 4, OUT, S_DGRAM, drcv, b, 4,
	  MSG_DONTWAIT, 0, lp);
	P("recvfrom addrlen", SYS_recvfrom, 5, OUT, S_DGRAM, drcv, b, 4,
	  MSG_DONTWAIT, b + 64, 0);

	/* struct msghdr (i386): name, namelen, iov, iovlen, control,
	   controllen, flags */
	uint32_t iov[2] = { (uint32_t)b, 4 };
	uint32_t msg[7] = { 0, 0, (uint32_t)(uintptr_t)iov, 1, 0, 0, 0 };
	uint32_t cbuf[4];
	P("sendmsg msg", SYS_sendmsg, 1, IN, S_NONE, sv[0], 0, 0, 0, 0, 0);
	P("recvmsg msg", SYS_recvmsg, 1, OUT, S_SOCKDATA, sv[1], 0, MSG_DONTWAIT,
	  0, 0, 0);
	slot = &msg[2];
	P("sendmsg *iov", SYS_sendmsg, -1, IN, S_NONE, sv[0], (long)msg, 0, 0, 0,
	  0);
	P("recvmsg *iov", SYS_recvmsg, -1, IN, S_SOCKDATA, sv[1], (long)msg,
	  MSG_DONTWAIT, 0, 0, 0);
	msg[2] = (uint32_t)(uintptr_t)iov;
	slot = &iov[0];
	P("sendmsg *iov_base", SYS_sendmsg, -1, IN, S_NONE, sv[0], (long)msg, 0,
	  0, 0, 0);
	P("recvmsg *iov_base", SYS_recvmsg, -1, OUT, S_SOCKDATA, sv[1],
	  (long)msg, MSG_DONTWAIT, 0, 0, 0);
	iov[0] = (uint32_t)b;
	/* a name on a datagram socket; control data (SCM_RIGHTS) */
	uint32_t dmsg[7] = { (uint32_t)(uintptr_t)&a, sizeof a,
			     (uint32_t)(uintptr_t)iov, 1, 0, 0, 0 };
	slot = &dmsg[0];
	P("sendmsg *msg_name", SYS_sendmsg, -1, IN, S_NONE, dg, (long)dmsg, 0,
	  0, 0, 0);
	cbuf[0] = 16;
	cbuf[1] = SOL_SOCKET;
	cbuf[2] = SCM_RIGHTS;
	cbuf[3] = 0;
	msg[4] = (uint32_t)(uintptr_t)cbuf;
	msg[5] = 16;
	slot = &msg[4];
	P("sendmsg *msg_control", SYS_sendmsg, -1, IN, S_NONE, sv[0], (long)msg,
	  0, 0, 0, 0);
	/* Linux delivers the bytes and drops the descriptor it cannot
	   store (MSG_CTRUNC) */
	PW("recvmsg *msg_control", SYS_recvmsg, -1, OUT, S_RIGHTS, OK, sv[1],
	   (long)msg, MSG_DONTWAIT, 0, 0, 0);
	rights_dropped(msg);
	msg[4] = 0;
	msg[5] = 0;
	close(dg);
}

int main(int argc, char **argv)
{
	if (argc < 2 || strlen(argv[1]) > 80) {
		/* (DIR's names must fit a socket address) */
		fprintf(stderr, "usage: ptrargs DIR, DIR at most 80 bytes\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof dir, "%s", argv[1]);
	signal(SIGPIPE, SIG_IGN);
	setup_memory();
	setup_files();
	paths();
	io();
	timefn();
	process();
	signals();
	newer_calls();
	sigreturn_frames();
	sockets();
	printf("%d cases\n%d failures\n", cases, failures);
	return failures > 255 ? 255 : failures;
}
