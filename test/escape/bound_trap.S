# bound with an index above the upper bound raises #BR at the bound.  vxrun
# has no fixed name for it, so any trap at that instruction will do.
# expect: trap * at bound_insn
#include "common.h"
	.globl	_start
_start:
	movl	$101, %eax
bound_insn:
	boundl	%eax, bounds
	EXIT	$0
	.data
bounds:	.long	-5, 100
