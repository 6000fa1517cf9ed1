/*
 * fs.c - file-system calls: opening, the name space, metadata, directory
 * reading.  Paths go through path.c (policy); the i386 arguments are
 * plain integers here, except the 64-bit ones that i386 passes as two
 * registers, low word first.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })
#define FD(x)	((int)(x))
#define OFF64(lo, hi)	((int64_t)((uint64_t)(hi) << 32 | (lo)))

static int open_writes(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC));
}

static long do_openat(int dirfd, uint32_t path, int flags, int mode)
{
	struct hpath hp;
	int follow = !(flags & O_NOFOLLOW) &&
		     (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	long r = path_get(dirfd, path,
			  (follow ? PATH_FOLLOW : 0) |
			  (flags & O_CREAT ? PATH_CREATE : 0) |
			  (open_writes(flags) ? PATH_WRITE : 0), &hp);

	if (r < 0)
		return r;
	if (hp.proc >= PROC_VIRT_FIRST)
		return proc_open(hp.proc, flags);
	/* The running program cannot be written, as on Linux. */
	if (hp.proc == PROC_EXE && open_writes(flags))
		return -ETXTBSY;
	/* Reopening a descriptor through /proc/self/fd under a policy: no
	   more access than it has (it may name a file outside --root). */
	if (hp.proc == PROC_FD && open_writes(flags) && policy_any()) {
		int n = atoi(hp.path + strlen("/proc/self/fd/"));
		int fl = fcntl(n, F_GETFL);
		if (fl < 0)
			return -EBADF;
		if ((fl & O_ACCMODE) == O_RDONLY)
			return -EACCES;
	}
	/* Under --root a name to be created was missing when resolved: it
	   must not have become a symbolic link since. */
	if (pol.root && follow && (flags & O_CREAT) &&
	    strncmp(hp.path, "/proc/self/fd/", 14) == 0 &&
	    strchr(hp.path + 14, '/'))
		flags |= O_NOFOLLOW;
	r = openat(hp.dirfd, hp.path, flags | O_LARGEFILE, mode);
	return proc_check_open(fd_new(RET(r)), flags);
}

long sys_open(uint32_t *a)
{
	return do_openat(AT_FDCWD, a[0], (int)a[1], (int)a[2]);
}

long sys_openat(uint32_t *a)
{
	return do_openat(FD(a[0]), a[1], (int)a[2], (int)a[3]);
}

long sys_creat(uint32_t *a)
{
	return do_openat(AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC,
			 (int)a[1]);
}

long sys_close(uint32_t *a)
{
	return RET(close(FD(a[0])));
}

static long do_faccessat(int dirfd, uint32_t path, int mode, int flags)
{
	struct hpath hp;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
		return -EINVAL;
	r = path_get(dirfd, path,
		     flags & AT_SYMLINK_NOFOLLOW ? 0 : PATH_FOLLOW, &hp);
	if (r < 0)
		return r;
	r = syscall(SYS_faccessat2, hp.dirfd, hp.path, mode, flags);
	if (r < 0 && errno == ENOSYS && !flags)
		r = faccessat(hp.dirfd, hp.path, mode, 0);
	if (r == 0 && (mode & W_OK) && pol.read_only)
		return -EROFS;
	return RET(r);
}

long sys_access(uint32_t *a)
{
	return do_faccessat(AT_FDCWD, a[0], (int)a[1], 0);
}

long sys_faccessat(uint32_t *a)
{
	return do_faccessat(FD(a[0]), a[1], (int)a[2], 0);
}

long sys_faccessat2(uint32_t *a)
{
	return do_faccessat(FD(a[0]), a[1], (int)a[2], (int)a[3]);
}

long sys_getcwd(uint32_t *a)
{
	char host[PATH_MAX], g[PATH_MAX];
	long n;

	if (!getcwd(host, sizeof host))
		return -errno;
	if ((n = path_to_guest(host, g, sizeof g)) < 0)
		return n;
	if ((uint32_t)n + 1 > a[1])
		return -ERANGE;
	if (copy_out(a[0], g, n + 1) < 0)
		return -EFAULT;
	return n + 1;
}

long sys_chdir(uint32_t *a)
{
	struct hpath hp;
	long r = path_get(AT_FDCWD, a[0], PATH_FOLLOW, &hp);

	if (r < 0)
		return r;
	return RET(chdir(hp.path));
}

long sys_fchdir(uint32_t *a)
{
	return RET(fchdir(FD(a[0])));
}

static long do_mkdirat(int dirfd, uint32_t path, int mode)
{
	struct hpath hp;
	long r = path_get(dirfd, path, PATH_WRITE, &hp);

	return r < 0 ? r : RET(mkdirat(hp.dirfd, hp.path, mode));
}

long sys_mkdir(uint32_t *a)
{
	return do_mkdirat(AT_FDCWD, a[0], (int)a[1]);
}

long sys_mkdirat(uint32_t *a)
{
	return do_mkdirat(FD(a[0]), a[1], (int)a[2]);
}

static long do_unlinkat(int dirfd, uint32_t path, int flags)
{
	struct hpath hp;
	long r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((r = path_get(dirfd, path, PATH_WRITE, &hp)) < 0)
		return r;
	return RET(unlinkat(hp.dirfd, hp.path, flags));
}

long sys_unlink(uint32_t *a)
{
	return do_unlinkat(AT_FDCWD, a[0], 0);
}

long sys_rmdir(uint32_t *a)
{
	return do_unlinkat(AT_FDCWD, a[0], AT_REMOVEDIR);
}

long sys_unlinkat(uint32_t *a)
{
	return do_unlinkat(FD(a[0]), a[1], (int)a[2]);
}

static long do_renameat2(int olddir, uint32_t oldp, int newdir,
			 uint32_t newp, unsigned flags)
{
	struct hpath *o = malloc(2 * sizeof *o), *n = o + 1;
	long r;

	if (!o)
		return -ENOMEM;
	if ((r = path_get(olddir, oldp, PATH_WRITE, o)) >= 0 &&
	    (r = path_get(newdir, newp, PATH_WRITE, n)) >= 0) {
		r = flags ? syscall(SYS_renameat2, o->dirfd, o->path,
				    n->dirfd, n->path, flags)
			  : renameat(o->dirfd, o->path, n->dirfd, n->path);
		r = RET(r);
	}
	free(o);
	return r;
}

long sys_rename(uint32_t *a)
{
	return do_renameat2(AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_renameat(uint32_t *a)
{
	return do_renameat2(FD(a[0]), a[1], FD(a[2]), a[3], 0);
}

long sys_renameat2(uint32_t *a)
{
	return do_renameat2(FD(a[0]), a[1], FD(a[2]), a[3], a[4]);
}

static long do_readlinkat(int dirfd, uint32_t path, uint32_t buf,
			  uint32_t size)
{
	char target[PATH_MAX], g[PATH_MAX];
	const char *out = target;
	struct hpath hp;
	ssize_t n;
	long r;

	if ((int32_t)size <= 0)
		return -EINVAL;
	const char *gs;
	if ((r = guest_str(path, PATH_MAX - 1, &gs)) < 0)
		return r;
	int is_proc = !strncmp(gs, "/proc/", 6);
	if ((r = path_host(dirfd, gs, 0, &hp)) < 0)
		return r;
	long glen;
	if (proc_readlink(&hp, g, sizeof g, &glen)) {
		if (glen < 0)
			return glen;
		n = glen;
		out = g;
	} else {
		n = readlinkat(hp.dirfd, hp.path, target, sizeof target - 1);
		if (n < 0)
			return -errno;
		target[n] = 0;
		/* /proc links name host paths: show them as the guest sees
		   them. */
		if (pol.root && is_proc &&
		    target[0] == '/' && (r = path_to_guest(target, g,
							   sizeof g)) >= 0) {
			out = g;
			n = r;
		}
	}
	if ((uint32_t)n > size)
		n = size;
	if (copy_out(buf, out, n) < 0)
		return -EFAULT;
	return n;
}

long sys_readlink(uint32_t *a)
{
	return do_readlinkat(AT_FDCWD, a[0], a[1], a[2]);
}

long sys_readlinkat(uint32_t *a)
{
	return do_readlinkat(FD(a[0]), a[1], a[2], a[3]);
}

static long do_symlinkat(uint32_t target, int dirfd, uint32_t path)
{
	const char *t;
	struct hpath hp;
	long r;

	/* The target is stored as the guest wrote it: it is resolved, inside
	   the root, when it is followed. */
	if ((r = guest_str(target, PATH_MAX - 1, &t)) < 0)
		return r;
	if ((r = path_get(dirfd, path, PATH_WRITE, &hp)) < 0)
		return r;
	return RET(symlinkat(t, hp.dirfd, hp.path));
}

long sys_symlink(uint32_t *a)
{
	return do_symlinkat(a[0], AT_FDCWD, a[1]);
}

long sys_symlinkat(uint32_t *a)
{
	return do_symlinkat(a[0], FD(a[1]), a[2]);
}

static long do_linkat(int olddir, uint32_t oldp, int newdir, uint32_t newp,
		      int flags)
{
	struct hpath *o = malloc(2 * sizeof *o), *n = o + 1;
	long r;

	if (!o)
		return -ENOMEM;
	if (flags & ~AT_SYMLINK_FOLLOW) {
		free(o);
		return -EINVAL;
	}
	if ((r = path_get(olddir, oldp, PATH_WRITE |
			  (flags & AT_SYMLINK_FOLLOW ? PATH_FOLLOW : 0),
			  o)) >= 0 &&
	    (r = path_get(newdir, newp, PATH_WRITE, n)) >= 0)
		r = RET(linkat(o->dirfd, o->path, n->dirfd, n->path,
			       flags));
	free(o);
	return r;
}

long sys_link(uint32_t *a)
{
	return do_linkat(AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_linkat(uint32_t *a)
{
	return do_linkat(FD(a[0]), a[1], FD(a[2]), a[3], (int)a[4]);
}

static long do_fchmodat(int dirfd, uint32_t path, int mode)
{
	struct hpath hp;
	long r = path_get(dirfd, path, PATH_FOLLOW | PATH_WRITE, &hp);

	return r < 0 ? r : RET(fchmodat(hp.dirfd, hp.path, mode, 0));
}

long sys_chmod(uint32_t *a)
{
	return do_fchmodat(AT_FDCWD, a[0], (int)a[1]);
}

long sys_fchmodat(uint32_t *a)
{
	return do_fchmodat(FD(a[0]), a[1], (int)a[2]);
}

long sys_fchmod(uint32_t *a)
{
	if (pol.read_only)
		return -EROFS;
	return RET(fchmod(FD(a[0]), a[1]));
}

static long do_fchownat(int dirfd, uint32_t path, uint32_t uid, uint32_t gid,
			int flags)
{
	struct hpath hp;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (pol.read_only)
		return -EROFS;
	if (flags & AT_EMPTY_PATH) {
		const char *s;
		if ((r = guest_str(path, PATH_MAX - 1, &s)) < 0)
			return r;
		if (!*s)
			return RET(fchown(dirfd, uid, gid));
	}
	r = path_get(dirfd, path, PATH_WRITE |
		     (flags & AT_SYMLINK_NOFOLLOW ? 0 : PATH_FOLLOW), &hp);
	if (r < 0)
		return r;
	return RET(fchownat(hp.dirfd, hp.path, uid, gid,
			    flags & AT_SYMLINK_NOFOLLOW));
}

long sys_chown32(uint32_t *a)
{
	return do_fchownat(AT_FDCWD, a[0], a[1], a[2], 0);
}

long sys_lchown32(uint32_t *a)
{
	return do_fchownat(AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}

long sys_fchownat(uint32_t *a)
{
	return do_fchownat(FD(a[0]), a[1], a[2], a[3], (int)a[4]);
}

long sys_fchown32(uint32_t *a)
{
	if (pol.read_only)
		return -EROFS;
	return RET(fchown(FD(a[0]), a[1], a[2]));
}

long sys_umask(uint32_t *a)
{
	return umask(a[0] & 0777);
}

/*
 * Under --root no device node is made: a node is a name for whatever
 * host device its numbers say (a disk, memory), so a guest that runs as
 * root could reach past DIR through one made inside it.  EPERM, as Linux
 * answers a caller without CAP_MKNOD; FIFOs, sockets and files stay.
 * (The outer layer denies it too: sandbox.c's Landlock rights.)
 */
static long do_mknodat(int dirfd, uint32_t path, uint32_t mode, uint32_t dev)
{
	struct hpath hp;
	long r = path_get(dirfd, path, PATH_WRITE, &hp);
	/* The i386 dev_t argument is the kernel's 32-bit encoding. */
	dev_t d = makedev((dev & 0xfff00) >> 8,
			  (dev & 0xff) | ((dev >> 12) & 0xfff00));

	if (r < 0)
		return r;
	if (pol.root && (S_ISCHR(mode) || S_ISBLK(mode)))
		return -EPERM;	/* after the path, as Linux's order is */
	return RET(mknodat(hp.dirfd, hp.path, mode, d));
}

long sys_mknod(uint32_t *a)
{
	return do_mknodat(AT_FDCWD, a[0], a[1], a[2]);
}

long sys_mknodat(uint32_t *a)
{
	return do_mknodat(FD(a[0]), a[1], a[2], a[3]);
}

static long do_truncate(uint32_t path, int64_t len)
{
	struct hpath hp;
	long r = path_get(AT_FDCWD, path, PATH_FOLLOW | PATH_WRITE, &hp);

	if (r < 0)
		return r;
	if (hp.proc == PROC_EXE)
		return -ETXTBSY;
	if (hp.proc >= PROC_VIRT_FIRST)
		return -EACCES;
	return RET(truncate(hp.path, len));
}

long sys_truncate(uint32_t *a)
{
	return do_truncate(a[0], (int32_t)a[1]);
}

long sys_truncate64(uint32_t *a)
{
	return do_truncate(a[0], OFF64(a[1], a[2]));
}

long sys_ftruncate(uint32_t *a)
{
	if (pol.read_only)
		return -EROFS;
	return RET(ftruncate(FD(a[0]), (int32_t)a[1]));
}

long sys_ftruncate64(uint32_t *a)
{
	if (pol.read_only)
		return -EROFS;
	return RET(ftruncate(FD(a[0]), OFF64(a[1], a[2])));
}

/* utimensat with host timespecs; ts NULL means "now". */
static long do_utimensat(int dirfd, uint32_t path, struct timespec *ts,
			 int flags)
{
	struct hpath hp;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (pol.read_only)
		return -EROFS;
	if (!path)	/* futimens(dirfd) */
		return RET(syscall(SYS_utimensat, dirfd, NULL, ts, 0));
	r = path_get(dirfd, path, PATH_WRITE |
		     (flags & AT_SYMLINK_NOFOLLOW ? 0 : PATH_FOLLOW), &hp);
	if (r < 0)
		return r;
	return RET(utimensat(hp.dirfd, hp.path, ts,
			     flags & AT_SYMLINK_NOFOLLOW));
}

long sys_utimensat(uint32_t *a)
{
	int32_t t[4];
	struct timespec ts[2];

	if (!a[2])
		return do_utimensat(FD(a[0]), a[1], NULL, (int)a[3]);
	if (copy_in(t, a[2], sizeof t) < 0)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		ts[i].tv_sec = t[2 * i];
		ts[i].tv_nsec = t[2 * i + 1];
	}
	return do_utimensat(FD(a[0]), a[1], ts, (int)a[3]);
}

long sys_utimensat_time64(uint32_t *a)
{
	int64_t t[4];
	struct timespec ts[2];

	if (!a[2])
		return do_utimensat(FD(a[0]), a[1], NULL, (int)a[3]);
	if (copy_in(t, a[2], sizeof t) < 0)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		ts[i].tv_sec = t[2 * i];
		/* the kernel ignores the upper half of tv_nsec for compat */
		ts[i].tv_nsec = (int32_t)t[2 * i + 1];
	}
	return do_utimensat(FD(a[0]), a[1], ts, (int)a[3]);
}

long sys_utimes(uint32_t *a)
{
	int32_t t[4];
	struct timespec ts[2];

	if (!a[1])
		return do_utimensat(AT_FDCWD, a[0], NULL, 0);
	if (copy_in(t, a[1], sizeof t) < 0)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (t[2 * i + 1] < 0 || t[2 * i + 1] >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = t[2 * i];
		ts[i].tv_nsec = t[2 * i + 1] * 1000L;
	}
	return do_utimensat(AT_FDCWD, a[0], ts, 0);
}

long sys_utime(uint32_t *a)
{
	int32_t t[2];
	struct timespec ts[2];

	if (!a[1])
		return do_utimensat(AT_FDCWD, a[0], NULL, 0);
	if (copy_in(t, a[1], sizeof t) < 0)
		return -EFAULT;
	ts[0].tv_sec = t[0];
	ts[1].tv_sec = t[1];
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return do_utimensat(AT_FDCWD, a[0], ts, 0);
}

long sys_fsync(uint32_t *a)
{
	return RET(fsync(FD(a[0])));
}

long sys_fdatasync(uint32_t *a)
{
	return RET(fdatasync(FD(a[0])));
}

long sys_sync(uint32_t *a)
{
	sync();
	return 0;
}

long sys_flock(uint32_t *a)
{
	return RET(flock(FD(a[0]), (int)a[1]));
}

long sys_fadvise64_64(uint32_t *a)
{
	int r = posix_fadvise(FD(a[0]), OFF64(a[1], a[2]), OFF64(a[3], a[4]),
			      (int)a[5]);
	return -r;
}

/* In the guest's /proc/self/fd and fdinfo, the entries of vxlinux's
   own descriptors are left out: filter the records of [buf, buf+n). */
static long hide_own_fds(char *buf, long n)
{
	long in = 0, out = 0;

	while (in < n) {
		struct dirent64 *d = (struct dirent64 *)(buf + in);
		unsigned short len = d->d_reclen;
		char *end;
		long fd = strtol(d->d_name, &end, 10);
		if (!(*end == 0 && end != d->d_name && fd >= fd_base)) {
			if (out != in)
				memmove(buf + out, buf + in, len);
			out += len;
		}
		in += len;
	}
	return out;
}

long sys_getdents64(uint32_t *a)
{
	/* struct linux_dirent64 is the same on i386 and x86-64.  The
	   entries are read into a host buffer, rewritten there and then
	   copied out: walked in the guest's buffer, another guest thread
	   could change a d_reclen under vxlinux (0: a loop for ever). */
	size_t hcount = a[2] < (1u << 20) ? a[2] : (1u << 20);
	char *buf;
	long n;

	if (!guest_ptr(a[1], a[2], VXPERM_WRITE))
		return -EFAULT;
	if (!(buf = malloc(hcount ? hcount : 1)))
		return -ENOMEM;
	int hide = proc_is_fd_dir(FD(a[0]));
	for (;;) {
		n = RET(syscall(SYS_getdents64, FD(a[0]), buf, hcount));
		if (n <= 0)
			break;
		if (hide && (n = hide_own_fds(buf, n)) == 0)
			continue;	/* only hidden entries: read on */
		/* Positions as a 32-bit process gets them (dirpos.c). */
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			int64_t g = dirpos_to_guest(d->d_off);
			if (g < 0) {
				n = g;
				break;
			}
			d->d_off = g;
			off += d->d_reclen;
		}
		if (n > 0 && copy_out(a[1], buf, (uint32_t)n) < 0)
			n = -EFAULT;
		break;
	}
	free(buf);
	return n;
}

/* The old getdents: 32-bit inode and offset, d_type after the name. */
long sys_getdents(uint32_t *a)
{
	uint32_t count = a[2], out = 0;
	char *tmp, *dst;
	long n, r = 0;

	if (!guest_ptr(a[1], count, VXPERM_WRITE))
		return -EFAULT;
	/* Bounded host buffers: a short read of a directory is normal.  The
	   old entries are shorter than the new, so they fit in as many
	   bytes; built here, they are copied out at the end. */
	size_t hcount = count < (1u << 20) ? count : (1u << 20);
	if (!(tmp = malloc(2 * (hcount ? hcount : 1))))
		return -ENOMEM;
	dst = tmp + (hcount ? hcount : 1);
	int hide = proc_is_fd_dir(FD(a[0]));
	for (;;) {
		n = syscall(SYS_getdents64, FD(a[0]), tmp, hcount);
		if (n < 0) {
			free(tmp);
			return -errno;
		}
		if (n == 0 || !hide || (n = hide_own_fds(tmp, n)) > 0)
			break;
	}
	for (long off = 0; off < n;) {
		struct dirent64 *d = (struct dirent64 *)(tmp + off);
		size_t namelen = strlen(d->d_name);
		uint32_t reclen = (10 + namelen + 2 + 3) & ~3u;
		int64_t gpos = dirpos_to_guest(d->d_off);
		uint32_t ino = (uint32_t)d->d_ino, doff = (uint32_t)gpos;
		uint16_t rl = reclen;

		if (ino != d->d_ino || gpos < 0) {
			r = gpos < 0 ? gpos : -EOVERFLOW;
			break;
		}
		if (out + reclen > count)
			break;
		memcpy(dst + out, &ino, 4);
		memcpy(dst + out + 4, &doff, 4);
		memcpy(dst + out + 8, &rl, 2);
		memcpy(dst + out + 10, d->d_name, namelen + 1);
		dst[out + reclen - 1] = d->d_type;
		out += reclen;
		off += d->d_reclen;
	}
	if (out && copy_out(a[1], dst, out) < 0)
		r = -EFAULT, out = 0;
	free(tmp);
	if (r < 0 && !out)
		return r;
	return out;
}
