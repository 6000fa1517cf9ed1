# bound (0x62) is the EVEX prefix in 64-bit mode.  In-range checks must
# pass silently and read their bounds from guest memory.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	$bounds, %ebx
	movl	$-5, %eax
	boundl	%eax, (%ebx)
	movl	$100, %eax
	boundl	%eax, bounds
	movl	$0, %ecx
	boundl	%ecx, (%ebx)
	movw	$-5, %dx
	boundw	%dx, wbounds
	call	dumpregs
	EXIT	$0
	.data
bounds:	.long	-5, 100
wbounds: .word	-5, 7
