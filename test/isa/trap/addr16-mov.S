# documented: no 16-bit addressing (67 prefix)
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x67, 0x8b, 0x07	/* mov (%bx), %eax */
	ret
