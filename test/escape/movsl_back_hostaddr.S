# std; rep movsl with edi = 0x00601000 must fault on the first write.
# expect: trap page fault at fault_insn address 0x00601000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$(src + 12), %esi
	movl	$0x00601000, %edi
	movl	$4, %ecx
	std
fault_insn:
	rep movsl
	EXIT	$0
	.data
src:	.fill	16, 1, 0xcc
