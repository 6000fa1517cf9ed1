/*
 * api_run.c - vxproc_run on hand-made guests: trap codes, eip and trapva at
 * traps, registers and flags in and out, resuming after traps, code on the
 * last page of the address space, a stack that wraps around 4 GiB, and
 * translated code invalidated by host writes.
 */
#include "check.h"

static void test_exit_call(void)
{
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,	/* mov $1, %eax */
		0xbb, 0x2a, 0x00, 0x00, 0x00,	/* mov $42, %ebx */
		STOP,				/* int $0x30 */
	};
	vxproc *p = guest("int30", code, sizeof code);
	int t = vxproc_run(p);

	check("int30", t == VXTRAP_SOFT + 0x30 && p->cpu->eip == CODE_ADDR + 12 &&
	      p->cpu->reg[EAX] == 1 && p->cpu->reg[EBX] == 42,
	      "trap %#x eip %#x eax %u ebx %u", t, p->cpu->eip,
	      p->cpu->reg[EAX], p->cpu->reg[EBX]);
	vxproc_free(p);
}

static void test_registers(void)
{
	static const uint8_t code[] = {
		0x01, 0xc8,		/* add %ecx, %eax */
		0x29, 0xf7,		/* sub %esi, %edi */
		0x87, 0xeb,		/* xchg %ebp, %ebx */
		STOP,
		0x83, 0xd0, 0x00,	/* adc $0, %eax */
		STOP,
		0x31, 0xc0,		/* xor %eax, %eax: ZF PF set */
		STOP,
	};
	vxproc *p = guest("registers", code, sizeof code);
	uint32_t *r = p->cpu->reg;
	int t;

	r[EAX] = 5; r[ECX] = 7; r[EDX] = 0x100; r[EBX] = 1;
	r[EBP] = 4; r[ESI] = 2; r[EDI] = 3;
	t = vxproc_run(p);
	check("registers", t == VXTRAP_SOFT + 0x30 && r[EAX] == 12 &&
	      r[ECX] == 7 && r[EDX] == 0x100 && r[EBX] == 4 && r[EBP] == 1 &&
	      r[ESI] == 2 && r[EDI] == 1 && r[ESP] == STACK_ADDR + 0x1000,
	      "trap %#x eax %u ecx %u edx %#x ebx %u ebp %u esi %u edi %u esp %#x",
	      t, r[EAX], r[ECX], r[EDX], r[EBX], r[EBP], r[ESI], r[EDI], r[ESP]);

	p->cpu->eflags |= 1;	/* CF in */
	t = vxproc_run(p);
	check("eflags-in", t == VXTRAP_SOFT + 0x30 && r[EAX] == 13,
	      "adc with CF set by the host gave eax %u (trap %#x)", r[EAX], t);
	t = vxproc_run(p);
	check("eflags-out", t == VXTRAP_SOFT + 0x30 &&
	      (p->cpu->eflags & 0x44) == 0x44 && !(p->cpu->eflags & 0x881),
	      "after xor eflags %#x (trap %#x)", p->cpu->eflags, t);
	vxproc_free(p);
}

/* Run code that must trap with `want` at eip code+off. */
static void expect_trap(const char *name, const uint8_t *code, size_t len,
			int want, uint32_t off)
{
	vxproc *p = guest(name, code, len);
	int t = vxproc_run(p);

	check(name, t == want && p->cpu->eip == CODE_ADDR + off,
	      "trap %#x at eip %#x, want %#x at %#x", t, p->cpu->eip, want,
	      CODE_ADDR + off);
	vxproc_free(p);
}

static void test_cpu_traps(void)
{
	static const uint8_t ud2[] = { 0x90, 0x0f, 0x0b };
	static const uint8_t int3[] = { 0x90, 0xcc };
	static const uint8_t hlt[] = { 0x90, 0xf4 };
	static const uint8_t farjmp[] = { 0xea, 0, 0, 1, 0, 0x33, 0 };
	static const uint8_t int80[] = { 0x90, 0xcd, 0x80 };
	static const uint8_t sysc[] = { 0x90, 0x0f, 0x05 };
	static const uint8_t rdtsc[] = { 0x0f, 0x31, STOP };
	static const uint8_t div0[] = {
		0x31, 0xd2,			/* xor %edx, %edx */
		0xb8, 0x64, 0x00, 0x00, 0x00,	/* mov $100, %eax */
		0x31, 0xc9,			/* xor %ecx, %ecx */
		0xf7, 0xf1,			/* div %ecx */
	};

	expect_trap("trap-ud2", ud2, sizeof ud2, VXTRAP_INVALID, 1);
	expect_trap("trap-int3", int3, sizeof int3, VXTRAP_BREAKPOINT, 2);
	expect_trap("trap-hlt", hlt, sizeof hlt, VXTRAP_PROTECTION, 1);
	expect_trap("trap-farjmp-0x33", farjmp, sizeof farjmp, VXTRAP_PROTECTION, 0);
	expect_trap("trap-int80", int80, sizeof int80, VXTRAP_SOFT + 0x80, 3);
	expect_trap("trap-syscall", sysc, sizeof sysc, VXTRAP_SYSCALL, 3);
	expect_trap("trap-rdtsc-default", rdtsc, sizeof rdtsc, VXTRAP_PROTECTION, 0);
	expect_trap("trap-divide", div0, sizeof div0, VXTRAP_DIVIDE, 9);

	{	/* with VXOPT_RDTSC, rdtsc runs and reads a nonzero counter */
		vxproc *p = guest("rdtsc-option", rdtsc, sizeof rdtsc);
		int t, r = vxproc_setopt(p, VXOPT_RDTSC, 1);

		t = vxproc_run(p);
		check("rdtsc-option", r == 0 && t == VXTRAP_SOFT + 0x30 &&
		      (p->cpu->reg[EAX] | p->cpu->reg[EDX]) != 0,
		      "setopt %d, trap %#x, edx:eax %#x:%#x", r, t,
		      p->cpu->reg[EDX], p->cpu->reg[EAX]);
		vxproc_free(p);
	}
}

static void test_page_faults(void)
{
	static const uint8_t rd[] = { 0xa1, 0x00, 0x50, 0x00, 0x00 };	/* mov 0x5000,%eax */
	static const uint8_t wr[] = {		/* movl $1, 0x5008 */
		0xc7, 0x05, 0x08, 0x50, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t ex[] = {
		0xb8, 0x00, 0x00, 0x70, 0x00,	/* mov $0x700000, %eax */
		0xff, 0xe0,			/* jmp *%eax */
	};
	static const uint8_t regs[] = {
		0xbb, 0x11, 0x11, 0x00, 0x00,	/* mov $0x1111, %ebx */
		0x43,				/* inc %ebx */
		0xb9, 0x05, 0x00, 0x00, 0x00,	/* mov $5, %ecx */
		0x8b, 0x03,			/* mov (%ebx), %eax */
	};
	vxproc *p;
	int t;

	p = guest("pagefault-read", rd, sizeof rd);
	t = vxproc_run(p);
	check("pagefault-read", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR &&
	      p->cpu->trapva == 0x5000 && !(p->cpu->traperr & 0x12),
	      "trap %#x eip %#x trapva %#x traperr %#x", t, p->cpu->eip,
	      p->cpu->trapva, p->cpu->traperr);
	vxproc_free(p);

	p = guest("pagefault-write", wr, sizeof wr);
	t = vxproc_run(p);
	check("pagefault-write", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR &&
	      p->cpu->trapva == 0x5008 && (p->cpu->traperr & 2),
	      "trap %#x eip %#x trapva %#x traperr %#x", t, p->cpu->eip,
	      p->cpu->trapva, p->cpu->traperr);
	vxproc_free(p);

	p = guest("pagefault-exec", ex, sizeof ex);
	t = vxproc_run(p);
	check("pagefault-exec", t == VXTRAP_PAGEFAULT && p->cpu->eip == 0x700000 &&
	      p->cpu->trapva == 0x700000 && (p->cpu->traperr & 0x10),
	      "trap %#x eip %#x trapva %#x traperr %#x", t, p->cpu->eip,
	      p->cpu->trapva, p->cpu->traperr);
	vxproc_free(p);

	/* Registers at a fault are those before the faulting instruction,
	   even when earlier instructions of the same block changed them. */
	p = guest("pagefault-registers", regs, sizeof regs);
	t = vxproc_run(p);
	check("pagefault-registers", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR + 11 && p->cpu->reg[EBX] == 0x1112 &&
	      p->cpu->reg[ECX] == 5 && p->cpu->trapva == 0x1112,
	      "trap %#x eip %#x ebx %#x ecx %u trapva %#x", t, p->cpu->eip,
	      p->cpu->reg[EBX], p->cpu->reg[ECX], p->cpu->trapva);
	vxproc_free(p);
}

/* A fault is restartable: fix the permission, run again, it completes. */
static void test_resume_after_fault(void)
{
	static const uint8_t code[] = {
		0xc7, 0x05, 0x00, 0x00, 0x03, 0x00,	/* movl $0x12345678, DATA */
		0x78, 0x56, 0x34, 0x12,
		STOP,
	};
	vxproc *p = guest("resume-after-fault", code, sizeof code);
	int t1, t2;

	vxmem_setperm(p, DATA_ADDR, 0x1000, VXPERM_READ);
	t1 = vxproc_run(p);
	vxmem_setperm(p, DATA_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE);
	t2 = t1 == VXTRAP_PAGEFAULT ? vxproc_run(p) : -2;
	check("resume-after-fault", t1 == VXTRAP_PAGEFAULT &&
	      p->cpu->trapva == DATA_ADDR && t2 == VXTRAP_SOFT + 0x30 &&
	      rd32(p, DATA_ADDR) == 0x12345678,
	      "first trap %#x (trapva %#x), second %#x, memory %#x", t1,
	      p->cpu->trapva, t2, rd32(p, DATA_ADDR));
	vxproc_free(p);
}

/* Re-entering a loop that stops at every iteration: chained fragments. */
static void test_resume_loop(void)
{
	static const uint8_t code[] = {
		0x40,			/* inc %eax */
		STOP,
		0xeb, 0xfb,		/* jmp back to the inc */
	};
	vxproc *p = guest("resume-loop", code, sizeof code);
	int i, t = 0, ok = 1;

	for (i = 1; i <= 5000 && ok; i++) {
		t = vxproc_run(p);
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == (uint32_t)i &&
		     p->cpu->eip == CODE_ADDR + 3;
	}
	check("resume-loop", ok, "iteration %d: trap %#x eax %u eip %#x", i - 1,
	      t, p->cpu->reg[EAX], p->cpu->eip);
	vxproc_free(p);
}

/* Host writes to code that has run must take effect (and after a flush). */
static void test_host_smc(void)
{
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,	/* mov $1, %eax */
		STOP,
	};
	uint8_t two = 2, three = 3;
	vxproc *p = guest("host-code-write", code, sizeof code);
	int t1, t2, t3, w;

	t1 = vxproc_run(p);
	vxmem_setperm(p, CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	w = vxmem_write(p, &two, CODE_ADDR + 1, 1);
	p->cpu->eip = CODE_ADDR;
	t2 = vxproc_run(p);
	check("host-code-write", w == 1 && t1 == VXTRAP_SOFT + 0x30 &&
	      t2 == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == 2,
	      "write %d, traps %#x %#x, eax %u after rewrite (want 2)", w, t1,
	      t2, p->cpu->reg[EAX]);

	/* through a host pointer with VXPERM_WRITE */
	{
		uint8_t *hp = vxmem_hostptr(p, CODE_ADDR + 1, 1, VXPERM_WRITE);

		if (hp)
			*hp = three;
		p->cpu->eip = CODE_ADDR;
		t3 = vxproc_run(p);
		check("host-code-hostptr", hp && t3 == VXTRAP_SOFT + 0x30 &&
		      p->cpu->reg[EAX] == 3,
		      "hostptr %p, trap %#x, eax %u (want 3)", (void *)hp, t3,
		      p->cpu->reg[EAX]);
	}
	vxproc_flush(p);
	p->cpu->eip = CODE_ADDR;
	t3 = vxproc_run(p);
	check("flush", t3 == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == 3,
	      "after vxproc_flush trap %#x eax %u", t3, p->cpu->reg[EAX]);
	vxproc_free(p);
}

/*
 * 40 000 blocks ending in `inc %eax; jmp next`: the runtime's EIP hash grows
 * through several sizes, a flush takes it back to its first size, and
 * every block is found again afterwards (the first run, a run after
 * vxproc_flush, and a run from the cache must all count 40 000, the
 * first two translating each block once, the last none).
 */
static void test_many_blocks(void)
{
	enum { N = 40000, AT = 0x100000 };
	static uint8_t code[11 * N + 2];
	static uint32_t start[N];
	uint32_t n = 0, rnd = 1;
	int good = 0;

	/* blocks of 0-7 nops (EIPs in no regular pattern, so that the
	   hash has collisions to resolve), then inc %eax; jmp +0 */
	for (int i = 0; i < N; i++) {
		start[i] = AT + n;
		rnd = rnd * 1103515245 + 12345;
		for (uint32_t k = rnd >> 29; k; k--)
			code[n++] = 0x90;
		code[n++] = 0x40;
		code[n++] = 0xeb;
		code[n++] = 0;
	}
	code[n++] = 0xcd;				/* int $0x30 */
	code[n++] = 0x30;
	vxproc *p = guest_at("many-blocks", AT, code, n);
	struct vxstats st;
	uint64_t before = 0;
	for (int run = 0; run < 3; run++) {
		if (run == 1)
			vxproc_flush(p);
		p->cpu->eip = AT;
		p->cpu->reg[EAX] = 0;
		int t = vxproc_run(p);
		vxproc_getstats(p, &st);
		/* each block translated once per cache, none again */
		uint64_t want = run < 2 ? N + 1 : 0;
		if (t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == N &&
		    p->cpu->eip == AT + n &&
		    st.translations - before == want)
			good++;
		else
			printf("# run %d: trap %#x, eax %u, eip %#x, %llu "
			       "translations (want %llu)\n", run, t,
			       p->cpu->reg[EAX], p->cpu->eip,
			       (unsigned long long)(st.translations - before),
			       (unsigned long long)want);
		before = st.translations;
	}
	/* entered at 1000 blocks in the middle: each is looked up, none
	   translated again */
	int entered = 0;
	for (int k = 0; k < N; k += 39) {
		p->cpu->eip = start[k];
		p->cpu->reg[EAX] = 0;
		int t = vxproc_run(p);
		if (t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == (uint32_t)(N - k))
			entered++;
	}
	vxproc_getstats(p, &st);
	if (entered == (N + 38) / 39 && st.translations == before)
		good++;
	else
		printf("# entered in the middle: %d of %d right, %llu "
		       "translations (want 0)\n", entered, (N + 38) / 39,
		       (unsigned long long)(st.translations - before));
	vxproc_free(p);
	check("many-blocks", good == 4, "%d of 4 checks wrong", 4 - good);
}

/*
 * An indirect jump, rewritten target: the lookup table of indirect
 * targets must forget the old translation when the cache is flushed,
 * or the jump lands in stale code (which still says "mov $1").  The
 * jump runs twice first: a target enters the table at its second miss
 * (run.c).
 */
static void test_flush_indirect(void)
{
	static const uint8_t code[] = {
		0xbb, 0x20, 0x00, 0x01, 0x00,	/* mov $0x10020, %ebx */
		0xff, 0xe3,			/* jmp *%ebx */
		[0x20] = 0xb8, 0x01, 0x00, 0x00, 0x00,	/* mov $1, %eax */
		STOP,
	};
	uint8_t two = 2;
	vxproc *p = guest("flush-indirect", code, sizeof code);
	int t0, t1, t2, w;

	t0 = vxproc_run(p);
	p->cpu->eip = CODE_ADDR;
	t1 = vxproc_run(p);
	if (t0 != t1 || p->cpu->reg[EAX] != 1)
		t1 = -1;
	vxmem_setperm(p, CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	w = vxmem_write(p, &two, CODE_ADDR + 0x21, 1);
	p->cpu->eip = CODE_ADDR;
	p->cpu->reg[EAX] = 0;
	t2 = vxproc_run(p);
	check("flush-indirect", w == 1 && t1 == VXTRAP_SOFT + 0x30 &&
	      t2 == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == 2,
	      "traps %#x %#x, eax %u after rewriting the target (want 2)",
	      t1, t2, p->cpu->reg[EAX]);
	vxproc_free(p);
}

/* Code on the very last page of the address space: 0xfffff000 on the
   flat backend, 0xbffff000 on seg. */
static void test_last_page(void)
{
	static const uint8_t code[] = {
		0xb8, 0x07, 0x00, 0x00, 0x00,	/* mov $7, %eax */
		0x40,				/* inc %eax */
		STOP,
		0x40,				/* inc %eax */
		0xeb, 0xfa,			/* jmp back to the first inc */
	};
	static const uint8_t nops[] = { 0x90, 0x90, 0x90, 0x90 };
	static const uint8_t at0[] = { 0xb8, 0x09, 0x00, 0x00, 0x00, STOP };
	uint32_t end = (uint32_t)default_space();	/* 0 for 4 GiB */
	vxproc *p = guest_at("last-page", end - 16, code, sizeof code);
	int t1, t2;

	t1 = vxproc_run(p);
	t2 = vxproc_run(p);
	check("last-page", t1 == VXTRAP_SOFT + 0x30 && t2 == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 10 && p->cpu->eip == end - 8,
	      "traps %#x %#x, eax %u (want 10), eip %#x", t1, t2,
	      p->cpu->reg[EAX], p->cpu->eip);
	vxproc_free(p);

	/* Running off the end: eip wraps to 0 (runs the code there) or the
	   fetch traps; anything else, or a host crash, is wrong. */
	p = guest_at("last-page-wrap", end - 4, nops, sizeof nops);
	vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
	vxmem_write(p, at0, 0, sizeof at0);
	vxmem_setperm(p, 0, 0x1000, VXPERM_READ | VXPERM_EXEC);
	t1 = vxproc_run(p);
	check("last-page-wrap", (t1 == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == 9) ||
	      t1 == VXTRAP_PAGEFAULT || t1 == VXTRAP_PROTECTION,
	      "trap %#x eip %#x eax %u", t1, p->cpu->eip, p->cpu->reg[EAX]);
	vxproc_free(p);
}

/* push/pop with esp wrapping through 0 stay inside the guest. */
static void test_stack_wrap(void)
{
	static const uint8_t code[] = {
		0x68, 0x11, 0x11, 0x11, 0x11,	/* push $0x11111111 */
		0x68, 0x22, 0x22, 0x22, 0x22,	/* push $0x22222222 */
		0xe8, 0x00, 0x00, 0x00, 0x00,	/* call next (pushes eip) */
		STOP,
		0x58, 0x58, 0x5b, 0x59,		/* pop eax, eax, ebx, ecx */
		STOP,
	};
	vxproc *p = guest("stack-wrap", code, sizeof code);
	int t1, t2;

	if (limits_waived(p, "stack-wrap-push")) {
		vxproc_free(p);
		return;
	}
	if (vxproc_getlimit(p, VXLIMIT_SPACE) < 0x100000000ull) {
		/* The seg backend: no memory at the top of 4 GiB, so the
		   second push faults there, exactly. */
		vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
		p->cpu->reg[ESP] = 4;
		t1 = vxproc_run(p);
		check("stack-wrap-push", t1 == VXTRAP_PAGEFAULT &&
		      p->cpu->trapva == 0xfffffffc && (p->cpu->traperr & 2) &&
		      p->cpu->reg[ESP] == 0 && p->cpu->eip == CODE_ADDR + 5 &&
		      rd32(p, 0) == 0x11111111,
		      "trap %#x at %#x (eip %#x), esp %#x, [0] %#x", t1,
		      p->cpu->trapva, p->cpu->eip, p->cpu->reg[ESP], rd32(p, 0));
		/* and a pop there faults reading, esp unchanged */
		p->cpu->reg[ESP] = 0xfffffffc;
		p->cpu->eip = CODE_ADDR + 17;
		t2 = vxproc_run(p);
		check("stack-wrap-pop", t2 == VXTRAP_PAGEFAULT &&
		      p->cpu->trapva == 0xfffffffc && !(p->cpu->traperr & 2) &&
		      p->cpu->reg[ESP] == 0xfffffffc &&
		      p->cpu->eip == CODE_ADDR + 17,
		      "trap %#x at %#x (%s, eip %#x), esp %#x", t2,
		      p->cpu->trapva, p->cpu->traperr & 2 ? "write" : "read",
		      p->cpu->eip, p->cpu->reg[ESP]);
		vxproc_free(p);
		return;
	}
	vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
	vxmem_map(p, 0xfffff000, 0x1000, VXPERM_READ | VXPERM_WRITE);
	p->cpu->reg[ESP] = 4;
	t1 = vxproc_run(p);
	check("stack-wrap-push", t1 == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[ESP] == 0xfffffff8 && rd32(p, 0) == 0x11111111 &&
	      rd32(p, 0xfffffffc) == 0x22222222 &&
	      rd32(p, 0xfffffff8) == CODE_ADDR + 15,
	      "trap %#x esp %#x, [0] %#x [-4] %#x [-8] %#x", t1,
	      p->cpu->reg[ESP], rd32(p, 0), rd32(p, 0xfffffffc),
	      rd32(p, 0xfffffff8));
	t2 = vxproc_run(p);
	check("stack-wrap-pop", t2 == VXTRAP_SOFT + 0x30 && p->cpu->reg[ESP] == 8 &&
	      p->cpu->reg[EBX] == 0x11111111 && p->cpu->reg[EAX] == 0x22222222,
	      "trap %#x esp %#x eax %#x ebx %#x", t2, p->cpu->reg[ESP],
	      p->cpu->reg[EAX], p->cpu->reg[EBX]);
	vxproc_free(p);
}

/* rep stosb running into an unmapped page: exact state at the fault. */
static void test_rep_fault_state(void)
{
	static const uint8_t code[] = { 0xfc, 0xf3, 0xaa };	/* cld; rep stosb */
	vxproc *p = guest("rep-fault", code, sizeof code);
	uint8_t tail[16], want[16];
	int t;

	p->cpu->reg[EDI] = DATA_ADDR + 0xff0;
	p->cpu->reg[ECX] = 0x40;
	p->cpu->reg[EAX] = 0x5a;
	t = vxproc_run(p);
	check("rep-stos-fault", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + 1 &&
	      p->cpu->trapva == DATA_ADDR + 0x1000 && (p->cpu->traperr & 2),
	      "trap %#x eip %#x trapva %#x traperr %#x", t, p->cpu->eip,
	      p->cpu->trapva, p->cpu->traperr);
	memset(want, 0x5a, sizeof want);
	vxmem_read(p, tail, DATA_ADDR + 0xff0, 16);
	check("rep-stos-fault-state", p->cpu->reg[EDI] == DATA_ADDR + 0x1000 &&
	      p->cpu->reg[ECX] == 0x30 && memcmp(tail, want, 16) == 0,
	      "edi %#x (want %#x) ecx %#x (want 0x30), bytes before the page end %s",
	      p->cpu->reg[EDI], DATA_ADDR + 0x1000, p->cpu->reg[ECX],
	      memcmp(tail, want, 16) ? "not written" : "written");
	vxproc_free(p);
}

static void test_memory_limit(void)
{
	vxproc *p = vxproc_alloc();
	int r1, e1, r2;

	if (!p)
		die("memory-limit", "vxproc_alloc");
	vxproc_setlimit(p, VXLIMIT_MEMORY, 0x10000);
	errno = 0;
	r1 = vxmem_map(p, 0x100000, 0x20000, VXPERM_READ | VXPERM_WRITE);
	e1 = errno;
	r2 = vxmem_map(p, 0x100000, 0x8000, VXPERM_READ | VXPERM_WRITE);
	check("memory-limit", r1 == -1 && e1 == ENOMEM && r2 == 0 &&
	      vxmem_mapped(p) == 0x8000 && vxproc_getlimit(p, VXLIMIT_MEMORY) == 0x10000,
	      "over-limit map %d (errno %d), within %d, mapped %llu", r1, e1, r2,
	      (unsigned long long)vxmem_mapped(p));
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0) {
		printf("not ok init: vx32_init failed (errno %d)\n", errno);
		return 1;
	}
	isolated("exit-call", test_exit_call);
	isolated("registers", test_registers);
	isolated("cpu-traps", test_cpu_traps);
	isolated("page-faults", test_page_faults);
	isolated("resume-after-fault", test_resume_after_fault);
	isolated("resume-loop", test_resume_loop);
	isolated("host-smc", test_host_smc);
	isolated("flush-indirect", test_flush_indirect);
	isolated("many-blocks", test_many_blocks);
	isolated("last-page", test_last_page);
	isolated("stack-wrap", test_stack_wrap);
	isolated("rep-fault-state", test_rep_fault_state);
	isolated("memory-limit", test_memory_limit);
	return nfailed != 0;
}
