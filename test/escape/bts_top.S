# bts with a register bit offset addresses base + 4 * (offset >> 5), signed.
# Pick the offset so that the dword lands at 0xfffffffc (wrapping below 0):
# a guest page fault there.
# expect: trap page fault at fault_insn address 0xfffffffc..0xffffffff (write)
#include "common.h"
	.globl	_start
_start:
	movl	$var, %ebx
	leal	4(%ebx), %eax
	negl	%eax
	shll	$3, %eax		/* offset = -(var + 4) * 8 */
fault_insn:
	btsl	%eax, (%ebx)
	EXIT	$0
	.data
	.balign	4
var:	.long	0
