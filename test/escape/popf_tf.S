# popf with TF set single-steps the guest, never the host (a real TF would
# raise a debug trap inside the translator): the instruction after the
# popf runs, then a debug trap (a single step) is reported after it, with
# the registers it left.  The loop before checks that TF in a pushed
# image of the flags that popf does not load changes nothing.
# expect: trap debug trap at stepped
#include "common.h"
	.globl	_start
_start:
	movl	$5, %ecx
1:	decl	%ecx
	jnz	1b
	pushl	$0x302			/* TF | IF */
	popf
	movl	$7, %ecx		/* runs, then the single-step trap */
stepped:
	nop
	EXIT	$0
