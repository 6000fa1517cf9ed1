# A 16-bit rep movsl (0x67): si and di wrap at 64 KiB and the upper
# halves of esi and edi take no part, so a copy whose esi looks like a
# host address reads the guest's low memory (unmapped: the fault is at
# si = 0xfff0, the first element).
# expect: trap page fault at fault_insn address 0x0000fff0 (read)
#include "common.h"
	.globl	_start
_start:
	movl	$0x7ffffff0, %esi	/* si = 0xfff0 */
	movl	$buf, %edi		/* di = buf & 0xffff: unmapped */
	movl	$4, %ecx
	cld
fault_insn:
	.byte	0xf3, 0x67, 0xa5		/* rep movsl */
	EXIT	$0
	.data
buf:	.fill	16, 1, 0
