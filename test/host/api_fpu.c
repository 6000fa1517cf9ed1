/*
 * api_fpu.c - the guest's x87/SSE state is its own.  The library loads it
 * into the registers only once the guest has code that uses it (trampoline:
 * ST_FP_LIVE), so these check the switch-over: a guest's first SSE
 * instruction sees its own initial state, never the host's registers or
 * rounding mode; afterwards guest registers survive host code that
 * clobbers the same registers between runs, and the host gets its own
 * MXCSR and x87 control word back after every run.
 */
#include <xmmintrin.h>
#include "check.h"

static uint32_t rd32_fx(const uint8_t *fx, int off)
{
	uint32_t v;

	memcpy(&v, fx + off, 4);
	return v;
}

static void host_clobber(uint64_t pattern)
{
	__asm__ volatile("movq %0, %%xmm0\n\tmovq %0, %%xmm1\n\t"
			 "movq %0, %%xmm7\n\t" : : "r"(pattern)
			 : "xmm0", "xmm1", "xmm7");
}

static void test_switch(void)
{
	static const uint8_t code[] = {
		/* 0: integer only */
		0xb8, 0x01, 0x00, 0x00, 0x00,		/* mov $1, %eax */
		STOP,					/* 5 */
		/* 7: first use of SSE/x87 */
		0x66, 0x0f, 0x7e, 0xc0,			/* movd %xmm0, %eax */
		0x66, 0x0f, 0x7e, 0xfb,			/* movd %xmm7, %ebx */
		0x0f, 0xae, 0x1d, 0x00, 0x00, 0x03, 0x00, /* stmxcsr DATA */
		0xd9, 0x3d, 0x04, 0x00, 0x03, 0x00,	/* fnstcw DATA+4 */
		STOP,					/* 28 */
		/* 30: leave a value in xmm1 and on the x87 stack */
		0xb9, 0x78, 0x56, 0x34, 0x12,		/* mov $0x12345678, %ecx */
		0x66, 0x0f, 0x6e, 0xc9,			/* movd %ecx, %xmm1 */
		0xd9, 0xe8,				/* fld1 */
		STOP,					/* 41 */
		/* 43: read them back */
		0x66, 0x0f, 0x7e, 0xca,			/* movd %xmm1, %edx */
		0xd9, 0x1d, 0x08, 0x00, 0x03, 0x00,	/* fstps DATA+8 */
		STOP,					/* 53 */
	};
	vxproc *p = guest("fpu-switch", code, sizeof code);
	unsigned host_csr;
	int t;

	t = vxproc_run(p);
	check("fpu-integer-first", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 1, "trap %#x eax %u", t, p->cpu->reg[EAX]);

	/* The host changes its rounding mode and fills xmm registers. */
	host_csr = _mm_getcsr();
	_mm_setcsr((host_csr & ~0x6000u) | 0x6000u);	/* round to zero */
	host_clobber(0x5ec2e75ec2e75ec2ull);
	t = vxproc_run(p);
	check("fpu-first-use-clean", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 0 && p->cpu->reg[EBX] == 0 &&
	      rd32(p, DATA_ADDR) == 0x1f80 &&
	      (rd32(p, DATA_ADDR + 4) & 0xffff) == 0x037f,
	      "trap %#x: guest saw xmm0 %#x xmm7 %#x mxcsr %#x fcw %#x "
	      "(want 0 0 0x1f80 0x37f)", t, p->cpu->reg[EAX],
	      p->cpu->reg[EBX], rd32(p, DATA_ADDR),
	      rd32(p, DATA_ADDR + 4) & 0xffff);
	check("fpu-host-mxcsr-back", (_mm_getcsr() & 0xffbf) ==
	      (((host_csr & ~0x6000u) | 0x6000u) & 0xffbf),
	      "host MXCSR %#x after the run", _mm_getcsr());

	t = vxproc_run(p);
	host_clobber(0x1111111111111111ull);
	double x = 1.0;
	__asm__ volatile("fldl %0\n\tfstpl %0" : "+m"(x));	/* host x87 */
	t = vxproc_run(p);
	uint32_t one = 0x3f800000;			/* 1.0f */
	check("fpu-state-kept", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EDX] == 0x12345678 && rd32(p, DATA_ADDR + 8) == one,
	      "trap %#x: xmm1 %#x (want 0x12345678), x87 top %#x (want %#x)",
	      t, p->cpu->reg[EDX], rd32(p, DATA_ADDR + 8), one);
	_mm_setcsr(host_csr);
	vxproc_free(p);
}

/* A guest that leaves values on the x87 stack and an unmasked pending
   exception must not disturb host x87 code after the run. */
/*
 * Inside one vxproc_run, leaving translated code keeps the guest's x87
 * registers loaded (trampoline.S: ST_FP_SOFT): they, the XMM registers,
 * MXCSR and the x87 control word must come through 40 exits (chained
 * jumps to blocks not yet translated) unchanged, and the host must get
 * an empty x87 stack with its own control word and MXCSR when the run
 * ends (1/3 in long double computes as before).
 */
static void test_soft_exits(void)
{
	static uint8_t code[256];
	static const uint16_t fcw_single = 0x007f;	/* masked, 24 bits */
	static const uint32_t mxcsr_rz = 0x7f80;	/* toward zero */
	static const uint32_t pattern[4] = { 0x11223344, 0x55667788,
					     0x99aabbcc, 0xddeeff00 };
	volatile long double one = 1, three = 3;
	long double before = one / three, after;
	int n = 0;

#define B(x)	(code[n++] = (x))
#define A(a)	do { uint32_t a_ = (a); memcpy(code + n, &a_, 4); n += 4; } while (0)
	for (int i = 0; i < 7; i++) {
		B(0xd9); B(0xe8);			/* fld1 */
	}
	B(0xd9); B(0x2d); A(DATA_ADDR);			/* fldcw */
	B(0x0f); B(0x10); B(0x1d); A(DATA_ADDR + 16);	/* movups xmm3 */
	B(0x0f); B(0xae); B(0x15); A(DATA_ADDR + 32);	/* ldmxcsr */
	for (int i = 0; i < 40; i++) {
		B(0xeb); B(0x00);			/* jmp +0 */
	}
	B(0x0f); B(0x11); B(0x1d); A(DATA_ADDR + 64);	/* movups xmm3 */
	B(0x0f); B(0xae); B(0x1d); A(DATA_ADDR + 80);	/* stmxcsr */
	B(0xd9); B(0x3d); A(DATA_ADDR + 84);		/* fnstcw */
	B(0xdd); B(0x1d); A(DATA_ADDR + 88);		/* fstp m64 */
	B(0xcd); B(0x30);
#undef A
#undef B
	vxproc *p = guest("fpu-soft-exits", code, n);
	vxmem_write(p, &fcw_single, DATA_ADDR, 2);
	vxmem_write(p, pattern, DATA_ADDR + 16, 16);
	vxmem_write(p, &mxcsr_rz, DATA_ADDR + 32, 4);
	int t = vxproc_run(p);
	after = one / three;
	uint32_t xmm[4] = { 0 }, mxcsr = 0;
	uint16_t fcw = 0;
	double st0 = 0;
	uint8_t fx[512];
	vxmem_read(p, xmm, DATA_ADDR + 64, 16);
	vxmem_read(p, &mxcsr, DATA_ADDR + 80, 4);
	vxmem_read(p, &fcw, DATA_ADDR + 84, 2);
	vxmem_read(p, &st0, DATA_ADDR + 88, 8);
	vxproc_getfpstate(p, fx);
	/* six of the seven 1.0s left: FSW's TOP is 8 - 6 = 2 */
	int top = (fx[2] | fx[3] << 8) >> 11 & 7;
	check("fpu-soft-exits", t == VXTRAP_SOFT + 0x30 &&
	      !memcmp(xmm, pattern, 16) && mxcsr == mxcsr_rz &&
	      fcw == fcw_single && st0 == 1.0 && top == 2 &&
	      rd32_fx(fx, 24) == mxcsr_rz && (fx[0] | fx[1] << 8) == fcw_single,
	      "trap %#x, xmm3 %s, mxcsr %#x, fcw %#x, st0 %g, image: top %d "
	      "mxcsr %#x fcw %#x", t,
	      memcmp(xmm, pattern, 16) ? "changed" : "kept", mxcsr, fcw, st0,
	      top, rd32_fx(fx, 24), fx[0] | fx[1] << 8);
	check("fpu-soft-exits-host", after == before &&
	      (_mm_getcsr() & 0x6000) == 0, "host 1/3 %La (was %La), MXCSR %#x",
	      after, before, _mm_getcsr());
	vxproc_free(p);
}

static void test_host_x87_after(void)
{
	static const uint8_t code[] = {
		0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8,	/* fld1 x3 */
		0xd9, 0xee,				/* fldz */
		0xde, 0xf9,				/* fdivrp: 1/0, ZE masked */
		STOP,
	};
	vxproc *p = guest("fpu-host-after", code, sizeof code);
	int t = vxproc_run(p);
	volatile double a = 3.0, b = 4.0;
	long double r = (long double)a * b;	/* host x87 work */

	check("fpu-host-after", t == VXTRAP_SOFT + 0x30 && r == 12.0L,
	      "trap %#x, host computed %Lg", t, r);
	vxproc_free(p);
}

static uint16_t host_fcw(void)
{
	uint16_t cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void set_host_fcw(uint16_t cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/* Host x87 work that leaves st0-st2 (mm0-mm2) overwritten. */
static long double host_x87_work(void)
{
	volatile long double a = 7, b = 3, c = 5;

	return a / b + c * a - b;
}

/*
 * A guest whose code touches only XMM state runs with the host's x87
 * registers left in place (translate.c: FP_X87).  So: after runs of
 * such code the host keeps its own x87 control word without any
 * restore; when the guest's code first reads the x87 part (fnstcw, or an
 * MMX instruction), it must find its own state, not the host's; and MMX
 * registers it wrote must survive host x87 work between runs.
 */
static void test_x87_lazy(void)
{
	static const uint8_t code[] = {
		/* 0: XMM only */
		0xb9, 0x44, 0x33, 0x22, 0x11,		/* mov $0x11223344, %ecx */
		0x66, 0x0f, 0x6e, 0xc9,			/* movd %ecx, %xmm1 */
		STOP,					/* 9 */
		/* 11: XMM only: read xmm1 back */
		0x66, 0x0f, 0x7e, 0xca,			/* movd %xmm1, %edx */
		STOP,					/* 15 */
		/* 17: MMX: write mm0 */
		0xb8, 0x78, 0x56, 0x34, 0x12,		/* mov $0x12345678, %eax */
		0x0f, 0x6e, 0xc0,			/* movd %eax, %mm0 */
		STOP,					/* 25 */
		/* 27: read mm0 back, leave MMX, read the control word */
		0x0f, 0x7e, 0xc3,			/* movd %mm0, %ebx */
		0x0f, 0x77,				/* emms */
		0xd9, 0x3d, 0x00, 0x00, 0x03, 0x00,	/* fnstcw DATA */
		STOP,					/* 38 */
	};
	const uint16_t odd_cw = 0x0c7f;		/* toward zero, 24 bits */
	uint16_t saved = host_fcw();
	vxproc *p = guest("fpu-x87-lazy", code, sizeof code);
	int t;

	set_host_fcw(odd_cw);
	t = vxproc_run(p);
	uint16_t after1 = host_fcw();
	host_clobber(0x2222222222222222ull);
	host_x87_work();
	t = t == VXTRAP_SOFT + 0x30 ? vxproc_run(p) : t;
	check("fpu-xmm-only-runs", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EDX] == 0x11223344 && after1 == odd_cw &&
	      host_fcw() == odd_cw, "trap %#x: xmm1 %#x (want 0x11223344), "
	      "host control word %#x then %#x (want %#x)", t,
	      p->cpu->reg[EDX], after1, host_fcw(), odd_cw);

	t = vxproc_run(p);			/* movd %eax, %mm0 */
	volatile long double r = host_x87_work(); /* st0-st2: mm0-mm2 */
	uint16_t after3 = host_fcw();
	t = t == VXTRAP_SOFT + 0x30 ? vxproc_run(p) : t;
	check("fpu-mmx-after-xmm", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EBX] == 0x12345678 &&
	      (rd32(p, DATA_ADDR) & 0xffff) == 0x037f && after3 == odd_cw &&
	      host_fcw() == odd_cw,
	      "trap %#x: mm0 %#x (want 0x12345678), guest control word %#x "
	      "(want 0x37f), host's %#x then %#x (want %#x)",
	      t, p->cpu->reg[EBX], rd32(p, DATA_ADDR) & 0xffff, after3,
	      host_fcw(), odd_cw);
	(void)r;
	vxproc_free(p);

	/* The first x87 code inside one run, after XMM-only code left
	   through an exit (a jump to a block not yet translated). */
	static const uint8_t code2[] = {
		0x66, 0x0f, 0x6e, 0xc9,			/* movd %ecx, %xmm1 */
		0xeb, 0x00,				/* jmp +0 */
		0xd9, 0x3d, 0x00, 0x00, 0x03, 0x00,	/* fnstcw DATA */
		STOP,
	};
	p = guest("fpu-x87-lazy-in-run", code2, sizeof code2);
	t = vxproc_run(p);
	check("fpu-x87-first-in-run", t == VXTRAP_SOFT + 0x30 &&
	      (rd32(p, DATA_ADDR) & 0xffff) == 0x037f && host_fcw() == odd_cw,
	      "trap %#x: guest control word %#x (want 0x37f), host's %#x "
	      "(want %#x)", t, rd32(p, DATA_ADDR) & 0xffff, host_fcw(), odd_cw);
	set_host_fcw(saved);
	vxproc_free(p);
}

/* vxproc_getfpstate/setfpstate: the host sets xmm0 and MXCSR (with a
   reserved bit, which must be dropped, not fault in vx_enter). */
static void test_fpstate(void)
{
	static const uint8_t code[] = {
		0x66, 0x0f, 0x7e, 0xc0,			/* movd %xmm0, %eax */
		0x0f, 0xae, 0x1d, 0x00, 0x00, 0x03, 0x00, /* stmxcsr DATA */
		STOP,
	};
	vxproc *p = guest("fpstate", code, sizeof code);
	uint8_t fx[512];
	uint32_t mx = 0x80007f80u, pat = 0xfeedf00d, fcw = 0;
	int t;

	vxproc_getfpstate(p, fx);
	memcpy(&fcw, fx, 2);
	check("fpstate-initial", fcw == 0x037f && rd32_fx(fx, 24) == 0x1f80,
	      "fcw %#x mxcsr %#x", fcw, rd32_fx(fx, 24));
	memcpy(fx + 24, &mx, 4);
	memcpy(fx + 160, &pat, 4);			/* xmm0 low dword */
	vxproc_setfpstate(p, fx);
	t = vxproc_run(p);
	check("fpstate-set", t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == pat &&
	      rd32(p, DATA_ADDR) == 0x7f80,
	      "trap %#x eax %#x mxcsr %#x", t, p->cpu->reg[EAX],
	      rd32(p, DATA_ADDR));
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("fpu-switch", test_switch);
	isolated("fpu-host-after", test_host_x87_after);
	isolated("fpstate", test_fpstate);
	isolated("fpu-soft-exits", test_soft_exits);
	isolated("fpu-x87-lazy", test_x87_lazy);
	return nfailed != 0;
}
