# ldmxcsr with reserved bits set raises #GP: a guest trap, not a host crash.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0xffffffff, memvar
fault_insn:
	ldmxcsr	memvar
	EXIT	$0
