/*
 * api_refuse.c - a host that refuses the seg backend, simulated with a
 * seccomp filter on modify_ldt(2): either the call fails (ENOSYS, as
 * without CONFIG_MODIFY_LDT_SYSCALL), or it pretends to succeed and
 * installs nothing, so that every LDT selector the library then loads
 * faults - as on machines whose hypervisor refuses LDT selectors.
 *
 * Either way forcing seg must be a clear error (vx32_setbackend: -1 and
 * ENOTSUP with a reason; VX32_BACKEND=seg vxrun: one line, exit 125),
 * never a crash, and auto must fall back to flat and run the guest.
 *
 * Third, a CPU that does not check segment limits (QEMU's software
 * emulation): the filter traps modify_ldt and a SIGSYS handler installs
 * the descriptor itself, with a limit one page larger than asked for the
 * probe's 64 KiB address space, whose next page the test has mapped
 * (readable): the probe's read past its limit then succeeds, as on such
 * a CPU, and seg must be refused - also with VX32_SEG_UNSAFE_NO_LIMITS
 * set, which only QEMU's TCG may honour.
 */
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <fcntl.h>
#include <asm/ldt.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "check.h"

/* modify_ldt returns -err (0: "succeeds" without doing anything). */
static void refuse_ldt(int err)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_modify_ldt, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp", "cannot install the filter");
}

/*
 * modify_ldt(0x11, desc) is served by ldt_sigsys: the probe's 64 KiB data
 * segment gets a limit one page larger.  (The handler's own call uses
 * func 1, the old form, which the filter lets through; it writes the
 * same descriptor.)
 */
static void ldt_sigsys(int sig, siginfo_t *si, void *ucv)
{
	greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
	struct user_desc d;

	memcpy(&d, (void *)g[REG_RSI], sizeof d);
	if (d.contents == MODIFY_LDT_CONTENTS_DATA && !d.seg_not_present &&
	    !d.limit_in_pages && d.limit == 0xffff)
		d.limit += 0x1000;
	long r = syscall(SYS_modify_ldt, 1, &d, sizeof d);
	g[REG_RAX] = r < 0 ? -errno : r;
}

/* The top 64 KiB below 4 GiB, mapped readable before vx32_init(): the
   library reserves the free low 4 GiB in 64 KiB pieces around it and
   puts the probe's address space right below it. */
#define ABOVE_PROBE	0xffff0000ul

static void ignore_limits(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_modify_ldt, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x11, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };
	struct sigaction sa = { .sa_sigaction = ldt_sigsys,
				.sa_flags = SA_SIGINFO };

	if (mmap((void *)ABOVE_PROBE, 0x10000, PROT_READ, MAP_PRIVATE |
		 MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) !=
	    (void *)ABOVE_PROBE)
		die("nolimit", "cannot map the top 64 KiB below 4 GiB");
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp", "cannot install the filter");
}

/* Is this CPU QEMU's TCG (cpuid: a hypervisor, "TCGTCGTCGTCG")? */
static int on_tcg(void)
{
	uint32_t r[4];
	char sig[13];

	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(1), "c"(0));
	if (!(r[2] >> 31))
		return 0;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(0x40000000), "c"(0));
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
	return !strcmp(sig, "TCGTCGTCGTCG");
}

/* The probe meets a CPU without limit checks: seg is refused, unless
   waived on TCG. */
static void no_limits(const char *name, int waive)
{
	int r, e;

	if (waive)
		setenv("VX32_SEG_UNSAFE_NO_LIMITS", "1", 1);
	else
		unsetenv("VX32_SEG_UNSAFE_NO_LIMITS");
	ignore_limits();
	errno = 0;
	r = vx32_setbackend(VX32_BACKEND_SEG);
	e = errno;
	if (r == -1 && strstr(vxproc_error(NULL), "refuses LDT segments")) {
		/* the probe fails before its limit check: no LDT here */
		printf("skip %s: the host refuses LDT segments ('%s')\n", name,
		       vxproc_error(NULL));
		return;
	}
	if (waive && on_tcg()) {
		check(name, r == 0, "QEMU TCG with VX32_SEG_UNSAFE_NO_LIMITS: "
		      "setbackend returned %d: '%s'", r, vxproc_error(NULL));
		return;
	}
	check(name, r == -1 && e == ENOTSUP &&
	      strstr(vxproc_error(NULL), "limit of an LDT data segment is not "
		     "enforced"),
	      "returned %d errno %d: '%s'", r, e, vxproc_error(NULL));
}

static void lib_nolimit(void) { no_limits("nolimit-setbackend-seg", 0); }
static void lib_nolimit_waived(void)
{
	no_limits("nolimit-waiver-needs-tcg", 1);
}

static const uint8_t code[] = {
	0xb8, 0x2a, 0x00, 0x00, 0x00,	/* mov $42, %eax */
	0x50, 0x5b,			/* push %eax; pop %ebx */
	STOP,
};

static void library(const char *kind, int err)
{
	char name[80];
	int r, e;

	refuse_ldt(err);
	errno = 0;
	r = vx32_setbackend(VX32_BACKEND_SEG);
	e = errno;
	snprintf(name, sizeof name, "%s-setbackend-seg", kind);
	check(name, r == -1 && e == ENOTSUP &&
	      strstr(vxproc_error(NULL), "seg backend is not available"),
	      "returned %d errno %d: '%s'", r, e, vxproc_error(NULL));
	snprintf(name, sizeof name, "%s-auto-flat", kind);
	r = vx32_setbackend(VX32_BACKEND_AUTO);
	vxproc *p = guest(name, code, sizeof code);
	int t = vxproc_run(p);
	check(name, r == 0 && vxproc_backend(p) == VX32_BACKEND_FLAT &&
	      t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EBX] == 42,
	      "setbackend %d, backend %s, trap %#x ebx %u", r,
	      vx32_backendname(vxproc_backend(p)), t, p->cpu->reg[EBX]);
	vxproc_free(p);
}

static void lib_enosys(void) { library("enosys", ENOSYS); }
static void lib_faults(void) { library("faults", 0); }

/* VX32_BACKEND=seg vxrun GUEST under the filter: exit 125, one line. */
static void vxrun(const char *kind, int err)
{
	const char *out = getenv("VX32_TEST_OUT");
	char vx[4096], guest[4096], line[512] = "", name[80];
	int fd[2], st;
	pid_t pid;

	snprintf(name, sizeof name, "%s-vxrun", kind);
	if (!out) {
		printf("skip %s: VX32_TEST_OUT not set (run by test/run.sh)\n",
		       name);
		return;
	}
	snprintf(vx, sizeof vx, "%s/../../vxrun/vxrun", out);
	snprintf(guest, sizeof guest, "%s/guests/hello", out);
	if (pipe(fd) < 0 || (pid = fork()) < 0)
		die(name, "pipe/fork");
	if (pid == 0) {
		dup2(fd[1], 2);
		dup2(open("/dev/null", O_WRONLY), 1);
		refuse_ldt(err);
		setenv("VX32_BACKEND", "seg", 1);
		execl(vx, vx, guest, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof line - 1 &&
	       (n = read(fd[0], line + got, sizeof line - 1 - got)) > 0)
		got += n;
	line[got] = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	char *nl = strchr(line, '\n');
	check(name, WIFEXITED(st) && WEXITSTATUS(st) == 125 && nl &&
	      nl[1] == 0 && !strncmp(line, "vxrun: ", 7) &&
	      strstr(line, "seg backend is not available"),
	      "status %#x, stderr '%s'", st, line);
}

int main(void)
{
	isolated("enosys", lib_enosys);
	isolated("faults", lib_faults);
	isolated("nolimit", lib_nolimit);
	isolated("nolimit-waived", lib_nolimit_waived);
	vxrun("enosys", ENOSYS);
	vxrun("faults", 0);
	return nfailed != 0;
}
