# An indirect far jump (ff /5) through a far pointer in guest memory.
# expect: trap general protection at far_insn
#include "common.h"
	.globl	_start
_start:
	movl	$farptr, %ebx
far_insn:
	ljmp	*(%ebx)
	EXIT	$0
target:
	EXIT	$1
	.data
farptr:	.long	target
	.word	0x33
