# The guest's cpuid advertises neither BMI1 nor LZCNT, so f3 0f bc/bd
# must behave as bsf/bsr on any host (lzcnt 1 would be 31, bsr 1 is 0;
# tzcnt 0 would be 32 with CF set, bsf 0 sets ZF).  Likewise 66 0f ae f0
# (tpause on WAITPKG hosts) must be a plain mfence.
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	movl	$1, %eax
	.byte	0xf3, 0x0f, 0xbd, 0xc8		/* lzcnt %eax, %ecx */
	cmpl	$0, %ecx
	CHECK_EQ $1
	movl	$0x80000000, %eax
	.byte	0xf3, 0x0f, 0xbc, 0xc8		/* tzcnt %eax, %ecx */
	cmpl	$31, %ecx
	CHECK_EQ $2
	xorl	%eax, %eax
	movl	$7, %ecx
	.byte	0xf3, 0x0f, 0xbc, 0xc8		/* tzcnt 0: bsf sets ZF */
	jz	1f
	EXIT	$3
1:	movl	$0x00010000, %eax
	.byte	0x66, 0xf3, 0x0f, 0xbd, 0xc8	/* lzcnt %ax, %cx: bsr of 0 */
	jz	2f
	EXIT	$4
2:	xorl	%eax, %eax
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	.byte	0x66, 0x0f, 0xae, 0xf0		/* tpause %eax / mfence */
	.byte	0xf2, 0x0f, 0xae, 0xf0		/* umwait %eax / mfence */
	EXIT	$0
