# documented: maskmovq with 16-bit addressing (stores to ds:[di])
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x67, 0x0f, 0xf7, 0xc1
	ret
