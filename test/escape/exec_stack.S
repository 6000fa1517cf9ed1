# The stack is not executable: write a ret onto it and call it.
# expect: trap page fault at * address * (exec)
#include "common.h"
	.globl	_start
_start:
	subl	$16, %esp
	movb	$0xc3, (%esp)
	call	*%esp
	EXIT	$0
