# ret with esp = 0xfffffff0 reads its target from unmapped memory.
# expect: trap page fault at fault_insn address 0xfffffff0 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffff0, %esp
fault_insn:
	ret
	EXIT	$0
