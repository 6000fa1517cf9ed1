# aam (0xd4 ib) and aad (0xd5 ib) are invalid in 64-bit mode.  Run them
# with bases 10, 16, 7 and 255 on every AL (and, for aad, several AH)
# value, printing eax and the defined flags (SF ZF PF); the output must
# match qemu-i386's.
# expect: exit 0
# expect: qemu
#include "common.h"

	.data
n:	.long	0
	.text

	.macro	RUN insn, base
	movl	$0, n
1:	movl	n, %eax
	movl	%eax, %ebx
	orl	$0x55550000, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	pushl	$2
	popf
	.byte	\insn, \base
	call	dumpregs
	addl	$101, n
	cmpl	$0x10000, n
	jb	1b
	.endm

	.globl	_start
_start:
	movl	$0xc4, flagmask
	.irp	base, 10, 16, 7, 255
	RUN	0xd4, \base
	RUN	0xd5, \base
	.endr
	EXIT	$0
