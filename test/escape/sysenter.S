# sysenter (0f 34) must trap.
# expect: trap syscall at after
#include "common.h"
	.globl	_start
_start:
	movl	$1, %eax
	movl	$3, %ebx
	sysenter
after:
	EXIT	$0
