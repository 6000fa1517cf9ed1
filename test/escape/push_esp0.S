# push with esp = 0 writes at 0xfffffffc (32-bit wrap), which is unmapped:
# a guest page fault there, not a write below the host reservation.
# expect: trap page fault at fault_insn address 0xfffffffc (write)
#include "common.h"
	.globl	_start
_start:
	xorl	%esp, %esp
fault_insn:
	pushl	$1
	EXIT	$0
