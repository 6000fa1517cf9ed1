# FMA (VEX) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xc4, 0xe2, 0xf1, 0x98, 0xc2	/* vfmadd132pd %xmm2, %xmm1, %xmm0 */
	ret
