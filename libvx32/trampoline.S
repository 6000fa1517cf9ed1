/*
 * trampoline.S - switching between host C code and translated guest code.
 *
 * vx_enter saves the host's callee-saved registers, x87 control word and
 * MXCSR, loads the guest's x87/SSE state (once the guest has code that
 * uses it: ST_FP_LIVE; vx_fp_load), flags and registers, and jumps
 * into a fragment with %r15 = state block and %r14 = guest base.
 * Translated code leaves through vx_exit (via `jmp *ST_EXIT_FN(%r15)`)
 * with the exit reason in %r8..%r10; a host fault in guest code leaves
 * through vx_sigexit after the signal handler stored the guest state.
 * Either way the guest's XMM registers and MXCSR are saved and the host's
 * MXCSR restored (the x87 registers wait for vx_fp_settle, run.c), and
 * vx_enter returns to its C caller.
 */
#include "state.h"

	.text

/* void vx_enter(uint8_t *st, const uint8_t *target) */
	.globl	vx_enter
	.type	vx_enter, @function
vx_enter:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	sub	$8, %rsp			/* keep 16-byte alignment */
	mov	%rsp, ST_HOST_RSP(%rdi)
	call	vx_fp_load
	mov	%rdi, %r15
	mov	ST_GUEST_BASE(%r15), %r14
	mov	%rsi, ST_TARGET(%r15)
	lea	ST_FLAGS_SLOT(%r15), %rsp
	popfq					/* guest flags (sanitized) */
	mov	ST_REG+0(%r15), %eax
	mov	ST_REG+4(%r15), %ecx
	mov	ST_REG+8(%r15), %edx
	mov	ST_REG+12(%r15), %ebx
	mov	ST_REG+16(%r15), %esp		/* zero-extends into %rsp */
	mov	ST_REG+20(%r15), %ebp
	mov	ST_REG+24(%r15), %esi
	mov	ST_REG+28(%r15), %edi
	jmp	*ST_TARGET(%r15)
	.size	vx_enter, .-vx_enter

/* Exit from translated code; %r8..%r10 describe why (see run.c). */
	.globl	vx_exit
	.type	vx_exit, @function
vx_exit:
	movq	$0, ST_EXIT_KIND(%r15)
exit_regs:
	mov	%eax, ST_REG+0(%r15)
	mov	%ecx, ST_REG+4(%r15)
	mov	%edx, ST_REG+8(%r15)
	mov	%ebx, ST_REG+12(%r15)
	mov	%esp, ST_REG+16(%r15)
	mov	%ebp, ST_REG+20(%r15)
	mov	%esi, ST_REG+24(%r15)
	mov	%edi, ST_REG+28(%r15)
	mov	%r8, ST_EXIT_R8(%r15)
	mov	%r9, ST_EXIT_R9(%r15)
	mov	%r10, ST_EXIT_R10(%r15)
	lea	ST_FLAGS_SLOT+8(%r15), %rsp
	pushfq					/* guest flags -> flags slot */
	mov	ST_HOST_RSP(%r15), %rsp
	.globl	vx_exit_tail
vx_exit_tail:
	/* The XMM registers and MXCSR to the image and the host's MXCSR
	   back; the x87 registers stay the guest's until vx_fp_settle
	   (run.c), which vxproc_run calls before it returns. */
	cmpb	$0, ST_FP_LIVE(%r15)
	je	1f
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7	/* image offset 160: XMM0-7 */
	movaps	%xmm\i, ST_FXSAVE+160+16*\i(%r15)
	.endr
	stmxcsr	ST_FXSAVE+24(%r15)
	ldmxcsr	ST_HOST_MXCSR(%r15)
	movb	$1, ST_FP_SOFT(%r15)
1:	cld
	add	$8, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
	.size	vx_exit, .-vx_exit

/*
 * void vx_fp_load(uint8_t *st): the guest's x87/SSE state into the
 * registers, once it has code that uses it (ST_FP_LIVE), and the host's
 * MXCSR (and x87 control word) noted for the exit.  After a soft exit
 * (ST_FP_SOFT) the x87 part is still loaded, and before the guest has
 * code that may touch the x87 part (FP_X87) it is never loaded: only
 * the XMM registers and MXCSR come in.  Clobbers nothing else; both
 * backends' entries.
 */
	.globl	vx_fp_load
	.type	vx_fp_load, @function
vx_fp_load:
	cmpb	$0, ST_FP_LIVE(%rdi)
	je	2f
	stmxcsr	ST_HOST_MXCSR(%rdi)
	testb	$FP_X87, ST_FP_LIVE(%rdi)
	jz	1f
	cmpb	$0, ST_FP_SOFT(%rdi)
	jne	1f
	fnstcw	ST_HOST_FCW(%rdi)
	fxrstor	ST_FXSAVE(%rdi)
	ret
1:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7
	movaps	ST_FXSAVE+160+16*\i(%rdi), %xmm\i
	.endr
	ldmxcsr	ST_FXSAVE+24(%rdi)
	movb	$0, ST_FP_SOFT(%rdi)
2:	ret
	.size	vx_fp_load, .-vx_fp_load

/*
 * Exit from a predicted indirect branch that has not learned its target
 * (translate.c: emit_predicted_lookup): %r9 is the site, %r8 the target.
 * Only this code sets ST_EXIT_KIND to 1, so the run loop can trust %r9.
 */
	.globl	vx_exit_learn
	.type	vx_exit_learn, @function
vx_exit_learn:
	movq	$1, ST_EXIT_KIND(%r15)
	jmp	exit_regs
	.size	vx_exit_learn, .-vx_exit_learn

/*
 * Reached by sigreturn from the fault handler, which stored the guest
 * registers and exit reason and set %rsp = host stack, %r15 = state.
 * The x87/SSE state the kernel restored is the guest's.
 */
	.globl	vx_sigexit
	.type	vx_sigexit, @function
vx_sigexit:
	jmp	vx_exit_tail
	.size	vx_sigexit, .-vx_sigexit

	.section .note.GNU-stack,"",@progbits
