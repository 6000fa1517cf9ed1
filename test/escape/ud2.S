# ud2 is the defined invalid opcode.
# expect: trap invalid opcode at fault_insn
#include "common.h"
	.globl	_start
_start:
fault_insn:
	ud2
	EXIT	$0
