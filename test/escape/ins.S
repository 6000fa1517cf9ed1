# rep insb both does port I/O and writes through ES: it must trap.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x80, %edx
	movl	$buf, %esi
	movl	$buf, %edi
	movl	$1, %ecx
fault_insn:
	rep insb
	EXIT	$0
	.data
buf:	.long	0
