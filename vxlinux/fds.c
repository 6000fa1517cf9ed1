/*
 * fds.c - the guest's descriptors and vxlinux's own.
 *
 * Descriptors are the host's: the guest's fd 3 is host fd 3.  vxlinux
 * needs a few of its own (the --root directory, the guest's program, its
 * own binary for execve, the --trace output, the ones path.c holds for
 * one call), and the guest must not be able to read, close, replace or
 * pass them on.  So the descriptor table is split at fd_base: the guest's
 * descriptors are below it, vxlinux's from it up (at most FD_RESERVED),
 * and
 *  - the guest's RLIMIT_NOFILE is virtual and never above fd_base;
 *  - every call that names a descriptor of fd_base or more gets EBADF
 *    (syscall.c checks the arguments, net.c the SCM_RIGHTS ones);
 *  - every call that makes descriptors checks what the kernel returned
 *    against the guest's limit and closes what is over (fd_new()), so
 *    the guest never holds one of fd_base or more.
 * The host's soft limit stays above fd_base, so vxlinux can always make
 * its own.  fd_base is the host's soft limit, but never above
 * FD_BASE_MAX: the kernel's fork copies the descriptor table up to the
 * highest open descriptor, and vxlinux's own sit at the split, so a
 * split at a container's usual 1048576 would cost every fork and exec
 * a table of a million entries (8 MiB); at 20000 it made a fork 15%
 * dearer than at 1024.  4096 is Linux's old default hard limit, and
 * four times the FD_SETSIZE of select().  A vxlinux started by a guest's
 * execve keeps the split and the guest's limits (exec.c passes them on);
 * a native program gets the guest's limit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vxlinux.h"

#define FD_RESERVED	32
#define FD_MIN_GUEST	64	/* below this, refuse to run */
#define FD_BASE_MAX	4096	/* the guest's RLIMIT_NOFILE at most */

int fd_base;
static uint64_t guest_cur, guest_max;	/* the guest's RLIMIT_NOFILE */

/*
 * The descriptors the guest may hold, a bit each, once known (held_known):
 * an execve's close-on-exec sweep then tries those numbers instead of
 * listing /proc/self/fd (the kernel makes a dentry for each entry it
 * lists: 4-5% of a fork+exec).  Learnt from a listing (the first sweep,
 * or the first fork, so that the children of a shell know them), then
 * added to by every call that gives the guest a descriptor: fd_new(),
 * which all calls that take the lowest free number go through (the
 * same rule as the guest's limit), and fd_took() for dup2 and dup3,
 * which take the guest's number.  A bit goes only when the sweep finds
 * its descriptor closed, so the set never misses an open one.
 */
static uint64_t held[FD_BASE_MAX / 64];
static int held_known;

static void hold(int fd)
{
	held[fd / 64] |= 1ull << (fd % 64);
}

void fd_init(const struct exec_state *st)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit(RLIMIT_NOFILE): %m");
	uint64_t base = rl.rlim_cur;
	if (st && st->fd_base >= FD_MIN_GUEST)
		base = st->fd_base;	/* the split of the vxlinux before */
	if (base > FD_BASE_MAX)
		base = FD_BASE_MAX;
	if (rl.rlim_max != RLIM_INFINITY && base + FD_RESERVED > rl.rlim_max)
		base = rl.rlim_max - FD_RESERVED;
	if (base < FD_MIN_GUEST)
		die("RLIMIT_NOFILE is %llu: vxlinux needs at least %d "
		    "descriptors", (unsigned long long)rl.rlim_cur,
		    FD_MIN_GUEST + FD_RESERVED);
	fd_base = (int)base;
	guest_cur = guest_max = base;
	if (st && st->nofile_max <= base && st->nofile_cur <= st->nofile_max) {
		guest_cur = st->nofile_cur;
		guest_max = st->nofile_max;
	}
	if (rl.rlim_cur < base + FD_RESERVED) {
		rl.rlim_cur = base + FD_RESERVED;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			die("setrlimit(RLIMIT_NOFILE): %m");
	}
}

int fd_reserve(int fd)
{
	int hi;

	if (fd < 0)
		return -errno;
	if (fd >= fd_base)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, fd_base);
	int e = errno;
	close(fd);
	if (hi < 0)
		return e == EINVAL ? -EMFILE : -e;
	return hi;
}

int fd_reserve_last(int fd)
{
	int slot = fd_base + FD_RESERVED - 1;

	if (fd < 0)
		return -errno;
	if (dup3(fd, slot, O_CLOEXEC) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	close(fd);
	return slot;
}

long fd_new(long fd)
{
	if (fd >= 0 && (uint64_t)fd >= guest_cur) {
		close((int)fd);
		return -EMFILE;
	}
	fd_took(fd);
	return fd;
}

long fd_took(long fd)
{
	if (held_known && fd >= 0 && fd < fd_base)
		hold((int)fd);
	return fd;
}

int fd_guest_limit(void)
{
	return (int)guest_cur;
}

void fd_getlimit(uint64_t *cur, uint64_t *max)
{
	*cur = guest_cur;
	*max = guest_max;
}

long fd_setlimit(uint64_t cur, uint64_t max)
{
	if (cur > max)
		return -EINVAL;
	if (max > guest_max)
		return -EPERM;	/* raising the hard limit takes privilege */
	guest_cur = cur;
	guest_max = max;
	return 0;
}

/*
 * The guest's descriptors (below fd_base), each given to fn, and held
 * from then on where fn leaves them open.  /proc/self/fd lists the open
 * ones, rather than fcntl trying every number below fd_base; closing
 * those already listed does not disturb the listing (its position is a
 * number).
 */
static void each_listed(int (*fn)(int fd))
{
	char buf[4096];
	long n;
	int dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	memset(held, 0, sizeof held);
	held_known = 1;
	if (dfd < 0) {
		for (int fd = 0; fd < fd_base; fd++)
			if (fcntl(fd, F_GETFD) >= 0 && fn(fd))
				hold(fd);
		return;
	}
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			char *end;
			long fd = strtol(d->d_name, &end, 10);

			off += d->d_reclen;
			if (*end || end == d->d_name || fd == dfd ||
			    fd >= fd_base)
				continue;
			if (fn((int)fd))
				hold((int)fd);
		}
	}
	close(dfd);
}

/* Close fd if it is open and close-on-exec; whether it is open after. */
static int close_if_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl >= 0 && (fl & FD_CLOEXEC))
		close(fd);
	return fl >= 0 && !(fl & FD_CLOEXEC);
}

static int keep_open(int fd)
{
	(void)fd;
	return 1;
}

void fd_learn(void)
{
	if (!held_known)
		each_listed(keep_open);
}

/*
 * An execve in this process (exec.c): the guest's descriptors marked
 * close-on-exec are closed, as the kernel's execve closes them; vxlinux's
 * own (fd_base and up) stay.
 */
void fd_close_on_exec(void)
{
	if (!held_known) {
		each_listed(close_if_cloexec);
		return;
	}
	for (int i = 0; i < FD_BASE_MAX / 64; i++)
		for (uint64_t w = held[i]; w; w &= w - 1) {
			int fd = i * 64 + __builtin_ctzll(w);
			if (!close_if_cloexec(fd))
				held[i] &= ~(1ull << (fd % 64));
		}
}

void fd_before_exec(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = guest_cur;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

void fd_exec_failed(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (uint64_t)fd_base + FD_RESERVED) {
		rl.rlim_cur = (uint64_t)fd_base + FD_RESERVED;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}
