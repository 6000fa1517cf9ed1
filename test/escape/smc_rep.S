# A rep movsb that runs from a data page on into the code page of the
# block that runs it, patching the instruction right after itself (and
# rewriting its own two bytes with the same values): the elements on the
# data page must be done once, the rest after the store to code is seen,
# and the patched instruction must run, in every round (each round puts
# the old bytes back, so the block is translated anew).  On flat the
# guest's rep movsb is the host's rep movsb inside the fragment
# (xlflat.c, xl_rep_fast): the fault comes in the middle of it.
# expect: exit 0
# expect: qemu
#include "common.h"
	.section .smc, "awx", @progbits
	.globl	_start
_start:
	movl	$3, %ebx			/* rounds */
round:
	xorl	%edx, %edx
	movl	$patch, %esi
	movl	$(page - 8), %edi
	movl	$(patch_end - patch), %ecx
	cld
	jmp	page

	.p2align 12
data:	.fill	4096, 1, 0xcc			/* never run: not code */
page:	rep movsb				/* page-8 .. target+4 */
target:	nop					/* becomes inc %edx */
	nop
	nop
	nop
	call	dumpregs
	cmpl	$1, %edx
	CHECK_EQ $1
	cmpl	$patch_end, %esi
	CHECK_EQ $2
	cmpl	$(target + 4), %edi
	CHECK_EQ $3
	testl	%ecx, %ecx
	CHECK_EQ $4
	cmpl	$0x04030201, page - 8
	CHECK_EQ $5
	cmpl	$0x08070605, page - 4
	CHECK_EQ $6
	cmpl	$0xcccccccc, page - 12		/* nothing below the range */
	CHECK_EQ $7
	movl	$0x90909090, target		/* the nops back */
	movl	$0xcccccccc, page - 8
	movl	$0xcccccccc, page - 4
	decl	%ebx
	jnz	round
	EXIT	$0

patch:	.long	0x04030201, 0x08070605
	.byte	0xf3, 0xa4			/* rep movsb, as it is */
	.byte	0x42, 0x90, 0x90, 0x90		/* inc %edx */
patch_end:
