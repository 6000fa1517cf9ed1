/*
 * procfs.c - the guest's own /proc/self.
 *
 * The guest and vxlinux are one host process, so the host's /proc/self
 * describes vxlinux: its 64-bit memory (mem, maps, pagemap, map_files),
 * its binary (exe), its descriptors.  Here every name under the guest's
 * own /proc/self, /proc/thread-self, /proc/PID and /proc/PID/task/PID
 * gets the guest's view, in every mode:
 *  - exe is the guest's program (by descriptor, exec.c), root the --root
 *    directory, fd/N and fdinfo/N only the guest's descriptors (fds.c);
 *    a path that goes on through one of these links (cwd/.., root/x,
 *    fd/3/x) is resolved as the guest's path from there, inside --root;
 *  - maps, smaps, cmdline, environ, auxv, stat, statm and status are
 *    written here from the guest's state into a memfd;
 *  - mem, pagemap, map_files, syscall, stack, clear_refs and every name
 *    not known to be harmless are refused (EACCES);
 *  - the rest (status-like files of the process, net/, ns/, task/) are
 *    the host's own, which say the same for the guest.
 * Names are matched as spelled (after ".", ".." and "//" are folded).
 * A guest can reach host procfs by other routes too: a symbolic link to
 * /proc/self/mem, a directory descriptor inside /proc, a procfs mounted
 * inside --root.  So every file the guest opens is checked afterwards
 * (proc_check_open): one of this process's procfs files is held to the
 * same table, whatever name reached it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "vxlinux.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
#define PROC_ROOT_INO	1

#define MAXCOMP		64

static char *cmdline, *environ_;	/* NUL-separated, as Linux shows */
static size_t cmdline_len, environ_len;
static uint32_t auxv[2 * 64];
static size_t auxv_len;
static pid_t self_pid;

/* How a name under the guest's /proc/self is served. */
enum {
	P_REFUSE,	/* EACCES */
	P_HOST,		/* the host's file: the same for the guest */
	P_HOST_RO,	/* the host's, but not writable */
	P_VIRT,		/* written here (hp->proc says which) */
	P_LINK,		/* a link: exe, root, cwd, fd/N */
	P_FDDIR,	/* fd/ and fdinfo/: the guest's descriptors only */
};

static const struct {
	const char *name;
	int how, proc;
} names[] = {
	{ "exe", P_LINK, PROC_EXE },
	{ "root", P_LINK, PROC_ROOT },
	{ "cwd", P_LINK, PROC_CWD },
	{ "fd", P_FDDIR, PROC_FD },
	{ "fdinfo", P_FDDIR, PROC_FDINFO },
	{ "maps", P_VIRT, PROC_MAPS },
	{ "smaps", P_VIRT, PROC_SMAPS },
	{ "cmdline", P_VIRT, PROC_CMDLINE },
	{ "environ", P_VIRT, PROC_ENVIRON },
	{ "auxv", P_VIRT, PROC_AUXV },
	{ "stat", P_VIRT, PROC_STAT },
	{ "statm", P_VIRT, PROC_STATM },
	{ "status", P_VIRT, PROC_STATUS },
	{ "comm", P_HOST, 0 },
	{ "oom_score_adj", P_HOST, 0 },
	{ "oom_adj", P_HOST, 0 },
	{ "coredump_filter", P_HOST, 0 },
	{ "timerslack_ns", P_HOST, 0 },
	{ "autogroup", P_HOST, 0 },
	{ "limits", P_HOST_RO, 0 },
	{ "cgroup", P_HOST_RO, 0 },
	{ "cpuset", P_HOST_RO, 0 },
	{ "mountinfo", P_HOST_RO, 0 },
	{ "mounts", P_HOST_RO, 0 },
	{ "mountstats", P_HOST_RO, 0 },
	{ "io", P_HOST_RO, 0 },
	{ "sched", P_HOST_RO, 0 },
	{ "schedstat", P_HOST_RO, 0 },
	{ "oom_score", P_HOST_RO, 0 },
	{ "wchan", P_HOST_RO, 0 },
	{ "personality", P_HOST_RO, 0 },
	{ "loginuid", P_HOST_RO, 0 },
	{ "sessionid", P_HOST_RO, 0 },
	{ "uid_map", P_HOST_RO, 0 },
	{ "gid_map", P_HOST_RO, 0 },
	{ "projid_map", P_HOST_RO, 0 },
	{ "setgroups", P_HOST_RO, 0 },
	{ "timers", P_HOST_RO, 0 },
	{ "children", P_HOST_RO, 0 },
	{ "arch_status", P_HOST_RO, 0 },
	{ "attr", P_HOST_RO, 0 },
	{ "net", P_HOST_RO, 0 },
	{ "ns", P_HOST_RO, 0 },
	{ "task", P_HOST_RO, 0 },
};

void procfs_init(char **argv, char **envp)
{
	size_t n;

	self_pid = getpid();
	free(cmdline);			/* a program's before an execve */
	free(environ_);
	for (int pass = 0; pass < 2; pass++) {
		char **v = pass ? envp : argv, *out;
		for (n = 0; v && *v; v++)
			n += strlen(*v) + 1;
		if (!(out = malloc(n + 1)))
			die("out of memory");
		n = 0;
		for (v = pass ? envp : argv; v && *v; v++) {
			size_t l = strlen(*v) + 1;
			memcpy(out + n, *v, l);
			n += l;
		}
		if (pass) {
			environ_ = out;
			environ_len = n;
		} else {
			cmdline = out;
			cmdline_len = n;
		}
	}
	/* The auxiliary vector as the loader left it, above envp. */
	uint32_t sp = guest->cpu->reg[ESP], argc, w;
	if (get_u32(sp, &argc) < 0)
		return;
	sp += 4 * (argc + 2);
	while (get_u32(sp, &w) == 0 && w)
		sp += 4;
	sp += 4;
	for (n = 0; n < sizeof auxv / 4; n += 2) {
		if (get_u32(sp + 4 * n, &auxv[n]) < 0 ||
		    get_u32(sp + 4 * n + 4, &auxv[n + 1]) < 0)
			break;
		if (auxv[n] == 0) {
			n += 2;
			break;
		}
	}
	auxv_len = 4 * n;
}

void procfs_after_fork(void)
{
	self_pid = getpid();
}

static int is_number(const char *s, size_t n)
{
	if (!n || n > 10)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int is_self(const char *s, size_t n)
{
	char own[16];
	int l = snprintf(own, sizeof own, "%d", (int)self_pid);

	return (size_t)l == n && !memcmp(s, own, n);
}

static int own_dir(char **comp, int n);

/* Does comp[0..n) end in one of the links of the guest's own process
   directory (exe, root, cwd, fd/N)?  What follows a link is a path from
   its target, where ".." means the target's parent. */
static int ends_in_link(char **comp, int n)
{
	int k = own_dir(comp, n);

	if (k < 0)
		return 0;
	while (k + 2 < n && !strcmp(comp[k], "task"))
		k += 2;		/* task/TID/...: the same names */
	if (k == n - 1)
		return !strcmp(comp[k], "exe") || !strcmp(comp[k], "root") ||
		       !strcmp(comp[k], "cwd");
	return k == n - 2 && !strcmp(comp[k], "fd");
}

/* Split path (absolute) into components, folding "." and empty ones, and
   ".." up to a link of the guest's process directory (after which the
   names are kept as they are); the number of components or -1 if too
   many. */
static int split(char *path, char **comp)
{
	int n = 0, raw = 0;

	for (char *p = strtok(path, "/"); p; p = strtok(NULL, "/")) {
		if (!strcmp(p, ".") && !raw)
			continue;
		if (!strcmp(p, "..") && !raw) {
			if (n)
				n--;
			continue;
		}
		if (n == MAXCOMP)
			return -1;
		comp[n++] = p;
		if (!raw && ends_in_link(comp, n))
			raw = 1;
	}
	return n;
}

/* Of comp[0..n), the index of the first name under the guest's own
   process directory, or -1 if the path is not in it.  comp[0] is
   "proc". */
static int own_dir(char **comp, int n)
{
	if (n < 2 || strcmp(comp[0], "proc"))
		return -1;
	if (!strcmp(comp[1], "thread-self"))
		return 2;
	if (strcmp(comp[1], "self") && !is_self(comp[1], strlen(comp[1])))
		return -1;
	/* task/TID: the thread's directory holds the same names. */
	if (n >= 4 && !strcmp(comp[2], "task") &&
	    is_self(comp[3], strlen(comp[3])))
		return 4;
	return 2;
}

static int lookup(const char *name)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name))
			return (int)i;
	return -1;
}

/* The rest of a path after comp[i], as a relative path in buf. */
static const char *rest(char **comp, int i, int n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (; i < n; i++) {
		int w = snprintf(buf + len, size - len, "%s%s",
				 len ? "/" : "", comp[i]);
		if (w < 0 || (size_t)w >= size - len)
			return NULL;
		len += w;
	}
	return len ? buf : ".";
}

/* The guest path rel (from dirfd), resolved as any guest path. */
static long guest_path(int dirfd, const char *rel, int flags,
		       struct hpath *hp)
{
	char *copy = strdup(rel);

	if (!copy)
		return -ENOMEM;
	long r = path_host(dirfd, copy, flags, hp);
	if (r >= 0 && hp->path == copy) {
		snprintf(hp->buf, sizeof hp->buf, "%s", copy);
		hp->path = hp->buf;
	}
	free(copy);
	return r;
}

/*
 * comp[first..n) are the names under the guest's own process (or
 * thread) directory.  Fill hp: a host path to use, and in hp->proc what
 * it is when that matters; 0 or -errno.
 */
static long serve(char **comp, int first, int n, int flags, int writes,
		  struct hpath *hp)
{
	char tail[PATH_MAX];
	const char *t;

	hp->dirfd = AT_FDCWD;
	hp->path = hp->buf;
	hp->proc = 0;
	if (first == n) {		/* the directory itself */
		snprintf(hp->buf, sizeof hp->buf, "/proc/self");
		return 0;
	}
	int i = lookup(comp[first]);
	if (i < 0) {
		/* A name that does not exist does not; one that does, but is
		   not known to be harmless, is refused. */
		char host[PATH_MAX];
		snprintf(host, sizeof host, "/proc/self/%s", comp[first]);
		return faccessat(AT_FDCWD, host, F_OK, AT_SYMLINK_NOFOLLOW) < 0 &&
		       errno == ENOENT ? -ENOENT : -EACCES;
	}
	int more = n - first - 1;	/* names after this one */
	long r;

	/* task/TID/...: every thread's directory is ours and the same. */
	if (!strcmp(comp[first], "task") && more >= 1) {
		if (!is_number(comp[first + 1], strlen(comp[first + 1])))
			return -ENOENT;
		if (more == 1) {
			snprintf(hp->buf, sizeof hp->buf, "/proc/self/task/%s",
				 comp[first + 1]);
			return writes ? -EACCES : 0;
		}
		return serve(comp, first + 2, n, flags, writes, hp);
	}
	switch (names[i].how) {
	case P_HOST:
	case P_HOST_RO:
		if (writes && (names[i].how == P_HOST_RO || more))
			return -EACCES;
		if (!(t = rest(comp, first, n, tail, sizeof tail)))
			return -ENAMETOOLONG;
		snprintf(hp->buf, sizeof hp->buf, "/proc/self/%s", t);
		return 0;
	case P_VIRT:
		if (more)
			return -ENOTDIR;
		if (writes)
			return -EACCES;
		hp->proc = names[i].proc;
		snprintf(hp->buf, sizeof hp->buf, "/proc/self/%s",
			 comp[first]);
		return 0;
	case P_FDDIR: {
		if (!more) {
			snprintf(hp->buf, sizeof hp->buf, "/proc/self/%s",
				 comp[first]);
			return writes ? -EACCES : 0;
		}
		const char *num = comp[first + 1];
		size_t nl = strlen(num);
		if (!is_number(num, nl) || atol(num) >= fd_base)
			return -ENOENT;
		int fd = atoi(num);
		if (names[i].proc == PROC_FDINFO) {
			if (more > 1)
				return -ENOTDIR;
			if (writes)
				return -EACCES;
			snprintf(hp->buf, sizeof hp->buf,
				 "/proc/self/fdinfo/%d", fd);
			return 0;
		}
		if (more > 1) {		/* fd/N/name: from that directory */
			if (!(t = rest(comp, first + 2, n, tail, sizeof tail)))
				return -ENAMETOOLONG;
			return guest_path(fd, t, flags, hp);
		}
		hp->proc = PROC_FD;
		snprintf(hp->buf, sizeof hp->buf, "/proc/self/fd/%d", fd);
		return 0;
	}
	case P_LINK:
		if (names[i].proc == PROC_EXE) {
			if (more)
				return -ENOTDIR;
			hp->proc = PROC_EXE;
			snprintf(hp->buf, sizeof hp->buf, "/proc/self/fd/%d",
				 exe_fd);
			return 0;
		}
		if (names[i].proc == PROC_CWD) {
			if (!(t = rest(comp, first + 1, n, tail, sizeof tail)))
				return -ENAMETOOLONG;
			r = guest_path(AT_FDCWD, t, flags, hp);
			if (r >= 0 && !more)
				hp->proc = PROC_CWD;
			return r;
		}
		/* root: the guest's "/" */
		if (!(t = rest(comp, first + 1, n, tail, sizeof tail)) ||
		    strlen(t) + 2 > sizeof tail)
			return -ENAMETOOLONG;
		memmove(tail + 1, t, strlen(t) + 1);
		tail[0] = '/';
		r = guest_path(AT_FDCWD, tail, flags, hp);
		if (r >= 0 && !more)
			hp->proc = PROC_ROOT;
		return r;
	}
	return -EACCES;
}

/* /proc/PID[/task/TID]/{mem,pagemap,map_files,...} of any process. */
static int other_memory(char **comp, int n)
{
	static const char *const mem[] = {
		"mem", "pagemap", "map_files", "syscall", "stack",
		"clear_refs",
	};
	int k = 2;

	if (n >= 5 && !strcmp(comp[2], "task"))
		k = 4;
	for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++)
		if (k < n && !strcmp(comp[k], mem[i]))
			return 1;
	return 0;
}

int proc_is_self_exe(const char *path)
{
	char buf[PATH_MAX], *comp[MAXCOMP];
	int n, i;

	if (strncmp(path, "/proc/", 6) || strlen(path) >= sizeof buf)
		return 0;
	strcpy(buf, path);
	if ((n = split(buf, comp)) < 0 || (i = own_dir(comp, n)) < 0)
		return 0;
	return i == n - 1 && !strcmp(comp[i], "exe");
}

/* Is the directory a relative path starts from in procfs? */
static int start_in_proc(int dirfd)
{
	struct statfs sf;

	if (dirfd == AT_FDCWD)
		return statfs(".", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
	return fstatfs(dirfd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

long proc_lookup(int dirfd, const char *path, int flags, struct hpath *hp)
{
	int writes = (flags & PATH_WRITE) != 0;
	char buf[PATH_MAX], *comp[MAXCOMP];
	int n, first;

	hp->proc = 0;
	if (path[0] == '/') {
		if (strncmp(path, "/proc", 5) || (path[5] && path[5] != '/'))
			return 1;
		if (strlen(path) >= sizeof buf)
			return -ENAMETOOLONG;
		strcpy(buf, path);
	} else {
		/* Relative to a directory in procfs: name it in full. */
		if (!start_in_proc(dirfd))
			return 1;
		char link[40], host[PATH_MAX];
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof link, "/proc/self/cwd");
		else
			snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		ssize_t l = readlink(link, host, sizeof host - 1);
		if (l < 0)
			return 1;
		host[l] = 0;
		/* host is "<mount>/PID/...": only the part from the mount
		   on matters, and for our own process the mount is /proc
		   in the guest's view (see proc_check_open). */
		const char *p = proc_tail(host);
		if (!p)
			return 1;
		if ((size_t)snprintf(buf, sizeof buf, "/proc/%s/%s", p, path)
		    >= sizeof buf)
			return -ENAMETOOLONG;
	}
	if ((n = split(buf, comp)) < 0)
		return -ENAMETOOLONG;
	if ((first = own_dir(comp, n)) < 0)
		return 1;
	return serve(comp, first, n, flags, writes, hp);
}

/*
 * Of a host path in procfs, the part after the procfs mount ("123/maps"
 * for "/proc/123/maps" or "/srv/root/proc/123/maps"), or NULL.  The
 * mount is found as the directory whose inode is procfs's root.
 */
const char *proc_tail(const char *host)
{
	char pre[PATH_MAX];
	struct stat st;
	struct statfs sf;

	for (const char *p = host;; p++) {
		const char *end = strchrnul(p, '/');
		size_t len = end - host;
		if (len >= sizeof pre)
			return NULL;
		memcpy(pre, host, len);
		pre[len] = 0;
		if (stat(len ? pre : "/", &st) == 0 &&
		    st.st_ino == PROC_ROOT_INO && statfs(len ? pre : "/", &sf) == 0 &&
		    sf.f_type == PROC_SUPER_MAGIC)
			return *end ? end + 1 : end;
		if (!*end)
			return NULL;
		p = end;
	}
}

/* --- virtual files ---------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void __attribute__((format(printf, 2, 3)))
bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < room) {
			b->len += n;
			return;
		}
		size_t cap = b->cap ? 2 * b->cap : 4096;
		while (cap - b->len <= (size_t)n)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np)
			return;
		b->p = np;
		b->cap = cap;
	}
}

static void bput(struct buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np)
			return;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

/* One line of maps as Linux prints it (the name from column 73), and
   for smaps the sizes after it. */
static void maps_line(struct buf *b, int smaps, const struct mm_region *r,
		      uint64_t lo, uint64_t hi, const struct host_fmap *f,
		      const char *name)
{
	size_t start = b->len;

	bprintf(b, "%08x-%08x %c%c%c%c %08llx %s %lu ", (uint32_t)lo,
		(uint32_t)hi, r->perm & VXPERM_READ ? 'r' : '-',
		r->perm & VXPERM_WRITE ? 'w' : '-',
		r->perm & VXPERM_EXEC ? 'x' : '-', r->shared ? 's' : 'p',
		f ? (unsigned long long)(f->off + (lo - f->lo)) : 0ull,
		f ? f->dev : "00:00", f ? f->ino : 0ul);
	if (*name) {
		size_t n = b->len - start;
		bprintf(b, "%*s%s", n < 73 ? (int)(73 - n) : 1, "", name);
	}
	bprintf(b, "\n");
	if (smaps) {
		unsigned kb = (unsigned)((hi - lo) / 1024);
		bprintf(b, "Size:           %8u kB\n"
			"KernelPageSize:        4 kB\n"
			"MMUPageSize:           4 kB\n"
			"Rss:            %8u kB\n", kb, kb);
	}
}

/* The name of a region that is no file mapping of the host's. */
static const char *region_name(const struct mm_region *r)
{
	if (r->lo >= guest->load.stack_lo && r->hi <= guest->load.stack_hi)
		return "[stack]";
	if (r->heap)
		return "[heap]";
	if (r->lo >= (guest->load.image_lo & ~(PAGE - 1)) &&
	    r->hi <= guest->load.image_hi)
		return exe_path();
	return "";
}

/*
 * The guest's regions (mm.c: runs of pages of one kind and protection),
 * each cut where the host's file mappings in it begin and end
 * (hostmaps.c): those parts are named by their file, offset, device and
 * inode, as Linux names a mapping.
 */
static void maps(struct buf *b, int smaps)
{
	struct host_fmap *fm = NULL;
	struct mm_region r;
	long nf = host_fmaps(&fm), i = 0;

	for (uint32_t addr = 0; mm_next_region(&addr, &r);) {
		uint64_t at = r.lo;
		while (at < r.hi) {
			while (i < nf && fm[i].hi <= at)
				i++;
			if (i < nf && fm[i].lo <= at) {
				uint64_t to = fm[i].hi < r.hi ? fm[i].hi : r.hi;
				maps_line(b, smaps, &r, at, to, &fm[i],
					  fm[i].name);
				at = to;
				continue;
			}
			uint64_t to = i < nf && fm[i].lo < r.hi ? fm[i].lo
								: r.hi;
			const char *name = region_name(&r);
			struct host_fmap pf;
			int k = name == exe_path() ?
				image_program_run((uint32_t)at, to, &pf, &to) : -1;
			if (k > 0)
				maps_line(b, smaps, &r, at, to, &pf, pf.name);
			else
				maps_line(b, smaps, &r, at, to, NULL,
					  k ? name : "");
			at = to;
		}
	}
	if (nf > 0)
		host_fmaps_free(fm, nf);
}

/* The host's file of our own process, into b. */
static int host_file(struct buf *b, const char *name)
{
	char path[64], tmp[4096];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/self/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, tmp, sizeof tmp)) > 0)
		bput(b, tmp, n);
	close(fd);
	return 0;
}

/*
 * /proc/self/stat: the host's, with the fields that are addresses or
 * sizes of the host process given the guest's values (vsize, rss stays
 * the host's real one; startcode ... env_end).
 */
static int stat_file(struct buf *b)
{
	struct buf h = { 0 };
	char *f[64];
	int n = 0, r;

	if ((r = host_file(&h, "stat")) < 0)
		return r;
	bput(&h, "", 1);
	/* Field 2, (comm), may hold spaces: split after its ')'. */
	char *close_paren = strrchr(h.p, ')');
	if (!close_paren) {
		free(h.p);
		return -EIO;
	}
	*close_paren = 0;
	char *s = close_paren + 2;
	for (char *p = strtok(s, " \n"); p && n < 64; p = strtok(NULL, " \n"))
		f[n++] = p;
	/* f[0] is field 3 (state); field k is f[k - 3]. */
	/* (arg_start ... env_end say 0, as for a process one may not
	   trace.) */
	char guestval[16][16];
	struct { int field; uint32_t v; } fix[] = {
		{ 23, (uint32_t)vxmem_mapped(guest) },
		{ 26, guest->load.image_lo },
		{ 27, guest->load.image_hi },
		{ 28, guest->load.stack_hi },
		{ 29, 0 }, { 30, 0 },
		{ 45, guest->load.image_lo }, { 46, guest->load.image_hi },
		{ 47, mm_brk_base() },
		{ 48, 0 }, { 49, 0 }, { 50, 0 }, { 51, 0 },
	};
	for (size_t i = 0; i < sizeof fix / sizeof fix[0]; i++) {
		int k = fix[i].field - 3;
		if (k < n) {
			snprintf(guestval[i], sizeof guestval[i], "%u",
				 fix[i].v);
			f[k] = guestval[i];
		}
	}
	bprintf(b, "%s) ", h.p);
	for (int i = 0; i < n; i++)
		bprintf(b, "%s%c", f[i], i + 1 < n ? ' ' : '\n');
	free(h.p);
	return 0;
}

static int statm_file(struct buf *b)
{
	struct buf h = { 0 };
	unsigned long v[7] = { 0 };
	int r;

	if ((r = host_file(&h, "statm")) < 0)
		return r;
	bput(&h, "", 1);
	sscanf(h.p, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3],
	       &v[4], &v[5], &v[6]);
	free(h.p);
	v[0] = vxmem_mapped(guest) / PAGE;
	bprintf(b, "%lu %lu %lu %lu %lu %lu %lu\n", v[0], v[1], v[2], v[3],
		v[4], v[5], v[6]);
	return 0;
}

/* status: the host's, with the address-space sizes the guest's. */
static int status_file(struct buf *b)
{
	struct buf h = { 0 };
	int r;

	if ((r = host_file(&h, "status")) < 0)
		return r;
	bput(&h, "", 1);
	unsigned long kb = (unsigned long)(vxmem_mapped(guest) / 1024);
	for (char *line = strtok(h.p, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "VmPeak:", 7) || !strncmp(line, "VmSize:", 7))
			bprintf(b, "%.7s\t%8lu kB\n", line, kb);
		else
			bprintf(b, "%s\n", line);
	}
	free(h.p);
	return 0;
}

/* A memfd with the contents of a virtual file, as the guest's new
   descriptor (or -errno). */
long proc_open(int proc, int flags)
{
	struct buf b = { 0 };
	long r = 0;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT)))
		return -EACCES;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	switch (proc) {
	case PROC_MAPS: maps(&b, 0); break;
	case PROC_SMAPS: maps(&b, 1); break;
	case PROC_CMDLINE: bput(&b, cmdline, cmdline_len); break;
	case PROC_ENVIRON: bput(&b, environ_, environ_len); break;
	case PROC_AUXV: bput(&b, auxv, auxv_len); break;
	case PROC_STAT: r = stat_file(&b); break;
	case PROC_STATM: r = statm_file(&b); break;
	case PROC_STATUS: r = status_file(&b); break;
	default: r = -EACCES;
	}
	if (r < 0) {
		free(b.p);
		return r;
	}
	int fd = memfd_create("proc", flags & O_CLOEXEC ? MFD_CLOEXEC : 0);
	if (fd < 0) {
		r = -errno;
		free(b.p);
		return r;
	}
	for (size_t off = 0; off < b.len;) {
		ssize_t w = write(fd, b.p + off, b.len - off);
		if (w <= 0) {
			close(fd);
			free(b.p);
			return -EIO;
		}
		off += w;
	}
	free(b.p);
	lseek(fd, 0, SEEK_SET);
	if (flags & O_NONBLOCK)
		fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd_new(fd);
}

/*
 * After the guest opened something: if it is one of this process's
 * procfs files, whatever name reached it, it gets the same treatment as
 * under /proc/self.  Returns fd, or a replacement, or -errno (fd closed).
 */
long proc_check_open(long fd, int flags)
{
	struct statfs sf;
	char link[40], host[PATH_MAX], buf[PATH_MAX], *comp[MAXCOMP];
	struct hpath *hp;
	int n, first, writes = (flags & O_ACCMODE) != O_RDONLY;

	if (fd < 0 || fstatfs((int)fd, &sf) < 0 ||
	    sf.f_type != PROC_SUPER_MAGIC)
		return fd;
	snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
	ssize_t l = readlink(link, host, sizeof host - 1);
	const char *t = NULL;
	if (l > 0) {
		host[l] = 0;
		t = proc_tail(host);
	}
	if (!t) {		/* cannot tell what it is: not for the guest */
		close((int)fd);
		return -EACCES;
	}
	snprintf(buf, sizeof buf, "/proc/%s", t);
	if ((n = split(buf, comp)) < 0)
		return fd;
	if ((first = own_dir(comp, n)) < 0) {
		/* Another process's: the kernel's rules, except that no
		   process's memory is for the guest (a sibling vxlinux's,
		   say, were it dumpable or the user root). */
		if (n >= 3 && is_number(comp[1], strlen(comp[1])) &&
		    other_memory(comp, n)) {
			close((int)fd);
			return -EACCES;
		}
		return fd;
	}
	if (!(hp = malloc(sizeof *hp))) {
		close((int)fd);
		return -ENOMEM;
	}
	long r = serve(comp, first, n, PATH_FOLLOW, writes, hp);
	int proc = hp->proc;
	free(hp);
	if (r < 0) {
		close((int)fd);
		return r;
	}
	if (proc >= PROC_VIRT_FIRST) {
		close((int)fd);
		return proc_open(proc, flags);
	}
	return fd;
}

/* A directory to read with the entries of vxlinux's descriptors left
   out: the guest's own fd/ or fdinfo/. */
int proc_is_fd_dir(int fd)
{
	struct statfs sf;
	char link[40], host[PATH_MAX], buf[PATH_MAX], *comp[MAXCOMP];
	int n, first;

	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t l = readlink(link, host, sizeof host - 1);
	if (l <= 0)
		return 0;
	host[l] = 0;
	const char *t = proc_tail(host);
	if (!t)
		return 0;
	snprintf(buf, sizeof buf, "/proc/%s", t);
	if ((n = split(buf, comp)) < 0 || (first = own_dir(comp, n)) < 0)
		return 0;
	return first == n - 1 && (!strcmp(comp[first], "fd") ||
				  !strcmp(comp[first], "fdinfo"));
}

/* readlink of a link translated by proc_lookup: what the guest sees,
   in out (its length in *len, or -errno); 0 when it is not one of
   those (the host's link then says it). */
int proc_readlink(const struct hpath *hp, char *out, size_t size, long *len)
{
	char host[PATH_MAX];
	const char *s;

	if (hp->proc == PROC_EXE) {
		s = exe_path();
	} else if (hp->proc == PROC_ROOT) {
		s = "/";
	} else if (hp->proc == PROC_CWD) {
		if (!getcwd(host, sizeof host) ||
		    path_to_guest(host, host, sizeof host) < 0)
			strcpy(host, "/");
		s = host;
	} else {
		return 0;
	}
	size_t n = strlen(s);
	*len = n + 1 > size ? -ENAMETOOLONG : (long)n;
	if (*len >= 0)
		memmove(out, s, n + 1);
	return 1;
}
