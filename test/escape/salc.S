# salc (0xd6, undocumented) sets AL to 0xff if CF else 0; it is invalid in
# 64-bit mode.  Compare with qemu-i386, and check it ourselves too.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	$0x12345678, %eax
	stc
	.byte	0xd6
	call	dumpregs
	cmpl	$0x123456ff, %eax
	CHECK_EQ $1
	clc
	.byte	0xd6
	call	dumpregs
	cmpl	$0x12345600, %eax
	CHECK_EQ $2
	EXIT	$0
