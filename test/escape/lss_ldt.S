# lss with an LDT selector: segment loads through far pointers trap.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
fault_insn:
	lss	farptr, %esp
	EXIT	$0
	.data
farptr:	.long	0x1000
	.word	0x000f
