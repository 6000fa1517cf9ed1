# repe cmpsb with esi pointing at a host-looking address must fault in the
# guest on the read.
# expect: trap page fault at fault_insn address 0x00400000 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00400000, %esi
	movl	$buf, %edi
	movl	$16, %ecx
	cld
fault_insn:
	repe cmpsb
	EXIT	$0
	.data
buf:	.fill	16, 1, 0
