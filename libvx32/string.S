/*
 * string.S - emulation of the i386 string instructions with a rep prefix
 * (one element without it is translated inline: xlflat.c).
 *
 * In 64-bit mode movs/stos/cmps/scas write or read through ES, whose base
 * is 0 and cannot be overridden, so copying them would let a guest reach
 * host memory at address %edi.  The translator instead calls one of these
 * routines on the state block's private stack (%rsp), with the guest
 * registers live, %r11 = guest esp, %r14 = guest base (4 GiB-aligned) and
 * %r15 = state block.  They may clobber %r8-%r10 only.
 *
 * Each routine first saves the guest flags with pushfq (the fault handler
 * finds them at ST_STACK_TOP-16 and the caller's EIP from the return
 * address at ST_STACK_TOP-8).  The general path works element by element
 * through %gs with 32-bit addresses, so pointers wrap at 4 GiB exactly as
 * on i386 and every state at a fault is an architectural one.  rep
 * movs/stos whose whole range lies in [0, 4 GiB), in either direction,
 * use the host's own rep instruction on host addresses (guest base +
 * offset); since the base is 4 GiB-aligned, the low 32 bits of %rsi/%rdi
 * stay the guest's values at any fault.  The checks use the 128-byte red
 * zone below %rsp (the fault handler runs on its own signal stack).
 */
#include "state.h"

	.text
	.globl	vx_string_begin
vx_string_begin:

/*
 * r10 = +1, or -1 when the guest's DF is set, without touching the
 * flags: DF is bit 2 of the second byte of the flags just pushed, and a
 * table turns that byte into the step (bit tests would change them, and
 * a popfq to restore them costs more than the rest of a short movs).
 */
.macro STEP
	movzbl	1(%rsp), %r10d
	lea	dir_step(%rip), %r9
	movsbq	(%r9,%r10), %r10
.endm

/* r10 += the high half of the 64-bit \addr (zero iff below 4 GiB),
   read back from the red zone: a compare would change the flags. */
.macro ADD_HIGH addr:vararg
	lea	\addr, %r8
	mov	%r8, -8(%rsp)
	mov	-4(%rsp), %r9d
	lea	(%r10,%r9), %r10
.endm

/*
 * The lowest byte a backward rep at \reg touches, \reg - (rcx - 1) *
 * \size (~r8 = -rcx * \size - 1: not keeps the flags).  Its highest byte
 * needs no check: at most \size - 1 past 4 GiB, it faults in the guard
 * tail exactly as the element-by-element path would (flat.c).
 */
.macro BACK_LOW reg, size
	lea	(,%rcx,\size), %r8
	not	%r8
	ADD_HIGH \size+1(%\reg,%r8)
.endm

/*
 * Go on (rcx as it was, zero-extended) if every \size-byte element the
 * rep instruction will touch at \reg1 (and \reg2) lies in [0, 4 GiB),
 * going up or, with DF set, down; else jump to \slow.  Flags
 * untouched: the direction is taken with jrcxz on a table entry swapped
 * into rcx, and so is the verdict (r10: the sum of the high halves, zero
 * if all fit).  r8, r9, r10 clobbered.
 */
.macro FAST_OR slow, size, reg1, reg2
	mov	%ecx, %ecx
	movzbl	1(%rsp), %r10d
	lea	dir_back(%rip), %r9
	movzbl	(%r9,%r10), %r10d
	xchg	%rcx, %r10
	jrcxz	5f
	xchg	%rcx, %r10
	mov	$0, %r10d
	BACK_LOW \reg1, \size
.ifnb \reg2
	BACK_LOW \reg2, \size
.endif
	jmp	6f
5:	xchg	%rcx, %r10		/* r10 = 0 */
	ADD_HIGH -1(%\reg1,%rcx,\size)
.ifnb \reg2
	ADD_HIGH -1(%\reg2,%rcx,\size)
.endif
6:	xchg	%rcx, %r10
	jrcxz	7f
	xchg	%rcx, %r10
	jmp	\slow
7:	xchg	%rcx, %r10
.endm

/*
 * The rep forms only: one element without rep is translated inline
 * (xlflat.c: xl_string_once).
 *
 * rep movs: [edi] <- [esi].  None of movs, stos and lods changes the
 * flags, so these routines change none either (jecxz/jrcxz for the
 * loops) and return without popfq.  They take the host's rep
 * instruction, in the guest's direction (DF is the host's while guest
 * code runs), where FAST_OR allows.
 */
.macro MOVS name, size, r8x, sfx
\name:
	pushfq
	FAST_OR 2f, \size, rsi, rdi
	lea	(%rsi,%r14), %rsi
	lea	(%rdi,%r14), %rdi
	rep movs\sfx
	mov	%esi, %esi
	mov	%edi, %edi
	jmp	9f
2:	STEP
	jecxz	9f
3:	mov	%gs:(%esi), %\r8x
	mov	%\r8x, %gs:(%edi)
	lea	(%rsi,%r10,\size), %esi
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	lea	8(%rsp), %rsp
	ret
.endm

/* rep stos: [edi] <- al/ax/eax */
.macro STOS name, size, acc, sfx
\name:
	pushfq
	FAST_OR 2f, \size, rdi
	lea	(%rdi,%r14), %rdi
	rep stos\sfx
	mov	%edi, %edi
	jmp	9f
2:	STEP
	jecxz	9f
3:	mov	%\acc, %gs:(%edi)
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	lea	8(%rsp), %rsp
	ret
.endm

/* rep lods: al/ax/eax <- [esi] */
.macro LODS name, size, acc
\name:
	pushfq
	STEP
	jecxz	9f
3:	mov	%gs:(%esi), %\acc
	lea	(%rsi,%r10,\size), %esi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	lea	8(%rsp), %rsp
	ret
.endm

/*
 * repe/repne cmps ([esi] - [edi]) and scas (acc - [edi]): the flags are
 * the guest's result.  rep: 1 repe, 2 repne.  With ecx = 0 the guest
 * flags are restored unchanged.
 */
.macro CMPS name, size, r8x, rep
\name:
	pushfq
	STEP
	test	%ecx, %ecx
	jz	9f
2:	mov	%gs:(%esi), %\r8x
	cmp	%gs:(%edi), %\r8x
	lea	(%rsi,%r10,\size), %esi
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	8f
.if \rep == 1
	je	2b
.else
	jne	2b
.endif
8:	lea	8(%rsp), %rsp		/* drop saved flags, keep result */
	ret
9:	popfq
	ret
.endm

.macro SCAS name, size, acc, rep
\name:
	pushfq
	STEP
	test	%ecx, %ecx
	jz	9f
2:	cmp	%gs:(%edi), %\acc
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	8f
.if \rep == 1
	je	2b
.else
	jne	2b
.endif
8:	lea	8(%rsp), %rsp
	ret
9:	popfq
	ret
.endm

	MOVS	movsb, 1, r8b, b
	MOVS	movsw, 2, r8w, w
	MOVS	movsl, 4, r8d, l
	STOS	stosb, 1, al, b
	STOS	stosw, 2, ax, w
	STOS	stosl, 4, eax, l
	LODS	lodsb, 1, al
	LODS	lodsw, 2, ax
	LODS	lodsl, 4, eax
	CMPS	cmpsb1, 1, r8b, 1
	CMPS	cmpsw1, 2, r8w, 1
	CMPS	cmpsl1, 4, r8d, 1
	CMPS	cmpsb2, 1, r8b, 2
	CMPS	cmpsw2, 2, r8w, 2
	CMPS	cmpsl2, 4, r8d, 2
	SCAS	scasb1, 1, al, 1
	SCAS	scasw1, 2, ax, 1
	SCAS	scasl1, 4, eax, 1
	SCAS	scasb2, 1, al, 2
	SCAS	scasw2, 2, ax, 2
	SCAS	scasl2, 4, eax, 2

	.globl	vx_string_end
vx_string_end:

/* STEP's and FAST_OR's tables, by the second byte of the flags */
	.section .rodata
dir_step:
	.set	i, 0
	.rept	256
	.byte	1 - ((i >> 1) & 2)		/* DF (bit 2): -1, else 1 */
	.set	i, i + 1
	.endr
dir_back:
	.set	i, 0
	.rept	256
	.byte	(i >> 2) & 1			/* DF: 1, else 0 */
	.set	i, i + 1
	.endr

/* [op][rep][size]: op movs cmps stos lods scas; rep rep(e), repne */
	.section .data.rel.ro, "aw"
	.balign	8
	.globl	vx_string_table
vx_string_table:
	.quad	movsb, movsw, movsl, movsb, movsw, movsl
	.quad	cmpsb1, cmpsw1, cmpsl1, cmpsb2, cmpsw2, cmpsl2
	.quad	stosb, stosw, stosl, stosb, stosw, stosl
	.quad	lodsb, lodsw, lodsl, lodsb, lodsw, lodsl
	.quad	scasb1, scasw1, scasl1, scasb2, scasw2, scasl2

	.section .note.GNU-stack,"",@progbits
