# ModRM mod=00 rm=101 is an absolute disp32 in 32-bit code but RIP-relative
# in 64-bit code, and moffs forms (a0-a3) take a 64-bit address there.
# Every form below writes or reads a guest variable by absolute address and
# checks the result through a register-based address (and the reverse).
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	$var, %ebx

	movl	$0x11223344, var		/* c7 05 */
	cmpl	$0x11223344, (%ebx)
	CHECK_EQ $1
	movl	$0x55667788, (%ebx)
	movl	var, %ecx			/* 8b 0d */
	cmpl	$0x55667788, %ecx
	CHECK_EQ $2
	movl	var, %eax			/* a1 moffs32 */
	cmpl	$0x55667788, %eax
	CHECK_EQ $3
	movl	$0x99aabbcc, %eax
	movl	%eax, var			/* a3 moffs32 */
	cmpl	$0x99aabbcc, (%ebx)
	CHECK_EQ $4
	movb	var+1, %al			/* a0 moffs8 */
	cmpb	$0xbb, %al
	CHECK_EQ $5
	movb	$0x5a, %al
	movb	%al, var+3			/* a2 moffs8 */
	cmpl	$0x5aaabbcc, (%ebx)
	CHECK_EQ $6
	addl	$0x10, var			/* 83 05 */
	cmpl	$0x5aaabbdc, (%ebx)
	CHECK_EQ $7
	incl	var				/* ff 05 */
	cmpl	$0x5aaabbdd, (%ebx)
	CHECK_EQ $8
	pushl	var				/* ff 35 */
	popl	%eax
	cmpl	$0x5aaabbdd, %eax
	CHECK_EQ $9
	pushl	$0x01020304
	popl	var				/* 8f 05 */
	cmpl	$0x01020304, (%ebx)
	CHECK_EQ $10
	movzbl	var+2, %eax			/* 0f b6 05 */
	cmpl	$2, %eax
	CHECK_EQ $11
	leal	var, %eax			/* 8d 05: an address, not rip+x */
	cmpl	%ebx, %eax
	CHECK_EQ $12
	xorl	%eax, %eax
	cmpl	%eax, %eax
	sete	var				/* 0f 94 05 */
	cmpb	$1, (%ebx)
	CHECK_EQ $13
	movl	$7, %eax
	xchgl	%eax, var			/* 87 05 */
	cmpl	$7, (%ebx)
	CHECK_EQ $14
	movl	$7, %eax
	movl	$8, %ecx
	lock cmpxchgl %ecx, var			/* f0 0f b1 0d */
	cmpl	$8, (%ebx)
	CHECK_EQ $15
	movl	$3, %esi
	movl	$0x31415926, %eax
	movl	%eax, table(,%esi,4)		/* sib, no base: disp32 */
	cmpl	$0x31415926, table+12
	CHECK_EQ $16

	/* Indirect call and jump through absolute memory operands. */
	call	*fptr				/* ff 15 */
	cmpl	$0xc0ffee, %eax
	CHECK_EQ $17
	jmp	*jptr				/* ff 25 */
	EXIT	$18
back:
	/* SSE and x87 memory operands. */
	movl	$0x00abcdef, 4(%ebx)
	movd	var+4, %xmm1			/* 66 0f 6e 0d */
	movd	%xmm1, var+8			/* 66 0f 7e 0d */
	cmpl	$0x00abcdef, 8(%ebx)
	CHECK_EQ $19
	fildl	var+4				/* db 05 */
	fistpl	var+12				/* db 1d */
	cmpl	$0x00abcdef, 12(%ebx)
	CHECK_EQ $20
	EXIT	$0

func:	movl	$0xc0ffee, %eax
	ret

	.data
var:	.long	0, 0, 0, 0
table:	.long	0, 0, 0, 0
fptr:	.long	func
jptr:	.long	back
