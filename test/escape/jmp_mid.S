# Jump into the middle of an instruction that has already been translated
# (and back to its start again): each entry point must run its own decoding.
#   insn:   bb 40 41 c3 41   mov $0x41c34140, %ebx
#   insn+1: 40 / 41 / c3     inc %eax; inc %ecx; ret
#   insn+2: 41 / c3          inc %ecx; ret
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	movl	$3, %esi
1:	call	insn			/* whole instruction */
	movl	$(insn + 1), %edi
	call	*%edi			/* indirect into the middle */
	call	insn + 2		/* direct into the middle */
	decl	%esi
	jnz	1b
	call	dumpregs
	cmpl	$3, %eax
	CHECK_EQ $1
	cmpl	$6, %ecx
	CHECK_EQ $2
	cmpl	$0x300, %edx
	CHECK_EQ $3
	cmpl	$0x41c34140, %ebx
	CHECK_EQ $4
	EXIT	$0
insn:
	.byte	0xbb, 0x40, 0x41, 0xc3, 0x41
	addl	$0x100, %edx
	ret
