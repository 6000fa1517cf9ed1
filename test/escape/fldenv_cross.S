# fldenv reads 28 bytes starting 10 bytes before the end of .bss.
# expect: trap page fault at fault_insn address page_end..page_end+0x11 (read)
#include "common.h"
	.globl	_start
_start:
fault_insn:
	fldenv	page_end-10
	EXIT	$0
	.bss
	.balign	4096
page:	.skip	4096
page_end:
