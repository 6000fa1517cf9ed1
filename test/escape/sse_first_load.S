# The guest's first x87/SSE instruction is movaps (0f 28), a load into
# %xmm1; a system call follows (an exit to the host, whose C code uses the
# SSE registers for itself), and the next block stores %xmm1 back.  The
# value loaded must survive: the guest's x87/SSE state has to be switched
# in from that first movaps on (decode.c: touches_fpu; translate.c:
# fp_live), or the guest's registers are the host's.
# expect: exit 0
# expect: qemu
#include "common.h"
	.globl	_start
_start:
	movaps	pattern, %xmm1
	movl	$SYS_WRITE, %eax	/* write(1, out, 0): an exit */
	movl	$1, %ebx
	movl	$out, %ecx
	xorl	%edx, %edx
	SYSCALL
	movaps	%xmm1, out
	movl	out, %eax
	cmpl	pattern, %eax
	CHECK_EQ $1
	movl	out+12, %eax
	cmpl	pattern+12, %eax
	CHECK_EQ $2
	EXIT	$0
	.data
	.balign	16
pattern: .long	0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff01
out:	.skip	16
