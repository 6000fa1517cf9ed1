# std; rep stosl going down from edi = 0x00600000: the first store is at
# 0x00600000 and must page-fault in the guest.
# expect: trap page fault at fault_insn address 0x00600000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00600000, %edi
	movl	$16, %ecx
	movl	$0xcccccccc, %eax
	std
fault_insn:
	rep stosl
	EXIT	$0
