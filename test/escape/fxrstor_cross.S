# fxrstor that starts 256 bytes before the end of .bss reads past it.
# expect: trap page fault at fault_insn address page_end..page_end+0xff (read)
#include "common.h"
	.globl	_start
_start:
	fxsave	page			/* valid contents for the first half */
fault_insn:
	fxrstor	page_end-256
	EXIT	$0
	.bss
	.balign	4096
page:	.skip	4096
page_end:
