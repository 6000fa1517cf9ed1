# fxsave at guest address 0 (page 0 is never mapped).
# expect: trap page fault at fault_insn address 0x00000000..0x000001ff (write)
#include "common.h"
	.globl	_start
_start:
	xorl	%ebx, %ebx
fault_insn:
	fxsave	(%ebx)
	EXIT	$0
