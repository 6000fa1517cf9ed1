# A lock prefix on an instruction that cannot be locked is #UD.
# expect: trap invalid opcode at fault_insn
#include "common.h"
	.globl	_start
_start:
fault_insn:
	.byte	0xf0, 0x90		/* lock nop */
	EXIT	$0
