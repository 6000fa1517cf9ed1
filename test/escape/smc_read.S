# Code overwritten by the host: read(0, ...) stores new machine code from
# stdin over a function that has already run.  The host write must
# invalidate the translation; the new code returns 42.
# stdin: \270\052\000\000\000\303
# expect: exit 42
# expect: qemu
#include "common.h"
	.section .smc, "awx", @progbits
	.globl	_start
_start:
	call	func			/* translate the old code: eax = 7 */
	cmpl	$7, %eax
	CHECK_EQ $1
	movl	$SYS_READ, %eax
	xorl	%ebx, %ebx
	movl	$func, %ecx
	movl	$6, %edx
	SYSCALL
	cmpl	$6, %eax
	CHECK_EQ $2
	call	func
	movl	%eax, %ebx
	movl	$SYS_EXIT, %eax
	SYSCALL
func:	movl	$7, %eax
	ret
	.fill	16, 1, 0x90
