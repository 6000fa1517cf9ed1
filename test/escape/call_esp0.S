# call with esp = 0 pushes the return address at 0xfffffffc.
# expect: trap page fault at fault_insn address 0xfffffffc (write)
#include "common.h"
	.globl	_start
_start:
	xorl	%esp, %esp
fault_insn:
	call	target
	EXIT	$0
target:
	EXIT	$1
