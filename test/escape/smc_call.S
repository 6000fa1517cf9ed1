# A call whose return-address push lands on the code page that is running
# (the stack inside a writable+executable section; found by fuzzing: the
# single step after that store once left translated code and killed the
# host with SIGTRAP).  Both a direct and an indirect call must complete.
# expect: exit 0
# expect: qemu
#include "common.h"
	.section .smc, "awx", @progbits
	.globl	_start
_start:
	movl	%esp, %ebp
	movl	$stack_top, %esp
	call	func			/* pushes onto this very page */
	cmpl	$1, %eax
	CHECK_EQ $1
	movl	$func, %ecx
	call	*%ecx
	cmpl	$2, %eax
	CHECK_EQ $2
	movl	%ebp, %esp
	EXIT	$0
func:
	incl	%eax
	ret
	.fill	64, 1, 0x90
stack_top:
	.fill	64, 1, 0x90
