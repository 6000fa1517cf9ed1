# into (0xce) is invalid in 64-bit mode: with OF clear it must do nothing;
# with OF set it raises #OF, a trap reported after the instruction.
# expect: trap * at after_into
#include "common.h"
	.globl	_start
_start:
	xorl	%eax, %eax		/* OF = 0 */
	into
	movl	$0x7fffffff, %eax
	into				/* still OF = 0 */
	addl	$1, %eax		/* OF = 1 */
	into
after_into:
	EXIT	$0
