/*
 * string.S - emulation of the i386 string instructions.
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
 * on i386 and every state at a fault is an architectural one.  Forward
 * rep movs/stos whose whole range lies below 4 GiB use the host's own rep
 * instruction on host addresses (guest base + offset); since the base is
 * 4 GiB-aligned, the low 32 bits of %rsi/%rdi stay the guest's values at
 * any fault.
 */
#include "state.h"

	.text
	.globl	vx_string_begin
vx_string_begin:

/* r10 = +size, or -size when the guest's DF is set. */
.macro STEP size
	mov	$\size, %r10
	testl	$0x400, (%rsp)
	jz	1f
	neg	%r10
1:
.endm

/* Forward rep fast path for register \reg (rdi or rsi) if it fits. */
.macro FITS reg, size, slow
	lea	(%\reg,%rcx,\size), %r8
	mov	$0x100000000, %r9
	cmp	%r9, %r8
	ja	\slow
.endm

/* movs: [edi] <- [esi] */
.macro MOVS name, size, r8x, sfx, rep
\name:
	pushfq
	STEP	\size
.if \rep
	test	%ecx, %ecx
	jz	9f
	test	%r10, %r10
	js	2f
	FITS	rsi, \size, 2f
	FITS	rdi, \size, 2f
	add	%r14, %rsi
	add	%r14, %rdi
	rep movs\sfx
	mov	%esi, %esi
	mov	%edi, %edi
	jmp	9f
.endif
2:	mov	%gs:(%esi), %\r8x
	mov	%\r8x, %gs:(%edi)
	lea	(%rsi,%r10), %esi
	lea	(%rdi,%r10), %edi
.if \rep
	lea	-1(%rcx), %ecx
	test	%ecx, %ecx
	jnz	2b
.endif
9:	popfq
	ret
.endm

/* stos: [edi] <- al/ax/eax */
.macro STOS name, size, acc, sfx, rep
\name:
	pushfq
	STEP	\size
.if \rep
	test	%ecx, %ecx
	jz	9f
	test	%r10, %r10
	js	2f
	FITS	rdi, \size, 2f
	add	%r14, %rdi
	rep stos\sfx
	mov	%edi, %edi
	jmp	9f
.endif
2:	mov	%\acc, %gs:(%edi)
	lea	(%rdi,%r10), %edi
.if \rep
	lea	-1(%rcx), %ecx
	test	%ecx, %ecx
	jnz	2b
.endif
9:	popfq
	ret
.endm

/* lods: al/ax/eax <- [esi] */
.macro LODS name, size, acc, rep
\name:
	pushfq
	STEP	\size
.if \rep
	test	%ecx, %ecx
	jz	9f
.endif
2:	mov	%gs:(%esi), %\acc
	lea	(%rsi,%r10), %esi
.if \rep
	lea	-1(%rcx), %ecx
	test	%ecx, %ecx
	jnz	2b
.endif
9:	popfq
	ret
.endm

/*
 * cmps ([esi] - [edi]) and scas (acc - [edi]): the flags are the guest's
 * result.  rep: 0 none, 1 repe, 2 repne.  With ecx = 0 the guest flags
 * are restored unchanged.
 */
.macro CMPS name, size, r8x, rep
\name:
	pushfq
	STEP	\size
.if \rep
	test	%ecx, %ecx
	jz	9f
.endif
2:	mov	%gs:(%esi), %\r8x
	cmp	%gs:(%edi), %\r8x
	lea	(%rsi,%r10), %esi
	lea	(%rdi,%r10), %edi
.if \rep
	lea	-1(%rcx), %ecx
	jecxz	8f
.if \rep == 1
	je	2b
.else
	jne	2b
.endif
.endif
8:	lea	8(%rsp), %rsp		/* drop saved flags, keep result */
	ret
9:	popfq
	ret
.endm

.macro SCAS name, size, acc, rep
\name:
	pushfq
	STEP	\size
.if \rep
	test	%ecx, %ecx
	jz	9f
.endif
2:	cmp	%gs:(%edi), %\acc
	lea	(%rdi,%r10), %edi
.if \rep
	lea	-1(%rcx), %ecx
	jecxz	8f
.if \rep == 1
	je	2b
.else
	jne	2b
.endif
.endif
8:	lea	8(%rsp), %rsp
	ret
9:	popfq
	ret
.endm

	MOVS	movsb0, 1, r8b, b, 0
	MOVS	movsw0, 2, r8w, w, 0
	MOVS	movsl0, 4, r8d, l, 0
	MOVS	movsb1, 1, r8b, b, 1
	MOVS	movsw1, 2, r8w, w, 1
	MOVS	movsl1, 4, r8d, l, 1
	STOS	stosb0, 1, al, b, 0
	STOS	stosw0, 2, ax, w, 0
	STOS	stosl0, 4, eax, l, 0
	STOS	stosb1, 1, al, b, 1
	STOS	stosw1, 2, ax, w, 1
	STOS	stosl1, 4, eax, l, 1
	LODS	lodsb0, 1, al, 0
	LODS	lodsw0, 2, ax, 0
	LODS	lodsl0, 4, eax, 0
	LODS	lodsb1, 1, al, 1
	LODS	lodsw1, 2, ax, 1
	LODS	lodsl1, 4, eax, 1
	CMPS	cmpsb0, 1, r8b, 0
	CMPS	cmpsw0, 2, r8w, 0
	CMPS	cmpsl0, 4, r8d, 0
	CMPS	cmpsb1, 1, r8b, 1
	CMPS	cmpsw1, 2, r8w, 1
	CMPS	cmpsl1, 4, r8d, 1
	CMPS	cmpsb2, 1, r8b, 2
	CMPS	cmpsw2, 2, r8w, 2
	CMPS	cmpsl2, 4, r8d, 2
	SCAS	scasb0, 1, al, 0
	SCAS	scasw0, 2, ax, 0
	SCAS	scasl0, 4, eax, 0
	SCAS	scasb1, 1, al, 1
	SCAS	scasw1, 2, ax, 1
	SCAS	scasl1, 4, eax, 1
	SCAS	scasb2, 1, al, 2
	SCAS	scasw2, 2, ax, 2
	SCAS	scasl2, 4, eax, 2

	.globl	vx_string_end
vx_string_end:

/* [op][rep][size]: op movs cmps stos lods scas; rep none, rep(e), repne */
	.section .data.rel.ro, "aw"
	.balign	8
	.globl	vx_string_table
vx_string_table:
	.quad	movsb0, movsw0, movsl0, movsb1, movsw1, movsl1, movsb1, movsw1, movsl1
	.quad	cmpsb0, cmpsw0, cmpsl0, cmpsb1, cmpsw1, cmpsl1, cmpsb2, cmpsw2, cmpsl2
	.quad	stosb0, stosw0, stosl0, stosb1, stosw1, stosl1, stosb1, stosw1, stosl1
	.quad	lodsb0, lodsw0, lodsl0, lodsb1, lodsw1, lodsl1, lodsb1, lodsw1, lodsl1
	.quad	scasb0, scasw0, scasl0, scasb1, scasw1, scasl1, scasb2, scasw2, scasl2

	.section .note.GNU-stack,"",@progbits
