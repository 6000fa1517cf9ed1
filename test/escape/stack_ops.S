# push/pop/call/ret/enter/leave/pushf/popf with ordinary values: check esp
# arithmetic and memory contents (all in guest memory), and compare the
# register dumps with qemu-i386.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	%esp, base
	pushl	$0x11111111
	pushw	$0x2222
	pushl	base			/* push from memory */
	movl	base, %eax
	subl	$10, %eax
	cmpl	%eax, %esp
	CHECK_EQ $1
	popl	%eax
	cmpl	base, %eax
	CHECK_EQ $2
	popw	%ax
	cmpw	$0x2222, %ax
	CHECK_EQ $3
	popl	%ecx
	cmpl	$0x11111111, %ecx
	CHECK_EQ $4
	cmpl	base, %esp
	CHECK_EQ $5
	/* push %esp pushes the value before the push */
	pushl	%esp
	popl	%eax
	cmpl	base, %eax
	CHECK_EQ $6
	/* pop %esp loads esp from the stack */
	movl	base, %eax
	subl	$64, %eax
	pushl	%eax
	popl	%esp
	subl	$64, %eax
	addl	$64, %eax
	cmpl	%eax, %esp
	CHECK_EQ $7
	movl	base, %esp
	/* enter with nesting level 2 and leave */
	movl	$(outer + 4), %ebp	/* a fake outer frame */
	call	frame
	cmpl	base, %esp
	CHECK_EQ $8
	cmpl	$(outer + 4), %ebp
	CHECK_EQ $9
	/* ret imm16 pops extra bytes */
	pushl	$0
	pushl	$0
	call	retimm
	cmpl	base, %esp
	CHECK_EQ $10
	/* pushf/popf round trip of the arithmetic flags and DF */
	pushl	$0xcd7
	popf
	pushf
	popl	%eax
	andl	$0xcd5, %eax
	cmpl	$0xcd5, %eax
	CHECK_EQ $11
	cld
	xorl	%ebp, %ebp		/* no stack addresses in the dump */
	call	dumpregs
	EXIT	$0
frame:
	enter	$8, $2
	movl	%ebp, %eax
	subl	%esp, %eax		/* 8 locals + 2 frame pointers */
	cmpl	$16, %eax
	CHECK_EQ $20
	movl	$0x12345678, %eax
	cmpl	-4(%ebp), %eax		/* copied outer frame pointer */
	CHECK_EQ $21
	leave
	ret
retimm:
	ret	$8
	.data
base:	.long	0
outer:	.long	0x12345678
