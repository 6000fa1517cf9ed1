/*
 * run.c - vxproc_run(): the dispatch loop between the host and
 * translated code.
 *
 * Translated code leaves through vx_exit with
 *   %r9 = EXIT_LOOKUP, %r8d = target:    an indirect branch missed the
 *                                        inline table
 *   %r9 = EXIT_TRAP | code, %r8d = eip:  a trap
 *   %r9 = EXIT_HELPER, %r8d = eip:       an instruction emulated in C
 *   %r9 = address of a rel32, %r8d = target: a direct exit not yet
 *                                        chained; patch it
 * and the fault handler leaves through vx_sigexit as EXIT_TRAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "backend.h"
#include "emit.h"

_Static_assert(offsetof(struct vxstate, cpu.eip) == ST_EIP, "state layout");
_Static_assert(offsetof(struct vxstate, host_rsp) == ST_HOST_RSP, "layout");
_Static_assert(offsetof(struct vxstate, exit_r8) == ST_EXIT_R8, "layout");
_Static_assert(offsetof(struct vxstate, exit_r10) == ST_EXIT_R10, "layout");
_Static_assert(offsetof(struct vxstate, guest_base) == ST_GUEST_BASE, "lay");
_Static_assert(offsetof(struct vxstate, target) == ST_TARGET, "layout");
_Static_assert(offsetof(struct vxstate, host_mxcsr) == ST_HOST_MXCSR, "l");
_Static_assert(offsetof(struct vxstate, host_fcw) == ST_HOST_FCW, "layout");
_Static_assert(offsetof(struct vxstate, fp_live) == ST_FP_LIVE, "layout");
_Static_assert(offsetof(struct vxstate, fp_soft) == ST_FP_SOFT, "layout");
_Static_assert(offsetof(struct vxstate, exit_fn) == ST_EXIT_FN, "layout");
_Static_assert(offsetof(struct vxstate, learn_fn) == ST_LEARN_FN, "layout");
_Static_assert(offsetof(struct vxstate, exit_kind) == ST_EXIT_KIND, "layout");
_Static_assert(offsetof(struct vxstate, flags_slot) == ST_FLAGS_SLOT, "l");
_Static_assert(offsetof(struct vxstate, xflags) == ST_XFLAGS, "layout");
_Static_assert(offsetof(struct vxstate, private_stack) == ST_STACK_LO, "lay");
_Static_assert(offsetof(struct vxstate, seg_save_b) == ST_SEG_SAVE_B, "lay");
_Static_assert(offsetof(struct vxstate, seg_popf) == ST_SEG_POPF, "layout");
_Static_assert(offsetof(struct vxstate, seg_exitfar) == ST_SEG_EXITFAR, "l");
_Static_assert(offsetof(struct vxstate, seg_learnfar) == ST_SEG_LEARNFAR, "");
_Static_assert(offsetof(struct vxstate, seg_ssesp) == ST_SEG_SSESP, "layout");
_Static_assert(offsetof(struct vxstate, seg_saveesp) == ST_SEG_SAVEESP, "l");
_Static_assert(offsetof(struct vxstate, seg_privfar) == ST_SEG_PRIVFAR, "l");
_Static_assert(offsetof(struct vxstate, seg_dsel) == ST_SEG_DSEL, "layout");
_Static_assert(offsetof(struct vxstate, seg_hostss) == ST_SEG_HOSTSS, "lay");
_Static_assert(offsetof(struct vxstate, seg_self) == ST_SEG_SELF, "layout");
_Static_assert(offsetof(struct vxstate, seg_exitfn) == ST_SEG_EXITFN, "lay");
_Static_assert(offsetof(struct vxstate, seg_frame) == ST_SEG_FRAME, "layout");
_Static_assert(sizeof(struct vxstate) <= ST_FXSAVE, "state too big");


/* Find or make the fragment for eip; NULL with *trap on failure. */
static struct frag *get_frag(struct vxpriv *vp, uint32_t eip, int *trap)
{
	struct frag *f = vx_cache_lookup(vp, eip);

	if (f)
		return f;
	if (!vp->stats)
		return vx_translate(vp, eip, trap);
	uint64_t t0 = vx_clock_ns(CLOCK_MONOTONIC);
	f = vx_translate(vp, eip, trap);
	vp->xl_ns += vx_clock_ns(CLOCK_MONOTONIC) - t0;
	return f;
}

static void poll_restore(struct vxpriv *vp)
{
	vp->interrupt = 0;
	mprotect(vp->stmem, VX_PAGE, vp->bk->poll_prot);
}

/* Name the instruction behind an invalid-opcode trap in vxproc_error(). */
static void explain_invalid(struct vxpriv *vp, uint32_t eip)
{
	uint8_t b[15];
	unsigned n = 0;
	struct vxinsn in;
	char hex[3 * 15 + 1] = "";

	while (n < sizeof b && vxmem_checkperm(vp->proc, eip + n, 1,
						VXPERM_READ, NULL)) {
		b[n] = vp->base[(uint32_t)(eip + n)];
		n++;
	}
	if (n && vx_decode(&in, eip, b, n) == 0)
		n = in.len;
	for (unsigned i = 0; i < n; i++)
		sprintf(hex + 3 * i, "%02x ", b[i]);
	vx_seterr(vp, "invalid opcode at 0x%08x: bytes %s(%s)", eip, hex,
		  n && in.why ? in.why : "undefined or unsupported encoding");
}

/*
 * The guest's TF: while it is set, blocks are one instruction long and
 * every one returns here (TRACE_STEP, as VX32_TRACE does), so that a
 * debug trap follows each instruction that completes.  Translations of
 * one mode are useless in the other (chained multi-instruction blocks),
 * so a change of mode drops them.  TF changes only by popf (whose
 * translation leaves the block when it sets TF), iret (a helper) and
 * host writes, all of which come back here first.
 */
static void step_mode(struct vxpriv *vp)
{
	int want = (vx_state(vp)->cpu.eflags & F_TF) ? TRACE_STEP : 0;

	if ((vp->trace & TRACE_STEP) != want) {
		vp->trace = (vp->trace & ~TRACE_STEP) | want;
		vx_cache_flush(vp);
	}
}

/* Run guest code until something needs the host: the trap. */
static int run_loop(struct vxpriv *vp)
{
	struct vxstate *st = vx_state(vp);
	struct vxcpu *c = &st->cpu;
	struct frag *f;
	int trap = 0;

	for (;;) {
		/* Only the trap that ends this run sets an error code
		   (trapva keeps the address of the last page fault). */
		c->traperr = 0;
		if (vp->interrupt) {
			poll_restore(vp);
			trap = VXTRAP_IRQ;
			break;
		}
		step_mode(vp);
		if (vx_code_stale(vp))
			vx_cache_flush(vp);
		f = get_frag(vp, c->eip, &trap);
		if (!f)
			break;
		/* Another thread changed code while this one translated. */
		if (vx_code_stale(vp))
			continue;

		if (vp->trace & TRACE_LOG)
			fprintf(stderr, "EIP=%08x EAX=%08x ECX=%08x EDX=%08x "
				"EBX=%08x ESP=%08x EBP=%08x ESI=%08x EDI=%08x "
				"EFL=%08x\n", c->eip, c->reg[EAX], c->reg[ECX],
				c->reg[EDX], c->reg[EBX], c->reg[ESP],
				c->reg[EBP], c->reg[ESI], c->reg[EDI],
				c->eflags);
		st->flags_slot = (c->eflags & GUEST_FLAGS) | 0x202;
		/* DF's step for translated code (cld, std and popf keep it
		   up to date while the guest runs) */
		*(int8_t *)(vp->st + ST_DSTEP) = c->eflags & F_DF ? -1 : 1;
		st->xflags = c->eflags & XFLAGS;
		uint64_t nflush = vp->nflush;
		vp->bk->enter(vp, f->host);
		c->eflags = (st->flags_slot & GUEST_FLAGS) | 0x202 |
			    (st->xflags & XFLAGS);

		uint64_t why = st->exit_r9;
		uint32_t eip = (uint32_t)st->exit_r8;
		c->eip = eip;
		if (vx_code_stale(vp))
			vx_cache_flush(vp);
		/* Single-stepping: the one instruction of the block completed
		   unless it left with a trap (a fault, or int n, syscall and
		   the like, after which the hardware does not step either);
		   a helper's instruction completes below. */
		int stepped = (vp->trace & TRACE_STEP) && why != EXIT_HELPER &&
			      (st->exit_kind == EXIT_KIND_LEARN ||
			       EXIT_IS_LINK(why) || why == EXIT_LOOKUP);
		if (stepped) {
			trap = VXTRAP_DEBUG;
			c->traperr = VXDEBUG_STEP;
			break;
		}

		/* r9 is a site to patch: a chained exit's rel32, or a
		   predicted branch (only vx_exit_learn, host code, sets
		   that exit kind).  Stale if the cache was flushed since. */
		int learn = st->exit_kind == EXIT_KIND_LEARN;
		if (learn || EXIT_IS_LINK(why)) {
			if (learn)
				vp->nexit_learn++;
			else
				vp->nexit_link++;
			uint8_t *site = (uint8_t *)(uintptr_t)why;
			f = get_frag(vp, eip, &trap);
			if (!f)
				break;
			if (vp->nflush != nflush || vp->trace)
				continue;
			if (learn)
				vx_predict_learn(vp, site, eip, f);
			else
				patch_rel32(site, f->host);
			continue;
		}
		if (why == EXIT_LOOKUP) {
			vp->nexit_lookup++;
			f = get_frag(vp, eip, &trap);
			if (!f)
				break;
			/*
			 * Into the inline table at the second miss: a
			 * short program's indirect branches mostly run
			 * once (start-up code), and each insert is a first
			 * touch of a page of the table, a page fault that
			 * costs more than an exit.  hello: 168 misses, 14
			 * more exits, 8% less start-up (doc/perf.md).
			 */
			if (f->misses < 0xffff)
				f->misses++;
			if (f->misses >= 2)
				vx_cache_inline_insert(vp, f);
			continue;
		}
		if (why == EXIT_HELPER) {
			struct vxinsn in;
			uint8_t b[15];
			vp->nexit_helper++;
			int step = vp->trace & TRACE_STEP;
			/* The bytes were translated as this instruction, but
			   a shared mapping may have changed them since without
			   a fault here: if they no longer decode, translate
			   again from what is there now (which traps). */
			if (vx_decode(&in, eip, b,
				      vx_fetch_insn(vp, eip, b)) < 0) {
				vx_cache_flush(vp);
				continue;
			}
			if ((trap = vx_helper(vp, &in)) != VX_NOTRAP)
				break;
			if (step) {
				trap = VXTRAP_DEBUG;
				c->traperr = VXDEBUG_STEP;
				break;
			}
			continue;
		}
		trap = why & 0xffff;
		if (trap == VXTRAP_SYSCALL || (trap & 0xff00) == VXTRAP_SOFT)
			vp->nexit_syscall++;
		else if (trap == VXTRAP_IRQ)
			vp->nexit_irq++;
		else
			vp->nexit_trap++;
		if (trap == VXTRAP_IRQ) {
			/* Re-arm the poll first: an interrupt the host asks for
			   from now on makes the next block leave again. */
			mprotect(vp->stmem, VX_PAGE, vp->bk->poll_prot);
			if (!vp->interrupt)
				continue;	/* vx_poke: not for the host */
			vp->interrupt = 0;
		}
		break;
	}
	if (trap == VXTRAP_INVALID)
		explain_invalid(vp, c->eip);
	return trap;
}

int vxproc_run(vxproc *p)
{
	struct vxpriv *vp = p->priv;
	int trap;

	if (vx_altstack_ensure() < 0 || vp->bk->thread(vp) < 0) {
		vx_seterr(vp, "cannot set up the thread for guest code");
		return -1;
	}
	trap = vx_limit_enter(vp);
	if (trap < 0) {
		vx_seterr(vp, "cannot start the CPU-time watchdog");
		return -1;
	}
	if (trap)
		return trap;
	vx_current = vp;
	trap = run_loop(vp);
	vx_fp_settle(vp);
	vx_limit_leave(vp);
	return vx_limit_trap(vp, trap);
}

/*
 * Inside vxproc_run, leaving translated code saves only the guest's XMM
 * registers and MXCSR (vx_exit_tail): the x87 registers keep the
 * guest's stack and control word, since the library's own C code uses
 * no x87 instruction, and the next entry has nothing to reload but the
 * XMM registers.  Before the host gets control back, the image gets
 * the x87 part too and the host its empty x87 state and control word.
 */
void vx_fp_settle(struct vxpriv *vp)
{
	struct vxstate *st = vx_state(vp);
	uint8_t *img = vp->st + ST_FXSAVE;
	uint8_t regs[512] __attribute__((aligned(16)));

	if (!st->fp_soft)
		return;
	st->fp_soft = 0;
	/* Without FP_X87 the x87 registers were never the guest's: the
	   exit saved all there is (XMM, MXCSR) and restored MXCSR. */
	if (!(st->fp_live & FP_X87))
		return;
	__asm__ volatile("fxsave %0" : "=m"(regs));
	memcpy(img, regs, 24);			/* FCW .. FDS, not MXCSR */
	memcpy(img + 32, regs + 32, 128);	/* ST0-ST7 / MM0-MM7 */
	__asm__ volatile("fninit\n\tfldcw %0" : : "m"(st->host_fcw));
}

void vx_poke(struct vxpriv *vp)
{
	mprotect(vp->stmem, VX_PAGE, PROT_NONE);
}

void vxproc_interrupt(vxproc *p)
{
	struct vxpriv *vp = p->priv;

	vp->interrupt = 1;
	/* The next fragment entry faults on its poll load. */
	mprotect(vp->stmem, VX_PAGE, PROT_NONE);
}

void vxproc_flush(vxproc *p)
{
	vx_cache_flush(p->priv);
}
