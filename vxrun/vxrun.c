/*
 * vxrun - run an untrusted i386 ELF program as a Unix filter.
 *
 * The guest may read stdin, write stdout and stderr, grow its heap and
 * exit; nothing else (see doc/abi.md for the call ABI and doc/man/vxrun.1
 * for the options).  Exit status: the guest's, or 124 when the CPU-time
 * limit ran out, 125 for vxrun's own errors, 128+signal for a guest trap
 * (as a shell reports a native program killed by that signal).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "vx32.h"

#define VXC_EXIT	1
#define VXC_READ	2
#define VXC_WRITE	3
#define VXC_BRK		4
#define VXC_CLOCK	5
#define VXC_ISATTY	6
#define VXC_KILL	7
#define VXC_PENDING	8
#define VXC_INT		0x30

#define EXIT_TIMEOUT	124
#define EXIT_ERROR	125

static const char *progname = "vxrun";
static vxproc *guest;
static const char *cpu_limit_text;
static int clock_granted;		/* --clock */

static const char usage_text[] =
	"usage: %s [-v] [-m SIZE] [-t SECONDS] [-e NAME=VALUE]... [--clock] "
	"guest [args...]\n"
	"Run a static i386 program (built with vxcc) as a sandboxed filter:\n"
	"it may read stdin, write stdout and stderr, and nothing else.\n"
	"  -m SIZE          memory limit, bytes with an optional k, M or G\n"
	"                   suffix (default 2G, at most 4G)\n"
	"  -t SECONDS       CPU-time limit (exit status 124 when exceeded)\n"
	"  -e NAME=VALUE    put NAME=VALUE in the guest's environment\n"
	"  --clock          let the guest read the clocks (time(), clock())\n"
	"  -v               say which vx32 backend runs the guest\n"
	"  -h, --help       print this help and exit\n"
	"Exit status: the guest's; 124 CPU time; 125 vxrun error; 128+N a\n"
	"guest trap or abort (as a shell reports signal N).  See vxrun(1).\n";

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "%s: usage: %s [-v] [-m SIZE] [-t SECONDS] "
		"[-e NAME=VALUE]... [--clock] guest [args...] (see --help)\n",
		progname, progname);
	exit(EXIT_ERROR);
}

static void __attribute__((noreturn)) help(void)
{
	printf(usage_text, progname);
	exit(fflush(stdout) ? EXIT_ERROR : 0);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_ERROR);
}

#define MEM_MAX		(1ull << 32)

/*
 * "64M" -> bytes.  Dies with a message naming the problem: not a number,
 * a sign (strtoull would quietly negate "-5"), a bad suffix, zero, or more
 * than the 4 GiB a guest can address (checked before the shift, so that
 * huge numbers cannot wrap around to something small).
 */
static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v;
	int shift = 0;

	if (!(*s >= '0' && *s <= '9'))
		die("bad memory size '%s': not a positive decimal number", s);
	errno = 0;
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end)
		die("bad memory size '%s': the suffix must be k, M or G", s);
	if (errno == ERANGE || v > MEM_MAX >> shift)
		die("memory size '%s' is too large: at most 4G", s);
	if (!v)
		die("memory size '%s' is zero", s);
	return v << shift;
}

/* The program break. */
static uint32_t brk_start, brk_cur, brk_max;

static uint32_t page_up(uint32_t a)
{
	return (a + 4095) & ~4095u;
}

static uint32_t do_brk(uint32_t want)
{
	if (want == 0 || want < brk_start || want > brk_max)
		return brk_cur;
	uint32_t have = page_up(brk_cur), need = page_up(want);
	if (need > have && vxmem_map(guest, have, need - have,
				     VXPERM_READ | VXPERM_WRITE) < 0)
		return brk_cur;
	if (need < have)
		vxmem_unmap(guest, need, have - need);
	brk_cur = want;
	return brk_cur;
}

/*
 * The guest's pending output (call 8): for fds 1 and 2 the guest address
 * of a pair of 32-bit words {buffer, length}, read only when the guest
 * ends abnormally, so that buffered output is not lost with it.
 */
static uint32_t pending[3];

static void write_pending(void)
{
	uint32_t d[2];
	void *buf;
	int fd;

	for (fd = 1; fd <= 2; fd++) {
		if (!pending[fd] || vxmem_read(guest, d, pending[fd],
					       sizeof d) != sizeof d)
			continue;
		if (d[1] > (1u << 30) ||
		    !(buf = vxmem_hostptr(guest, d[0], d[1], VXPERM_READ)))
			continue;
		/* Best effort: the guest is gone whatever happens here. */
		if (write(fd, buf, d[1]) < 0)
			continue;
	}
}

/* Call 5: clock(id, buf) fills {int64 seconds, int32 ns, int32 0}. */
static int32_t do_clock(uint32_t id, uint32_t addr)
{
	static const clockid_t ids[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID,
	};
	struct timespec ts;
	uint32_t out[4];

	if (!clock_granted)
		return -EPERM;
	if (id >= sizeof ids / sizeof ids[0])
		return -EINVAL;
	if (clock_gettime(ids[id], &ts) < 0)
		return -errno;
	out[0] = (uint32_t)(uint64_t)ts.tv_sec;
	out[1] = (uint32_t)((uint64_t)ts.tv_sec >> 32);
	out[2] = (uint32_t)ts.tv_nsec;
	out[3] = 0;
	if (vxmem_write(guest, out, addr, sizeof out) != sizeof out)
		return -EFAULT;
	return 0;
}

static const char *signal_name(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
		[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP",
		[SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
		[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
		[SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",
		[SIGTERM] = "SIGTERM",
	};

	if (sig > 0 && sig < (int)(sizeof names / sizeof names[0]) &&
	    names[sig])
		return names[sig];
	return "signal";
}

/* Call 7: the guest ends itself as if killed by signal sig. */
static int32_t do_kill(uint32_t sig)
{
	if (sig < 1 || sig > 31)
		return -EINVAL;
	write_pending();
	if (sig == SIGABRT)
		fprintf(stderr, "%s: guest aborted\n", progname);
	else
		fprintf(stderr, "%s: guest killed itself with signal %u "
			"(%s)\n", progname, sig, signal_name(sig));
	exit(128 + sig);
}

/* Service one guest call; returns the value for eax. */
static int32_t guest_call(struct vxcpu *c)
{
	uint32_t a1 = c->reg[EBX], a2 = c->reg[ECX], a3 = c->reg[EDX];
	void *buf;
	ssize_t n;

	switch (c->reg[EAX]) {
	case VXC_EXIT:
		/* VX32_STATS, VX32_COUNT: libvx32 prints its counters at
		   vxproc_free */
		if (getenv("VX32_STATS") || getenv("VX32_COUNT"))
			vxproc_free(guest);
		exit(a1 & 255);
	case VXC_READ:
		if (a1 != 0)
			return -EBADF;
		if (a3 == 0)
			return 0;
		if (a3 > (1u << 30))
			a3 = 1u << 30;
		if (!(buf = vxmem_hostptr(guest, a2, a3, VXPERM_WRITE)))
			return -EFAULT;
		n = read(0, buf, a3);
		return n < 0 ? -errno : (int32_t)n;
	case VXC_WRITE:
		if (a1 != 1 && a1 != 2)
			return -EBADF;
		if (a3 == 0)
			return 0;
		if (a3 > (1u << 30))
			a3 = 1u << 30;
		if (!(buf = vxmem_hostptr(guest, a2, a3, VXPERM_READ)))
			return -EFAULT;
		n = write(a1, buf, a3);
		return n < 0 ? -errno : (int32_t)n;
	case VXC_BRK:
		return (int32_t)do_brk(a1);
	case VXC_CLOCK:
		return do_clock(a1, a2);
	case VXC_ISATTY:
		if (a1 > 2)
			return -EBADF;
		return isatty(a1);
	case VXC_KILL:
		return do_kill(a1);
	case VXC_PENDING:
		if (a1 != 1 && a1 != 2)
			return -EBADF;
		pending[a1] = a2;
		return 0;
	default:
		return -ENOSYS;
	}
}

static const char *trap_name(int trap, char *buf, size_t len)
{
	switch (trap) {
	case VXTRAP_DIVIDE: return "divide error";
	case VXTRAP_DEBUG: return "debug trap";
	case VXTRAP_BREAKPOINT: return "breakpoint";
	case VXTRAP_OVERFLOW: return "overflow";
	case VXTRAP_BOUND: return "bound range exceeded";
	case VXTRAP_INVALID: return "invalid opcode";
	case VXTRAP_PROTECTION: return "general protection";
	case VXTRAP_PAGEFAULT: return "page fault";
	case VXTRAP_FPOINT: return "x87 floating point";
	case VXTRAP_ALIGN: return "alignment check";
	case VXTRAP_SIMD: return "SIMD floating point";
	case VXTRAP_SYSCALL: return "syscall";
	}
	if (VXTRAP_CATEGORY(trap) == VXTRAP_SOFT) {
		snprintf(buf, len, "int 0x%02x", VXTRAP_NUMBER(trap));
		return buf;
	}
	snprintf(buf, len, "trap 0x%x", trap);
	return buf;
}

/* Exit status for a trap: 128 + the signal Linux would send. */
static int trap_status(int trap)
{
	switch (trap) {
	case VXTRAP_DIVIDE: case VXTRAP_FPOINT: case VXTRAP_SIMD:
		return 128 + SIGFPE;
	case VXTRAP_BREAKPOINT: case VXTRAP_DEBUG:
		return 128 + SIGTRAP;
	case VXTRAP_PAGEFAULT: case VXTRAP_PROTECTION: case VXTRAP_BOUND:
	case VXTRAP_OVERFLOW:
		return 128 + SIGSEGV;
	case VXTRAP_ALIGN:
		return 128 + SIGBUS;
	default:
		return 128 + SIGILL;
	}
}

static void report_trap(int trap)
{
	struct vxcpu *c = guest->cpu;
	char buf[32];

	write_pending();
	fprintf(stderr, "%s: trap: %s at eip 0x%08" PRIx32,
		progname, trap_name(trap, buf, sizeof buf), c->eip);
	if (trap == VXTRAP_PAGEFAULT)
		fprintf(stderr, ", address 0x%08" PRIx32 " (%s)", c->trapva,
			c->traperr & 0x10 ? "exec" :
			c->traperr & 2 ? "write" : "read");
	fputc('\n', stderr);
	if (trap == VXTRAP_INVALID)
		fprintf(stderr, "%s: %s\n", progname, vxproc_error(guest));
	exit(trap_status(trap));
}

int main(int argc, char **argv)
{
	uint64_t mem_limit = 1ull << 31;
	double cpu_secs = 0;
	char **env = calloc(argc + 1, sizeof *env);
	int nenv = 0, opt, verbose = 0;
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "clock", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};

	if (!env)
		die("out of memory");
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:m:t:e:hv", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'h':
			help();
		case 'v':
			verbose = 1;
			break;
		case 'C':
			clock_granted = 1;
			break;
		case 'm':
			mem_limit = parse_size(optarg);
			break;
		case 't': {
			char *end;
			cpu_secs = strtod(optarg, &end);
			if (*end || !(cpu_secs > 0) || cpu_secs > 1e9)
				die("bad CPU time '%s'", optarg);
			cpu_limit_text = optarg;
			break;
		}
		case 'e': {
			/* Like env(1): a later NAME=VALUE replaces an earlier. */
			const char *eq = strchr(optarg, '=');
			int i;
			if (!eq || eq == optarg)
				die("-e wants NAME=VALUE, not '%s'", optarg);
			for (i = 0; i < nenv; i++)
				if (!strncmp(env[i], optarg, eq - optarg + 1))
					break;
			env[i] = optarg;
			if (i == nenv)
				nenv++;
			break;
		}
		case ':':
			die("option -%c needs an argument", optopt);
		case '?':
			if (optopt)
				die("unknown option -%c (try --help)", optopt);
			die("unknown option %s (try --help)", argv[optind - 1]);
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();

	if (vx32_init() < 0)
		die("cannot initialise vx32: %s", *vxproc_error(NULL) ?
		    vxproc_error(NULL) : strerror(errno));
	if (!(guest = vxproc_alloc()))
		die("cannot create a guest: %s", *vxproc_error(NULL) ?
		    vxproc_error(NULL) : strerror(errno));
	if (verbose)
		fprintf(stderr, "%s: backend %s\n", progname,
			vx32_backendname(vxproc_backend(guest)));
	vxproc_setlimit(guest, VXLIMIT_MEMORY, mem_limit);
	if (vxproc_loadelffile(guest, argv[optind],
			       (const char *const *)argv + optind,
			       (const char *const *)env) < 0)
		die("%s", vxproc_error(guest));
	brk_start = brk_cur = guest->load.image_hi;
	brk_max = guest->load.stack_lo - (1u << 20);

	/* The library's limit charges this thread's CPU time, guest and
	   host service alike (VXLIMIT_CPUTIME). */
	if (cpu_secs > 0)
		vxproc_setlimit(guest, VXLIMIT_CPUTIME,
				(uint64_t)(cpu_secs * 1e9) ?: 1);
	for (;;) {
		int trap = vxproc_run(guest);
		struct vxcpu *c = guest->cpu;

		if (trap == VXTRAP_SOFT + VXC_INT) {
			c->reg[EAX] = (uint32_t)guest_call(c);
			continue;
		}
		if (trap == VXTRAP_IRQ)
			continue;
		if (trap == VXTRAP_LIMIT + VXLIMIT_CPUTIME) {
			write_pending();
			fprintf(stderr, "%s: CPU time limit of %s s exceeded at "
				"eip 0x%08" PRIx32 "\n", progname,
				cpu_limit_text, c->eip);
			exit(EXIT_TIMEOUT);
		}
		if (trap < 0)
			die("%s", vxproc_error(guest));
		report_trap(trap);
	}
}
