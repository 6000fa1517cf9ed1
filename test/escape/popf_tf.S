# popf with TF set must not single-step the host (a real TF would raise a
# debug trap inside the translator); vx32 keeps only the arithmetic flags
# and DF.  The guest keeps running normally and exits 0.
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	pushl	$0x302			/* TF | IF */
	popf
	movl	$5, %ecx
1:	decl	%ecx
	jnz	1b
	pushf
	popl	%eax
	pushl	$0x102			/* TF again, via a different path */
	popf
	nop
	nop
	EXIT	$0
