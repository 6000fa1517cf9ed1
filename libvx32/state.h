/*
 * state.h - layout of the per-guest state block that translated code and
 * the assembly trampolines address through %r15.  Included from C and from
 * assembly, so it holds only #defines; run.c checks the C struct against
 * them at compile time.
 *
 * The block is page-aligned and preceded by the guest's "poll page": every
 * fragment begins with a load from it, and vxproc_interrupt() revokes its
 * read permission, so a running guest faults at the next fragment entry,
 * where all guest state is exact (see signal.c).
 */
#ifndef VX32_STATE_H
#define VX32_STATE_H

#define ST_REG		0	/* struct vxcpu: reg[8], eip, eflags, ... */
#define ST_EIP		32
#define ST_EFLAGS	36
#define ST_TRAPERR	40
#define ST_TRAPVA	44
#define ST_HOST_RSP	48	/* host stack pointer inside vx_enter */
#define ST_EXIT_R8	56	/* exit arguments, see run.c */
#define ST_EXIT_R9	64
#define ST_EXIT_R10	72
#define ST_GUEST_BASE	80	/* host address of guest address 0 */
#define ST_TARGET	88	/* vx_enter's jump target */
#define ST_HOST_MXCSR	96
#define ST_HOST_FCW	100
#define ST_FP_LIVE	102	/* u8: guest x87/SSE state in the registers
				   while guest code runs (translate.c):
				   FP_SSE its XMM registers and MXCSR,
				   FP_X87 also its x87/MMX part */
#define FP_SSE		1
#define FP_X87		2
#define ST_FP_SOFT	103	/* u8: left by vx_exit_tail with the guest's
				   x87 registers still loaded (trampoline.S) */
#define ST_EXIT_FN	104	/* &vx_exit, for `jmp *ST_EXIT_FN(%r15)` */
#define ST_FLAGS_SLOT	112	/* eflags staging for popfq/pushfq */
#define ST_STACK_LO	128	/* private stack for string routines */
#define ST_SMC_EIP	128	/* (bottom of it) resume EIP after SMC */
#define ST_DSTEP	132	/* s8 (below the stack's reach): +1, or -1
				   while the guest's DF is set (flat: string
				   instructions inline, xlflat.c) */
#define ST_STACK_TOP	384
#define ST_LEARN_FN	384	/* &vx_exit_learn (translate.c: predicted
				   indirect branches) */
#define ST_EXIT_KIND	392	/* u64: 0 from vx_exit, 1 from vx_exit_learn;
				   written by host code only */
/*
 * Seg backend (segtramp.S, xlseg.c): 32-bit translated code reaches the
 * state block as %gs:(4096 + offset), through an LDT data segment whose
 * base is the poll page; it has no spare registers, so scratch values
 * live here.  Far pointers are a 32-bit offset and a selector.
 */
#define ST_SEG_SAVE_B	400	/* u32: guest ebx, saved around a lookup */
#define ST_SEG_SAVE_C	404	/* u32: guest ecx, likewise */
#define ST_SEG_TMP	408	/* u32: scratch (popf, indirect call) */
#define ST_SEG_POPF	412	/* u32: popf's sanitised flags, popped
				   from here (ST_SEG_PRIVFAR) */
#define ST_SEG_EXITFAR	416	/* far pointer: seg_exit64, 64-bit CS */
#define ST_SEG_LEARNFAR	424	/* far pointer: seg_exit64_learn */
#define ST_SEG_SSESP	432	/* lss operand: guest esp, data selector */
#define ST_SEG_SAVEESP	440	/* lss operand: esp saved by popf, data sel */
#define ST_SEG_PRIVFAR	448	/* lss operand: &ST_SEG_POPF, host SS */
#define ST_SEG_DSEL	456	/* u16: the guest's data selector */
#define ST_SEG_STSEL	458	/* u16: this block's selector (for %gs) */
#define ST_SEG_HOSTDS	460	/* u16 each: the host's ds and es while */
#define ST_SEG_HOSTES	462	/*   the guest runs, and its flat ss */
#define ST_SEG_HOSTSS	466
#define ST_SEG_SELF	472	/* u64: the state block's address */
#define ST_SEG_EXITFN	480	/* u64: &vx_seg_exit */
#define ST_SEG_FRAME	488	/* lretq frame: rip, cs (u64 each), then
				   the guest eflags for entry32's popfl */
#define ST_SEG(x)	(4096 + (x))	/* a field as a %gs: displacement */

#define ST_FXSAVE	512	/* guest x87/SSE state, 512 bytes */
/* VX32_COUNT (flat): u64 counters the translated code increments
   (xlflat.c), in the order of enum vxcount (priv.h). */
#define ST_COUNT	1024
/* Flat: u8[ST_LEARNCTR_SIZE], a predicted branch site's countdown to
   learning its target (xlflat.c: flat_prelearn_stub); sites share
   slots by a hash of their place in the code cache. */
#define ST_LEARNCTR	2048
#define ST_LEARNCTR_SIZE	2048
#define ST_HASH_EIP	4096	/* u32[VX_HASH_SIZE]: guest EIPs */
#define ST_HASH_PTR	(ST_HASH_EIP + 4 * VX_HASH_SIZE) /* u64 host addrs */
#define ST_SIZE		(ST_HASH_PTR + 8 * VX_HASH_SIZE)

/* Inline indirect-branch table: indexed by the low 16 bits of the EIP. */
#define VX_HASH_SIZE	65536

/* Offset of the poll page from the state block. */
#define ST_POLL		(-4096)

#endif
