# documented: no 0x67 prefix (loopw)
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x67, 0xe2, 0xfe
	ret
