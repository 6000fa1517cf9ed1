# syscall (0f 05) would enter the host kernel directly: it must trap.
# expect: trap syscall at after
#include "common.h"
	.globl	_start
_start:
	movl	$1, %eax
	movl	$3, %ebx
	syscall
after:
	EXIT	$0
