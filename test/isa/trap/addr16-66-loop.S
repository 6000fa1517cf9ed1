# documented: 0x66 on loop (loopw with a 16-bit operand size, ip wraps)
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x66, 0x67, 0xe2, 0xfe
	ret
