# fnstenv, fnsave and fxsave record where the last x87 instruction ran.
# Translated code runs elsewhere than the guest's code, under other
# selectors (the seg backend: the real LDT ones): the image may hold the
# guest's values or zeros, never a host code address or a host selector.
# Accepted: FCS 0 or 0x23, FDS 0 or 0x2b, FIP 0 or inside _start..end.
# expect: exit 0
# expect: qemu
#include "common.h"
	.macro	CHECK_IMAGE fip, fcs, fds, code
	movl	\fip, %eax
	testl	%eax, %eax
	jz	1f
	cmpl	$_start, %eax
	jb	2f
	cmpl	$end, %eax
	jb	1f
2:	EXIT	$\code
1:	movzwl	\fcs, %eax
	testl	%eax, %eax
	jz	3f
	cmpl	$0x23, %eax
	je	3f
	EXIT	$(\code + 1)
3:	movzwl	\fds, %eax
	testl	%eax, %eax
	jz	4f
	cmpl	$0x2b, %eax
	je	4f
	EXIT	$(\code + 2)
4:
	.endm
	.globl	_start
_start:
	fldpi
	fldl	val
	faddp
	fnstenv	env
	CHECK_IMAGE env+12, env+16, env+24, 10
	fldl	val
	fnsave	sav
	CHECK_IMAGE sav+12, sav+16, sav+24, 20
	frstor	sav
	fldl	val
	fxsave	fx
	CHECK_IMAGE fx+8, fx+12, fx+20, 30
	EXIT	$0
end:
	.data
val:	.double	1.5
env:	.space	28
sav:	.space	108
	.balign	16
fx:	.space	512
