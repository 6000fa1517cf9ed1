# A direct far jump (0xea) to selector 0x2b.  0x33 is Linux's 64-bit code
# selector, the classic way out of compat mode; 0x23 is 32-bit user code;
# 0x2b is user data.  Far transfers must trap, never execute.
# expect: trap general protection at far_insn
#include "common.h"
	.globl	_start
_start:
far_insn:
	ljmp	$0x2b, $target
	EXIT	$0
target:
	EXIT	$1
