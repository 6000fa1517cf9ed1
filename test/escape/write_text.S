# The text segment is not writable: a store into it page-faults (write).
# expect: trap page fault at fault_insn address _start (write)
#include "common.h"
	.globl	_start
_start:
fault_insn:
	movb	$0x90, _start
	EXIT	$0
