# rep stosb that starts in the last page of .bss and runs off its end: the
# bytes inside are written, then a page fault names the first unmapped byte
# (the end of .bss, page aligned) with eip at the rep stosb.
# expect: trap page fault at fault_insn address page_end (write)
#include "common.h"
	.globl	_start
_start:
	movl	$(page_end - 8), %edi
	movl	$64, %ecx
	movb	$0xcc, %al
	cld
fault_insn:
	rep stosb
	EXIT	$0
	.bss
	.balign	4096
page:	.skip	4096
page_end:
