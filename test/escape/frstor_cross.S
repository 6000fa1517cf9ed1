# frstor reads 108 bytes starting 50 bytes before the end of .bss.
# expect: trap page fault at fault_insn address page_end..page_end+0x3a (read)
#include "common.h"
	.globl	_start
_start:
fault_insn:
	frstor	page_end-50
	EXIT	$0
	.bss
	.balign	4096
page:	.skip	4096
page_end:
