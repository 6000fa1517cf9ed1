# movaps on a misaligned address raises #GP on the host with no fault
# address.  It must become a guest general-protection trap at the
# instruction, never a host crash.
# expect: trap general protection at fault_insn
#include "common.h"
	.globl	_start
_start:
	movl	$membuf + 1, %ebx
fault_insn:
	movaps	(%ebx), %xmm0
	EXIT	$0
