# lgs (0x0f,0xb5) must not load a real selector: trap, or emulate it (eax gets
# the offset) and keep guest memory working.
# expect: trap general protection at load_insn
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	xorl	%esi, %esi
1:	movl	selectors(,%esi,4), %eax
	movw	%ax, farptr+4
	movl	$farptr, %ebx
load_insn:
	.byte	0x0f,0xb5, 0x03		/* lgs (%ebx), %eax */
	cmpl	$0x12345678, %eax
	CHECK_EQ $1
	MEMCHECK 2
	incl	%esi
	cmpl	$nselectors, %esi
	jb	1b
	EXIT	$0
	.data
farptr:	.long	0x12345678
	.word	0
