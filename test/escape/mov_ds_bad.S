# mov %ax,%ds with a selector other than the flat data segment (0x23, the
# code selector, here) must trap: no guest-chosen selector is ever loaded.
# expect: trap general protection at mov_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x23, %eax
mov_insn:
	.byte	0x8e, 0xd8
	EXIT	$0
