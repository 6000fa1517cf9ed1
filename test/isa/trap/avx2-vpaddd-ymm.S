# AVX2 (VEX c5, 256-bit) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xc5, 0xf5, 0xfe, 0xc2	/* vpaddd %ymm2, %ymm1, %ymm0 */
	ret
