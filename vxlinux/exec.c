/*
 * exec.c - loading the guest's program, and execve.
 *
 * A guest execve of an i386 program replaces the guest in this process
 * (exec_here), or, where a host execve must end what the old program
 * left (other threads, POSIX timers), re-executes vxlinux itself on it
 * with the same policy options, so the new program starts from a fresh
 * address space exactly as after a real execve; open descriptors, the
 * signal mask, ignored signals and the current directory are carried by
 * the host execve itself.  Nothing of the guest's may steer that host
 * execve:
 *  - vxlinux is re-executed through the descriptor of its own binary,
 *    opened at start (self_fd), never by a path the guest could replace;
 *  - the host environment of the new vxlinux is empty: the guest's
 *    environment travels in a sealed memfd (the "exec state", with what
 *    else the next vxlinux must inherit: its descriptor split, the
 *    guest's RLIMIT_NOFILE, the --trace descriptor), so no LD_*,
 *    GLIBC_TUNABLES or the like ever reaches a host loader or C library
 *    (vxlinux is also linked statically: there is no loader);
 *  - the guest's arguments come after "--" and its argv[0] as the value
 *    of --argv0, where no option can be made of them.
 * A program for another machine (a native host program) is refused under
 * any policy option, since it would run outside vxlinux; without one the
 * guest sees the host as the invoking user does, and it runs (under the
 * outer sandbox layer all the same, see sandbox.c).
 *
 * The guest's program is held open (exe_fd) from the start: /proc/self/exe
 * means it (procfs.c), by descriptor, so no rename of a directory on its
 * path can make that name reach another file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

int exe_fd = -1;		/* the guest's program, open for reading */
static char *exe_name;		/* its path, as the guest would name it
				   (exe_path), once asked for */
static char *exe_given;		/* the path the guest gave for it */
static int self_fd = -1;	/* vxlinux's own binary (O_PATH) */

#define STATE_MAGIC	"vxlinux3"
#define STATE_MAX	(64u << 20)	/* environment: Linux's limit is
					   far lower (MAX_ARG_STRLEN x n) */

struct state_hdr {
	char magic[8];
	uint32_t flags;
	int32_t fd_base;
	int32_t top;
	uint64_t nofile_cur, nofile_max;
	int32_t trace_fd;
	uint32_t envc;
	uint32_t envbytes;
};

int exec_self_fd(void)
{
	return self_fd;
}

void exec_init(void)
{
	self_fd = fd_reserve_last(open("/proc/self/exe", O_PATH | O_CLOEXEC));
	if (self_fd < 0)
		die("cannot open /proc/self/exe: %s", strerror(-self_fd));
}

/*
 * The program interpreter a dynamically linked program names (PT_INTERP)
 * into out: 1, or 0 for a static program, or -ENOEXEC for a malformed
 * header or name (not NUL-terminated inside its segment, empty, longer
 * than PATH_MAX), or the error of reading fd.  The file is untrusted:
 * only pread, every offset checked against nothing but the read's result.
 */
static long find_interp(int fd, char *out, size_t size)
{
	unsigned char eh[52];
	uint32_t phoff, ph[8], chunk[16][8];
	uint16_t phentsize, phnum;

	if (pread(fd, eh, sizeof eh, 0) != sizeof eh ||
	    memcmp(eh, "\177ELF", 4) || eh[4] != 1)
		return 0;	/* the loader says what is wrong with it */
	memcpy(&phoff, eh + 28, 4);
	memcpy(&phentsize, eh + 42, 2);
	memcpy(&phnum, eh + 44, 2);
	if (phentsize != sizeof ph)
		return 0;
	/* The headers 16 at a time (a static program has about 8): one
	   read, not one per header. */
	for (uint32_t i = 0, have = 0; i < phnum; i++) {
		if (i % 16 == 0) {
			uint32_t n = phnum - i < 16 ? phnum - i : 16;
			ssize_t k = pread(fd, chunk, n * sizeof ph,
					  phoff + (uint64_t)i * sizeof ph);
			have = k < 0 ? 0 : (uint32_t)k / sizeof ph;
		}
		if (i % 16 >= have)
			return 0;
		memcpy(ph, chunk[i % 16], sizeof ph);
		if (ph[0] != 3 /* PT_INTERP */)
			continue;
		uint32_t off = ph[1], len = ph[4];	/* p_offset, p_filesz */
		if (len < 2 || len > size || len > PATH_MAX)
			return -ENOEXEC;
		ssize_t n = pread(fd, out, len, off);
		if (n < 0)
			return -errno;
		if ((uint32_t)n != len || out[len - 1] || strlen(out) != len - 1)
			return -ENOEXEC;
		return 1;
	}
	return 0;
}

/* Open the interpreter ipath as the guest names it (inside --root,
   through -L): a readable regular file, O_RDONLY, or -errno. */
static long open_interp(const char *ipath)
{
	struct hpath hp;
	struct stat st;
	long r;

	if ((r = path_host(AT_FDCWD, ipath, PATH_FOLLOW, &hp)) < 0)
		return r;
	if (hp.proc >= PROC_VIRT_FIRST) {
		path_release();
		return -EACCES;
	}
	int fd = open(hp.path, O_RDONLY | O_CLOEXEC);
	r = fd < 0 ? -errno : 0;
	path_release();
	if (r < 0)
		return r;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EACCES;
	}
	return fd;
}

/* The whole of file fd, mapped read-only (the page cache's pages, no
   copy: the loader copies what it needs into guest memory); its
   identity into *id if id. */
static void *map_whole(int fd, const char *name, size_t *psize,
		       struct vximageid *id)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		die("%s: %s", name, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size > (1 << 30))
		die("%s: not a regular file of at most 1 GiB", name);
	size_t size = st.st_size;
	if (id) {
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		id->size = size;
		id->mtime_ns = st.st_mtim.tv_sec * 1000000000ll +
			       st.st_mtim.tv_nsec;
		id->ctime_ns = st.st_ctim.tv_sec * 1000000000ll +
			       st.st_ctim.tv_nsec;
	}
	void *buf = mmap(NULL, size ? size : 1, PROT_READ, MAP_PRIVATE, fd, 0);
	if (buf == MAP_FAILED)
		die("%s: cannot read it: %s", name, strerror(errno));
	*psize = size;
	return buf;
}

/* Load the guest program [fd] (by whatever name) into the guest, and its
   interpreter if it names one. */
static void load(int fd, const char *name, char **argv, char **envp)
{
	char interp[PATH_MAX];
	size_t size, isize = 0;
	void *ibuf = NULL;

	/* Its identity lets a copy of it stored by another process of the
	   tree be used without reading it all (vxproc_setimageid). */
	struct vximageid id;
	void *buf = map_whole(fd, name, &size, &id);
	vxproc_setimageid(guest, &id);
	long r = find_interp(fd, interp, sizeof interp);
	if (r < 0)
		die("%s: bad program interpreter (PT_INTERP): %s", name,
		    strerror((int)-r));
	if (r) {
		int ifd = (int)open_interp(interp);
		if (ifd < 0)
			die("%s: program interpreter %s: %s", name, interp,
			    strerror(-ifd));
		ibuf = map_whole(ifd, interp, &isize, NULL);
		r = vxproc_loadelfinterp(guest, buf, size, ibuf, isize,
					 (const char *const *)argv,
					 (const char *const *)envp);
		/* Its segments from the file, as Linux maps them. */
		if (r == 0)
			image_map_interp(ifd, ibuf, isize);
		close(ifd);
	} else {
		r = vxproc_loadelfmem(guest, buf, size,
				      (const char *const *)argv,
				      (const char *const *)envp);
	}
	if (r < 0)
		die("%s: %s", name, vxproc_error(guest));
	image_note_program(fd, buf, size);
	munmap(buf, size ? size : 1);
	if (ibuf)
		munmap(ibuf, isize ? isize : 1);
}

/*
 * What readlink("/proc/self/exe") says: the program file's path, as the
 * guest would name it.  Made when first asked for (procfs, imagemap, an
 * execve of /proc/self/exe), not at every execve: a program's first
 * look at /proc/self/fd costs the kernel a dentry for each directory on
 * the way, a fiftieth of a fork+exec, and few programs ask.
 */
const char *exe_path(void)
{
	char host[PATH_MAX], g[PATH_MAX];

	if (exe_name || exe_fd < 0)
		return exe_name ? exe_name : "";
	snprintf(g, sizeof g, "/proc/self/fd/%d", exe_fd);
	ssize_t n = readlink(g, host, sizeof host - 1);
	host[n > 0 ? n : 0] = 0;
	if (n <= 0 || path_to_guest(host, g, sizeof g) < 0)
		snprintf(g, sizeof g, "%s", exe_given);
	if (!(exe_name = strdup(g)))
		die("out of memory");
	return exe_name;
}

void exec_load(const char *gpath, char **argv, char **envp)
{
	struct hpath hp;

	/* The program is named as the guest would name it. */
	long r = path_host(AT_FDCWD, gpath, PATH_FOLLOW, &hp);
	if (r < 0)
		die("%s: %s", gpath, strerror((int)-r));
	exe_fd = fd_reserve(open(hp.path, O_RDONLY | O_CLOEXEC));
	path_release();
	if (exe_fd < 0)
		die("%s: %s", gpath, strerror(-exe_fd));
	free(exe_given);
	if (!(exe_given = strdup(gpath)))
		die("out of memory");
	/* AT_EXECFN: the name the guest gave, not the host's path; and the
	   process's name, as the kernel sets it from that at execve. */
	vxproc_setexecfn(guest, gpath);
	const char *base = strrchr(gpath, '/');
	prctl(PR_SET_NAME, base ? base + 1 : gpath);
	load(exe_fd, gpath, argv, envp);
}

/* The exec state: written to a sealed memfd passed to the next vxlinux. */
static int state_write(char **envp, int sandboxed)
{
	struct state_hdr h;
	size_t bytes = 0;
	uint32_t envc = 0;

	for (char **e = envp; *e; e++, envc++)
		bytes += strlen(*e) + 1;
	if (bytes > STATE_MAX)
		return -E2BIG;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, STATE_MAGIC, 8);
	h.flags = sandboxed ? STATE_SANDBOXED : 0;
	h.fd_base = fd_base;
	h.top = pol.top;
	fd_getlimit(&h.nofile_cur, &h.nofile_max);
	h.trace_fd = trace_fd();
	h.envc = envc;
	h.envbytes = (uint32_t)bytes;
	int fd = memfd_create("vxlinux-exec-state",
			      MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	fd = fd_reserve(fd);
	if (fd < 0)
		return fd;
	FILE *f = fdopen(dup(fd), "w");
	int ok = f && fwrite(&h, sizeof h, 1, f) == 1;
	for (char **e = envp; ok && *e; e++)
		ok = fwrite(*e, strlen(*e) + 1, 1, f) == 1;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW |
			 F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
		close(fd);
		return -EIO;
	}
	return fd;
}

/* Read the exec state from fd (then closed) into *st; dies if it is not
   one (a user passing --exec-state by hand). */
void exec_state_read(int fd, struct exec_state *st)
{
	struct state_hdr h;
	struct stat sb;

	if (fstat(fd, &sb) < 0 || pread(fd, &h, sizeof h, 0) != sizeof h ||
	    memcmp(h.magic, STATE_MAGIC, 8) || h.envbytes > STATE_MAX ||
	    (uint64_t)sb.st_size != sizeof h + (uint64_t)h.envbytes)
		die("--exec-state %d: not an exec state (an internal option)",
		    fd);
	char *buf = malloc(h.envbytes + 1);
	char **env = calloc((size_t)h.envc + 1, sizeof *env);
	if (!buf || !env)
		die("out of memory");
	if (pread(fd, buf, h.envbytes, sizeof h) != (ssize_t)h.envbytes)
		die("--exec-state %d: short read", fd);
	buf[h.envbytes] = 0;
	close(fd);
	uint32_t n = 0;
	for (size_t off = 0; off < h.envbytes && n < h.envc; n++) {
		env[n] = buf + off;
		off += strlen(buf + off) + 1;
	}
	env[n] = NULL;
	st->env = env;
	st->flags = h.flags;
	st->fd_base = h.fd_base;
	st->top = h.top;
	st->nofile_cur = h.nofile_cur;
	st->nofile_max = h.nofile_max;
	st->trace_fd = h.trace_fd;
}

/* The guest-visible name of a program path the guest gave. */
static long guest_name(const char *gpath, char *out, size_t size)
{
	if (proc_is_self_exe(gpath)) {
		const char *e = exe_path();
		if (strlen(e) + 1 > size)
			return -ENAMETOOLONG;
		strcpy(out, e);
		return 0;
	}
	if (strlen(gpath) + 1 > size)
		return -ENAMETOOLONG;
	strcpy(out, gpath);
	return 0;
}

/* Re-execute vxlinux on the i386 program gpath. */
static long reexec(const char *gpath, char **argv, char **envp)
{
	char name[PATH_MAX], fdarg[16];
	long r;

	if ((r = guest_name(gpath, name, sizeof name)) < 0)
		return r;
	int sfd = state_write(envp, sandbox_active());
	if (sfd < 0)
		return sfd;
	snprintf(fdarg, sizeof fdarg, "%d", sfd);
	char **pv = policy_argv();
	int np = 0, argc = 0;
	while (pv[np])
		np++;
	while (argv[argc])
		argc++;
	char **nv = calloc(np + argc + 10, sizeof *nv);
	if (!nv) {
		close(sfd);
		return -ENOMEM;
	}
	int k = 0;
	nv[k++] = (char *)progname;
	for (int i = 0; i < np; i++)
		nv[k++] = pv[i];
	nv[k++] = "--exec-state";
	nv[k++] = fdarg;
	nv[k++] = "--argv0";
	nv[k++] = argc ? argv[0] : "";
	nv[k++] = "--";
	nv[k++] = name;
	for (int i = 1; i < argc; i++)
		nv[k++] = argv[i];
	nv[k] = NULL;
	static char *const noenv[] = { NULL };
	int keep[2] = { sfd, trace_fd() };
	for (int i = 0; i < 2; i++)
		if (keep[i] >= 0)
			fcntl(keep[i], F_SETFD, 0);
	fflush(NULL);
	execveat(self_fd, "", nv, noenv, AT_EMPTY_PATH);
	r = -errno;
	for (int i = 0; i < 2; i++)
		if (keep[i] >= 0)
			fcntl(keep[i], F_SETFD, FD_CLOEXEC);
	close(sfd);
	free(nv);
	return r;
}

/*
 * execve of an i386 program in this process, instead of a new vxlinux:
 * the host's execve, its C library's start-up (about 100 cpuid, each a
 * trap to the hypervisor in a virtual machine: 3.7 us here), vx32's and
 * the outer layer's (a seccomp program compiled anew) cost a fresh
 * vxlinux about 0.6 ms, more than the rest of a small program's start.  The policy
 * stays (it is the process's, and the same options would re-create it);
 * what the kernel's execve would drop is dropped here:
 *  - the guest's memory and every translation of it: a new vxproc;
 *  - descriptors marked close-on-exec (fd_close_on_exec), the program's
 *    file held for /proc/self/exe (exe_fd) and its name;
 *  - caught signals back to their default action, the alternate stack,
 *    the signal pages (signal_exec; the mask and pending signals stay);
 *  - the memory map, System V attachments, the tid address and robust
 *    list, /proc/self/cmdline and environ, the dumpable flag;
 *  - a vfork parent is let go at once (as Linux lets it go when the old
 *    memory goes, before the new program is loaded).
 * Only when the kernel would also end something this process cannot:
 * the other threads of a guest with several, and POSIX timers (their ids
 * are the kernel's) - then reexec() does it, by a host execve.  Past
 * the first step a failure ends the process, as a failed load in a new
 * vxlinux would: Linux's point of no return.
 */
static long exec_here(const char *gpath, char **argv, char **envp)
{
	char name[PATH_MAX];
	long r;

	if ((r = guest_name(gpath, name, sizeof name)) < 0)
		return r;
	fflush(NULL);
	/* (the vfork parent's pipe first: it is close-on-exec, and
	   fd_close_on_exec would close it behind process.c's back) */
	process_exec();
	fd_close_on_exec();
	/* A host signal's handler interrupts the guest it finds here
	   (signal.c): none while the old one is freed and the new made. */
	vxproc *old = guest;
	__atomic_store_n(&guest, NULL, __ATOMIC_SEQ_CST);
	vxproc_free(old);
	guest_new();
	ipc_exec();
	mm_reset();
	close(exe_fd);
	exe_fd = -1;
	free(exe_name);
	exe_name = NULL;
	exec_load(name, argv, envp);
	mm_init();
	signal_exec();
	procfs_init(argv, envp);
	thread_exec();
	return 0;
}

#define MAX_INTERP	4	/* nested #! interpreters, as Linux's limit */

static long do_execve(const char *gpath, char **argv, char **envp,
		      int depth)
{
	unsigned char hdr[256];
	struct hpath hp;
	ssize_t n;
	long r;
	int fd;

	if ((r = path_host(AT_FDCWD, gpath, PATH_FOLLOW, &hp)) < 0)
		return r;
	if (hp.proc >= PROC_VIRT_FIRST)
		return -EACCES;
	if ((fd = open(hp.path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(hp.path, X_OK) < 0) {
		close(fd);
		return -EACCES;
	}
	n = pread(fd, hdr, sizeof hdr - 1, 0);
	if (n < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	hdr[n] = 0;

	if (n >= 2 && hdr[0] == '#' && hdr[1] == '!') {
		/* #!interpreter [one argument] */
		close(fd);
		if (depth >= MAX_INTERP)
			return -ELOOP;
		char *p = (char *)hdr + 2, *nl = strchr(p, '\n');
		if (!nl)
			return -ENOEXEC;
		*nl = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		char *interp = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		char *arg = NULL;
		if (*p) {
			*p++ = 0;
			while (*p == ' ' || *p == '\t')
				p++;
			char *e = p + strlen(p);
			while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
				*--e = 0;
			if (*p)
				arg = p;
		}
		if (!*interp)
			return -ENOEXEC;
		int argc = 0;
		while (argv[argc])
			argc++;
		char **nv = calloc(argc + 4, sizeof *nv);
		if (!nv)
			return -ENOMEM;
		int k = 0;
		nv[k++] = interp;
		if (arg)
			nv[k++] = arg;
		nv[k++] = (char *)gpath;
		for (int i = 1; i < argc; i++)
			nv[k++] = argv[i];
		nv[k] = NULL;
		r = do_execve(interp, nv, envp, depth + 1);
		free(nv);
		return r;
	}

	if (n < 52 || memcmp(hdr, "\177ELF", 4)) {
		close(fd);
		return -ENOEXEC;
	}
	uint16_t machine;
	memcpy(&machine, hdr + 18, 2);
	if (hdr[4] != 1 || machine != 3) {
		close(fd);
		/* Another architecture: a host program, which would run
		   natively, outside vxlinux.  Only without any policy, when
		   the guest sees the host as the invoking user does. */
		if (pol.root || pol.read_only || pol.no_net)
			return unsupported("execve of a non-i386 program "
					   "under a policy option", -EACCES);
		fflush(NULL);
		fd_before_exec();
		execve(hp.path, argv, envp);
		r = -errno;
		fd_exec_failed();
		return r;
	}
	/* A dynamic executable whose interpreter cannot be opened would
	   fail in the new vxlinux, after the point of no return: Linux
	   fails such an execve (ENOENT for a missing interpreter). */
	char interp[PATH_MAX];
	if ((r = find_interp(fd, interp, sizeof interp)) < 0) {
		close(fd);
		return r;
	}
	if (r) {
		int ifd = (int)open_interp(interp);
		if (ifd < 0) {
			close(fd);
			return ifd;
		}
		close(ifd);
	}
	close(fd);
	if (thread_count() == 1 && !timers_alive())
		return exec_here(gpath, argv, envp);
	return reexec(gpath, argv, envp);
}

long sys_execve(uint32_t *a)
{
	const char *path;
	char **argv, **envp, *p;
	int argc, envc;
	long r;

	if ((r = guest_str(a[0], PATH_MAX - 1, &path)) < 0)
		return r;
	if (!(p = strdup(path)))
		return -ENOMEM;
	if ((r = guest_strv(a[1], &argv, &argc)) < 0) {
		free(p);
		return r;
	}
	if ((r = guest_strv(a[2], &envp, &envc)) < 0) {
		free(p);
		free_strv(argv);
		return r;
	}
	r = do_execve(p, argv, envp, 0);
	free(p);
	free_strv(argv);
	free_strv(envp);
	return r;
}
