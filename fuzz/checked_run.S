/*
 * checked_run.S - call vxproc_run() with known values in every register
 * the x86-64 ABI says a callee preserves, and report which came back
 * changed.  Translated guest code runs with guest values in these
 * registers; the library must restore the host's.  Also reports DF set on
 * return (the ABI requires it clear).
 *
 * int fuzz_checked_run(vxproc *p, unsigned *clobbered)
 */
	.text
	.globl	fuzz_checked_run
	.type	fuzz_checked_run, @function
fuzz_checked_run:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rsi			/* clobbered; rsp now 16-aligned */
	movabsq	$0x5ab0b0b0c0c0d0d1, %rbx
	movabsq	$0x5ab1b1b1c1c1d1d2, %rbp
	movabsq	$0x5ab2b2b2c2c2d2d3, %r12
	movabsq	$0x5ab3b3b3c3c3d3d4, %r13
	movabsq	$0x5ab4b4b4c4c4d4d5, %r14
	movabsq	$0x5ab5b5b5c5c5d5d6, %r15
	call	vxproc_run@PLT
	xorl	%ecx, %ecx
	movabsq	$0x5ab0b0b0c0c0d0d1, %rdx
	cmpq	%rdx, %rbx
	je	1f
	orl	$1, %ecx
1:	movabsq	$0x5ab1b1b1c1c1d1d2, %rdx
	cmpq	%rdx, %rbp
	je	1f
	orl	$2, %ecx
1:	movabsq	$0x5ab2b2b2c2c2d2d3, %rdx
	cmpq	%rdx, %r12
	je	1f
	orl	$4, %ecx
1:	movabsq	$0x5ab3b3b3c3c3d3d4, %rdx
	cmpq	%rdx, %r13
	je	1f
	orl	$8, %ecx
1:	movabsq	$0x5ab4b4b4c4c4d4d5, %rdx
	cmpq	%rdx, %r14
	je	1f
	orl	$16, %ecx
1:	movabsq	$0x5ab5b5b5c5c5d5d6, %rdx
	cmpq	%rdx, %r15
	je	1f
	orl	$32, %ecx
1:	pushfq
	popq	%rdx
	testl	$0x400, %edx
	je	1f
	orl	$64, %ecx
	cld
1:	popq	%rsi
	movl	%ecx, (%rsi)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	fuzz_checked_run, .-fuzz_checked_run
	.section .note.GNU-stack,"",@progbits
