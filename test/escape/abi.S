# The int $0x30 call gate (doc/abi.md): an unknown call returns -ENOSYS,
# bad descriptors -EBADF, an unmapped buffer -EFAULT; every register but
# eax is preserved; exit's status is truncated to 8 bits.
# stdin: abcd
# expect: exit 0x42
#include "common.h"
	.macro	SETREGS
	movl	$0x11111111, %ebx
	movl	$0x22222222, %ecx
	movl	$0x33333333, %edx
	movl	$0x44444444, %esi
	movl	$0x55555555, %edi
	movl	$0x66666666, %ebp
	.endm
	.macro	CHECKREGS code
	cmpl	$0x22222222, %ecx
	CHECK_EQ \code
	cmpl	$0x33333333, %edx
	CHECK_EQ \code
	cmpl	$0x44444444, %esi
	CHECK_EQ \code
	cmpl	$0x55555555, %edi
	CHECK_EQ \code
	cmpl	$0x66666666, %ebp
	CHECK_EQ \code
	cmpl	%esp, savesp
	CHECK_EQ \code
	.endm
	.globl	_start
_start:
	movl	%esp, savesp
	SETREGS
	movl	$99, %eax
	int	$0x30
	cmpl	$-38, %eax		/* ENOSYS */
	CHECK_EQ $1
	cmpl	$0x11111111, %ebx
	CHECK_EQ $2
	CHECKREGS $3
	movl	$3, %eax		/* write(0, buf, 1): EBADF */
	xorl	%ebx, %ebx
	movl	$buf, %ecx
	movl	$1, %edx
	int	$0x30
	cmpl	$-9, %eax
	CHECK_EQ $4
	movl	$2, %eax		/* read(1, buf, 1): EBADF */
	movl	$1, %ebx
	int	$0x30
	cmpl	$-9, %eax
	CHECK_EQ $5
	movl	$3, %eax		/* write(1, 0x10, 4): EFAULT */
	movl	$1, %ebx
	movl	$0x10, %ecx
	movl	$4, %edx
	int	$0x30
	cmpl	$-14, %eax
	CHECK_EQ $6
	movl	$3, %eax		/* write(1, 0xfffffffe, 4): wraps 4 GiB */
	movl	$1, %ebx
	movl	$0xfffffffe, %ecx
	int	$0x30
	cmpl	$-14, %eax
	CHECK_EQ $7
	xorl	%ebx, %ebx		/* read(0) into read-only text: EFAULT */
	movl	$_start, %ecx
	movl	$4, %edx
	movl	$2, %eax
	int	$0x30
	cmpl	$-14, %eax
	CHECK_EQ $8
	movl	$4, %eax		/* brk(0): current break, page aligned */
	xorl	%ebx, %ebx
	int	$0x30
	testl	$0xfff, %eax
	CHECK_EQ $9
	cmpl	$_end, %eax
	jae	1f
	EXIT	$10
1:	movl	$3, %eax		/* write(1, buf, 0) = 0 */
	movl	$1, %ebx
	movl	$buf, %ecx
	xorl	%edx, %edx
	int	$0x30
	cmpl	$0, %eax
	CHECK_EQ $11
	movl	$1, %eax
	movl	$0x1242, %ebx
	int	$0x30
	EXIT	$12
	.data
savesp:	.long	0
buf:	.long	0
