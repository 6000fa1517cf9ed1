# push %ds (0x1e) has no 64-bit equivalent: it may trap, or be emulated
# by pushing exactly 4 bytes onto the guest stack.
# expect: trap general protection at push_insn
# expect: exit 0
#include "common.h"
	.globl	_start
_start:
	movl	%esp, %esi
	pushl	$0xdeadbeef
	movl	%esp, %edi
push_insn:
	.byte	0x1e
	leal	4(%esp), %eax
	cmpl	%eax, %edi		/* esp went down by 4 */
	CHECK_EQ $1
	popl	%eax
	cmpl	%esp, %edi
	CHECK_EQ $2
	cmpl	$0xdeadbeef, (%esp)	/* slot above untouched */
	CHECK_EQ $3
	MEMCHECK 4
	EXIT	$0
