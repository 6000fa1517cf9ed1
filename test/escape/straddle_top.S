# A load that starts on the last stack page (the stack ends at 0xc0000000)
# and runs past it: on the seg backend, where 0xc0000000 is the segment
# limit, a #GP that must be reported like the flat backend's page fault,
# at the first missing byte.
# expect: trap page fault at fault_insn address 0xc0000000 (read)
#include "common.h"
	.globl	_start
_start:
fault_insn:
	movl	0xbffffffe, %eax
	EXIT	$0
