# 16-bit addressing (0x67): mov (%bx,%si) with ebx and esi holding large
# values (as if pointing at the guest's data, or past its space) reads
# (bx + si + disp16) mod 64 KiB, nothing else: 0x12340000 + 0xfff0 +
# 0x0120 + 0x0100 -> 0x0210, in the guest's unmapped low memory.
# expect: trap page fault at fault_insn address 0x00000210 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x1234fff0, %ebx
	movl	$0xffff0120, %esi
fault_insn:
	.byte	0x67, 0x8b, 0x80, 0x00, 0x01	/* mov 0x100(%bx,%si), %eax */
	EXIT	$0
