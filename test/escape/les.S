# les (0xc4) loads a segment register from a far pointer (and 0xc4/0xc5
# are VEX prefixes in 64-bit mode): it must trap.
# expect: trap general protection at load_insn
#include "common.h"
	.globl	_start
_start:
	movl	$farptr, %ebx
load_insn:
	.byte	0xc4, 0x03		/* les (%ebx), %eax */
	EXIT	$0
	.data
farptr:	.long	0x12345678
	.word	0x2b
