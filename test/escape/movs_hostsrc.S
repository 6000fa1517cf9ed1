# rep movsb reading from esi = 0x00400000 must fault on the first read.
# expect: trap page fault at fault_insn address 0x00400000 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00400000, %esi
	movl	$dst, %edi
	movl	$16, %ecx
	cld
fault_insn:
	rep movsb
	EXIT	$0
	.bss
dst:	.skip	16
