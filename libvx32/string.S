/*
 * string.S - emulation of the i386 string instructions with a rep prefix
 * (one element without it is translated inline: xlflat.c).
 *
 * In 64-bit mode movs/stos/cmps/scas write or read through ES, whose base
 * is 0 and cannot be overridden, so copying them would let a guest reach
 * host memory at address %edi.  The translator instead calls one of these
 * routines (for rep movs/stos only when its inline check of the range,
 * the same as FAST_OR's, fails: xlflat.c, xl_rep_fast) on the state
 * block's private stack (%rsp), with the guest
 * registers live, %r11 = guest esp, %r14 = guest base (4 GiB-aligned) and
 * %r15 = state block.  They may clobber %r8-%r10 only.
 *
 * movs, stos and lods change no flags, and neither do their routines
 * (no instruction in them writes the flags: jecxz/jrcxz for every test),
 * so at a fault in one the host's flags are the guest's; DF's step is
 * read from ST_DSTEP, which translated code keeps.  cmps and scas set
 * the flags: their routines first save the guest's with pushfq, where
 * the fault handler finds them (ST_STACK_TOP-16, below the return
 * address at ST_STACK_TOP-8, from which it takes the caller's EIP).
 * The handler tells the two kinds apart by vx_string_pushf.  (A pushfq
 * cost 3 ns of a 24-byte memcpy's 19 ns under vxlinux: SQLite copies
 * many small records.)
 *
 * The general path works element by element through %gs with 32-bit
 * addresses, so pointers wrap at 4 GiB exactly as on i386 and every
 * state at a fault is an architectural one.  rep movs/stos whose whole
 * range lies in [0, 4 GiB), in either direction, use the host's own rep
 * instruction on host addresses (guest base + offset); since the base
 * is 4 GiB-aligned, the low 32 bits of %rsi/%rdi stay the guest's
 * values at any fault.
 */
#include "state.h"

	.text
	.globl	vx_string_begin
vx_string_begin:

/* r10 = DF's step, +1 or -1, without touching the flags. */
.macro STEP
	movsbq	ST_DSTEP(%r15), %r10
.endm

/*
 * Go on with rcx = the count (ecx zero-extended) if every \size-byte
 * element the rep instruction will touch at \reg1 (and \reg2) lies in
 * [0, 4 GiB), going up or, with DF set, down; else jump to \slow, with
 * rcx likewise.  Flags untouched: lea, mov and not only, and jrcxz on
 * a value moved into rcx, the count kept in r10 meanwhile.  r8, r9, r10
 * clobbered.
 *
 * Up: the last byte, \reg + count * \size - 1, must be below 4 GiB.
 * Down: the lowest, \reg - (count - 1) * \size (r9 = ~(count * \size) =
 * -count * \size - 1); its highest byte needs no check: at most
 * \size - 1 past 4 GiB, it faults in the guard tail exactly as the
 * element-by-element path would (flat.c).  Each address a (r8, r9) is
 * tested as a - (a mod 2^32) = a + ~(a mod 2^32) + 1, zero iff a is
 * below 4 GiB; the high halves are at most 4 going up and near 2^32
 * going down, so the sum of two is zero only if both are.  (Reading
 * the high half back from the red zone stalled on store-to-load
 * forwarding: a fifth of a short rep movsl.)  A count of 0 takes the
 * slow path or does nothing on the fast one.
 */
.macro FAST_OR slow, size, reg1, reg2
	mov	%ecx, %r10d
	movzbl	ST_DSTEP(%r15), %ecx	/* 1 up, 255 down */
	lea	-1(%rcx), %ecx
	jrcxz	5f
	lea	(,%r10,\size), %r9
	not	%r9
	lea	\size+1(%\reg1,%r9), %r8
.ifnb \reg2
	lea	\size+1(%\reg2,%r9), %r9
.endif
	jmp	6f
5:	lea	-1(%\reg1,%r10,\size), %r8
.ifnb \reg2
	lea	-1(%\reg2,%r10,\size), %r9
.endif
6:	mov	%r8d, %ecx
	not	%rcx
	lea	1(%r8,%rcx), %rcx
.ifnb \reg2
	mov	%r9d, %r8d
	not	%r8
	lea	1(%r9,%r8), %r8
	lea	(%rcx,%r8), %rcx
.endif
	jrcxz	7f
	mov	%r10, %rcx
	jmp	\slow
7:	mov	%r10, %rcx
.endm

/*
 * The rep forms only: one element without rep is translated inline
 * (xlflat.c: xl_string_once).
 *
 * rep movs: [edi] <- [esi], with the host's rep instruction in the
 * guest's direction (DF is the host's while guest code runs) where
 * FAST_OR allows.
 */
.macro MOVS name, size, r8x, sfx
\name:
	FAST_OR 2f, \size, rsi, rdi
	lea	(%rsi,%r14), %rsi
	lea	(%rdi,%r14), %rdi
	rep movs\sfx
	mov	%esi, %esi
	mov	%edi, %edi
	ret
2:	STEP
	jecxz	9f
3:	mov	%gs:(%esi), %\r8x
	mov	%\r8x, %gs:(%edi)
	lea	(%rsi,%r10,\size), %esi
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	ret
.endm

/* rep stos: [edi] <- al/ax/eax */
.macro STOS name, size, acc, sfx
\name:
	FAST_OR 2f, \size, rdi
	lea	(%rdi,%r14), %rdi
	rep stos\sfx
	mov	%edi, %edi
	ret
2:	STEP
	jecxz	9f
3:	mov	%\acc, %gs:(%edi)
	lea	(%rdi,%r10,\size), %edi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	ret
.endm

/* rep lods: al/ax/eax <- [esi] */
.macro LODS name, size, acc
\name:
	STEP
	jecxz	9f
3:	mov	%gs:(%esi), %\acc
	lea	(%rsi,%r10,\size), %esi
	lea	-1(%rcx), %ecx
	jecxz	9f
	jmp	3b
9:	ret
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

/* From here on the routines save the guest's flags (signal.c). */
	.globl	vx_string_pushf
vx_string_pushf:
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
