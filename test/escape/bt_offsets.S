# bt/bts/btr/btc with register bit offsets, negative and positive, within
# guest memory, including one whose address computation wraps past 4 GiB
# back onto a guest variable.  Checked and compared with qemu-i386.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movl	$(arr + 16), %ebx
	movl	$-100, %eax
	btsl	%eax, (%ebx)		/* bit 28 of arr[0] (offset -16*8+28) */
	movl	$37, %eax
	btsl	%eax, (%ebx)		/* bit 5 of arr[5] */
	movl	$-1, %eax
	btcl	%eax, (%ebx)		/* bit 31 of arr[3] */
	movl	$-128, %eax
	btl	%eax, (%ebx)		/* CF := bit 0 of arr[0] */
	setc	%dl
	movw	$-3, %cx
	btsw	%cx, 2(%ebx)		/* word form: bit 13 of arr+16 (word) */
	movl	$-100, %eax
	btrl	%eax, (%ebx)		/* clear again, CF = 1 */
	setc	%dh
	/* Wrap: base = arr - 0x0ffffffc (mod 2^32), offset 0x7ffffff8
	   addresses base + 0x0ffffffc = arr: bit 24 of arr[0]. */
	movl	$arr, %ebx
	subl	$0x0ffffffc, %ebx
	movl	$0x7ffffff8, %eax
	btsl	%eax, (%ebx)
	setc	%cl
	testl	$0x01000000, arr
	jnz	1f
	EXIT	$1
1:
	movl	arr, %eax
	movl	arr+12, %ecx
	movl	arr+16, %esi
	movl	arr+20, %edi
	xorl	%ebx, %ebx
	call	dumpregs
	EXIT	$0
	.data
	.balign	4
arr:	.fill	8, 4, 0
