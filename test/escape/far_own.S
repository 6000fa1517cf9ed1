# Far transfers to the guest's own code segment work as on Linux i386:
# ljmp and lcall (direct, indirect through m16:32, and to 0x20, the same
# descriptor with RPL 0), lret and lret $imm (popping eip, cs, and the
# immediate), iret (popping eip, cs and eflags: the arithmetic flags, DF
# and AC come from the frame), and lcall's frame (eip, then cs
# zero-extended to 32 bits).  Each step checks its result and exits with
# its own status on a mismatch; qemu-i386 must agree.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	%esp, %ebp
	/* lcall direct: the frame is eip, then cs zero-extended */
	pushl	$0xdeadbeef
	pushl	$0xdeadbeef
	addl	$8, %esp
	lcall	$0x23, $callee
	cmpl	$0x7777, %eax
	CHECK_EQ $2
	cmpl	%ebp, %esp
	CHECK_EQ $3
	/* lcall indirect through m16:32 */
	movl	$0, %eax
	lcall	*farptr
	cmpl	$0x7777, %eax
	CHECK_EQ $4
	/* ljmp indirect, and direct to RPL 0 of the same descriptor */
	ljmp	*farjmp
	EXIT	$5
1:	ljmp	$0x20, $2f
	EXIT	$6
2:	movl	%cs, %eax
	cmpl	$0x23, %eax		/* cs keeps RPL 3 */
	CHECK_EQ $7
	/* lret $8: pops eip, cs, then 8 bytes */
	pushl	$1
	pushl	$2
	pushl	$0x23
	pushl	$3f
	lret	$8
	EXIT	$8
3:	cmpl	%ebp, %esp
	CHECK_EQ $9
	/* iret: eip, cs, eflags (CF ZF DF set by the frame) */
	pushl	$0x00000643		/* DF ZF CF, IF, bit 1 */
	pushl	$0x23
	pushl	$4f
	iret
	EXIT	$10
4:	pushf
	popl	%eax
	cld
	andl	$0x00000ed5, %eax
	cmpl	$0x00000641, %eax
	CHECK_EQ $11
	cmpl	%ebp, %esp
	CHECK_EQ $12
	EXIT	$0

callee:
	movl	4(%esp), %eax
	cmpl	$0x23, %eax		/* not 0xdead0023 */
	jne	9f
	movl	$0x7777, %eax
	lret
9:	EXIT	$1

	.data
farptr:	.long	callee
	.word	0x23
farjmp:	.long	1b
	.word	0x23
