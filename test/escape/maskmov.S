# maskmovq and maskmovdqu store to the implicit ds:[edi], an operand no
# ModRM byte names (found by fuzzing: it once went to host address edi).
# The masked bytes must land in guest memory at edi, the others stay; then
# a store with edi on an unmapped page must be the guest's page fault.
# expect: trap page fault at fault_insn address 0x1000 (write)
#include "common.h"
	.data
	.balign	16
buf:	.fill	16, 1, 0x11
data:	.byte	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
mask:	.byte	0x80, 0, 0x80, 0, 0, 0, 0, 0x80, 0, 0x80, 0, 0, 0, 0, 0, 0x80
	.text
	.globl	_start
_start:
	/* maskmovq: bytes 0, 2 and 7 of data into buf */
	movq	data, %mm0
	movq	mask, %mm1
	movl	$buf, %edi
	maskmovq %mm1, %mm0
	emms
	cmpl	$0x11031101, buf
	CHECK_EQ $1
	cmpl	$0x08111111, buf+4
	CHECK_EQ $2
	/* maskmovdqu: bytes 0, 2, 7, 9 and 15 */
	movl	$0x11111111, buf
	movl	$0x11111111, buf+4
	movdqu	data, %xmm0
	movdqu	mask, %xmm1
	maskmovdqu %xmm1, %xmm0
	cmpl	$0x11031101, buf
	CHECK_EQ $3
	cmpl	$0x08111111, buf+4
	CHECK_EQ $4
	cmpl	$0x11110a11, buf+8
	CHECK_EQ $5
	cmpl	$0x10111111, buf+12
	CHECK_EQ $6
	/* edi on an unmapped page: the guest's fault, at the instruction */
	movl	$0x1000, %edi
fault_insn:
	maskmovdqu %xmm1, %xmm0
	EXIT	$7
