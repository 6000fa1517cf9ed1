# cmpxchg8b on the last 8 bytes below 4 GiB (unmapped).
# expect: trap page fault at fault_insn address 0xfffffff8..0xffffffff (write)
# expect: trap page fault at fault_insn address 0xfffffff8..0xffffffff (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffff8, %esi
fault_insn:
	cmpxchg8b (%esi)
	EXIT	$0
