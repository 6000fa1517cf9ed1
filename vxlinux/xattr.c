/*
 * xattr.c - extended attributes: the guest sees file systems without
 * them.
 *
 * Programs ask for them in passing (ls -l looks for ACLs and SELinux
 * labels on every file, cp -a and tar copy them) and take EOPNOTSUPP,
 * a file system that has none, in their stride; ENOSYS makes ls print
 * an error for each file.  So each call first does what Linux checks
 * before the file system is asked (the name resolves, inside --root; the
 * descriptor is open; writes are refused under --read-only with EROFS)
 * and then answers EOPNOTSUPP, named under --trace.  No host call touches
 * an attribute: the host's labels and ACLs stay invisible to the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

#define NONE	"extended attributes (the guest's file systems have none)"

/* The object path names exists (follow: through a final symbolic link). */
static long path_xattr(uint32_t path, int follow, int write)
{
	struct hpath hp;
	struct stat st;
	long r;

	r = path_get(AT_FDCWD, path, (follow ? PATH_FOLLOW : 0) |
		     (write ? PATH_WRITE : 0), &hp);
	if (r < 0)
		return r;
	if (fstatat(hp.dirfd, hp.path, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return unsupported(NONE, -EOPNOTSUPP);
}

/* The guest's descriptor fd is open. */
static long fd_xattr(uint32_t fd, int write)
{
	int fl;

	if ((int)fd < 0 || (int)fd >= fd_base || (fl = fcntl((int)fd, F_GETFL)) < 0)
		return -EBADF;
	if (fl & O_PATH)
		return -EBADF;
	if (write && pol.read_only)
		return -EROFS;
	return unsupported(NONE, -EOPNOTSUPP);
}

long sys_setxattr(uint32_t *a) { return path_xattr(a[0], 1, 1); }
long sys_lsetxattr(uint32_t *a) { return path_xattr(a[0], 0, 1); }
long sys_fsetxattr(uint32_t *a) { return fd_xattr(a[0], 1); }
long sys_getxattr(uint32_t *a) { return path_xattr(a[0], 1, 0); }
long sys_lgetxattr(uint32_t *a) { return path_xattr(a[0], 0, 0); }
long sys_fgetxattr(uint32_t *a) { return fd_xattr(a[0], 0); }
long sys_listxattr(uint32_t *a) { return path_xattr(a[0], 1, 0); }
long sys_llistxattr(uint32_t *a) { return path_xattr(a[0], 0, 0); }
long sys_flistxattr(uint32_t *a) { return fd_xattr(a[0], 0); }
long sys_removexattr(uint32_t *a) { return path_xattr(a[0], 1, 1); }
long sys_lremovexattr(uint32_t *a) { return path_xattr(a[0], 0, 1); }
long sys_fremovexattr(uint32_t *a) { return fd_xattr(a[0], 1); }
