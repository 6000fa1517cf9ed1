# A direct far call (0x9a) to the 64-bit code selector must trap.
# expect: trap general protection at far_insn
#include "common.h"
	.globl	_start
_start:
far_insn:
	lcall	$0x33, $target
	EXIT	$0
target:
	EXIT	$1
