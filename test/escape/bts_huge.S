# bts with the largest positive bit offset, 0x7fffffff: the dword at
# var + 0x0ffffffc (unmapped) must fault in the guest.
# expect: trap page fault at fault_insn address var+0x0ffffffc..var+0x0fffffff (write)
#include "common.h"
	.globl	_start
_start:
	movl	$var, %ebx
	movl	$0x7fffffff, %eax
fault_insn:
	btsl	%eax, (%ebx)
	EXIT	$0
	.data
	.balign	4
var:	.long	0
