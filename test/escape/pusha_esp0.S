# pusha with esp = 0 writes 0xffffffe0..0xffffffff.
# expect: trap page fault at fault_insn address 0xffffffe0..0xffffffff (write)
#include "common.h"
	.globl	_start
_start:
	xorl	%esp, %esp
fault_insn:
	pusha
	EXIT	$0
