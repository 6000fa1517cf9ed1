# A direct far jump (0xea) to selector 0x23, the guest's own code segment
# (what it sees in %cs), is a jump within it, as on Linux i386; 0x33
# (Linux's 64-bit code selector, the classic way out of compat mode),
# 0x2b (data) and LDT selectors are #GP (farjmp_0x33, farjmp_0x2b,
# farjmp_ldt).
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
far_insn:
	ljmp	$0x23, $target
	EXIT	$1
target:
	EXIT	$0
