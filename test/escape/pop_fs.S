# pop %fs (0x0f,0xa1) must never load a real selector (a null or 64-bit
# selector in a real segment register would break confinement): it traps,
# or it is emulated and guest memory accesses keep working.  Tries
# several selectors.
# expect: trap general protection at pop_insn
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	xorl	%esi, %esi
1:	pushl	selectors(,%esi,4)
pop_insn:
	.byte	0x0f,0xa1
	MEMCHECK 1
	incl	%esi
	cmpl	$nselectors, %esi
	jb	1b
	EXIT	$0
