# lock mov %eax,(%ebx) is #UD (mov is not lockable), even with a valid
# memory operand.
# expect: trap invalid opcode at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$var, %ebx
fault_insn:
	.byte	0xf0, 0x89, 0x03	/* lock mov %eax, (%ebx) */
	EXIT	$0
	.data
var:	.long	0
