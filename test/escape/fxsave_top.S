# fxsave writes 512 bytes; at 0xfffffff0 it runs past 4 GiB.  It must give a
# guest page fault in the top page, never touch memory past the reservation.
# Real i386 hardware raises #GP here (the operand crosses the 4 GiB segment
# limit), so that is accepted too.
# expect: trap page fault at fault_insn address 0xfffffff0..0xffffffff (write)
# The flat backend wraps the access at 4 GiB, as 32-bit address arithmetic
# does, so the fault may be reported in the wrapped part at the bottom:
# expect: trap page fault at fault_insn address 0x00000000..0x000001ff (write)
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0xfffffff0, %ebx
fault_insn:
	fxsave	(%ebx)
	EXIT	$0
