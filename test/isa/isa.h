/*
 * isa.h - run-time of the generated ISA test programs (test/isa/gen.c).
 *
 * Like test/escape/common.h, every program is assembled twice from one
 * source: as a vxrun guest (system calls through int $0x30, doc/abi.md)
 * and, with -DLINUX, as an i386 Linux program for qemu-i386 (int $0x80).
 * Only the system call mechanism differs, and the two encodings have the
 * same length, so every label (and therefore every address printed) is
 * the same in both builds.
 *
 * A test case is: load_state (all GPRs, esp, eflags, 128 bytes of memory
 * and, by kind, x87/MMX/SSE registers, from a table the generator wrote),
 * the instruction(s) under test, then dump, which prints one line with
 * the form name, the case number, the registers, eflags & the case's
 * mask of defined flags and, by kind, memory and FPU/vector state.
 *
 * The run-time uses only plain 32-bit integer instructions (mov, add,
 * shifts, cmp/jcc, call/ret, push/pop), so that a bug in an instruction
 * under test shows up in that test's lines rather than everywhere.
 */

#ifdef LINUX
#define SYSCALL		int $0x80
#define SYS_WRITE	4
#else
#define SYSCALL		int $0x30
#define SYS_WRITE	3
#endif
#define SYS_EXIT	1

/* Form kinds: what load_state loads and dump prints besides GPRs. */
#define K_MEM	0x01	/* print the 128-byte memory area */
#define K_X87	0x02	/* load st0-st3 and the control word; print fsave */
#define K_SSE	0x04	/* load xmm0-7 and mxcsr; print xmm0-3 and mxcsr */
#define K_MMX	0x08	/* load mm0-7; print mm0-3 (then emms) */
#define K_BIG	0x10	/* print a checksum of the 64 KiB around memory */

/* One GPR state: eax ecx edx ebx esp ebp esi edi eflags mask mem[32];
   mask: bits 0-15 the defined EFLAGS bits, 16-31 those of the x87 FSW. */
#define ST_SIZE		(10 * 4 + 128)
#define ST_EFLAGS	32
#define ST_MASK		36
#define ST_MEM		40
/* One x87 state: fcw (4 bytes), then st3 st2 st1 st0 (10 bytes each). */
#define FST_SIZE	44
/* One vector state: mxcsr (16 bytes with padding), xmm0-7. */
#define VST_SIZE	(16 + 8 * 16)

	.macro EXIT code
	movl	\code, %ebx
	movl	$SYS_EXIT, %eax
	SYSCALL
	.endm

	/*
	 * FORM name, kind, gpr-table, x87-table, vec-table, ncases: set the
	 * current form's parameters (plain moves: no flag is touched).
	 */
	.macro FORM name, kind, tab, ftab, vtab, n
	call	flush		/* a crash loses no earlier form's lines */
	movl	$\name, cur_name
	movl	$\kind, cur_kind
	movl	$\tab, cur_tab
	movl	$\ftab, cur_ftab
	movl	$\vtab, cur_vtab
	movl	$\n, cur_n
	movl	$0, cur_i
	.endm

	/* NEXTCASE label: loop back to label for the remaining cases. */
	.macro NEXTCASE lbl
	movl	cur_i, %eax
	incl	%eax
	movl	%eax, cur_i
	cmpl	cur_n, %eax
	jb	\lbl
	.endm

	/* LOAD: enter a case.  DUMP: record it (flags untouched until then). */
	.macro LOAD
	call	load_state
	.endm

	.macro DUMP
	movl	%esp, saved_esp
	movl	real_esp, %esp
	call	dump
	.endm

	.bss
	.balign	64
	/* 32 KiB of zeroes each side of the memory area: room for large
	   bit offsets, whose effect dump sees through a checksum (K_BIG). */
bigmem_lo:
	.skip	32768
	.globl	mem
mem:	.skip	128
bigmem_hi:
	.skip	32768
	.balign	16
fsbuf:	.skip	512
fxbuf:	.skip	512
outbuf:	.skip	65536
outpos:	.long	0
cur_name: .long	0
cur_kind: .long	0
cur_tab: .long	0
cur_ftab: .long	0
cur_vtab: .long	0
cur_n:	.long	0
cur_i:	.long	0
cur_st:	.long	0
real_esp: .long	0
saved_esp: .long 0
ret_save: .long	0
	.balign	16
	.skip	65536
real_stack_top:

	.text
	.globl	_start
_start:
	movl	$real_stack_top, %esp
	movl	%esp, real_esp
	call	tests
	call	flush
	EXIT	$0

	/* write(1, outbuf, outpos); outpos = 0.  Clobbers eax ebx ecx edx. */
flush:
	movl	$1, %ebx
	movl	$outbuf, %ecx
	movl	outpos, %edx
	movl	$SYS_WRITE, %eax
	SYSCALL
	movl	$0, outpos
	ret

	/* Append byte %al to the output.  Clobbers nothing else. */
putc:
	pushl	%edi
	movl	outpos, %edi
	movb	%al, outbuf(%edi)
	incl	%edi
	movl	%edi, outpos
	popl	%edi
	ret

	/* Append a space and %ebx as %ecx hex digits (ecx <= 8); clobbers
	   eax, ecx, edx. */
puthex:
	movb	$' ', %al
	call	putc
	movl	%ebx, %edx
	/* bring the top digit wanted to bits 28-31 */
	movl	$8, %eax
	subl	%ecx, %eax
	shll	$2, %eax
	xchgl	%eax, %ecx
	shll	%cl, %edx
	movl	%eax, %ecx
1:	roll	$4, %edx
	movl	%edx, %eax
	andl	$15, %eax
	movb	hexdigits(%eax), %al
	call	putc
	decl	%ecx
	jnz	1b
	ret

	/* Append ' ' and the %ecx bytes at %esi as hex, highest address
	   first (little-endian numbers read naturally); clobbers eax ebx
	   ecx edx esi. */
putbytes:
	pushl	%ecx
	movb	$' ', %al
	call	putc
	popl	%ecx
	addl	%ecx, %esi
1:	decl	%esi
	movzbl	(%esi), %eax
	movl	%eax, %edx
	shrl	$4, %eax
	movb	hexdigits(%eax), %al
	call	putc
	movl	%edx, %eax
	andl	$15, %eax
	movb	hexdigits(%eax), %al
	call	putc
	decl	%ecx
	jnz	1b
	ret

	/* Append the NUL-terminated string at %esi. */
puts:
1:	movb	(%esi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	ret

	/*
	 * load_state: called on the real stack; loads the case cur_i of the
	 * current form and returns with esp = the case's esp (a jump through
	 * ret_save, which leaves flags alone).
	 */
load_state:
	popl	ret_save
	movl	%esp, real_esp
	movl	cur_i, %eax
	imull	$ST_SIZE, %eax, %eax
	addl	cur_tab, %eax
	movl	%eax, cur_st
	/* memory area */
	leal	ST_MEM(%eax), %esi
	movl	$mem, %edi
	movl	$32, %ecx
1:	movl	(%esi), %edx
	movl	%edx, (%edi)
	addl	$4, %esi
	addl	$4, %edi
	decl	%ecx
	jnz	1b
	testl	$K_BIG, cur_kind
	jz	3f
	/* clear what large bit offsets may have set last time */
	movl	$bigmem_lo, %edi
	movl	$8192, %ecx
2:	movl	$0, (%edi)
	movl	$0, 32768+128(%edi)
	addl	$4, %edi
	decl	%ecx
	jnz	2b
3:	testl	$K_X87, cur_kind
	jz	4f
	movl	cur_i, %eax
	imull	$FST_SIZE, %eax, %eax
	addl	cur_ftab, %eax
	fninit
	fldcw	(%eax)
	fldt	4(%eax)
	fldt	14(%eax)
	fldt	24(%eax)
	fldt	34(%eax)
4:	testl	$(K_SSE | K_MMX), cur_kind
	jz	5f
	movl	cur_i, %eax
	imull	$VST_SIZE, %eax, %eax
	addl	cur_vtab, %eax
	ldmxcsr	(%eax)
	movdqu	16(%eax), %xmm0
	movdqu	32(%eax), %xmm1
	movdqu	48(%eax), %xmm2
	movdqu	64(%eax), %xmm3
	movdqu	80(%eax), %xmm4
	movdqu	96(%eax), %xmm5
	movdqu	112(%eax), %xmm6
	movdqu	128(%eax), %xmm7
	testl	$K_MMX, cur_kind
	jz	5f
	movq	24(%eax), %mm0
	movq	40(%eax), %mm1
	movq	56(%eax), %mm2
	movq	72(%eax), %mm3
	movq	88(%eax), %mm4
	movq	104(%eax), %mm5
	movq	120(%eax), %mm6
	movq	136(%eax), %mm7
5:	movl	cur_st, %eax
	pushl	ST_EFLAGS(%eax)
	popf
	movl	4(%eax), %ecx
	movl	8(%eax), %edx
	movl	12(%eax), %ebx
	movl	16(%eax), %esp
	movl	20(%eax), %ebp
	movl	24(%eax), %esi
	movl	28(%eax), %edi
	movl	0(%eax), %eax
	jmp	*ret_save

	/*
	 * dump: called on the real stack after DUMP saved the case's esp;
	 * prints the case's line.  Restores nothing: the next case loads
	 * its whole state.
	 */
dump:
	pushf
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	pushl	%ebx
	pushl	saved_esp
	pushl	%ebp
	pushl	%esi
	pushl	%edi
	/* 0 edi 4 esi 8 ebp 12 esp 16 ebx 20 edx 24 ecx 28 eax 32 eflags */
	cld
	movl	%esp, %ebp
	testl	$K_X87, cur_kind
	jz	1f
	fnsave	fsbuf
1:	testl	$(K_SSE | K_MMX), cur_kind
	jz	1f
	fxsave	fxbuf
1:	testl	$K_MMX, cur_kind
	jz	1f
	emms
1:	movl	cur_name, %esi
	call	puts
	movl	cur_i, %ebx
	movl	$2, %ecx
	call	puthex
	movl	$28, %edi
1:	movl	(%ebp, %edi), %ebx
	movl	$8, %ecx
	call	puthex
	subl	$4, %edi
	jns	1b
	movl	cur_st, %eax
	movl	32(%ebp), %ebx
	andl	ST_MASK(%eax), %ebx
	movl	$4, %ecx
	call	puthex
	testl	$K_MEM, cur_kind
	jz	2f
	movb	$' ', %al
	call	putc
	movb	$'m', %al
	call	putc
	movl	$0, %edi
1:	movl	mem(%edi), %ebx
	movl	$8, %ecx
	call	puthex
	addl	$4, %edi
	cmpl	$128, %edi
	jb	1b
2:	testl	$K_BIG, cur_kind
	jz	2f
	call	bigsum
	movb	$' ', %al
	call	putc
	movb	$'b', %al
	call	putc
	movl	$8, %ecx
	call	puthex
2:	testl	$K_X87, cur_kind
	jz	2f
	call	dump_x87
2:	testl	$K_SSE, cur_kind
	jz	2f
	call	dump_sse
2:	testl	$K_MMX, cur_kind
	jz	2f
	call	dump_mmx
2:	movb	$'\n', %al
	call	putc
	cmpl	$60000, outpos
	jb	1f
	call	flush
1:	addl	$36, %esp
	ret

	/* %ebx = a checksum of bigmem_lo and bigmem_hi. */
bigsum:
	xorl	%ebx, %ebx
	movl	$bigmem_lo, %esi
	movl	$8192, %ecx
1:	roll	$5, %ebx
	xorl	(%esi), %ebx
	roll	$5, %ebx
	xorl	32768+128(%esi), %ebx
	addl	$4, %esi
	decl	%ecx
	jnz	1b
	ret

	/*
	 * x87: control word, status word, then ST(0)..ST(7) as 80-bit hex,
	 * or 'e' for an empty register (whose contents are stale data).
	 */
dump_x87:
	movb	$' ', %al
	call	putc
	movb	$'f', %al
	call	putc
	movzwl	fsbuf, %ebx
	movl	$4, %ecx
	call	puthex
	movzwl	fsbuf+4, %ebx		/* status word & the defined bits */
	movl	cur_st, %eax
	movl	ST_MASK(%eax), %eax
	shrl	$16, %eax
	andl	%eax, %ebx
	movl	$4, %ecx
	call	puthex
	movl	$0, %edi		/* i: ST(i) */
1:	movzwl	fsbuf+4, %ecx		/* TOP = bits 11-13 */
	shrl	$11, %ecx
	addl	%edi, %ecx
	andl	$7, %ecx
	addl	%ecx, %ecx		/* 2 * physical register */
	movzwl	fsbuf+8, %eax
	shrl	%cl, %eax
	andl	$3, %eax
	cmpl	$3, %eax
	jne	2f
	movb	$' ', %al
	call	putc
	movb	$'e', %al
	call	putc
	jmp	3f
2:	movl	%edi, %esi
	imull	$10, %esi, %esi
	addl	$fsbuf+28, %esi
	movl	$10, %ecx
	call	putbytes
3:	incl	%edi
	cmpl	$8, %edi
	jb	1b
	ret

	/* SSE: mxcsr, xmm0-3 (fxsave image). */
dump_sse:
	movb	$' ', %al
	call	putc
	movb	$'x', %al
	call	putc
	movl	fxbuf+24, %ebx
	movl	$8, %ecx
	call	puthex
	movl	$0, %edi
1:	movl	%edi, %esi
	shll	$4, %esi
	addl	$fxbuf+160, %esi
	movl	$16, %ecx
	call	putbytes
	incl	%edi
	cmpl	$4, %edi
	jb	1b
	ret

	/* MMX: mm0-3 (fxsave image; the low 8 bytes of st slots). */
dump_mmx:
	movb	$' ', %al
	call	putc
	movb	$'q', %al
	call	putc
	movl	$0, %edi
1:	movl	%edi, %esi
	shll	$4, %esi
	addl	$fxbuf+32, %esi
	movl	$8, %ecx
	call	putbytes
	incl	%edi
	cmpl	$4, %edi
	jb	1b
	ret

	.section .rodata
hexdigits:
	.ascii	"0123456789abcdef"
	.text
