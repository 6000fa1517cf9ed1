# lret pops a selector from the guest stack: far returns and iret must
# trap (a 64-bit lret/iret would pop 8-byte slots and could leave the sandbox).
# expect: trap general protection at ret_insn
#include "common.h"
	.globl	_start
_start:
	pushl	$0x202			/* eflags, for iret */
	pushl	$0x33
	pushl	$target
ret_insn:
	lret
	EXIT	$0
target:
	EXIT	$1
