# pop with esp = 0xfffffffc reads the unmapped top of the address space.
# expect: trap page fault at fault_insn address 0xfffffffc (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffffc, %esp
fault_insn:
	popl	%eax
	EXIT	$0
