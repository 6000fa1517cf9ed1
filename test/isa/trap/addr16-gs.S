# documented: an fs:/gs: override with 16-bit addressing (mov %gs:(%bx), %eax)
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x65, 0x67, 0x8b, 0x07
	ret
