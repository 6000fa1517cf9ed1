# documented: no 0x67 prefix (jcxz)
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x67, 0xe3, 0x00
	ret
