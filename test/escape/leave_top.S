# leave with ebp = 0xfffffffc: esp := ebp, then pop reads unmapped memory.
# expect: trap page fault at fault_insn address 0xfffffffc (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffffc, %ebp
fault_insn:
	leave
	EXIT	$0
