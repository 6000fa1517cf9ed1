# A return to address 0 (page 0 is never mapped).
# expect: trap page fault at 0x00000000 address 0x00000000 (exec)
#include "common.h"
	.globl	_start
_start:
	pushl	$0
	ret
