# rep stosb with edi = 0x00401000, where a non-PIE host keeps its text: a
# verbatim copy would write host memory.  It must page-fault in the guest
# (that guest page is unmapped) at the rep stosb, for the first byte.
# expect: trap page fault at fault_insn address 0x00401000 (write)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00401000, %edi
	movl	$64, %ecx
	movb	$0xcc, %al
	cld
fault_insn:
	rep stosb
	EXIT	$0
