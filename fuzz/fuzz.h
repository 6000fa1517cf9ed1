/*
 * fuzz.h - shared parts of the vx32 fuzzing harnesses.
 *
 * Both harnesses (fuzz_code.c: bytes as guest code, fuzz_elf.c: bytes as
 * an ELF image) run untrusted input inside a guest and then check that the
 * host survived intact: canary pages around the guest reservation and in
 * the host's own memory, the host's callee-saved registers, FPU control
 * state, signal dispositions, signal mask, alternate stack and TLS base.
 * Any violation prints what was found and calls abort(), which libFuzzer
 * (or the replay driver) reports as a crash with the input saved.
 */
#ifndef VX32_FUZZ_H
#define VX32_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "vx32.h"

/* Report a broken invariant and abort: the input found a bug. */
void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* canary.c: pages just outside the guest reservation, plus canaries in
   the harness's globals, heap and stack. */
void canary_init(void);
void canary_arm(vxproc *p);		/* after vxproc_alloc() */
void canary_disarm(vxproc *p);		/* before vxproc_free() */
void canary_check(const char *when);
extern unsigned canary_pages_placed, canary_pages_missed;	/* statistics */
void fuzz_selftest(void);		/* VX32_FUZZ_SELFTEST: break one */

/* hoststate.c: a snapshot of per-process and per-thread host state that
   a guest must never change. */
void hoststate_save(void);
void hoststate_check(const char *when);

/* checked_run.S: vxproc_run() with known values in the callee-saved
   registers; returns the trap, stores in *clobbered a bit per register
   (rbx rbp r12 r13 r14 r15, and bit 6 for DF) that came back changed. */
int fuzz_checked_run(vxproc *p, unsigned *clobbered);

/* guestrun.c: run a guest for a bounded time and number of traps,
   servicing int $0x30 calls (doc/abi.md) and int $0x80 exit.  Checks
   every return for host and guest-state damage. */
struct guestrun {
	unsigned ntraps;	/* vxproc_run() returns */
	unsigned nirq;		/* of them, stopped by the watchdog */
	int last;		/* last trap code (or -1) */
	uint32_t brk_lo, brk;	/* program break for the brk call */
};
void guestrun_init(void);
void guestrun(vxproc *p, struct guestrun *r, unsigned max_traps,
	      long budget_ns);
#define GUEST_BUDGET_NS	(2 * 1000 * 1000)	/* guest CPU time per input */
/* Each input as a whole: a CPU-time limit (2 s), beyond which the
   harness reports a hang (fuzz_fail's BUG line, then abort).  The
   harnesses start it after fuzz_setup() and stop it before returning. */
void fuzz_unit_limit(int on);

/* reset.c: RESET_CODE, placed by the caller at code_addr (mapped RX,
   with a writable stack below stack_top), clears the x87/SSE state and
   segment registers; reset_run() runs it and checks the result. */
extern const uint8_t reset_code[];
extern const size_t reset_code_len;
void reset_run(vxproc *p, uint32_t code_addr, uint32_t stack_top);

/* knownbugs.c: the name of an open library bug whose trigger the
   input holds (the harness then skips it), or NULL. */
const char *known_bug(const uint8_t *data, size_t size);
const char *known_bug_smc(void);	/* for inputs with writable code */
extern unsigned long known_bug_skips, known_bug_avoided;

/* Everything a harness needs once per process. */
void fuzz_setup(void);
extern unsigned long fuzz_inputs_checked;	/* passed every check */

#endif
