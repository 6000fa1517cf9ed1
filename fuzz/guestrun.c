/*
 * guestrun.c - run a guest for a bounded time, servicing its calls, and
 * check the host after every return from vxproc_run().
 *
 * A guest may loop forever, so a per-thread CPU-time timer calls
 * vxproc_interrupt() (documented as safe from signal handlers) after
 * budget_ns of the thread's CPU time (GUEST_BUDGET_NS for fuzz inputs); the run then ends with VXTRAP_IRQ.  The
 * translator itself gets no such help: a hang inside translation or in
 * the library's C code outlives the watchdog and is caught by libFuzzer's
 * -timeout (or the replay driver's alarm) as a bug.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "fuzz.h"

#define BRK_MAX		(16u << 20)		/* heap a guest may grow */
#define ENOSYS_RET	((uint32_t)-38)

/* Bits of eflags that vx32.h says a host may see after a run. */
#define EFLAGS_ALLOWED	(0x0cd5 | 0x0202 | 0x4100 | 0x240000)	/* + TF NT AC ID */

static timer_t watchdog, unit_timer;
static vxproc *volatile watched;
static volatile sig_atomic_t fired;

/*
 * One input may use UNIT_CPU_S seconds of the thread's CPU time: the
 * guest gets 2 ms, loading, translation and the checks normally take
 * well under 10 ms, so more is a hang or a pathological (quadratic)
 * case in the library.  CPU time, unlike libFuzzer's wall-clock
 * -timeout, does not grow when the machine is loaded: an input that
 * merely waited for a CPU is never reported, a slow one always is.  The
 * handler may interrupt translated code: it runs on the alternate stack.
 */
#define UNIT_CPU_S	2

static void unit_timer_handler(int sig)
{
	static const char msg[] = "vx32-fuzz: BUG: one input used more than "
		"2 s of CPU time (a hang or a quadratic case in the library)\n";

	if (write(2, msg, sizeof msg - 1) < 0)
		abort();
	abort();
}

/* Start (on) or stop the current input's CPU-time limit. */
void fuzz_unit_limit(int on)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = on ? UNIT_CPU_S : 0;
	if (timer_settime(unit_timer, 0, &its, NULL) < 0)
		fuzz_fail("timer_settime: %s", strerror(errno));
}

/* A thread-directed CPU-time timer raising sig, handled on the
   alternate stack by fn. */
static void cpu_timer(timer_t *t, int sig, void (*fn)(int))
{
	struct sigaction sa;
	struct sigevent ev;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		fuzz_fail("sigaction for a CPU-time timer: %s", strerror(errno));
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = sig;
	ev._sigev_un._tid = syscall(SYS_gettid);
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, t) < 0)
		fuzz_fail("timer_create: %s", strerror(errno));
}

static void watchdog_handler(int sig)
{
	vxproc *p = watched;

	if (p) {
		vxproc_interrupt(p);
		fired++;
	}
}

void guestrun_init(void)
{
	/* The signal can arrive while translated code runs on the guest's
	   stack: the handlers run on the alternate stack. */
	cpu_timer(&watchdog, SIGRTMIN + 4, watchdog_handler);
	cpu_timer(&unit_timer, SIGRTMIN + 5, unit_timer_handler);
}

static void watchdog_set(long ns)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = ns / 1000000000;
	its.it_value.tv_nsec = ns % 1000000000;
	if (timer_settime(watchdog, 0, &its, NULL) < 0)
		fuzz_fail("timer_settime: %s", strerror(errno));
}

static uint32_t fpu_mxcsr(void)
{
	uint32_t v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static uint16_t fpu_fcw(void)
{
	uint16_t v;
	__asm__ volatile("fnstcw %0" : "=m"(v));
	return v;
}

static int trap_valid(int trap)
{
	switch (VXTRAP_CATEGORY(trap)) {
	case 0:
		return trap <= VXTRAP_CPU_MAX;
	case VXTRAP_IRQ:
	case VXTRAP_SOFT:
	case VXTRAP_SYSCALL:
	case VXTRAP_SIGNAL:
	case VXTRAP_LIMIT:
		return 1;
	}
	return 0;
}

/* One vxproc_run() with every host-side check that is cheap enough. */
static int run_once(vxproc *p)
{
	static const char *const regname[] = {
		"rbx", "rbp", "r12", "r13", "r14", "r15", "DF",
	};
	uint32_t mxcsr = fpu_mxcsr();
	uint16_t fcw = fpu_fcw();
	unsigned clobbered = 0;
	int trap = fuzz_checked_run(p, &clobbered);

	for (unsigned i = 0; i < 7; i++)
		if (clobbered & (1u << i))
			fuzz_fail("vxproc_run returned (trap %#x) with host %s "
				  "changed", trap, regname[i]);
	if (fpu_mxcsr() != mxcsr || fpu_fcw() != fcw)
		fuzz_fail("vxproc_run returned (trap %#x) with host MXCSR "
			  "%#x FCW %#x, was %#x %#x", trap, fpu_mxcsr(),
			  fpu_fcw(), mxcsr, fcw);
	if (trap == -1)
		fuzz_fail("vxproc_run failed: %s (%s)", vxproc_error(p),
			  strerror(errno));
	if (!trap_valid(trap))
		fuzz_fail("vxproc_run returned undocumented trap %#x", trap);

	struct vxcpu *c = p->cpu;
	if ((c->eflags & 0x202) != 0x202 || (c->eflags & ~EFLAGS_ALLOWED))
		fuzz_fail("trap %#x: guest eflags %#x has bits vx32.h rules "
			  "out", trap, c->eflags);
	if (trap == VXTRAP_PAGEFAULT && c->trapva != 0xffffffff) {
		int need = c->traperr & 0x10 ? VXPERM_EXEC :
			   c->traperr & 2 ? VXPERM_WRITE : VXPERM_READ;
		/* A page fault on a page that has the permission would be a
		   spurious trap (a guard tail access reports 0xffffffff). */
		if (vxmem_checkperm(p, c->trapva, 1, need, NULL))
			fuzz_fail("page fault at eip %#x address %#x err %#x, "
				  "but the page has permission %d", c->eip,
				  c->trapva, c->traperr, need);
	}
	return trap;
}

/* The vxrun call ABI (doc/abi.md), without touching host files: reads
   see end of input, writes are checked and discarded.  Returns 0 when
   the guest asked to exit. */
static int service_call(vxproc *p, struct guestrun *r)
{
	uint32_t *reg = p->cpu->reg;
	uint32_t a = reg[EBX], buf = reg[ECX], n = reg[EDX];

	switch (reg[EAX]) {
	case 1:
		return 0;
	case 2:
		reg[EAX] = 0;
		break;
	case 3:
		reg[EAX] = n == 0 || vxmem_hostptr(p, buf, n, VXPERM_READ) ?
			   n : (uint32_t)-14;
		break;
	case 4:
		if (a >= r->brk_lo && a <= r->brk_lo + BRK_MAX && r->brk_lo) {
			uint32_t old = (r->brk + 4095) & ~4095u;
			uint32_t new = (a + 4095) & ~4095u;
			if (new > old && vxmem_map(p, old, new - old,
						   VXPERM_READ | VXPERM_WRITE) < 0)
				break;
			r->brk = a;
		}
		reg[EAX] = r->brk;
		break;
	default:
		reg[EAX] = ENOSYS_RET;
	}
	return 1;
}

void guestrun(vxproc *p, struct guestrun *r, unsigned max_traps,
	      long budget_ns)
{
	uint8_t stack_canary[256];
	int trap = -1;

	memset(stack_canary, 0x5c, sizeof stack_canary);
	r->ntraps = r->nirq = 0;
	fired = 0;
	watched = p;
	watchdog_set(budget_ns);
	while (r->ntraps < max_traps) {
		trap = run_once(p);
		r->ntraps++;
		if (trap == VXTRAP_IRQ) {
			r->nirq++;
			break;
		}
		if (trap == VXTRAP_SOFT + 0x30) {
			if (!service_call(p, r))
				break;
			continue;
		}
		if (trap == VXTRAP_SOFT + 0x80) {
			uint32_t nr = p->cpu->reg[EAX];
			if (nr == 1 || nr == 252)
				break;
			p->cpu->reg[EAX] = ENOSYS_RET;
			continue;
		}
		if (VXTRAP_CATEGORY(trap) == VXTRAP_SOFT ||
		    VXTRAP_CATEGORY(trap) == VXTRAP_SYSCALL) {
			p->cpu->reg[EAX] = ENOSYS_RET;
			continue;
		}
		break;			/* a fault: the guest cannot go on */
	}
	watchdog_set(0);
	/* The timer is thread-directed, so a signal it raised has been
	   handled by now.  If it fired after the last run returned, an
	   interrupt is pending: the next run must return VXTRAP_IRQ at once
	   without running guest code; consume it so inputs stay separate. */
	if (fired > (sig_atomic_t)r->nirq) {
		int t = run_once(p);
		if (t != VXTRAP_IRQ)
			fuzz_fail("pending vxproc_interrupt() not reported: "
				  "vxproc_run returned %#x", t);
	}
	watched = NULL;
	r->last = trap;
	for (unsigned i = 0; i < sizeof stack_canary; i++)
		if (stack_canary[i] != 0x5c)
			fuzz_fail("harness stack canary written");
}
