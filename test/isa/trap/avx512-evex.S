# AVX-512 (EVEX 62) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0x62, 0xf1, 0x74, 0x48, 0x58, 0xc2	/* vaddps %zmm2, %zmm1, %zmm0 */
	ret
