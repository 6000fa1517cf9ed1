# documented: no 66 prefix on jcc
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x66, 0x0f, 0x84, 0x00, 0x00
	ret
