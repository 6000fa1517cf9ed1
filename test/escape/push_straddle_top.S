# A push whose dword runs past the top of the stack (0xc0000000): on the
# seg backend a stack-segment (#SS) limit fault, reported as the page
# fault the flat backend gives.
# expect: trap page fault at fault_insn address 0xc0000000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$0xc0000002, %esp
fault_insn:
	pushl	$1
	EXIT	$0
