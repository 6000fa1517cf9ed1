# An indirect jump to unmapped memory: page fault on the fetch, with eip and
# the address both at the target.
# expect: trap page fault at 0x12345678 address 0x12345678 (exec)
#include "common.h"
	.globl	_start
_start:
	movl	$0x12345678, %eax
	jmp	*%eax
