# AVX (VEX c4) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xc4, 0xe2, 0x79, 0x18, 0xc1	/* vbroadcastss %xmm1, %xmm0 */
	ret
