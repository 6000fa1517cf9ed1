# fxsave/fxrstor and fsave/frstor on valid guest memory: the image must land
# in guest memory at the given (absolute and register) addresses.
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	finit
	fld1
	movl	$buf, %ebx
	fxsave	(%ebx)
	movw	(%ebx), %ax		/* FCW: 0x037f after finit */
	cmpw	$0x037f, %ax
	CHECK_EQ $1
	fxrstor	buf
	fsave	buf2
	cmpw	$0x037f, buf2
	CHECK_EQ $2
	frstor	buf2
	fld1
	faddp
	fistpl	result
	cmpl	$2, result
	CHECK_EQ $3
	EXIT	$0
	.bss
	.balign	16
buf:	.skip	512
buf2:	.skip	108
result:	.long	0
