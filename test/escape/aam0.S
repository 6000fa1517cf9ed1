# aam with base 0 divides by zero: a divide error at the aam.
# expect: trap divide error at aam_zero
#include "common.h"
	.globl	_start
_start:
	movl	$123, %eax
aam_zero:
	.byte	0xd4, 0x00
	EXIT	$0
