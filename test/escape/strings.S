# String instructions write through ES (base 0 in 64-bit mode) and must
# never be copied verbatim.  Exercise movs/stos/lods/cmps/scas in byte and
# dword sizes, with and without rep, forwards and backwards, and print the
# resulting registers and buffers; checked here and against qemu-i386.
# expect: exit 0
# expect: qemu
#include "common.h"

	.macro	DUMPBUF
	pushl	%ecx
	pushl	%edx
	movl	$dst, %ecx
	movl	$64, %edx
	call	write_out
	popl	%edx
	popl	%ecx
	.endm

	.macro	CLEAR
	movl	$dst, %edi
	movl	$16, %ecx
	xorl	%eax, %eax
	cld
	rep stosl
	.endm

	.globl	_start
_start:
	/* rep movsb forwards */
	CLEAR
	movl	$src, %esi
	movl	$dst, %edi
	movl	$37, %ecx
	rep movsb
	call	dumpregs
	DUMPBUF
	cmpl	$(src + 37), %esi
	CHECK_EQ $1
	cmpl	$(dst + 37), %edi
	CHECK_EQ $2
	movb	dst+36, %al
	cmpb	src+36, %al
	CHECK_EQ $3
	cmpb	$0, dst+37
	CHECK_EQ $4

	/* rep movsb backwards (overlapping-safe memmove style) */
	CLEAR
	std
	movl	$(src + 39), %esi
	movl	$(dst + 39), %edi
	movl	$40, %ecx
	rep movsb
	cld
	call	dumpregs
	DUMPBUF
	cmpl	$(dst - 1), %edi
	CHECK_EQ $5

	/* rep movsl both ways */
	CLEAR
	movl	$src, %esi
	movl	$dst, %edi
	movl	$5, %ecx
	rep movsl
	call	dumpregs
	std
	movl	$(src + 60), %esi
	movl	$(dst + 60), %edi
	movl	$3, %ecx
	rep movsl
	cld
	call	dumpregs
	DUMPBUF

	/* rep stosb / stosl, both ways */
	CLEAR
	movl	$dst, %edi
	movl	$0x41, %eax
	movl	$9, %ecx
	rep stosb
	std
	movl	$(dst + 60), %edi
	movl	$0x42434445, %eax
	movl	$4, %ecx
	rep stosl
	movl	$(dst + 30), %edi
	stosb
	stosb
	cld
	stosl
	call	dumpregs
	DUMPBUF

	/* lodsb / lodsl, both ways */
	movl	$src, %esi
	lodsb
	lodsl
	call	dumpregs
	std
	lodsl
	lodsb
	cld
	call	dumpregs

	/* repe cmpsb stops at the first difference */
	movl	$src, %esi
	movl	$dst, %edi
	movl	$64, %ecx
	repe cmpsb
	call	dumpregs
	movl	$src, %esi
	movl	$src2, %edi
	movl	$64, %ecx
	repe cmpsb
	call	dumpregs
	std
	movl	$(src + 63), %esi
	movl	$(src2 + 63), %edi
	movl	$64, %ecx
	repe cmpsb
	cld
	call	dumpregs
	movl	$src, %esi
	movl	$src2, %edi
	movl	$16, %ecx
	repe cmpsl
	call	dumpregs

	/* repne scasb finds a byte; scasl; backwards */
	movl	$src, %edi
	movl	$64, %ecx
	movb	$'q', %al
	repne scasb
	call	dumpregs
	cmpl	$(src + 17), %edi	/* one past the 'q' at offset 16 */
	CHECK_EQ $6
	std
	movl	$(src + 63), %edi
	movl	$64, %ecx
	movb	$'c', %al
	repne scasb
	cld
	call	dumpregs
	movl	$src, %edi
	movl	$16, %ecx
	movl	src+20, %eax
	repne scasl
	call	dumpregs

	/* rep with ecx = 0 does nothing */
	movl	$src, %esi
	movl	$dst, %edi
	xorl	%ecx, %ecx
	rep movsb
	call	dumpregs
	EXIT	$0

	.data
src:	.ascii	"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
src2:	.ascii	"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYz+/"
	.long	0
dst:	.skip	64
	.long	0
