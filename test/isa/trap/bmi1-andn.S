# BMI1 andn (VEX) is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xc4, 0xe2, 0x70, 0xf2, 0xc2	/* andn %edx, %ecx, %eax */
	ret
