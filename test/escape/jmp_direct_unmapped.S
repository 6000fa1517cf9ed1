# A direct (rel32) jump far outside the image.
# expect: trap page fault at 0x40000000 address 0x40000000 (exec)
#include "common.h"
	.globl	_start
_start:
	jmp	0x40000000
