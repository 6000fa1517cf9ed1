# daa (0x27), das (0x2f), aaa (0x37) and aas (0x3f) are invalid in 64-bit
# mode.  Run each on every AL value with CF and AF clear and set, printing
# eax and the flags the instruction defines: the output must match
# qemu-i386's.
# expect: exit 0
# expect: qemu
#include "common.h"

	.data
n:	.long	0		/* al | CF << 8 | AF << 9 */
	.text

	/* eax := 0x1234ff00 | al; eflags := CF, AF from n; all else clear. */
	.macro	SETUP
	movl	n, %eax
	movl	%eax, %ecx
	shrl	$8, %ecx
	movl	%ecx, %edx
	andl	$1, %ecx		/* CF */
	andl	$2, %edx
	shll	$3, %edx		/* AF is bit 4 */
	orl	%edx, %ecx
	orl	$2, %ecx
	pushl	%ecx
	andl	$0xff, %eax
	orl	$0x1234ff00, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	popf
	.endm

	.macro	RUN op, mask
	movl	$\mask, flagmask
	movl	$0, n
1:	SETUP
	.byte	\op
	call	dumpregs
	incl	n
	cmpl	$0x400, n
	jb	1b
	.endm

	.globl	_start
_start:
	/* daa/das: OF is undefined. */
	RUN	0x27, 0x4d5
	RUN	0x2f, 0x4d5
	/* aaa/aas: only AF and CF are defined. */
	RUN	0x37, 0x411
	RUN	0x3f, 0x411
	EXIT	$0
