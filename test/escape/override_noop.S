# Segment overrides on instructions without a memory operand are ignored,
# even fs:/gs: with a null selector (which would fault on a memory access):
# the seg backend drops overrides and must not treat these as accesses.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$5, %eax
	.byte	0x64, 0x01, 0xc0	/* fs: add %eax, %eax */
	.byte	0x65, 0x40		/* gs: inc %eax */
	.byte	0x2e, 0x90		/* cs: nop */
	.byte	0x64, 0x6a, 0x07	/* fs: push $7 */
	popl	%ecx
	cmpl	$11, %eax
	CHECK_EQ $1
	cmpl	$7, %ecx
	CHECK_EQ $2
	EXIT	$0
