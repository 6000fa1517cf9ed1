# A cs: override reads through the guest's code segment, whose base is the
# data segment's (0) for an i386 Linux program.  On the seg backend the
# real cs has base 0 of the host's low 4 GiB: copied as it is, the
# override would read host memory at the guest's offset.  Loads, string
# sources, xlat and a push through cs: must see the guest's own data.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	cs movl	val, %eax			/* moffs form */
	cmpl	$0x5a5a1234, %eax
	CHECK_EQ $1
	movl	$val, %ebx
	cs movl	(%ebx), %ecx			/* ModRM form */
	cmpl	$0x5a5a1234, %ecx
	CHECK_EQ $2
	movl	$val, %esi
	cs lodsl
	cmpl	$0x5a5a1234, %eax
	CHECK_EQ $3
	movl	$val, %esi
	movl	$dst, %edi
	movl	$4, %ecx
	cld
	cs rep movsb
	movl	dst, %eax
	cmpl	$0x5a5a1234, %eax
	CHECK_EQ $4
	movl	$val, %ebx
	movl	$2, %eax
	cs xlat
	cmpb	$0x5a, %al
	CHECK_EQ $5
	cs pushl val
	popl	%eax
	cmpl	$0x5a5a1234, %eax
	CHECK_EQ $6
	movl	$val, %esi
	movl	$val, %edi
	cs cmpsl
	CHECK_EQ $7
	EXIT	$0
	.data
val:	.long	0x5a5a1234
dst:	.long	0
