# mov %ax,%ss loads a segment register: it must trap.
# expect: trap general protection at mov_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x2b, %eax
mov_insn:
	.byte	0x8e, 0xd0
	EXIT	$0
