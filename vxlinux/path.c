/*
 * path.c - guest path names to host path names, according to the policy.
 *
 * Without --root a guest path is used as it is: the guest sees the host
 * tree as the invoking user does.
 *
 * With --root DIR the kernel resolves every path inside DIR, with
 * openat2(RESOLVE_IN_ROOT): ".." stops at DIR and symbolic links, absolute
 * ones too, are resolved inside it, atomically, so that no concurrent
 * rename (by the guest's own forked children, say) can make a call leave
 * DIR.  The host call then gets a path through a descriptor vxlinux holds
 * for the duration of the system call: /proc/self/fd/N for the object
 * itself (calls that follow a final symbolic link), or
 * /proc/self/fd/N/NAME for a name in a directory (calls that create,
 * remove or do not follow it).  Where openat2 is missing (Linux < 5.6)
 * the resolution is done here, component by component, with the race
 * that doc/vxlinux.md describes.
 *
 * Names under the guest's own /proc/self are procfs.c's, in both modes.
 *
 * A root unpacked from packages has no device nodes (they are made by
 * maintainer scripts or udev, and making them needs privilege), yet
 * programs open /dev/null as a matter of course.  So under --root the
 * host's harmless data devices stand in for /dev/null, /dev/zero,
 * /dev/full, /dev/random and /dev/urandom where DIR has nothing of that
 * name: they give no access to anything but themselves.
 *
 * With -L DIR (no confinement, as qemu-i386's -L) an absolute guest path
 * names DIR/path where that exists, and the host's path otherwise: an
 * i386 sysroot unpacked in DIR supplies the loader and libraries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vxlinux.h"

#define MAX_LINKS	40	/* Linux's MAXSYMLINKS */

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

/* Descriptors held for the current system call, above the guest's. */
#define MAX_HELD	16
static __thread int held[MAX_HELD], nheld;	/* each thread's call's */
static int rootfd = -1;
static pthread_mutex_t root_mutex = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void guard_root(void)
{
	fork_guard(&root_mutex);	/* thread.c */
}
static dev_t root_dev;
static ino_t root_ino;
static int have_openat2 = 1;

void path_release(void)
{
	while (nheld > 0)
		close(held[--nheld]);
	uaccess_release();
}

static int hold(int fd)
{
	int hi = fd_reserve(fd);

	if (hi < 0)
		return hi;
	if (nheld == MAX_HELD) {
		close(hi);
		return -EMFILE;
	}
	held[nheld++] = hi;
	return hi;
}

/* The descriptor of DIR (reopened if it is not DIR any more). */
static int root_fd_locked(void)
{
	struct stat st;

	if (rootfd >= 0 && fstat(rootfd, &st) == 0 && st.st_dev == root_dev &&
	    st.st_ino == root_ino && S_ISDIR(st.st_mode))
		return rootfd;
	if (rootfd >= 0)
		close(rootfd);	/* it is ours only if it still is DIR */
	rootfd = fd_reserve(open(pol.root, O_PATH | O_DIRECTORY | O_CLOEXEC));
	if (rootfd < 0)
		return rootfd;
	if (fstat(rootfd, &st) < 0)
		return -errno;
	if (root_dev == 0 && root_ino == 0) {
		root_dev = st.st_dev;
		root_ino = st.st_ino;
	} else if (st.st_dev != root_dev || st.st_ino != root_ino) {
		return -EACCES;		/* DIR itself was replaced */
	}
	return rootfd;
}

static int root_fd(void)
{
	pthread_mutex_lock(&root_mutex);
	int fd = root_fd_locked();
	pthread_mutex_unlock(&root_mutex);
	return fd;
}

/* Open the guest-absolute path gabs inside DIR; a held descriptor. */
static long in_root(const char *gabs, int oflags)
{
	struct open_how how = {
		.flags = oflags | O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int r = root_fd();

	if (r < 0)
		return r;
	return hold(syscall(SYS_openat2, r, gabs, &how, sizeof how));
}

/* The guest-absolute form of path, relative to dirfd or the cwd. */
static long guest_abs(int dirfd, const char *path, char *out)
{
	char host[PATH_MAX], g[PATH_MAX];
	size_t n;

	if (path[0] == '/') {
		if (strlen(path) >= PATH_MAX)
			return -ENAMETOOLONG;
		strcpy(out, path);
		return 0;
	}
	long r = start_dir(dirfd, host);
	if (r < 0)
		return r;
	if (path_to_guest(host, g, sizeof g) < 0)
		strcpy(g, "/");
	n = strlen(g);
	size_t plen = strlen(path);
	if (n + 1 + plen >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(out, g, n);
	if (g[n - 1] != '/')
		out[n++] = '/';
	memcpy(out + n, path, plen + 1);
	return 0;
}

/*
 * A trailing slash makes Linux follow a final symbolic link even for calls
 * that do not otherwise, and the host kernel would follow it outside DIR:
 * so no path handed to the host ends with one.  Instead the last name is
 * looked at here: a symbolic link is followed (inside DIR), a directory
 * is used by name, anything else is ENOTDIR.
 */
static long kernel_resolve(int dirfd, const char *path, int flags,
			   struct hpath *hp)
{
	char gabs[PATH_MAX], parent[PATH_MAX];
	long r, fd;

	if ((r = guest_abs(dirfd, path, gabs)) < 0)
		return r;
	size_t len = strlen(gabs);
	int slash = 0;
	while (len > 1 && gabs[len - 1] == '/') {
		gabs[--len] = 0;
		slash = 1;
	}
	char *name = strrchr(gabs, '/') + 1;
	int dots = !*name || !strcmp(name, ".") || !strcmp(name, "..");
	memcpy(parent, gabs, name - gabs);
	parent[name - gabs] = 0;

	if (slash && !dots) {
		struct stat st;
		if ((fd = in_root(parent, O_DIRECTORY)) < 0)
			return fd;
		if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			if (S_ISLNK(st.st_mode))
				flags |= PATH_FOLLOW;
			else if (!S_ISDIR(st.st_mode))
				return -ENOTDIR;
		} else if (errno != ENOENT) {
			return -errno;
		} else if ((flags & PATH_FOLLOW) && (flags & PATH_CREATE)) {
			return -EISDIR;	/* open("new/", O_CREAT) */
		}
	}
	if ((flags & PATH_FOLLOW) || dots) {
		fd = in_root(gabs, slash ? O_DIRECTORY : 0);
		if (fd >= 0) {
			snprintf(hp->buf, sizeof hp->buf, "/proc/self/fd/%ld", fd);
			hp->dirfd = AT_FDCWD;
			hp->path = hp->buf;
			return 0;
		}
		/* Only a name to be created may be missing. */
		if (fd != -ENOENT || !(flags & PATH_CREATE) || dots)
			return fd;
	}
	if ((fd = in_root(parent, O_DIRECTORY)) < 0)
		return fd;
	if ((size_t)snprintf(hp->buf, sizeof hp->buf, "/proc/self/fd/%ld/%s",
			     fd, name) >= sizeof hp->buf)
		return -ENAMETOOLONG;
	hp->dirfd = AT_FDCWD;
	hp->path = hp->buf;
	return 0;
}

/* The devices that stand in for missing ones under --root. */
static const char *const stand_in[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
	NULL,
};

const char *const *path_stand_in_devices(void)
{
	return stand_in;
}

/*
 * The host device standing in for path under --root, or NULL: path names
 * one of stand_in[] (written plainly: "//" and "/./" aside, no "..", no
 * symbolic link on the way) and DIR has nothing of that name.
 */
static const char *dev_stand_in(int dirfd, const char *path)
{
	char gabs[PATH_MAX], norm[PATH_MAX];
	size_t n = 0;

	if (guest_abs(dirfd, path, gabs) < 0)
		return NULL;
	for (const char *p = gabs; *p && n < sizeof norm - 1;) {
		if (p[0] == '/' && (p[1] == '/' ||
				    (p[1] == '.' && (p[2] == '/' || !p[2])))) {
			p += p[1] == '/' ? 1 : 2;
			continue;
		}
		norm[n++] = *p++;
	}
	norm[n] = 0;
	for (int i = 0; stand_in[i]; i++) {
		if (strcmp(norm, stand_in[i]))
			continue;
		struct stat st;
		int rfd = root_fd();
		if (rfd < 0 ||
		    fstatat(rfd, norm + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    errno != ENOENT)
			return NULL;
		return stand_in[i];
	}
	return NULL;
}

/* -L DIR: DIR/path for an absolute path that exists there. */
static void prefixed(const char *path, struct hpath *hp)
{
	struct stat st;

	if (path[0] != '/' || (size_t)snprintf(hp->buf, sizeof hp->buf,
					       "%s%s", pol.prefix, path) >=
	    sizeof hp->buf || fstatat(AT_FDCWD, hp->buf, &st,
				      AT_SYMLINK_NOFOLLOW) < 0)
		return;
	hp->dirfd = AT_FDCWD;
	hp->path = hp->buf;
}

long path_host(int dirfd, const char *path, int flags, struct hpath *hp)
{
	const char *dev;
	long r;

	if (pol.root && (dev = dev_stand_in(dirfd, path))) {
		/* A device: writable under --read-only too, as a device
		   node on a read-only mount is. */
		hp->proc = 0;
		hp->dirfd = AT_FDCWD;
		hp->path = dev;
		return 0;
	}
	if ((flags & PATH_WRITE) && pol.read_only)
		return -EROFS;
	if ((r = proc_lookup(dirfd, path, flags, hp)) != 1)
		return r;
	hp->dirfd = dirfd;
	hp->path = path;
	if (pol.prefix)
		prefixed(path, hp);
	if (!pol.root)
		return 0;
	if (!path[0])
		return -ENOENT;
	if (have_openat2) {
		r = kernel_resolve(dirfd, path, flags, hp);
		if (r != -ENOSYS)
			return r;
		have_openat2 = 0;
		trace("note: no openat2 on this kernel: --root resolves paths "
		      "itself, with a race (doc/vxlinux.md)\n");
	}
	if ((r = resolve(dirfd, path, flags & PATH_FOLLOW, hp->buf)) < 0)
		return r;
	hp->dirfd = AT_FDCWD;
	hp->path = hp->buf;
	return 0;
}

int path_root_fd(void)
{
	return root_fd();
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
	memmove(out, g, n + 1);
	return (long)n;
}
