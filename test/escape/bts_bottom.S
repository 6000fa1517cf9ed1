# bts with a negative bit offset that reaches guest address 0.
# expect: trap page fault at fault_insn address 0x00000000..0x00000003 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$var, %ebx
	movl	%ebx, %eax
	negl	%eax
	shll	$3, %eax		/* offset = -var * 8 */
fault_insn:
	btsl	%eax, (%ebx)
	EXIT	$0
	.data
	.balign	4
var:	.long	0
