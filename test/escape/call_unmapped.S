# A call to unmapped memory near the top of the address space.
# expect: trap page fault at 0xfffffff0 address 0xfffffff0 (exec)
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffff0, %eax
	call	*%eax
