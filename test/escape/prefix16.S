# x86 instructions are at most 15 bytes.  A 15-byte nop (14 ds prefixes)
# must run; a 16-byte one must trap at its first byte (hardware raises #GP;
# an invalid-opcode report is accepted too).
# expect: trap general protection at fault_insn
# expect: trap invalid opcode at fault_insn
#include "common.h"
	.globl	_start
_start:
	.fill	14, 1, 0x3e
	nop
fault_insn:
	.fill	15, 1, 0x3e
	nop
	EXIT	$0
