# The ELF data segment (RW, not X) must not be executable.
# expect: trap page fault at code address code (exec)
#include "common.h"
	.globl	_start
_start:
	jmp	code
	.data
code:	.byte	0xc3
