# mov %ax, %ds with an LDT selector (table bit set, RPL 3): the seg
# backend's own data and state segments are such selectors.  It must trap;
# no guest-chosen selector ever reaches a segment register.
# expect: trap general protection at mov_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x17, %eax
mov_insn:
	movl	%eax, %ds
	EXIT	$0
