# With IOPL=3 requested through popf, port I/O must still trap.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	pushl	$0x3202
	popf
	movb	$0x55, %al
fault_insn:
	outb	%al, $0x80
	EXIT	$0
