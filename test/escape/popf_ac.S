# popf with AC set: a misaligned guest access may raise an alignment check
# at that access, or the flag is ignored -- but it must not leak into the
# host, whose own misaligned accesses would then crash it.
# expect: trap alignment check at fault_insn
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	pushl	$0x40202		/* AC */
	popf
	movl	$buf, %ebx
fault_insn:
	movl	1(%ebx), %eax
	movl	%eax, 5(%ebx)
	movl	$(buf + 3), %esi
	movl	$(buf + 9), %edi
	movl	$3, %ecx
	rep movsl
	EXIT	$0
	.data
buf:	.fill	32, 1, 0x11
