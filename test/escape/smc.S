# Self-modifying code in a writable+executable section: code that has
# already run (and so been translated) is overwritten and run again; the
# new bytes must run, whether written by a plain store, by rep movsb, or
# just ahead of the writing instruction in the same basic block.
# expect: exit 0
# expect: qemu
#include "common.h"
	.section .smc, "awx", @progbits
	.globl	_start
_start:
	movl	$3, %esi
1:	call	func
	call	dumpregs
	incl	imm			/* patch the immediate of func */
	decl	%esi
	jnz	1b
	cmpl	$0x102, %eax
	CHECK_EQ $1

	/* Overwrite func with new code copied by rep movsb. */
	movl	$newcode, %esi
	movl	$func, %edi
	movl	$(newcode_end - newcode), %ecx
	cld
	rep movsb
	call	func
	call	dumpregs
	cmpl	$0x77, %eax
	CHECK_EQ $2

	/* Patch the very next instruction of this block: nop -> inc %edx. */
	xorl	%edx, %edx
	movl	$2, %esi
2:	movb	$0x42, next
next:	nop
	movb	$0x90, next		/* restore, so the loop repeats it */
	decl	%esi
	jnz	2b
	call	dumpregs
	cmpl	$2, %edx
	CHECK_EQ $3

	/* A loop patching its own branch target's code each round. */
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	movl	$3, %esi
3:	call	body
	incb	body + 1		/* inc %ecx -> inc %edx -> inc %ebx */
	decl	%esi
	jnz	3b
	call	dumpregs
	movl	%ecx, %eax
	addl	%edx, %eax
	addl	%ebx, %eax
	cmpl	$3, %eax		/* one each of inc ecx, edx, ebx */
	CHECK_EQ $4
	cmpl	$1, %ebx
	CHECK_EQ $5
	EXIT	$0

func:	.byte	0xb8			/* mov $imm, %eax */
imm:	.long	0x100
	ret
	.fill	16, 1, 0x90
body:	nop
	.byte	0x41			/* inc %ecx, patched each round */
	ret

newcode:
	movl	$0x77, %eax
	ret
newcode_end:
