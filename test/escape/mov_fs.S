# mov %ax,%fs must not load a real selector (%gs holds the guest's
# base in the flat backend): trap, or emulate and keep memory working.
# expect: trap general protection at mov_insn
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	xorl	%esi, %esi
1:	movl	selectors(,%esi,4), %eax
mov_insn:
	.byte	0x8e, 0xe0
	MEMCHECK 1
	incl	%esi
	cmpl	$nselectors, %esi
	jb	1b
	EXIT	$0
