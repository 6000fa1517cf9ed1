# lock with a register destination (lock add %eax,%ebx) is #UD.
# expect: trap invalid opcode at fault_insn
#include "common.h"
	.globl	_start
_start:
	lock addl %eax, var		/* lockable form: must run */
fault_insn:
	.byte	0xf0, 0x01, 0xc3	/* lock add %eax, %ebx */
	EXIT	$0
	.data
var:	.long	0
