/*
 * stat.c - stat64, fstatat64, statx and statfs64 with the i386 layouts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "vxlinux.h"

/* struct stat64 of i386 (packed, 96 bytes). */
struct stat64_i386 {
	uint64_t st_dev;
	uint32_t pad0;
	uint32_t st_ino32;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint32_t pad3;
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t st_atime_;
	uint32_t st_atime_nsec;
	uint32_t st_mtime_;
	uint32_t st_mtime_nsec;
	uint32_t st_ctime_;
	uint32_t st_ctime_nsec;
	uint64_t st_ino;
} __attribute__((packed));

_Static_assert(sizeof(struct stat64_i386) == 96, "i386 stat64 layout");

/* The kernel's 32-bit device number encoding (new_encode_dev). */
static uint32_t encode_dev(dev_t d)
{
	uint32_t ma = major(d), mi = minor(d);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

static long put_stat64(uint32_t addr, const struct stat *st)
{
	struct stat64_i386 s;

	memset(&s, 0, sizeof s);
	s.st_dev = encode_dev(st->st_dev);
	s.st_ino32 = (uint32_t)st->st_ino;
	s.st_mode = st->st_mode;
	s.st_nlink = st->st_nlink;
	s.st_uid = st->st_uid;
	s.st_gid = st->st_gid;
	s.st_rdev = encode_dev(st->st_rdev);
	s.st_size = st->st_size;
	s.st_blksize = st->st_blksize;
	s.st_blocks = st->st_blocks;
	/* Times past 2106 wrap, as Linux's cp_new_stat64 lets them. */
	s.st_atime_ = st->st_atim.tv_sec;
	s.st_atime_nsec = st->st_atim.tv_nsec;
	s.st_mtime_ = st->st_mtim.tv_sec;
	s.st_mtime_nsec = st->st_mtim.tv_nsec;
	s.st_ctime_ = st->st_ctim.tv_sec;
	s.st_ctime_nsec = st->st_ctim.tv_nsec;
	s.st_ino = st->st_ino;
	return copy_out(addr, &s, sizeof s);
}

static long do_fstatat(int dirfd, uint32_t path, uint32_t buf, int flags)
{
	struct hpath hp;
	struct stat st;
	const char *s;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((r = guest_str(path, PATH_MAX - 1, &s)) < 0)
		return r;
	if (!*s && (flags & AT_EMPTY_PATH)) {
		hp.dirfd = dirfd;
		hp.path = "";
	} else if ((r = path_host(dirfd, s, flags & AT_SYMLINK_NOFOLLOW ? 0 :
				  PATH_FOLLOW, &hp)) < 0) {
		return r;
	}
	if (fstatat(hp.dirfd, hp.path, &st, flags) < 0)
		return -errno;
	return put_stat64(buf, &st);
}

long sys_stat64(uint32_t *a)
{
	return do_fstatat(AT_FDCWD, a[0], a[1], 0);
}

long sys_lstat64(uint32_t *a)
{
	return do_fstatat(AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

long sys_fstatat64(uint32_t *a)
{
	return do_fstatat((int)a[0], a[1], a[2], (int)a[3]);
}

long sys_fstat64(uint32_t *a)
{
	struct stat st;

	if (fstat((int)a[0], &st) < 0)
		return -errno;
	return put_stat64(a[1], &st);
}

/* struct statx has one layout on every architecture. */
long sys_statx(uint32_t *a)
{
	int dirfd = (int)a[0], flags = (int)a[2];
	void *buf = guest_ptr(a[4], sizeof(struct statx), VXPERM_WRITE);
	struct hpath hp;
	const char *s = "";
	long r;

	if (!buf)
		return -EFAULT;
	if (a[1] && (r = guest_str(a[1], PATH_MAX - 1, &s)) < 0)
		return r;
	if (!*s && (flags & AT_EMPTY_PATH)) {
		hp.dirfd = dirfd;
		hp.path = "";
	} else if ((r = path_host(dirfd, s, flags & AT_SYMLINK_NOFOLLOW ? 0 :
				  PATH_FOLLOW, &hp)) < 0) {
		return r;
	}
	r = syscall(SYS_statx, hp.dirfd, hp.path, flags, a[3], buf);
	return r < 0 ? -errno : r;
}

/* struct statfs64 of i386 (packed, 84 bytes). */
struct statfs64_i386 {
	uint32_t f_type;
	uint32_t f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags;
	uint32_t f_spare[4];
} __attribute__((packed));

_Static_assert(sizeof(struct statfs64_i386) == 84, "i386 statfs64 layout");

static long put_statfs64(uint32_t addr, const struct statfs *f)
{
	struct statfs64_i386 s;

	memset(&s, 0, sizeof s);
	s.f_type = f->f_type;
	s.f_bsize = f->f_bsize;
	s.f_blocks = f->f_blocks;
	s.f_bfree = f->f_bfree;
	s.f_bavail = f->f_bavail;
	s.f_files = f->f_files;
	s.f_ffree = f->f_ffree;
	memcpy(s.f_fsid, &f->f_fsid, sizeof s.f_fsid);
	s.f_namelen = f->f_namelen;
	s.f_frsize = f->f_frsize;
	s.f_flags = f->f_flags;
	return copy_out(addr, &s, sizeof s);
}

long sys_statfs64(uint32_t *a)
{
	struct hpath hp;
	struct statfs f;
	long r;

	if (a[1] != sizeof(struct statfs64_i386))
		return -EINVAL;
	if ((r = path_get(AT_FDCWD, a[0], PATH_FOLLOW, &hp)) < 0)
		return r;
	if (statfs(hp.path, &f) < 0)
		return -errno;
	return put_statfs64(a[2], &f);
}

long sys_fstatfs64(uint32_t *a)
{
	struct statfs f;

	if (a[1] != sizeof(struct statfs64_i386))
		return -EINVAL;
	if (fstatfs((int)a[0], &f) < 0)
		return -errno;
	return put_statfs64(a[2], &f);
}

/* The old struct stat of i386 (64 bytes): 32-bit sizes and inode
   numbers, 16-bit mode, link count and ids. */
struct stat_i386 {
	uint32_t st_dev, st_ino;
	uint16_t st_mode, st_nlink, st_uid, st_gid;
	uint32_t st_rdev, st_size, st_blksize, st_blocks;
	uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec;
	uint32_t st_ctime_, st_ctime_nsec, unused4, unused5;
};

_Static_assert(sizeof(struct stat_i386) == 64, "i386 stat layout");

static long put_stat(uint32_t addr, const struct stat *st)
{
	struct stat_i386 s;

	/* What does not fit is EOVERFLOW, as in the kernel's cp_new_stat;
	   ids that do not fit read as the overflow id. */
	if (st->st_ino > 0xffffffffu || st->st_nlink > 0xffff ||
	    st->st_size > 0x7fffffff)
		return -EOVERFLOW;
	memset(&s, 0, sizeof s);
	s.st_dev = encode_dev(st->st_dev);
	s.st_ino = st->st_ino;
	s.st_mode = st->st_mode;
	s.st_nlink = st->st_nlink;
	s.st_uid = st->st_uid > 0xffff ? 65534 : st->st_uid;
	s.st_gid = st->st_gid > 0xffff ? 65534 : st->st_gid;
	s.st_rdev = encode_dev(st->st_rdev);
	s.st_size = st->st_size;
	s.st_blksize = st->st_blksize;
	s.st_blocks = st->st_blocks;
	s.st_atime_ = st->st_atim.tv_sec;
	s.st_atime_nsec = st->st_atim.tv_nsec;
	s.st_mtime_ = st->st_mtim.tv_sec;
	s.st_mtime_nsec = st->st_mtim.tv_nsec;
	s.st_ctime_ = st->st_ctim.tv_sec;
	s.st_ctime_nsec = st->st_ctim.tv_nsec;
	return copy_out(addr, &s, sizeof s);
}

static long do_oldstat(uint32_t path, uint32_t buf, int follow)
{
	struct hpath hp;
	struct stat st;
	long r = path_get(AT_FDCWD, path, follow ? PATH_FOLLOW : 0, &hp);

	if (r < 0)
		return r;
	if (fstatat(hp.dirfd, hp.path, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW))
		return -errno;
	return put_stat(buf, &st);
}

long sys_stat(uint32_t *a)
{
	return do_oldstat(a[0], a[1], 1);
}

long sys_lstat(uint32_t *a)
{
	return do_oldstat(a[0], a[1], 0);
}

long sys_fstat(uint32_t *a)
{
	struct stat st;

	if (fstat((int)a[0], &st) < 0)
		return -errno;
	return put_stat(a[1], &st);
}

/* The 32-bit struct statfs: EOVERFLOW for counts that need more. */
static long put_statfs(uint32_t addr, const struct statfs *f)
{
	uint32_t g[16];
	uint64_t all = f->f_blocks | f->f_bfree | f->f_bavail | f->f_bsize |
		       f->f_frsize;

	if ((all >> 32) ||
	    ((f->f_files | f->f_ffree) >> 32 &&
	     f->f_files != (__fsfilcnt_t)-1 && f->f_ffree != (__fsfilcnt_t)-1))
		return -EOVERFLOW;
	memset(g, 0, sizeof g);
	g[0] = f->f_type;
	g[1] = f->f_bsize;
	g[2] = f->f_blocks;
	g[3] = f->f_bfree;
	g[4] = f->f_bavail;
	g[5] = f->f_files;
	g[6] = f->f_ffree;
	memcpy(&g[7], &f->f_fsid, 8);
	g[9] = f->f_namelen;
	g[10] = f->f_frsize;
	g[11] = f->f_flags;
	return copy_out(addr, g, sizeof g);
}

long sys_statfs(uint32_t *a)
{
	struct hpath hp;
	struct statfs f;
	long r;

	if ((r = path_get(AT_FDCWD, a[0], PATH_FOLLOW, &hp)) < 0)
		return r;
	if (statfs(hp.path, &f) < 0)
		return -errno;
	return put_statfs(a[1], &f);
}

long sys_fstatfs(uint32_t *a)
{
	struct statfs f;

	if (fstatfs((int)a[0], &f) < 0)
		return -errno;
	return put_statfs(a[1], &f);
}
