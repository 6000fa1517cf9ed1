# int $4 (cd 04) is the overflow trap, as into with OF set raises it and
# Linux reports it (SIGSEGV, trapno 4): eip after the instruction, not a
# soft interrupt and not a fault at it.
# expect: trap overflow at after
#include "common.h"
	.globl	_start
_start:
	xorl	%eax, %eax		/* OF clear: int $4 does not look */
	int	$4
after:
	EXIT	$0
