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
#define ST_FP_LIVE	102	/* u16: guest x87/SSE state in the registers
				   while guest code runs (translate.c) */
#define ST_EXIT_FN	104	/* &vx_exit, for `jmp *ST_EXIT_FN(%r15)` */
#define ST_FLAGS_SLOT	112	/* eflags staging for popfq/pushfq */
#define ST_STACK_LO	128	/* private stack for string routines */
#define ST_SMC_EIP	128	/* (bottom of it) resume EIP after SMC */
#define ST_STACK_TOP	384
#define ST_LEARN_FN	384	/* &vx_exit_learn (translate.c: predicted
				   indirect branches) */
#define ST_EXIT_KIND	392	/* u64: 0 from vx_exit, 1 from vx_exit_learn;
				   written by host code only */
#define ST_FXSAVE	512	/* guest x87/SSE state, 512 bytes */
#define ST_HASH_EIP	4096	/* u32[VX_HASH_SIZE]: guest EIPs */
#define ST_HASH_PTR	(ST_HASH_EIP + 4 * VX_HASH_SIZE) /* u64 host addrs */
#define ST_SIZE		(ST_HASH_PTR + 8 * VX_HASH_SIZE)

/* Inline indirect-branch table: indexed by the low 16 bits of the EIP. */
#define VX_HASH_SIZE	65536

/* Offset of the poll page from the state block. */
#define ST_POLL		(-4096)

#endif
