# int $0x31 is not the vxrun call gate (only int $0x30 is): vxrun stops the
# guest with a soft-interrupt trap, eip after the instruction.
# expect: trap int 0x31 at after
#include "common.h"
	.globl	_start
_start:
	movl	$1, %eax		/* exit(3), were it Linux's gate */
	movl	$3, %ebx
	int	$0x31
after:
	EXIT	$0
