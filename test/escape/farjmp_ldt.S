# A far jump to an LDT code selector (the seg backend runs translated code
# in one): far transfers trap, never execute.
# expect: trap general protection at far_insn
#include "common.h"
	.globl	_start
_start:
far_insn:
	ljmp	$0x07, $target
	EXIT	$0
target:
	EXIT	$1
