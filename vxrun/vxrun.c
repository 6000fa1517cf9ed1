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
#include <sys/time.h>
#include <unistd.h>
#include "vx32.h"

#define VXC_EXIT	1
#define VXC_READ	2
#define VXC_WRITE	3
#define VXC_BRK		4
#define VXC_INT		0x30

#define EXIT_TIMEOUT	124
#define EXIT_ERROR	125

static const char *progname = "vxrun";
static vxproc *guest;
static const char *cpu_limit_text;

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "%s: usage: %s [-v] [-m SIZE] [-t SECONDS] "
		"[-e NAME=VALUE]... guest [args...]\n", progname, progname);
	exit(EXIT_ERROR);
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

/* "64M" -> bytes; 0 on a malformed size. */
static uint64_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	uint64_t v = strtoull(s, &end, 10);

	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	return *end ? 0 : v;
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

/* Service one guest call; returns the value for eax. */
static int32_t guest_call(struct vxcpu *c)
{
	uint32_t a1 = c->reg[EBX], a2 = c->reg[ECX], a3 = c->reg[EDX];
	void *buf;
	ssize_t n;

	switch (c->reg[EAX]) {
	case VXC_EXIT:
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

	if (!env)
		die("out of memory");
	opterr = 0;
	while ((opt = getopt(argc, argv, "+:m:t:e:hv")) != -1) {
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 'm':
			if (!(mem_limit = parse_size(optarg)))
				die("bad memory size '%s'", optarg);
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
			die("unknown option -%c", optopt);
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
