# pusha (0x60) and popa (0x61) are invalid in 64-bit mode.  pusha must
# store the eight registers (esp as before the pusha) below esp in guest
# memory; popa must reload all but esp.  Checked here and against qemu-i386.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	%esp, base		/* stack addresses differ from qemu's: */
	movl	$0x55555555, %ebp	/* keep them out of the dumps */
	movl	$0x11111111, %eax
	movl	$0x22222222, %ecx
	movl	$0x33333333, %edx
	movl	$0x44444444, %ebx
	movl	$0x66666666, %esi
	movl	$0x77777777, %edi
	pusha
	call	dumpregs
	movl	base, %eax
	subl	$32, %eax
	cmpl	%eax, %esp
	CHECK_EQ $1
	cmpl	$0x77777777, 0(%esp)	/* edi */
	CHECK_EQ $2
	cmpl	$0x66666666, 4(%esp)	/* esi */
	CHECK_EQ $3
	cmpl	$0x55555555, 8(%esp)	/* ebp */
	CHECK_EQ $4
	movl	base, %eax
	cmpl	%eax, 12(%esp)		/* esp before pusha */
	CHECK_EQ $5
	cmpl	$0x44444444, 16(%esp)	/* ebx */
	CHECK_EQ $6
	cmpl	$0x33333333, 20(%esp)	/* edx */
	CHECK_EQ $7
	cmpl	$0x22222222, 24(%esp)	/* ecx */
	CHECK_EQ $8
	cmpl	$0x11111111, 28(%esp)	/* eax */
	CHECK_EQ $9

	/* Change the saved values; popa must load them, skipping esp. */
	movl	$0xa0a0a0a0, 28(%esp)
	movl	$0xc0c0c0c0, 24(%esp)
	movl	$0xd0d0d0d0, 20(%esp)
	movl	$0xb0b0b0b0, 16(%esp)
	movl	$0x12345678, 12(%esp)
	movl	$0xe0e0e0e0, 8(%esp)
	movl	$0x50505050, 4(%esp)
	movl	$0xf0f0f0f0, 0(%esp)
	movl	%esp, %eax
	movl	%eax, saved
	popa
	call	dumpregs
	movl	saved, %eax		/* esp went up by 32 */
	addl	$32, %eax
	cmpl	%eax, %esp
	CHECK_EQ $11
	cmpl	$0xf0f0f0f0, %edi
	CHECK_EQ $12
	cmpl	$0xe0e0e0e0, %ebp
	CHECK_EQ $13
	cmpl	$0xb0b0b0b0, %ebx
	CHECK_EQ $14

	/* Word forms (0x66 0x60 / 0x66 0x61): 8 x 2 bytes. */
	movl	%esp, saved
	pushw	$0			/* keep the stack dword-aligned after */
	pushaw
	movl	saved, %eax
	subl	$18, %eax
	cmpl	%eax, %esp
	CHECK_EQ $15
	movl	$0xa0a0a0a0, %eax
	movw	$0x9999, 14(%esp)	/* saved ax */
	movw	$0x4242, 8(%esp)	/* saved bx */
	popaw
	cmpw	$0x4242, %bx
	CHECK_EQ $16
	cmpl	$0xb0b04242, %ebx	/* high half kept */
	CHECK_EQ $17
	movw	%ax, %cx
	cmpw	$0x9999, %cx
	CHECK_EQ $19
	addl	$2, %esp
	cmpl	saved, %esp
	CHECK_EQ $18
	call	dumpregs
	EXIT	$0
	.data
saved:	.long	0
base:	.long	0
