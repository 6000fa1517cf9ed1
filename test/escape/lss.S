# lss (0x0f,0xb2) loads %ss from a far pointer: it must trap.
# expect: trap general protection at load_insn
#include "common.h"
	.globl	_start
_start:
	movl	$farptr, %ebx
load_insn:
	.byte	0x0f,0xb2, 0x03		/* lss (%ebx), %eax */
	EXIT	$0
	.data
farptr:	.long	0x12345678
	.word	0x2b
