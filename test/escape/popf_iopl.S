# popf cannot raise IOPL: after trying to set IOPL=3, cli must still trap.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	pushl	$0x3202			/* IOPL = 3 */
	popf
fault_insn:
	cli
	EXIT	$0
