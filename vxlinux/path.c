/*
 * path.c - guest path names to host path names, according to the policy.
 *
 * Without --root a guest path is used as it is: the guest sees the host
 * tree as the invoking user does.  With --root DIR every path is resolved
 * here, component by component, inside DIR: ".." stops at DIR, and each
 * symbolic link met on the way is read and spliced in, an absolute target
 * starting again at DIR.  The host call then gets an absolute host path
 * with no symbolic link left except, for calls that do not follow one,
 * the last component.  (A concurrent rename by another host process
 * between this resolution and the call can still redirect it: see the
 * threat model in doc/vxlinux.md.)
 *
 * One name is special in both modes: /proc/self/exe (and /proc/PID/exe for
 * the guest's own pid) means the guest's program, not vxlinux, because
 * programs such as busybox re-execute themselves through it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

#define MAX_LINKS	40	/* Linux's MAXSYMLINKS */

int path_is_self_exe(const char *path)
{
	char own[32];

	if (!strcmp(path, "/proc/self/exe") ||
	    !strcmp(path, "/proc/thread-self/exe"))
		return 1;
	snprintf(own, sizeof own, "/proc/%d/exe", (int)getpid());
	return !strcmp(path, own);
}

static int under_root(const char *host)
{
	return !strncmp(host, pol.root, pol.rootlen) &&
	       (host[pol.rootlen] == '/' || host[pol.rootlen] == 0);
}

/* Host directory a relative guest path starts from. */
static long start_dir(int dirfd, char *cur)
{
	char link[64];
	ssize_t n;

	if (dirfd == AT_FDCWD) {
		if (!getcwd(cur, PATH_MAX))
			return -errno;
	} else {
		struct stat st;
		if (fstat(dirfd, &st) < 0)
			return -EBADF;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		if ((n = readlink(link, cur, PATH_MAX - 1)) < 0)
			return -errno;
		cur[n] = 0;
	}
	if (!under_root(cur))
		strcpy(cur, pol.root);	/* as a chroot'ed process outside
					   its root sees it: from the root */
	return 0;
}

static long resolve(int dirfd, const char *path, int follow, char *cur)
{
	char rest[2 * PATH_MAX], target[PATH_MAX];
	size_t len, rlen = strlen(path);
	int links = 0;
	long r;

	if (rlen >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(rest, path, rlen + 1);
	if (path[0] == '/')
		strcpy(cur, pol.root);
	else if ((r = start_dir(dirfd, cur)) < 0)
		return r;
	len = strlen(cur);

	char *p = rest;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *end = strchrnul(p, '/');
		size_t clen = end - p;
		const char *after = end;
		while (*after == '/')
			after++;
		int last = !*after, slash = *end == '/';

		if (clen == 1 && p[0] == '.') {
			p = end;
			continue;
		}
		if (clen == 2 && p[0] == '.' && p[1] == '.') {
			if (len > pol.rootlen) {
				while (len > pol.rootlen && cur[len - 1] != '/')
					len--;
				if (len > pol.rootlen)
					len--;	/* the slash */
				cur[len] = 0;
			}
			p = end;
			continue;
		}
		if (len + 1 + clen >= PATH_MAX)
			return -ENAMETOOLONG;
		cur[len] = '/';
		memcpy(cur + len + 1, p, clen);
		cur[len + 1 + clen] = 0;
		size_t prev = len;
		len += 1 + clen;
		if (last && !follow && !slash)
			break;

		struct stat st;
		if (lstat(cur, &st) < 0) {
			if (errno == ENOENT && last)
				break;	/* to be created */
			return -errno;
		}
		if (!S_ISLNK(st.st_mode)) {
			p = end;
			continue;
		}
		if (++links > MAX_LINKS)
			return -ELOOP;
		ssize_t tl = readlink(cur, target, sizeof target - 1);
		if (tl < 0)
			return -errno;
		target[tl] = 0;
		/* rest := target "/" remainder */
		size_t remlen = strlen(end);
		if (tl + remlen + 1 >= sizeof rest)
			return -ENAMETOOLONG;
		memmove(rest + tl, end, remlen + 1);
		memcpy(rest, target, tl);
		p = rest;
		if (target[0] == '/')
			len = pol.rootlen;
		else
			len = prev;
		cur[len] = 0;
	}
	/* A trailing slash still asks for a directory. */
	if (rlen && path[rlen - 1] == '/' && len + 1 < PATH_MAX &&
	    len > pol.rootlen) {
		cur[len++] = '/';
		cur[len] = 0;
	}
	return 0;
}

long path_host(int dirfd, const char *path, int flags, struct hpath *hp)
{
	long r;

	if ((flags & PATH_WRITE) && pol.read_only)
		return -EROFS;
	hp->dirfd = dirfd;
	hp->path = path;
	if (path_is_self_exe(path)) {
		hp->dirfd = AT_FDCWD;
		hp->path = exe_host;
		return 0;
	}
	if (!pol.root)
		return 0;
	if (!path[0])
		return -ENOENT;
	if ((r = resolve(dirfd, path, flags & PATH_FOLLOW, hp->buf)) < 0)
		return r;
	hp->dirfd = AT_FDCWD;
	hp->path = hp->buf;
	return 0;
}

long path_get(int dirfd, uint32_t gpath, int flags, struct hpath *hp)
{
	const char *s;
	long r = guest_str(gpath, PATH_MAX - 1, &s);

	if (r < 0)
		return r;
	return path_host(dirfd, s, flags, hp);
}

long path_to_guest(const char *host, char *out, size_t size)
{
	const char *g = host;
	size_t n;

	if (pol.root) {
		if (!under_root(host))
			return -ENOENT;
		g = host + pol.rootlen;
		if (!*g)
			g = "/";
	}
	n = strlen(g);
	if (n + 1 > size)
		return -ERANGE;
	memcpy(out, g, n + 1);
	return (long)n;
}
