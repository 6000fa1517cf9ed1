# AVX (VEX c5) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xc5, 0xf0, 0x58, 0xc2	/* vaddps %xmm2, %xmm1, %xmm0 */
	ret
