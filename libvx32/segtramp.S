/*
 * segtramp.S - the seg backend's way into and out of 32-bit translated
 * code.
 *
 * Translated code runs in compatibility mode: CS is a 32-bit LDT code
 * segment, DS = ES = SS the guest's LDT data segment (base = its memory,
 * limit = its size), GS an LDT segment over this guest's poll page and
 * state block, FS untouched (the host's TLS).  A far transfer between
 * 64-bit and 32-bit code can only name a 32-bit offset, so the two
 * halves that the CPU reaches through one (seg_entry32, seg_exit64) live
 * in one page below 4 GiB, copied there from vx_seg_lowcode by segbk.c;
 * the rest runs in the library, wherever that is.
 *
 *   vx_seg_enter (64-bit, here)      save host state, load %gs, lretq
 *     -> seg_entry32 (32-bit, low)   guest flags, ds, es, registers,
 *                                    ss:esp; jmp to the fragment
 *   fragment exit: ljmp *%gs:ST_SEG_EXITFAR
 *     -> seg_exit64 (64-bit, low)    store guest registers and flags
 *                                    through %gs, flat ss, jmp
 *     -> vx_seg_exit (64-bit, here)  host stack, host ds/es, then
 *                                    vx_exit_tail (trampoline.S)
 *
 * A fault in translated code returns from the signal handler straight
 * into vx_seg_sigexit with the host's CS and SS (signal.c, segbk.c).
 */
#include "state.h"

	.text

/* void vx_seg_enter(uint8_t *st, const uint8_t *target) */
	.globl	vx_seg_enter
	.type	vx_seg_enter, @function
vx_seg_enter:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	sub	$8, %rsp			/* keep 16-byte alignment */
	mov	%rsp, ST_HOST_RSP(%rdi)
	call	vx_fp_load			/* (trampoline.S) */
	mov	%rdi, %r15
	mov	%rsi, ST_TARGET(%r15)
	mov	ST_REG+16(%r15), %eax		/* guest esp, for entry32's lss */
	mov	%eax, ST_SEG_SSESP(%r15)
	mov	ST_FLAGS_SLOT(%r15), %eax	/* guest flags (sanitised) */
	mov	%eax, ST_SEG_FRAME+16(%r15)
	mov	%ds, ST_SEG_HOSTDS(%r15)
	mov	%es, ST_SEG_HOSTES(%r15)
	movzwl	ST_SEG_STSEL(%r15), %eax
	mov	%eax, %gs			/* base: this guest's poll page */
	/* The frame (entry32's address and the code selector, then the
	   flags) is in the state block, below 4 GiB: after the far return
	   the 32-bit esp still points at the flags, with the flat ss. */
	lea	ST_SEG_FRAME(%r15), %rsp
	lretq
	.size	vx_seg_enter, .-vx_seg_enter

/*
 * ds and es get the host's selectors back, or the host's ss where those
 * were null: in 64-bit mode both mean the flat segment, and loading a
 * null selector costs some CPUs 60-120 ns, half a round trip.  gs keeps
 * the state selector: the library owns the thread's gs, as the flat
 * backend owns its base (segbk.c clears it when the guest is freed).
 */
.macro	HOSTSEL slot, sreg
	movzwl	\slot(%r15), %eax
	test	$0xfffc, %eax
	jnz	1f
	movzwl	ST_SEG_HOSTSS(%r15), %eax
1:	mov	%eax, %\sreg
.endm

/* From seg_exit64: %r15 = state block, guest state stored. */
	.globl	vx_seg_exit
	.type	vx_seg_exit, @function
vx_seg_exit:
	mov	ST_HOST_RSP(%r15), %rsp
restore_sel:
	HOSTSEL	ST_SEG_HOSTDS, ds
	HOSTSEL	ST_SEG_HOSTES, es
	jmp	vx_exit_tail
	.size	vx_seg_exit, .-vx_seg_exit

/*
 * Reached by sigreturn from the fault handler, which stored the guest
 * registers and exit reason and set %cs:%rip here, %ss:%rsp = the host's
 * stack and %r15 = the state block.  The x87/SSE state the kernel
 * restored is the guest's.
 */
	.globl	vx_seg_sigexit
	.type	vx_seg_sigexit, @function
vx_seg_sigexit:
	jmp	restore_sel
	.size	vx_seg_sigexit, .-vx_seg_sigexit

/*
 * The low half, as bytes to copy: position-independent (state through
 * %gs, the library through ST_SEG_EXITFN).  Never executed here.
 */
	.section .rodata
	.balign	16
	.globl	vx_seg_lowcode
vx_seg_lowcode:
	.code32
seg_entry32:
	popfl					/* guest flags, from the frame */
	movzwl	%gs:ST_SEG(ST_SEG_DSEL), %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%gs:ST_SEG(ST_REG+0), %eax
	mov	%gs:ST_SEG(ST_REG+4), %ecx
	mov	%gs:ST_SEG(ST_REG+8), %edx
	mov	%gs:ST_SEG(ST_REG+12), %ebx
	mov	%gs:ST_SEG(ST_REG+20), %ebp
	mov	%gs:ST_SEG(ST_REG+24), %esi
	mov	%gs:ST_SEG(ST_REG+28), %edi
	lss	%gs:ST_SEG(ST_SEG_SSESP), %esp	/* guest ss:esp, at once */
	jmp	*%gs:ST_SEG(ST_TARGET)

	.code64
/* ljmp *%gs:ST_SEG_EXITFAR from translated code: the exit reason is
   in the state block already. */
seg_exit64:
	movq	$0, %gs:ST_SEG(ST_EXIT_KIND)
seg_exit64_regs:
	mov	%eax, %gs:ST_SEG(ST_REG+0)
	mov	%ecx, %gs:ST_SEG(ST_REG+4)
	mov	%edx, %gs:ST_SEG(ST_REG+8)
	mov	%ebx, %gs:ST_SEG(ST_REG+12)
	mov	%esp, %gs:ST_SEG(ST_REG+16)
	mov	%ebp, %gs:ST_SEG(ST_REG+20)
	mov	%esi, %gs:ST_SEG(ST_REG+24)
	mov	%edi, %gs:ST_SEG(ST_REG+28)
	mov	%gs:ST_SEG(ST_SEG_SELF), %r15
	lea	ST_FLAGS_SLOT+8(%r15), %rsp	/* ss's base is ignored here */
	pushfq					/* guest flags -> flags slot */
	movzwl	ST_SEG_HOSTSS(%r15), %eax
	mov	%eax, %ss
	jmp	*ST_SEG_EXITFN(%r15)

/* A predicted branch that has not learned its target (xlseg.c). */
seg_exit64_learn:
	movq	$1, %gs:ST_SEG(ST_EXIT_KIND)
	jmp	seg_exit64_regs
seg_lowcode_end:

	.balign	4
	.globl	vx_seg_lowcode_offs
vx_seg_lowcode_offs:
	.long	seg_entry32 - vx_seg_lowcode
	.long	seg_exit64 - vx_seg_lowcode
	.long	seg_exit64_learn - vx_seg_lowcode
	.long	seg_lowcode_end - vx_seg_lowcode

	.section .note.GNU-stack,"",@progbits
