/*
 * xattr.c - extended attributes: no file the guest sees has any.
 *
 * Programs ask for them in passing (ls -l looks for ACLs and SELinux
 * labels on every file, cp -a and tar copy them) and take "none" in
 * their stride; ENOSYS makes ls print an error for each file.  So each
 * call first does what Linux checks before the file system is asked (the
 * path resolves, inside --root; the descriptor is open; the name is
 * readable and 1..255 bytes; writes are refused under --read-only with
 * EROFS) and then answers as for a file without attributes: ENODATA to
 * get or remove one, an empty list, and EOPNOTSUPP to set one (named
 * under --trace).  No host call touches an attribute: the host's labels
 * and ACLs stay invisible to the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

#define XATTR_NAME_MAX_	255

enum op { GET, LIST, SET, REMOVE };

/* The answer for a file without attributes, once the checks passed. */
static long answer(enum op op, uint32_t name)
{
	const char *s;
	long r;

	if (op != LIST) {
		if ((r = guest_str(name, XATTR_NAME_MAX_, &s)) < 0)
			return r == -ENAMETOOLONG ? -ERANGE : r;
		if (!*s)
			return -ERANGE;
	}
	switch (op) {
	case LIST:
		return 0;
	case SET:
		return unsupported("setting an extended attribute (files have "
				   "none)", -EOPNOTSUPP);
	default:
		return -ENODATA;
	}
}

static long path_xattr(uint32_t *a, int follow, enum op op)
{
	int write = op == SET || op == REMOVE;
	struct hpath hp;
	struct stat st;
	long r;

	r = path_get(AT_FDCWD, a[0], (follow ? PATH_FOLLOW : 0) |
		     (write ? PATH_WRITE : 0), &hp);
	if (r < 0)
		return r;
	if (fstatat(hp.dirfd, hp.path, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return answer(op, a[1]);
}

static long fd_xattr(uint32_t *a, enum op op)
{
	int fd = (int)a[0], fl;

	if (fd < 0 || fd >= fd_base || (fl = fcntl(fd, F_GETFL)) < 0 ||
	    (fl & O_PATH))
		return -EBADF;
	if ((op == SET || op == REMOVE) && pol.read_only)
		return -EROFS;
	return answer(op, a[1]);
}

long sys_setxattr(uint32_t *a) { return path_xattr(a, 1, SET); }
long sys_lsetxattr(uint32_t *a) { return path_xattr(a, 0, SET); }
long sys_fsetxattr(uint32_t *a) { return fd_xattr(a, SET); }
long sys_getxattr(uint32_t *a) { return path_xattr(a, 1, GET); }
long sys_lgetxattr(uint32_t *a) { return path_xattr(a, 0, GET); }
long sys_fgetxattr(uint32_t *a) { return fd_xattr(a, GET); }
long sys_listxattr(uint32_t *a) { return path_xattr(a, 1, LIST); }
long sys_llistxattr(uint32_t *a) { return path_xattr(a, 0, LIST); }
long sys_flistxattr(uint32_t *a) { return fd_xattr(a, LIST); }
long sys_removexattr(uint32_t *a) { return path_xattr(a, 1, REMOVE); }
long sys_lremovexattr(uint32_t *a) { return path_xattr(a, 0, REMOVE); }
long sys_fremovexattr(uint32_t *a) { return fd_xattr(a, REMOVE); }
