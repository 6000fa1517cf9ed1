# enter with esp = 0 pushes ebp at 0xfffffffc.
# expect: trap page fault at fault_insn address 0xfffffffc (write)
#include "common.h"
	.globl	_start
_start:
	xorl	%esp, %esp
fault_insn:
	enter	$16, $0
	EXIT	$0
