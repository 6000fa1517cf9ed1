# lock on cmp (not lockable) is #UD
# expect: trap invalid opcode at trap_at
#include "isa.h"
tests:
	.globl	trap_at
trap_at:
	.byte 0xf0, 0x39, 0x05	/* lock cmp %eax, mem */
	.long mem
	ret
