# documented: an x87 environment store with 16-bit addressing (fnstenv (%bx))
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x67, 0xd9, 0x37
	ret
