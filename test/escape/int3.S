# int3 (0xcc): a breakpoint trap; eip points after the int3, as on hardware.
# expect: trap breakpoint at after
#include "common.h"
	.globl	_start
_start:
	int3
after:
	EXIT	$0
