# int $0 (cd 00): a software interrupt to the divide-error vector.  On
# Linux its gate is kernel-only (#GP); vx32 may report it as soft int 0.
# expect: trap int 0x00 at after
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
fault_insn:
	int	$0
after:
	EXIT	$0
