# A read-only data segment must not be executable either.
# expect: trap page fault at code address code (exec)
#include "common.h"
	.globl	_start
_start:
	movl	$code, %eax
	call	*%eax
	.section .rodata
code:	.byte	0xc3
