# lodsl from a host-looking address must fault on the read.
# expect: trap page fault at fault_insn address 0x00400010 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00400010, %esi
	cld
fault_insn:
	lodsl
	EXIT	$0
