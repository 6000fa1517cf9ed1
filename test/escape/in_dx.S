# Port input through dx: general protection.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x80, %edx
	movl	$buf, %esi
	movl	$buf, %edi
	movl	$1, %ecx
fault_insn:
	inl %dx, %eax
	EXIT	$0
	.data
buf:	.long	0
