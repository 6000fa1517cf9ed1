# documented: no 66 prefix on leave
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x66, 0xc9
	ret
