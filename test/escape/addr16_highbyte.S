# 16-bit addressing with a high-byte register operand: the flat backend
# adds a REX prefix for its address register and moves ah through a
# scratch register; the store must go to (bp + di - 2) mod 64 KiB, with
# ah's value, and fault there with every register intact (ebp points
# at the guest's stack, which must not be written).
# expect: trap page fault at fault_insn address 0x0000fffe (write)
#include "common.h"
	.globl	_start
_start:
	movl	%esp, %ebp
	andl	$0xffff0000, %ebp	/* bp = 0 */
	movl	$0x00010000, %edi	/* di = 0 */
	movl	$0x1234abcd, %eax
fault_insn:
	.byte	0x67, 0x88, 0x63, 0xfe		/* mov %ah, -2(%bp,%di) */
	EXIT	$0
