# rep movsl whose destination runs past 0xc0000000 after two dwords: the
# fault is at the third, at 0xc0000000 (a limit #GP on the seg backend).
# expect: trap page fault at fault_insn address 0xc0000000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$src, %esi
	movl	$0xbffffff8, %edi
	movl	$4, %ecx
	cld
fault_insn:
	rep movsl
	EXIT	$0
	.data
src:	.long	1, 2, 3, 4
