/*
 * common.h - helpers shared by the escape/pitfall guests.
 *
 * Every guest is assembled twice: as a vxrun guest (the default; system
 * calls through int $0x30, see doc/abi.md) and, with -DLINUX, as an i386
 * Linux program (int $0x80) so that qemu-i386 can serve as a reference for
 * the guests whose header says "# expect: qemu".  Only the system call
 * mechanism differs between the two builds.
 *
 * The helpers use only plain 32-bit instructions (call/ret, push/pop, mov)
 * so that a bug in one of the instructions under test shows up in that
 * test rather than in every test.
 */

#ifdef LINUX
#define SYSCALL		int $0x80
#define SYS_READ	3
#define SYS_WRITE	4
#else
#define SYSCALL		int $0x30
#define SYS_READ	2
#define SYS_WRITE	3
#endif
#define SYS_EXIT	1

/* Arithmetic flags plus DF: the eflags bits vx32 promises to keep. */
#define FLAGS_ARITH	0xcd5

	.macro EXIT code
	movl	\code, %ebx
	movl	$SYS_EXIT, %eax
	SYSCALL
	.endm

	/* Print a string literal. */
	.macro PRINT str
	.pushsection .rodata.str, "a"
9997:	.ascii	"\str"
9998:
	.popsection
	pushl	%ecx
	pushl	%edx
	movl	$9997b, %ecx
	movl	$(9998b - 9997b), %edx
	call	write_out
	popl	%edx
	popl	%ecx
	.endm

	/* Fail with status \code unless the last comparison set ZF. */
	.macro CHECK_EQ code
	je	9999f
	EXIT	\code
9999:
	.endm

	.data
	.globl	flagmask
	/* dumpregs prints eflags & flagmask; tests clear undefined flags. */
flagmask:
	.long	FLAGS_ARITH
	.bss
dumpbuf:
	.skip	128

	.text
	/* write(1, ecx, edx); preserves every register but eax. */
write_out:
	pushl	%ebx
	movl	$1, %ebx
	movl	$SYS_WRITE, %eax
	SYSCALL
	popl	%ebx
	ret

	/* Append eax as 8 hex digits and a space at edi; clobbers ecx, edx. */
hex32:
	movl	$8, %ecx
1:	roll	$4, %eax
	movl	%eax, %edx
	andl	$15, %edx
	movb	hexdigits(%edx), %dl
	movb	%dl, (%edi)
	incl	%edi
	decl	%ecx
	jnz	1b
	movb	$' ', (%edi)
	incl	%edi
	ret

	/*
	 * Print eax ecx edx ebx ebp esi edi and eflags & flagmask on one
	 * line, preserving every register and the flags.  esp is left out:
	 * the stack lies at different addresses under vxrun and qemu-i386.
	 */
	.globl	dumpregs
dumpregs:
	pushf
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	pushl	%ebx
	pushl	%ebp
	pushl	%esi
	pushl	%edi
	/* 0 edi 4 esi 8 ebp 12 ebx 16 edx 20 ecx 24 eax 28 eflags 32 ret */
	movl	%esp, %ebp
	movl	$dumpbuf, %edi
	movl	24(%ebp), %eax
	call	hex32
	movl	20(%ebp), %eax
	call	hex32
	movl	16(%ebp), %eax
	call	hex32
	movl	12(%ebp), %eax
	call	hex32
	movl	8(%ebp), %eax
	call	hex32
	movl	4(%ebp), %eax
	call	hex32
	movl	0(%ebp), %eax
	call	hex32
	movl	28(%ebp), %eax
	andl	flagmask, %eax
	call	hex32
	movb	$'\n', -1(%edi)
	movl	$dumpbuf, %ecx
	movl	%edi, %edx
	subl	%ecx, %edx
	call	write_out
	popl	%edi
	popl	%esi
	popl	%ebp
	popl	%ebx
	popl	%edx
	popl	%ecx
	popl	%eax
	popf
	ret

	.section .rodata
hexdigits:
	.ascii	"0123456789abcdef"
	.text

	/*
	 * After a segment register load that the sandbox chose to emulate
	 * rather than trap: check that plain, string and stack accesses
	 * still reach guest memory (exit \code, \code+1 or \code+2 if not).
	 */
	.macro	MEMCHECK code
	movl	$0x5a5a1234, memvar		/* absolute disp32 store */
	movl	$memvar, %ebx
	cmpl	$0x5a5a1234, (%ebx)		/* register-based load */
	CHECK_EQ \code
	movl	$membuf, %edi
	movl	$16, %ecx
	movb	$0x77, %al
	cld
	rep stosb
	cmpl	$0x77777777, membuf+12
	CHECK_EQ (\code+1)
	pushl	$0x13572468
	popl	%eax
	cmpl	$0x13572468, %eax
	CHECK_EQ (\code+2)
	.endm

	.bss
memvar:	.long	0
membuf:	.skip	16
	.data
	/* Selectors a guest might try: null, RPL 3 null, Linux's user code
	   (0x23, 0x73), data (0x2b, 0x7b), 64-bit code (0x33), LDT, junk. */
selectors:
	.long	0, 3, 0x23, 0x2b, 0x33, 0x73, 0x7b, 0x0f, 0x07, 0xfff3, 0xffff
	.equ	nselectors, (. - selectors) / 4
	.text
