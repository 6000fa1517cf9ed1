/*
 * hoststate.c - host state a guest must not be able to change: signal
 * dispositions (the library's own handlers included), the signal mask,
 * the alternate signal stack, the thread's FS base (host TLS) and its
 * fs and ss selectors; ds and es may only change from null to the host's
 * ss (the seg backend's exit: the same segment in 64-bit mode).  The
 * library owns gs and the GS base, so those are not compared.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fuzz.h"

static const int watched[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGALRM, SIGINT,
	SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGCHLD, SIGXCPU,
};
#define NWATCHED (sizeof watched / sizeof watched[0])

static struct {
	struct sigaction act[NWATCHED];
	sigset_t mask;
	stack_t altstack;
	unsigned long fsbase;
	uint16_t sel[5];	/* ds es fs gs ss */
} saved;

/* Only the kernel's 64 signals are meaningful: glibc copies the rest of
   a sigset_t from uninitialised stack. */
static int same_set(const sigset_t *a, const sigset_t *b)
{
	for (int sig = 1; sig <= SIGRTMAX; sig++)
		if (sigismember(a, sig) != sigismember(b, sig))
			return 0;
	return 1;
}

/* The host's data segment registers: the seg backend loads guest
   selectors into ds, es, ss and gs while a guest runs. */
static void selectors(uint16_t *sel)
{
	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; "
			 "mov %%gs, %3; mov %%ss, %4" : "=m"(sel[0]),
			 "=m"(sel[1]), "=m"(sel[2]), "=m"(sel[3]),
			 "=m"(sel[4]));
}

static void snapshot(struct sigaction *act, sigset_t *mask, stack_t *alt,
		     unsigned long *fsbase)
{
	for (unsigned i = 0; i < NWATCHED; i++) {
		memset(&act[i], 0, sizeof act[i]);
		sigaction(watched[i], NULL, &act[i]);
	}
	sigprocmask(SIG_BLOCK, NULL, mask);
	sigaltstack(NULL, alt);
	if (syscall(SYS_arch_prctl, ARCH_GET_FS, fsbase) < 0)
		*fsbase = 0;
}

void hoststate_save(void)
{
	snapshot(saved.act, &saved.mask, &saved.altstack, &saved.fsbase);
	selectors(saved.sel);
}

void hoststate_check(const char *when)
{
	struct sigaction act[NWATCHED];
	sigset_t mask;
	stack_t alt;
	unsigned long fsbase;

	snapshot(act, &mask, &alt, &fsbase);
	for (unsigned i = 0; i < NWATCHED; i++) {
		struct sigaction *a = &act[i], *b = &saved.act[i];
		if (a->sa_sigaction != b->sa_sigaction ||
		    a->sa_flags != b->sa_flags ||
		    !same_set(&a->sa_mask, &b->sa_mask))
			fuzz_fail("%s: disposition of signal %d (%s) changed: "
				  "handler %p flags %#x, was %p flags %#x", when,
				  watched[i], strsignal(watched[i]),
				  (void *)a->sa_sigaction, a->sa_flags,
				  (void *)b->sa_sigaction, b->sa_flags);
	}
	if (!same_set(&mask, &saved.mask))
		fuzz_fail("%s: signal mask changed", when);
	if (alt.ss_sp != saved.altstack.ss_sp ||
	    alt.ss_size != saved.altstack.ss_size ||
	    alt.ss_flags != saved.altstack.ss_flags)
		fuzz_fail("%s: alternate signal stack changed (%p+%zu flags %d)",
			  when, alt.ss_sp, alt.ss_size, alt.ss_flags);
	uint16_t sel[5], *o = saved.sel;
	selectors(sel);
	int bad = sel[2] != o[2] || sel[4] != o[4];
	for (int i = 0; i < 2; i++)		/* ds, es */
		bad |= sel[i] != o[i] && !((o[i] & ~3) == 0 && sel[i] == o[4]);
	if (bad)
		fuzz_fail("%s: segment registers ds es fs gs ss changed to "
			  "%#x %#x %#x %#x %#x, were %#x %#x %#x %#x %#x", when,
			  sel[0], sel[1], sel[2], sel[3], sel[4], saved.sel[0],
			  saved.sel[1], saved.sel[2], saved.sel[3], saved.sel[4]);
	if (fsbase != saved.fsbase)
		fuzz_fail("%s: FS base (host TLS) changed: %#lx, was %#lx", when,
			  fsbase, saved.fsbase);
}
