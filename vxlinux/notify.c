/*
 * notify.c - inotify.  Watches name guest paths, resolved like any other
 * (--root, -L, /proc/self: path.c); the host watches the object through
 * an O_PATH descriptor of it, so no host path is ever built from the
 * guest's string.  Events read back in struct inotify_event, whose
 * fields are 32-bit on both, and carry names relative to the watched
 * directory only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <unistd.h>
#include "vxlinux.h"

long sys_inotify_init(uint32_t *a)
{
	long fd = inotify_init1(0);

	(void)a;
	return fd_new(fd < 0 ? -errno : fd);
}

long sys_inotify_init1(uint32_t *a)
{
	long fd;

	if (a[0] & ~(uint32_t)(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	fd = inotify_init1((int)a[0]);
	return fd_new(fd < 0 ? -errno : fd);
}

/* inotify_add_watch(fd, path, mask) */
long sys_inotify_add_watch(uint32_t *a)
{
	uint32_t mask = a[2];
	struct hpath hp;
	char self[40];
	long r;
	int obj;

	r = path_get(AT_FDCWD, a[1], mask & IN_DONT_FOLLOW ? 0 : PATH_FOLLOW,
		     &hp);
	if (r < 0)
		return r;
	if (hp.proc)
		return unsupported("inotify on the guest's /proc/self", -EACCES);
	/* Followed or not as the guest asked: under --root path_get has
	   resolved the path inside the root and hands back its own
	   descriptor of the result as a /proc/self/fd link, which must be
	   followed to reach the object. */
	obj = openat(hp.dirfd, hp.path, O_PATH | O_CLOEXEC |
		     (mask & IN_DONT_FOLLOW ? O_NOFOLLOW : 0) |
		     (mask & IN_ONLYDIR ? O_DIRECTORY : 0));
	if (obj < 0)
		return -errno;
	snprintf(self, sizeof self, "/proc/self/fd/%d", obj);
	r = inotify_add_watch((int)a[0], self, mask & ~IN_DONT_FOLLOW);
	r = r < 0 ? -errno : r;
	close(obj);
	return r;
}

long sys_inotify_rm_watch(uint32_t *a)
{
	return inotify_rm_watch((int)a[0], (int)a[1]) < 0 ? -errno : 0;
}
