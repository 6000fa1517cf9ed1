/*
 * io.c - calls on open file descriptors: read/write and their vector and
 * positioned forms, seeking, dup, pipe, fcntl, ioctl, poll, select,
 * sendfile.  Descriptors are the host's own: the guest's fd 3 is host fd 3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/eventfd.h>
#include <linux/close_range.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })
#define FD(x)	((int)(x))
#define OFF64(lo, hi)	((int64_t)((uint64_t)(hi) << 32 | (lo)))
#define MAX_RW_COUNT	0x7ffff000u	/* Linux's INT_MAX & PAGE_MASK */

/*
 * A buffer for read or write: Linux checks only that it lies below the top
 * of user space and then stops at the first page it cannot touch, so the
 * call works on the accessible prefix; EFAULT when there is none.
 */
static void *rw_buffer(uint32_t addr, uint32_t *count, int perm)
{
	uint32_t bad;

	if (*count > MAX_RW_COUNT)
		*count = MAX_RW_COUNT;
	if ((uint64_t)addr + *count > 0x100000000ull)
		return NULL;
	if (!vxmem_checkperm(guest, addr, *count, perm, &bad)) {
		if (bad == addr)
			return NULL;
		*count = bad - addr;
	}
	return guest_ptr(addr, *count, perm);
}

long sys_read(uint32_t *a)
{
	uint32_t n = a[2];
	void *buf = rw_buffer(a[1], &n, VXPERM_WRITE);

	if (!buf)
		return -EFAULT;
	return RET(read(FD(a[0]), buf, n));
}

long sys_write(uint32_t *a)
{
	uint32_t n = a[2];
	void *buf = rw_buffer(a[1], &n, VXPERM_READ);

	if (!buf)
		return -EFAULT;
	return RET(write(FD(a[0]), buf, n));
}

long sys_pread64(uint32_t *a)
{
	uint32_t n = a[2];
	void *buf = rw_buffer(a[1], &n, VXPERM_WRITE);

	if (!buf)
		return -EFAULT;
	return RET(pread(FD(a[0]), buf, n, OFF64(a[3], a[4])));
}

long sys_pwrite64(uint32_t *a)
{
	uint32_t n = a[2];
	void *buf = rw_buffer(a[1], &n, VXPERM_READ);

	if (!buf)
		return -EFAULT;
	return RET(pwrite(FD(a[0]), buf, n, OFF64(a[3], a[4])));
}

/* i386 struct iovec {u32 base, u32 len} -> host iovecs. */
long get_iov(uint32_t addr, uint32_t cnt, int perm, struct iovec **out)
{
	uint32_t v[2];
	uint64_t total = 0;
	struct iovec *iov;

	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (!(iov = calloc(cnt ? cnt : 1, sizeof *iov)))
		return -ENOMEM;
	for (uint32_t i = 0; i < cnt; i++) {
		if ((uint64_t)addr + 8ull * (i + 1) > 0x100000000ull ||
		    copy_in(v, addr + 8 * i, 8) < 0)
			goto fault;
		if (v[1] > 0x7fffffff || (total += v[1]) > 0x7fffffff) {
			free(iov);
			return -EINVAL;
		}
		if (!(iov[i].iov_base = guest_ptr(v[0], v[1], perm)))
			goto fault;
		iov[i].iov_len = v[1];
	}
	*out = iov;
	return 0;
fault:
	free(iov);
	return -EFAULT;
}

static long do_rwv(uint32_t *a, int write_, int64_t off)
{
	struct iovec *iov;
	long r = get_iov(a[1], a[2], write_ ? VXPERM_READ : VXPERM_WRITE,
			 &iov);

	if (r < 0)
		return r;
	if (off < 0)
		r = write_ ? writev(FD(a[0]), iov, a[2])
			   : readv(FD(a[0]), iov, a[2]);
	else
		r = write_ ? pwritev(FD(a[0]), iov, a[2], off)
			   : preadv(FD(a[0]), iov, a[2], off);
	r = RET(r);
	free(iov);
	return r;
}

long sys_readv(uint32_t *a)
{
	return do_rwv(a, 0, -1);
}

long sys_writev(uint32_t *a)
{
	return do_rwv(a, 1, -1);
}

/* lseek, with a directory's positions translated (dirpos.c). */
static int64_t do_lseek(int fd, int64_t off, int whence)
{
	struct stat st;
	int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);

	if (dir && whence == SEEK_SET && (off = dirpos_to_host(off)) < 0)
		return off;
	off_t r = lseek(fd, off, whence);
	if (r < 0)
		return -errno;
	return dir ? dirpos_to_guest(r) : r;
}

long sys_lseek(uint32_t *a)
{
	int64_t r = do_lseek(FD(a[0]), (int32_t)a[1], (int)a[2]);

	/* An i386 off_t cannot say it: Linux's compat lseek says so. */
	if (r > 0x7fffffff)
		return -EOVERFLOW;
	return r;
}

long sys__llseek(uint32_t *a)
{
	int64_t r;

	if (!guest_ptr(a[3], 8, VXPERM_WRITE))
		return -EFAULT;
	if ((r = do_lseek(FD(a[0]), OFF64(a[2], a[1]), (int)a[4])) < 0)
		return r;
	return put_u64(a[3], (uint64_t)r);
}

long sys_dup(uint32_t *a)
{
	return fd_new(RET(dup(FD(a[0]))));
}

long sys_dup2(uint32_t *a)
{
	/* A target over the limit is EBADF, as Linux says. */
	if ((int32_t)a[1] >= fd_guest_limit())
		return -EBADF;
	return fd_took(RET(dup2(FD(a[0]), FD(a[1]))));
}

long sys_dup3(uint32_t *a)
{
	if ((int32_t)a[1] >= fd_guest_limit())
		return -EBADF;
	return fd_took(RET(dup3(FD(a[0]), FD(a[1]), (int)a[2])));
}

/* Two new descriptors for the guest, both within its limit or neither. */
long fd_new_pair(int *fds)
{
	if (fd_new(fds[0]) < 0) {
		close(fds[1]);
		return -EMFILE;
	}
	if (fd_new(fds[1]) < 0) {
		close(fds[0]);
		return -EMFILE;
	}
	return 0;
}

static long do_pipe2(uint32_t addr, int flags)
{
	int fds[2];
	long r;

	if (!guest_ptr(addr, 8, VXPERM_WRITE))
		return -EFAULT;
	if (pipe2(fds, flags) < 0)
		return -errno;
	if ((r = fd_new_pair(fds)) < 0)
		return r;
	return copy_out(addr, fds, 8);
}

long sys_pipe(uint32_t *a)
{
	return do_pipe2(a[0], 0);
}

long sys_pipe2(uint32_t *a)
{
	return do_pipe2(a[0], (int)a[1]);
}

/* struct flock64 of i386: no padding before the 64-bit fields. */
struct flock64_i386 {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
} __attribute__((packed));

struct flock_i386 {
	int16_t l_type, l_whence;
	int32_t l_start, l_len, l_pid;
};

static long do_lock(int fd, int cmd, uint32_t addr, int wide)
{
	struct flock64_i386 g64;
	struct flock_i386 g32;
	struct flock f;

	memset(&f, 0, sizeof f);
	if (wide) {
		if (copy_in(&g64, addr, sizeof g64) < 0)
			return -EFAULT;
		f.l_type = g64.l_type;
		f.l_whence = g64.l_whence;
		f.l_start = g64.l_start;
		f.l_len = g64.l_len;
	} else {
		if (copy_in(&g32, addr, sizeof g32) < 0)
			return -EFAULT;
		f.l_type = g32.l_type;
		f.l_whence = g32.l_whence;
		f.l_start = g32.l_start;
		f.l_len = g32.l_len;
	}
	if (fcntl(fd, cmd, &f) < 0)
		return -errno;
	if (cmd != F_GETLK && cmd != F_OFD_GETLK)
		return 0;
	if (wide) {
		g64.l_type = f.l_type;
		g64.l_whence = f.l_whence;
		g64.l_start = f.l_start;
		g64.l_len = f.l_len;
		g64.l_pid = f.l_pid;
		return copy_out(addr, &g64, sizeof g64);
	}
	if (f.l_start != (int32_t)f.l_start || f.l_len != (int32_t)f.l_len)
		return -EOVERFLOW;
	g32.l_type = f.l_type;
	g32.l_whence = f.l_whence;
	g32.l_start = f.l_start;
	g32.l_len = f.l_len;
	g32.l_pid = f.l_pid;
	return copy_out(addr, &g32, sizeof g32);
}

long sys_fcntl64(uint32_t *a)
{
	int fd = FD(a[0]), cmd = (int)a[1];
	uint32_t arg = a[2];

	switch (cmd) {
	case F_DUPFD: case F_DUPFD_CLOEXEC:
		if ((int32_t)arg < 0 || (int32_t)arg >= fd_guest_limit())
			return -EINVAL;
		return fd_new(RET(fcntl(fd, cmd, (long)arg)));
	case F_SETOWN:
		/* SIGIO and SIGURG go to the owner: under a policy one of
		   the sandbox's processes, not a process group (the host's
		   processes may be in it) */
		if ((int32_t)arg < 0 && policy_any())
			return -EPERM;
		if ((int32_t)arg > 0) {
			long r = sandbox_member((pid_t)arg);
			if (r < 0)
				return r;
		}
		return RET(fcntl(fd, cmd, (long)(int32_t)arg));
	case F_GETFD: case F_SETFD: case F_GETFL:
	case F_SETFL: case F_GETOWN: case F_SETSIG:
	case F_GETSIG: case F_SETPIPE_SZ:
	case F_GETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
	case F_NOTIFY: case F_SETLEASE: case F_GETLEASE:
		return RET(fcntl(fd, cmd, (long)(int32_t)arg));
	case 5: return do_lock(fd, F_GETLK, arg, 0);
	case 6: return do_lock(fd, F_SETLK, arg, 0);
	case 7: return do_lock(fd, F_SETLKW, arg, 0);
	case 12: return do_lock(fd, F_GETLK, arg, 1);
	case 13: return do_lock(fd, F_SETLK, arg, 1);
	case 14: return do_lock(fd, F_SETLKW, arg, 1);
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return do_lock(fd, cmd, arg, 1);
	}
	return unsupported("fcntl command", -EINVAL);
}

long sys_fcntl(uint32_t *a)
{
	return sys_fcntl64(a);
}

/* ioctl requests whose argument is a structure that has one layout on
   i386 and x86-64, with its size and direction. */
static const struct {
	uint32_t req;
	uint32_t size;
	int in, out;
} ioctls[] = {
	{ TCGETS, 36, 0, 1 }, { TCSETS, 36, 1, 0 }, { TCSETSW, 36, 1, 0 },
	{ TCSETSF, 36, 1, 0 }, { TIOCGWINSZ, 8, 0, 1 },
	{ TIOCSWINSZ, 8, 1, 0 }, { FIONREAD, 4, 0, 1 }, { TIOCOUTQ, 4, 0, 1 },
	{ TIOCGPGRP, 4, 0, 1 }, { TIOCSPGRP, 4, 1, 0 }, { TIOCGSID, 4, 0, 1 },
	{ FIONBIO, 4, 1, 0 }, { FIOASYNC, 4, 1, 0 }, { TIOCGPTN, 4, 0, 1 },
	{ TIOCSPTLCK, 4, 1, 0 },
};

long sys_ioctl(uint32_t *a)
{
	int fd = FD(a[0]);
	uint32_t req = a[1], arg = a[2];
	char what[48];

	switch (req) {
	/* No argument, or an integer one. */
	case FIOCLEX: case FIONCLEX: case TIOCNOTTY: case TIOCEXCL:
	case TIOCNXCL:
		return RET(ioctl(fd, req));
	case TCFLSH: case TCXONC: case TCSBRK: case TCSBRKP: case TIOCSCTTY:
		return RET(ioctl(fd, req, (long)(int32_t)arg));
	}
	for (size_t i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
		if (ioctls[i].req != req)
			continue;
		void *p = guest_ptr(arg, ioctls[i].size,
				    (ioctls[i].in ? VXPERM_READ : 0) |
				    (ioctls[i].out ? VXPERM_WRITE : 0));
		if (!p)
			return -EFAULT;
		return RET(ioctl(fd, req, p));
	}
	snprintf(what, sizeof what, "ioctl request %#x", req);
	return unsupported(what, -ENOTTY);
}

long sys_poll(uint32_t *a)
{
	void *fds;

	if (a[1] > 65536)
		return -EINVAL;
	if (!(fds = guest_ptr(a[0], a[1] * 8, VXPERM_READ | VXPERM_WRITE)))
		return -EFAULT;
	return RET(poll(fds, a[1], (int)a[2]));
}

static long do_ppoll(uint32_t *a, int time64)
{
	struct timespec ts, *tsp = NULL;
	sigset_t mask, *maskp = NULL;
	void *fds;
	long r;

	if (a[1] > 65536)
		return -EINVAL;
	if (!(fds = guest_ptr(a[0], a[1] * 8, VXPERM_READ | VXPERM_WRITE)))
		return -EFAULT;
	if (a[2]) {
		if (time64) {
			int64_t t[2];
			if (copy_in(t, a[2], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		} else {
			int32_t t[2];
			if (copy_in(t, a[2], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		}
		tsp = &ts;
	}
	if (a[3]) {
		if ((r = signal_temp_mask(a[3], a[4], &mask)) < 0)
			return r;
		maskp = &mask;
	}
	r = RET(ppoll(fds, a[1], tsp, maskp));
	if (maskp)
		signal_end_temp_mask(r);
	return r;
}

long sys_ppoll(uint32_t *a)
{
	return do_ppoll(a, 0);
}

long sys_ppoll_time64(uint32_t *a)
{
	return do_ppoll(a, 1);
}

/* fd_set of i386 is an array of u32: on a little-endian host the same
   bits as the host's array of u64, for the bytes it has. */
static long get_fdset(uint32_t addr, int n, fd_set *set)
{
	FD_ZERO(set);
	return addr ? copy_in(set, addr, (n + 31) / 32 * 4) : 0;
}

static long put_fdset(uint32_t addr, int n, fd_set *set)
{
	return addr ? copy_out(addr, set, (n + 31) / 32 * 4) : 0;
}

static long do_select(uint32_t *a, struct timespec *ts, sigset_t *mask)
{
	int n = (int)a[0];
	fd_set r, w, e;
	long ret;

	if (n < 0)
		return -EINVAL;
	if (n > FD_SETSIZE)
		n = FD_SETSIZE;
	if (get_fdset(a[1], n, &r) < 0 || get_fdset(a[2], n, &w) < 0 ||
	    get_fdset(a[3], n, &e) < 0)
		return -EFAULT;
	/* Check the output sets before waiting. */
	if ((a[1] && !guest_ptr(a[1], (n + 31) / 32 * 4, VXPERM_WRITE)) ||
	    (a[2] && !guest_ptr(a[2], (n + 31) / 32 * 4, VXPERM_WRITE)) ||
	    (a[3] && !guest_ptr(a[3], (n + 31) / 32 * 4, VXPERM_WRITE)))
		return -EFAULT;
	ret = syscall(SYS_pselect6, n, a[1] ? &r : NULL, a[2] ? &w : NULL,
		      a[3] ? &e : NULL, ts,
		      mask ? (long[2]){ (long)mask, 8 } : NULL);
	if (ret < 0)
		return -errno;
	if (put_fdset(a[1], n, &r) < 0 || put_fdset(a[2], n, &w) < 0 ||
	    put_fdset(a[3], n, &e) < 0)
		return -EFAULT;
	return ret;
}

long sys__newselect(uint32_t *a)
{
	struct timespec ts, *tsp = NULL;
	int32_t tv[2];
	long r;

	if (a[4]) {
		if (copy_in(tv, a[4], sizeof tv) < 0)
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0)
			return -EINVAL;
		ts.tv_sec = tv[0] + tv[1] / 1000000;
		ts.tv_nsec = tv[1] % 1000000 * 1000L;
		tsp = &ts;
	}
	r = do_select(a, tsp, NULL);
	if (tsp && r != -EFAULT) {
		/* Linux writes back the time left. */
		tv[0] = ts.tv_sec;
		tv[1] = ts.tv_nsec / 1000;
		copy_out(a[4], tv, sizeof tv);
	}
	return r;
}

static long do_pselect(uint32_t *a, int time64)
{
	struct timespec ts, *tsp = NULL;
	sigset_t mask, *maskp = NULL;
	long r;

	if (a[4]) {
		if (time64) {
			int64_t t[2];
			if (copy_in(t, a[4], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		} else {
			int32_t t[2];
			if (copy_in(t, a[4], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		}
		tsp = &ts;
	}
	if (a[5]) {
		uint32_t sig[2];	/* { sigset pointer, size } */
		if (copy_in(sig, a[5], sizeof sig) < 0)
			return -EFAULT;
		if (sig[0]) {
			if ((r = signal_temp_mask(sig[0], sig[1], &mask)) < 0)
				return r;
			maskp = &mask;
		}
	}
	r = do_select(a, tsp, maskp);
	if (maskp)
		signal_end_temp_mask(r);
	return r;
}

long sys_pselect6(uint32_t *a)
{
	return do_pselect(a, 0);
}

long sys_pselect6_time64(uint32_t *a)
{
	return do_pselect(a, 1);
}

long sys_sendfile64(uint32_t *a)
{
	off_t off;
	long r;

	if (a[2] && copy_in(&off, a[2], 8) < 0)
		return -EFAULT;
	if (a[2] && !guest_ptr(a[2], 8, VXPERM_WRITE))
		return -EFAULT;
	r = sendfile(FD(a[0]), FD(a[1]), a[2] ? &off : NULL, a[3]);
	if (r < 0)
		return -errno;
	if (a[2])
		copy_out(a[2], &off, 8);
	return r;
}

long sys_sendfile(uint32_t *a)
{
	int32_t off32;
	off_t off;
	long r;

	if (a[2]) {
		if (copy_in(&off32, a[2], 4) < 0 ||
		    !guest_ptr(a[2], 4, VXPERM_WRITE))
			return -EFAULT;
		off = off32;
	}
	r = sendfile(FD(a[0]), FD(a[1]), a[2] ? &off : NULL, a[3]);
	if (r < 0)
		return -errno;
	if (a[2]) {
		if (off > 0x7fffffff)
			return -EOVERFLOW;
		off32 = off;
		copy_out(a[2], &off32, 4);
	}
	return r;
}

/* close_range(first, last, flags): the guest's descriptors only, which
   all lie below fd_base; vxlinux's own above stay open. */
long sys_close_range(uint32_t *a)
{
	uint32_t first = a[0], last = a[1];

	if (first > last || (a[2] & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)))
		return -EINVAL;
	if (first >= (uint32_t)fd_base)
		return 0;
	if (last >= (uint32_t)fd_base)
		last = fd_base - 1;
	/* UNSHARE: the descriptor table is the process's own already */
	return RET(close_range(first, last, a[2] & CLOSE_RANGE_CLOEXEC));
}

/* preadv/pwritev(fd, iov, cnt, pos_lo, pos_hi): a negative position is
   EINVAL (Linux; -1 means the file position only in the *2 forms). */
long sys_preadv(uint32_t *a)
{
	int64_t off = OFF64(a[3], a[4]);

	return off < 0 ? -EINVAL : do_rwv(a, 0, off);
}

long sys_pwritev(uint32_t *a)
{
	int64_t off = OFF64(a[3], a[4]);

	return off < 0 ? -EINVAL : do_rwv(a, 1, off);
}

/* fallocate(fd, mode, offset, len): 64-bit values in register pairs. */
long sys_fallocate(uint32_t *a)
{
	if (pol.read_only)
		return -EROFS;
	return RET(fallocate(FD(a[0]), (int)a[1], OFF64(a[2], a[3]),
			     OFF64(a[4], a[5])));
}

/* eventfd: an 8-byte counter, the same on both. */
long sys_eventfd(uint32_t *a)
{
	return fd_new(RET(eventfd(a[0], 0)));
}

long sys_eventfd2(uint32_t *a)
{
	if (a[1] & ~(uint32_t)(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	return fd_new(RET(eventfd(a[0], (int)a[1])));
}
