# lock on a register operand is #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xf0, 0x01, 0xc0	/* lock add %eax, %eax */
	ret
