# An indirect far call (ff /3) through a far pointer in guest memory to the
# host's 64-bit code selector 0x33.
# expect: trap general protection at far_insn
#include "common.h"
	.globl	_start
_start:
far_insn:
	lcall	*farptr
	EXIT	$0
target:
	EXIT	$1
	.data
farptr:	.long	target
	.word	0x33
