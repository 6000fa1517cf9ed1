# Opcodes 0x40-0x4f are inc/dec in 32-bit code but REX prefixes in 64-bit
# code.  Run each one on several values, with every arithmetic flag first
# set and then clear, and print registers and flags after each: the output
# must match qemu-i386's.
# expect: exit 0
# expect: qemu
#include "common.h"

	.data
values:	.long	0, 1, 0x0f, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678
	.equ	nvalues, (. - values) / 4
idx:	.long	0		/* value index * 2 + (flags set ? 1 : 0) */
cur:	.long	0
savesp:	.long	0

	.text
	/* Every register but esp := cur; arithmetic flags := all 1 or all 0. */
setregs:
	testl	$1, idx
	jz	1f
	pushl	$0x8d7
	jmp	2f
1:	pushl	$0x002
2:	movl	cur, %eax
	movl	%eax, %ecx
	movl	%eax, %edx
	movl	%eax, %ebx
	movl	%eax, %ebp
	movl	%eax, %esi
	movl	%eax, %edi
	popf
	ret

	.globl	_start
_start:
loop:
	movl	idx, %eax
	shrl	$1, %eax
	movl	values(,%eax,4), %eax
	movl	%eax, cur

	.irp	op, 0x40,0x41,0x42,0x43,0x45,0x46,0x47,0x48,0x49,0x4a,0x4b,0x4d,0x4e,0x4f
	call	setregs
	.byte	\op
	call	dumpregs
	.endr

	/* inc %esp and dec %esp: the result is shown in eax. */
	.irp	op, 0x44,0x4c
	call	setregs
	movl	%esp, savesp
	movl	cur, %esp
	.byte	\op
	movl	%esp, %eax
	movl	savesp, %esp
	call	dumpregs
	.endr

	incl	idx
	cmpl	$(2 * nvalues), idx
	jb	loop
	EXIT	$0
