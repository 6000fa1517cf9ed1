# fxsave of 512 bytes at 0xbfffff00 runs past the end of the stack at
# 0xc0000000.
# expect: trap page fault at fault_insn address 0xc0000000..0xc00000ff (write)
#include "common.h"
	.globl	_start
_start:
	movl	$0xbfffff00, %ebx
fault_insn:
	fxsave	(%ebx)
	EXIT	$0
