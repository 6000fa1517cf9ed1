/*
 * setup.c - once-per-process set-up shared by the harnesses, and the
 * failure report.
 *
 * Set-up runs on the first input, not in LLVMFuzzerInitialize(): libFuzzer
 * installs its own signal handlers after that hook, and libvx32's fault
 * handlers must be installed after them (they chain to them for faults
 * outside guest code, which libFuzzer then reports as crashes).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include "fuzz.h"

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("vx32-fuzz: BUG: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/*
 * libvx32 handles SIGTRAP for single-stepping after self-modifying stores
 * and passes one outside guest code on to the previous handler.  With
 * the default action the process would just die (libFuzzer does not
 * catch SIGTRAP, and would save no input): report it as a bug instead.
 * A host SIGTRAP means the trap flag was left set in host code.
 */
static void host_sigtrap(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	char msg[160];
	int n = snprintf(msg, sizeof msg, "vx32-fuzz: BUG: SIGTRAP in host "
			 "code at pc %#llx (trap flag left set?)\n",
			 (unsigned long long)uc->uc_mcontext.gregs[REG_RIP]);

	if (write(2, msg, n) < 0)
		abort();
	abort();
}

static void catch_host_sigtrap(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = host_sigtrap;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTRAP, &sa, NULL) < 0)
		fuzz_fail("sigaction(SIGTRAP): %s", strerror(errno));
}

/*
 * Translated code runs with the guest's esp in %rsp, so a handler that
 * does not run on the alternate stack cannot be delivered there (the
 * kernel kills the process: see reserve_low4g() in libvx32/proc.c).
 * libFuzzer's handlers (SIGALRM for -timeout, SIGINT, SIGUSR1 ...) are
 * installed without SA_ONSTACK: re-install them with it, as any vx32
 * host must do with its own handlers.
 */
static void handlers_onstack(void)
{
	for (int sig = 1; sig < SIGRTMIN; sig++) {
		struct sigaction sa;
		if (sig == SIGKILL || sig == SIGSTOP ||
		    sigaction(sig, NULL, &sa) < 0)
			continue;
		if (!(sa.sa_flags & SA_SIGINFO) &&
		    (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN))
			continue;
		if (sa.sa_flags & SA_ONSTACK)
			continue;
		sa.sa_flags |= SA_ONSTACK;
		if (sigaction(sig, &sa, NULL) < 0)
			fuzz_fail("cannot set SA_ONSTACK for signal %d: %s", sig,
				  strerror(errno));
	}
}

/* At exit: evidence that the checks were in place, for the run's log. */
static void report(void)
{
	fprintf(stderr, "vx32-fuzz: %lu inputs checked; canary pages around "
		"guest reservations: %u placed, %u missed; known bugs: %lu "
		"inputs skipped, %lu run with read-only code\n",
		fuzz_inputs_checked, canary_pages_placed, canary_pages_missed,
		known_bug_skips, known_bug_avoided);
}

unsigned long fuzz_inputs_checked;

void fuzz_setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	canary_init();
	catch_host_sigtrap();		/* before libvx32 chains to it */
	if (vx32_init() < 0)
		fuzz_fail("vx32_init: %s", strerror(errno));
	handlers_onstack();
	guestrun_init();
	hoststate_save();
	atexit(report);
}
