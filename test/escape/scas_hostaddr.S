# repne scasb with edi at a host-looking address must fault on the read.
# expect: trap page fault at fault_insn address 0x00402000 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x00402000, %edi
	movl	$16, %ecx
	movb	$0x5a, %al
	cld
fault_insn:
	repne scasb
	EXIT	$0
