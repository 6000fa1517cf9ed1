# DF as the one-element string instructions see it after each way the
# guest can change it: std and cld, popf and popfw (a 16-bit popf),
# a system call in between (the host takes the flags and gives them
# back), and a jump to code translated before DF changed.  The flat
# backend keeps DF's step beside the flags for these (xlflat.c:
# xl_string_once), so every one of these must update it.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	cld
	movl	$buf + 32, %esi
	movl	$buf + 64, %edi
	std
	movsb				/* down: esi 31, edi 63 */
	cmpl	$buf + 31, %esi
	CHECK_EQ $1
	cmpl	$buf + 63, %edi
	CHECK_EQ $2
	cld
	lodsw				/* up by 2: esi 33 */
	cmpl	$buf + 33, %esi
	CHECK_EQ $3
	pushf
	orl	$0x400, (%esp)
	popf
	stosl				/* down by 4: edi 59 */
	cmpl	$buf + 59, %edi
	CHECK_EQ $4
	pushw	$0x0002			/* popfw: DF clear */
	popfw
	scasb				/* up: edi 60 */
	cmpl	$buf + 60, %edi
	CHECK_EQ $5
	pushf
	orl	$0x400, (%esp)
	popf
	movl	$SYS_WRITE, %eax	/* write(1, buf, 0) with DF set */
	movl	$1, %ebx
	movl	$buf, %ecx
	xorl	%edx, %edx
	SYSCALL
	cmpsb				/* down: esi 32, edi 59 */
	cmpl	$buf + 32, %esi
	CHECK_EQ $6
	cmpl	$buf + 59, %edi
	CHECK_EQ $7
	/* the same block, translated with DF set, run with it clear */
	movl	$2, %ebp
1:	movsl
	cld
	decl	%ebp
	jnz	1b			/* first down by 4, then up by 4 */
	cmpl	$buf + 32, %esi
	CHECK_EQ $8
	cmpl	$buf + 59, %edi
	CHECK_EQ $9
	EXIT	$0

	.bss
buf:	.skip	128
