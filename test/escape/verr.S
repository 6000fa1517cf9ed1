# verr would reveal (or, for lar/lsl/verr/verw, probe) the host's real
# descriptor tables - on the seg backend the guest's own LDT selectors -
# so it must trap on every backend, never run.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$0x0f, %eax		/* an LDT selector, RPL 3 */
fault_insn:
	verr %ax
	EXIT	$0
	.data
buf:	.space	16
