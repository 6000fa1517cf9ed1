# mov %ax,%ss must never load a real selector.  vx32 emulates it: the flat
# data selector 0x2b (what Linux i386 code holds in %ss) loads as a no-op and
# memory keeps working; any other selector traps with general protection,
# checked by mov_ss_bad.
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	movl	$0x2b, %eax
mov_insn:
	.byte	0x8e, 0xd0
	MEMCHECK 1
	EXIT	$0
