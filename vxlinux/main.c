/*
 * vxlinux - run static i386 Linux executables on libvx32.
 *
 * main.c: options, loading the program, the run loop, and how the guest's
 * end becomes vxlinux's exit status (see doc/vxlinux.md and vxlinux(1)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vxlinux.h"

struct policy pol;
__thread vxproc *guest;
const char *progname = "vxlinux";
static FILE *trace_file;

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: %s [--root DIR | -L DIR] [--read-only] [--no-net] "
		"[--trace] [--no-xcache] [--argv0 NAME] [--] PROGRAM [ARG]...\n",
		progname);
	exit(EXIT_VXLINUX);
}

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_VXLINUX);
}

/*
 * The trace goes where the user pointed it, often a pipe into a pager or
 * `grep -m`.  When that reader goes away the write fails with EPIPE and
 * raises SIGPIPE in this thread: that signal is vxlinux's, not the
 * guest's (the guest may handle SIGPIPE and would see a signal for a
 * write it never made), so it is blocked around the write, taken back
 * if raised, and tracing stops.
 */
static int trace_dead;

void trace(const char *fmt, ...)
{
	static const struct timespec now;
	sigset_t pipe_sig, old;
	va_list ap;
	int dead;

	if (!trace_file || __atomic_load_n(&trace_dead, __ATOMIC_RELAXED))
		return;
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, &old);
	flockfile(trace_file);
	fprintf(trace_file, "[%d] ", (int)thread_tid());
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	dead = fflush(trace_file) == EOF && errno == EPIPE;
	funlockfile(trace_file);
	if (dead) {
		__atomic_store_n(&trace_dead, 1, __ATOMIC_RELAXED);
		sigtimedwait(&pipe_sig, NULL, &now);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void guest_exit(int status)
{
	if (trace_file)
		fflush(trace_file);
	/* VX32_STATS, VX32_COUNT and VX32_PERFMAP: libvx32 writes its
	   counters and its perf map when the guest is freed, which an exit
	   otherwise skips. */
	if (guest && (getenv("VX32_STATS") || getenv("VX32_COUNT") ||
		      getenv("VX32_PERFMAP"))) {
		vxproc *g = guest;
		__atomic_store_n(&guest, NULL, __ATOMIC_SEQ_CST);
		vxproc_free(g);	/* (no signal handler may poke it now) */
	}
	_exit(status & 0xff);
}

char **policy_argv(void)
{
	static char *v[10];
	int n = 0;

	if (pol.root) {
		v[n++] = "--root";
		v[n++] = pol.root;
	}
	if (pol.prefix) {
		v[n++] = "-L";
		v[n++] = pol.prefix;
	}
	if (pol.no_net)
		v[n++] = "--no-net";
	if (pol.read_only)
		v[n++] = "--read-only";
	if (pol.trace)
		v[n++] = "--trace";
	if (pol.no_xcache)
		v[n++] = "--no-xcache";
	v[n] = NULL;
	return v;
}

/* The trace goes to a descriptor of its own so that the guest's
   redirections of fd 2 do not swallow it. */
static void open_trace(int inherited)
{
	int fd = inherited;

	/* An execve passes the descriptor on: fd 2 may be the guest's
	   redirection by then. */
	if (fd < 0 || fd < fd_base || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		fd = fd_reserve(fcntl(2, F_DUPFD_CLOEXEC, 0));
	if (fd < 0 || !(trace_file = fdopen(fd, "w")))
		die("--trace: cannot duplicate stderr: %s", strerror(errno));
}

int trace_fd(void)
{
	return trace_file ? fileno(trace_file) : -1;
}

int policy_any(void)
{
	return pol.root || pol.read_only || pol.no_net;
}

static void set_root(const char *dir)
{
	char *r = realpath(dir, NULL);

	if (!r)
		die("--root %s: %s", dir, strerror(errno));
	if (!strcmp(r, "/")) {		/* the whole tree: no confinement */
		free(r);
		return;
	}
	pol.root = r;
	pol.rootlen = strlen(r);
}

/* Start the guest in a directory it can name: its root if the current
   one is outside (as after chroot(2) + chdir("/")). */
static void enter_root(void)
{
	char cwd[PATH_MAX];

	if (!pol.root)
		return;
	if (getcwd(cwd, sizeof cwd) && !strncmp(cwd, pol.root, pol.rootlen) &&
	    (cwd[pol.rootlen] == '/' || cwd[pol.rootlen] == 0))
		return;
	if (chdir(pol.root) < 0)
		die("--root %s: %s", pol.root, strerror(errno));
}

/*
 * Translations shared by this vxlinux and the processes it forks (their
 * in-process execve included): a shell's or a build's children run the
 * same programs, and each would translate them again (vx32.h:
 * vx32_xcache_new).  Mapped right before the first fork, so that parent
 * and child share it, and used from then on by both: a process that
 * never forks has no one to share with (and storing its translations
 * would cost it).  Without it (--no-xcache, or if the mapping fails)
 * every process translates for itself.  Its memfd (the programs' images)
 * is among vxlinux's descriptors, from fd_base up: no guest names it.
 */
static vx32_xcache *xcache;
static int xcache_tried;

void xcache_prefork(void)
{
	if (!xcache_tried && !pol.no_xcache &&
	    (xcache = vx32_xcache_new(256u << 20)) &&
	    vx32_xcache_movefd(xcache, fd_base) < 0 && errno != ENOENT) {
		vx32_xcache_free(xcache);
		xcache = NULL;
	}
	xcache_tried = 1;
}

void xcache_forked(void)
{
	if (xcache && guest)
		vxproc_setxcache(guest, xcache);
}

void guest_new(void)
{
	if (!(guest = vxproc_alloc()))
		die("cannot create a guest: %s", *vxproc_error(NULL) ?
		    vxproc_error(NULL) : strerror(errno));
	if (xcache)
		vxproc_setxcache(guest, xcache);
	/* rdtsc works in every Linux process (glibc's ld.so times its
	   start-up with it); the guest has nanosecond clocks anyway. */
	vxproc_setopt(guest, VXOPT_RDTSC, 1);
	/* Nothing here names guest addresses by symbol: no table copied
	   at every program start (~90 us for a static glibc program). */
	vxproc_setopt(guest, VXOPT_SYMBOLS, 0);
	vxproc_setaux(guest, 11 /* AT_UID */, getuid());
	vxproc_setaux(guest, 12 /* AT_EUID */, geteuid());
	vxproc_setaux(guest, 13 /* AT_GID */, getgid());
	vxproc_setaux(guest, 14 /* AT_EGID */, getegid());
	vxproc_setaux(guest, 23 /* AT_SECURE */, 0);
}

void run(void)
{
	for (;;) {
		int trap = vxproc_run(guest);

		if (trap < 0)
			die("cannot run the guest: %s", vxproc_error(guest));
		if (trap == VXTRAP_SOFT + 0x80)
			syscall_dispatch();
		else if (trap != VXTRAP_IRQ)
			signal_fault(trap);
		if (signal_pending())
			signal_deliver_pending();
	}
}

int main(int argc, char **argv)
{
	const char *argv0 = NULL;
	struct exec_state st = { .trace_fd = -1 };
	int have_state = 0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--")) {
			i++;
			break;
		} else if (!strcmp(o, "--root") && i + 1 < argc) {
			set_root(argv[++i]);
		} else if (!strcmp(o, "-L") && i + 1 < argc) {
			if (!(pol.prefix = realpath(argv[++i], NULL)))
				die("-L %s: %s", argv[i], strerror(errno));
		} else if (!strcmp(o, "--argv0") && i + 1 < argc) {
			argv0 = argv[++i];
		} else if (!strcmp(o, "--exec-state") && i + 1 < argc) {
			exec_state_read(atoi(argv[++i]), &st);
			have_state = 1;
		} else if (!strcmp(o, "--no-net")) {
			pol.no_net = 1;
		} else if (!strcmp(o, "--read-only")) {
			pol.read_only = 1;
		} else if (!strcmp(o, "--trace")) {
			pol.trace = 1;
		} else if (!strcmp(o, "--no-xcache")) {
			pol.no_xcache = 1;
		} else if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			usage();
		} else if (!strcmp(o, "--root") || !strcmp(o, "--argv0") ||
			   !strcmp(o, "-L") ||
			   !strcmp(o, "--exec-state")) {
			die("option %s needs an argument", o);
		} else {
			die("unknown option '%s'", o);
		}
	}
	if (i >= argc)
		usage();
	if (pol.prefix && pol.root)
		die("-L and --root exclude each other: under --root every "
		    "path is inside DIR, the libraries too");
	if (pol.prefix && !strcmp(pol.prefix, "/")) {
		free(pol.prefix);	/* the host's tree again */
		pol.prefix = NULL;
	}
	fd_init(have_state ? &st : NULL);
	if (pol.trace)
		open_trace(have_state ? st.trace_fd : -1);
	exec_init();
	enter_root();

	if (vx32_init() < 0)
		die("cannot initialise vx32: %s", *vxproc_error(NULL) ?
		    vxproc_error(NULL) : strerror(errno));
	guest_new();
	trace("vx32 backend %s\n", vx32_backendname(vxproc_backend(guest)));

	/* The guest's environment: the caller's, or the one its execve
	   passed (the host's own is empty then, see exec.c). */
	char **genv = have_state ? st.env : environ;
	char **gargv = argv + i;
	const char *gpath = gargv[0];
	if (argv0)
		gargv[0] = (char *)argv0;
	exec_load(gpath, gargv, genv);
	mm_init();
	signal_init();
	procfs_init(gargv, genv);
	thread_init_main();
	/* An execve keeps the pid: a vxlinux executed anew is the
	   same member of the same sandbox. */
	pol.top = have_state && st.top > 0 ? st.top : getpid();
	sandbox_apply(have_state && (st.flags & STATE_SANDBOXED),
		      vxproc_backend(guest) == VX32_BACKEND_SEG);
	run();
}
