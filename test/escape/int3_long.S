# int $3 in its two-byte form (cd 03) also raises #BP; vx32 may report it
# as a breakpoint or as soft int 3, with eip after the instruction.
# expect: trap breakpoint at after
# expect: trap int 0x03 at after
#include "common.h"
	.globl	_start
_start:
	.byte	0xcd, 0x03
after:
	EXIT	$0
