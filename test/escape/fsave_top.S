# fsave writes 108 bytes; at 0xffffffa0 it would run past 4 GiB.
# Real i386 hardware raises #GP here (the operand crosses the 4 GiB segment
# limit), so that is accepted too.
# expect: trap page fault at fault_insn address 0xffffffa0..0xffffffff (write)
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0xffffffa0, %ebx
fault_insn:
	fnsave	(%ebx)		/* no fwait prefix: the label is the fault */
	EXIT	$0
