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
		"guest reservations: %u placed, %u missed; %lu inputs skipped "
		"for a known bug\n", fuzz_inputs_checked, canary_pages_placed,
		canary_pages_missed, known_bug_skips);
}

unsigned long fuzz_inputs_checked;

void fuzz_setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	canary_init();
	if (vx32_init() < 0)
		fuzz_fail("vx32_init: %s", strerror(errno));
	handlers_onstack();
	guestrun_init();
	hoststate_save();
	atexit(report);
}
