# XSAVE is not advertised: #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	xsave mem
	ret
