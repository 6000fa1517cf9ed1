/*
 * x86-64/isa.h - the ISA test run-time for a native x86-64 build of the
 * generated programs whose instructions mean the same in 64-bit mode
 * (x87, MMX, SSE.., and a few integer forms).  The native CPU is the
 * judge where qemu-i386 is wrong (test/isa/qemu-wrong.txt): the suite
 * compares vxrun's lines with these.  Same tables, same output format
 * as ../isa.h; only the run-time differs (64-bit stack and system
 * calls).  Everything lies below 2 GiB (-no-pie), so the generated
 * code's absolute 32-bit addresses work unchanged.
 */

#define K_MEM	0x01
#define K_X87	0x02
#define K_SSE	0x04
#define K_MMX	0x08
#define K_BIG	0x10

#define ST_SIZE		(10 * 4 + 128)
#define ST_EFLAGS	32
#define ST_MASK		36
#define ST_MEM		40
#define FST_SIZE	44
#define VST_SIZE	(16 + 8 * 16)

	.macro FORM name, kind, tab, ftab, vtab, n
	call	flush
	movl	$\name, cur_name
	movl	$\kind, cur_kind
	movl	$\tab, cur_tab
	movl	$\ftab, cur_ftab
	movl	$\vtab, cur_vtab
	movl	$\n, cur_n
	movl	$0, cur_i
	.endm

	.macro NEXTCASE lbl
	movl	cur_i, %eax
	incl	%eax
	movl	%eax, cur_i
	cmpl	cur_n, %eax
	jb	\lbl
	.endm

	.macro LOAD
	call	load_state
	.endm

	.macro DUMP
	movl	%esp, saved_esp
	movq	real_rsp, %rsp
	call	dump
	.endm

	.bss
	.balign	64
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
saved_esp: .long 0
	.balign	8
real_rsp: .quad	0
ret_save: .quad	0
regs:	.skip	64
	.balign	16
	.skip	65536
real_stack_top:

	.text
	.globl	_start
_start:
	movq	$real_stack_top, %rsp
	movq	%rsp, real_rsp
	call	tests
	call	flush
	movl	$60, %eax
	xorl	%edi, %edi
	syscall

flush:
	movl	$1, %eax
	movl	$1, %edi
	movq	$outbuf, %rsi
	movl	outpos, %edx
	syscall
	movl	$0, outpos
	ret

putc:
	pushq	%rdi
	movl	outpos, %edi
	movb	%al, outbuf(%rdi)
	incl	%edi
	movl	%edi, outpos
	popq	%rdi
	ret

puthex:
	movb	$' ', %al
	call	putc
	movl	%ebx, %edx
	movl	$8, %eax
	subl	%ecx, %eax
	shll	$2, %eax
	xchgl	%eax, %ecx
	shll	%cl, %edx
	movl	%eax, %ecx
1:	roll	$4, %edx
	movl	%edx, %eax
	andl	$15, %eax
	movb	hexdigits(%rax), %al
	call	putc
	decl	%ecx
	jnz	1b
	ret

putbytes:
	pushq	%rcx
	movb	$' ', %al
	call	putc
	popq	%rcx
	addl	%ecx, %esi
1:	decl	%esi
	movzbl	(%rsi), %eax
	movl	%eax, %edx
	shrl	$4, %eax
	movb	hexdigits(%rax), %al
	call	putc
	movl	%edx, %eax
	andl	$15, %eax
	movb	hexdigits(%rax), %al
	call	putc
	decl	%ecx
	jnz	1b
	ret

puts:
1:	movb	(%rsi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	ret

load_state:
	popq	ret_save
	movq	%rsp, real_rsp
	movl	cur_i, %eax
	imull	$ST_SIZE, %eax, %eax
	addl	cur_tab, %eax
	movl	%eax, cur_st
	leal	ST_MEM(%rax), %esi
	movl	$mem, %edi
	movl	$32, %ecx
1:	movl	(%rsi), %edx
	movl	%edx, (%rdi)
	addl	$4, %esi
	addl	$4, %edi
	decl	%ecx
	jnz	1b
	testl	$K_BIG, cur_kind
	jz	3f
	movl	$bigmem_lo, %edi
	movl	$8192, %ecx
2:	movl	$0, (%rdi)
	movl	$0, 32768+128(%rdi)
	addl	$4, %edi
	decl	%ecx
	jnz	2b
3:	testl	$K_X87, cur_kind
	jz	4f
	movl	cur_i, %eax
	imull	$FST_SIZE, %eax, %eax
	addl	cur_ftab, %eax
	fninit
	fldcw	(%rax)
	fldt	4(%rax)
	fldt	14(%rax)
	fldt	24(%rax)
	fldt	34(%rax)
4:	testl	$(K_SSE | K_MMX), cur_kind
	jz	5f
	movl	cur_i, %eax
	imull	$VST_SIZE, %eax, %eax
	addl	cur_vtab, %eax
	ldmxcsr	(%rax)
	movdqu	16(%rax), %xmm0
	movdqu	32(%rax), %xmm1
	movdqu	48(%rax), %xmm2
	movdqu	64(%rax), %xmm3
	movdqu	80(%rax), %xmm4
	movdqu	96(%rax), %xmm5
	movdqu	112(%rax), %xmm6
	movdqu	128(%rax), %xmm7
	testl	$K_MMX, cur_kind
	jz	5f
	movq	24(%rax), %mm0
	movq	40(%rax), %mm1
	movq	56(%rax), %mm2
	movq	72(%rax), %mm3
	movq	88(%rax), %mm4
	movq	104(%rax), %mm5
	movq	120(%rax), %mm6
	movq	136(%rax), %mm7
5:	movl	cur_st, %eax
	movl	ST_EFLAGS(%rax), %edx
	pushq	%rdx
	popfq
	movl	4(%rax), %ecx
	movl	8(%rax), %edx
	movl	12(%rax), %ebx
	movl	16(%rax), %esp
	movl	20(%rax), %ebp
	movl	24(%rax), %esi
	movl	28(%rax), %edi
	movl	0(%rax), %eax
	jmp	*ret_save

	/* regs: 0 edi 4 esi 8 ebp 12 esp 16 ebx 20 edx 24 ecx 28 eax 32 eflags */
dump:
	pushfq
	popq	regs+32
	movl	%eax, regs+28
	movl	%ecx, regs+24
	movl	%edx, regs+20
	movl	%ebx, regs+16
	movl	saved_esp, %eax
	movl	%eax, regs+12
	movl	%ebp, regs+8
	movl	%esi, regs+4
	movl	%edi, regs+0
	cld
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
1:	movl	regs(%rdi), %ebx
	movl	$8, %ecx
	call	puthex
	subl	$4, %edi
	jns	1b
	movl	cur_st, %eax
	movl	regs+32, %ebx
	andl	ST_MASK(%rax), %ebx
	movl	$4, %ecx
	call	puthex
	testl	$K_MEM, cur_kind
	jz	2f
	movb	$' ', %al
	call	putc
	movb	$'m', %al
	call	putc
	movl	$0, %edi
1:	movl	mem(%rdi), %ebx
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
1:	ret

bigsum:
	xorl	%ebx, %ebx
	movl	$bigmem_lo, %esi
	movl	$8192, %ecx
1:	roll	$5, %ebx
	xorl	(%rsi), %ebx
	roll	$5, %ebx
	xorl	32768+128(%rsi), %ebx
	addl	$4, %esi
	decl	%ecx
	jnz	1b
	ret

dump_x87:
	movb	$' ', %al
	call	putc
	movb	$'f', %al
	call	putc
	movzwl	fsbuf, %ebx
	movl	$4, %ecx
	call	puthex
	movzwl	fsbuf+4, %ebx
	movl	cur_st, %eax
	movl	ST_MASK(%rax), %eax
	shrl	$16, %eax
	andl	%eax, %ebx
	movl	$4, %ecx
	call	puthex
	movl	$0, %edi
1:	movzwl	fsbuf+4, %ecx
	shrl	$11, %ecx
	addl	%edi, %ecx
	andl	$7, %ecx
	addl	%ecx, %ecx
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
