# rep movsb from guest memory to edi = 0x00400000 must fault on the first
# write, in the guest.
# expect: trap page fault at fault_insn address 0x00400000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$src, %esi
	movl	$0x00400000, %edi
	movl	$16, %ecx
	cld
fault_insn:
	rep movsb
	EXIT	$0
	.data
src:	.fill	16, 1, 0xcc
