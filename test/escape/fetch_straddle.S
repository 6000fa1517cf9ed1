# An instruction whose first byte is the last byte of the last executable
# page and whose immediate lies on the next, non-executable page: the fetch
# fails at the page boundary, with eip at the start of the instruction.
# expect: trap page fault at straddle address straddle+1 (exec)
#include "common.h"
	.globl	_start
_start:
	jmp	straddle
	.balign	4096
	.fill	4095, 1, 0x90
straddle:
	.byte	0xb8			/* mov $imm32, %eax: imm32 is beyond */
