/*
 * api_stack.c - exact guest state when a run of stack operations faults
 * part-way.  The translator defers the esp update across consecutive
 * push/pop/call/ret (translate.c: esp_delta); a fault, a self-modifying
 * store or an interrupt in the middle of such a run must still report
 * the esp and memory of the instruction boundary, as hardware would.
 */
#include "check.h"

/* push, push (faults below the stack page), push */
static void test_push_fault(void)
{
	static const uint8_t code[] = {
		0x50,			/* 0: push %eax */
		0x53,			/* 1: push %ebx  <- faults */
		0x6a, 0x07,		/* 2: push $7 */
		STOP,
	};
	vxproc *p = guest("push-fault", code, sizeof code);
	int t;

	p->cpu->reg[EAX] = 0x11111111;
	p->cpu->reg[EBX] = 0x22222222;
	p->cpu->reg[ESP] = STACK_ADDR + 4;
	t = vxproc_run(p);
	check("push-fault", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + 1 &&
	      p->cpu->reg[ESP] == STACK_ADDR && p->cpu->trapva == STACK_ADDR - 4 &&
	      rd32(p, STACK_ADDR) == 0x11111111,
	      "trap %#x eip %#x esp %#x trapva %#x [esp] %#x", t, p->cpu->eip,
	      p->cpu->reg[ESP], p->cpu->trapva, rd32(p, STACK_ADDR));

	/* The host maps the page and resumes: the run completes. */
	vxmem_map(p, STACK_ADDR - 0x1000, 0x1000, VXPERM_READ | VXPERM_WRITE);
	t = vxproc_run(p);
	check("push-resume", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[ESP] == STACK_ADDR - 8 &&
	      rd32(p, STACK_ADDR - 4) == 0x22222222 &&
	      rd32(p, STACK_ADDR - 8) == 7,
	      "trap %#x esp %#x [esp] %#x [esp+4] %#x", t, p->cpu->reg[ESP],
	      rd32(p, STACK_ADDR - 8), rd32(p, STACK_ADDR - 4));
	vxproc_free(p);
}

/* pop, pop (faults above the stack page), pop */
static void test_pop_fault(void)
{
	static const uint8_t code[] = {
		0x5b,			/* 0: pop %ebx */
		0x5e,			/* 1: pop %esi  <- faults */
		0x5f,			/* 2: pop %edi */
		STOP,
	};
	vxproc *p = guest("pop-fault", code, sizeof code);
	uint32_t v = 0x33333333;
	int t;

	vxmem_write(p, &v, STACK_ADDR + 0xffc, 4);
	p->cpu->reg[ESI] = 0x44444444;
	p->cpu->reg[ESP] = STACK_ADDR + 0xffc;
	t = vxproc_run(p);
	check("pop-fault", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + 1 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000 &&
	      p->cpu->reg[EBX] == 0x33333333 && p->cpu->reg[ESI] == 0x44444444,
	      "trap %#x eip %#x esp %#x ebx %#x esi %#x", t, p->cpu->eip,
	      p->cpu->reg[ESP], p->cpu->reg[EBX], p->cpu->reg[ESI]);
	vxproc_free(p);
}

/* push; call: the call's push faults */
static void test_call_fault(void)
{
	static const uint8_t code[] = {
		0x50,				/* 0: push %eax */
		0xe8, 0x01, 0x00, 0x00, 0x00,	/* 1: call 7  <- faults */
		STOP,				/* 6 */
		0xc3,				/* 7: ret */
	};
	vxproc *p = guest("call-fault", code, sizeof code);
	int t;

	p->cpu->reg[ESP] = STACK_ADDR + 4;
	t = vxproc_run(p);
	check("call-fault", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + 1 &&
	      p->cpu->reg[ESP] == STACK_ADDR,
	      "trap %#x eip %#x esp %#x", t, p->cpu->eip, p->cpu->reg[ESP]);
	vxproc_free(p);
}

/* pop; ret: the ret's load faults */
static void test_ret_fault(void)
{
	static const uint8_t code[] = {
		0x5b,			/* 0: pop %ebx */
		0xc3,			/* 1: ret  <- faults */
	};
	vxproc *p = guest("ret-fault", code, sizeof code);
	int t;

	p->cpu->reg[ESP] = STACK_ADDR + 0xffc;
	t = vxproc_run(p);
	check("ret-fault", t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + 1 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000,
	      "trap %#x eip %#x esp %#x", t, p->cpu->eip, p->cpu->reg[ESP]);
	vxproc_free(p);
}

/*
 * A run of pushes whose second store lands on the code page being
 * executed (stack inside RWX code): the store completes, the rest of the
 * block is abandoned, and the guest resumes at the next instruction with
 * the esp of that boundary.  The third push then stores over the
 * following instruction's bytes, which must take effect.
 */
static void test_push_smc(void)
{
	uint8_t code[64] = {
		0x50,			/* 0: push %eax */
		0x50,			/* 1: push %eax */
		0x50,			/* 2: push %eax */
		0x50,			/* 3: push %eax */
		STOP,			/* 4 */
	};
	vxproc *p = guest("push-smc", code, sizeof code);
	int t;

	vxmem_setperm(p, CODE_ADDR, 0x1000,
		      VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	p->cpu->reg[EAX] = 0x90909090;	/* nops */
	p->cpu->reg[ESP] = CODE_ADDR + 64;
	t = vxproc_run(p);
	check("push-smc", t == VXTRAP_SOFT + 0x30 && p->cpu->eip == CODE_ADDR + 6 &&
	      p->cpu->reg[ESP] == CODE_ADDR + 48 &&
	      rd32(p, CODE_ADDR + 48) == 0x90909090,
	      "trap %#x eip %#x esp %#x", t, p->cpu->eip, p->cpu->reg[ESP]);
	vxproc_free(p);

	/* Now the pushes overwrite the code that follows them. */
	static const uint8_t code2[] = {
		0xbc, 0x0c, 0x00, 0x01, 0x00,	/* 0: mov $CODE+12, %esp */
		0x50,				/* 5: push %eax -> [8..12) */
		0x90, 0x90,			/* 6: nop nop */
		0xf4, 0xf4, 0xf4, 0xf4,		/* 8: hlt x4, overwritten */
		STOP,				/* 12 */
	};
	p = guest("push-smc-overwrite", code2, sizeof code2);
	vxmem_setperm(p, CODE_ADDR, 0x1000,
		      VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	p->cpu->reg[EAX] = 0x90909090;
	t = vxproc_run(p);
	check("push-smc-overwrite", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->eip == CODE_ADDR + 14 && p->cpu->reg[ESP] == CODE_ADDR + 8,
	      "trap %#x eip %#x esp %#x (the old hlt ran if trap is 0xd)", t,
	      p->cpu->eip, p->cpu->reg[ESP]);
	vxproc_free(p);
}

/* Interrupted in a loop of pushes and pops: esp is exact at the stop. */
static void test_push_pop_interrupt(void)
{
	static const uint8_t code[] = {
		0x50, 0x53, 0x51,	/* 0: push eax; push ebx; push ecx */
		0x59, 0x5b, 0x58,	/* 3: pop ecx; pop ebx; pop eax */
		0xeb, 0xf8,		/* 6: jmp 0 */
	};
	vxproc *p = guest("push-pop-irq", code, sizeof code);
	int ok = 1, t;

	for (int i = 0; i < 50 && ok; i++) {
		vxproc_interrupt(p);
		t = vxproc_run(p);
		ok = t == VXTRAP_IRQ && p->cpu->reg[ESP] == STACK_ADDR + 0x1000 &&
		     p->cpu->eip == CODE_ADDR;
	}
	check("push-pop-irq", ok, "trap at eip %#x esp %#x", p->cpu->eip,
	      p->cpu->reg[ESP]);
	vxproc_free(p);
}

/*
 * Returns are predicted per ret site (translate.c: emit_predicted_lookup):
 * a ret that learned "back to A" must still go wherever the stack says,
 * and must run new code at A after A was rewritten.
 */
static void test_ret_prediction(void)
{
	uint8_t code[] = {
		0xb9, 0x05, 0x00, 0x00, 0x00,	/* 0: mov $5, %ecx */
		0xe8, 0x16, 0x00, 0x00, 0x00,	/* 5: call f (32) */
		0xb8, 0x01, 0x00, 0x00, 0x00,	/* 10: A: mov $1, %eax */
		0x49,				/* 15: dec %ecx */
		0x75, 0xf3,			/* 16: jnz 5 */
		0x68, 0x1c, 0x00, 0x01, 0x00,	/* 18: push $B (28) */
		0xeb, 0x07,			/* 23: jmp f (32) */
		0x90, 0x90, 0x90,		/* 25 */
		0xcd, 0x30,			/* 28: B: int $0x30 */
		0x90, 0x90,			/* 30 */
		0xc3,				/* 32: f: ret */
	};
	vxproc *p = guest("ret-predict", code, sizeof code);
	int t;

	vxmem_setperm(p, CODE_ADDR, 0x1000,
		      VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	t = vxproc_run(p);
	check("ret-predict-other", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->eip == CODE_ADDR + 30 && p->cpu->reg[EAX] == 1 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000,
	      "trap %#x eip %#x eax %u esp %#x", t, p->cpu->eip,
	      p->cpu->reg[EAX], p->cpu->reg[ESP]);

	/* Rewrite A's immediate from the host and rerun the loop: the
	   learned return must reach the new code. */
	uint8_t two = 2;
	vxmem_write(p, &two, CODE_ADDR + 11, 1);
	p->cpu->eip = CODE_ADDR;
	t = vxproc_run(p);
	check("ret-predict-host-write", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 2, "trap %#x eax %u (want 2)", t,
	      p->cpu->reg[EAX]);

	/* The guest rewrites A itself, between two returns to it. */
	static const uint8_t smc[] = {
		0xe8, 0x0b, 0x00, 0x00, 0x00,	/* 40: call g (56) */
		0xb8, 0x07, 0x00, 0x00, 0x00,	/* 45: A2: mov $7, %eax */
		0x49,				/* 50: dec %ecx */
		0x75, 0xf3,			/* 51: jnz 40 */
		0xcd, 0x30,			/* 53: int $0x30 */
		0x90,				/* 55 */
		/* 56: g: on the last round (ecx == 1) store 9 into A2's imm */
		0x83, 0xf9, 0x01,		/* cmp $1, %ecx */
		0x75, 0x0a,			/* jne ret */
		0xc7, 0x05, 0x2e, 0x00, 0x01, 0x00,
		0x09, 0x00, 0x00, 0x00,		/* movl $9, CODE+46 */
		0xc3,				/* ret */
	};
	vxmem_write(p, smc, CODE_ADDR + 40, sizeof smc);
	p->cpu->eip = CODE_ADDR + 40;
	p->cpu->reg[ECX] = 6;
	t = vxproc_run(p);
	check("ret-predict-smc", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 9 && p->cpu->reg[ECX] == 0,
	      "trap %#x eax %u (want 9) ecx %u", t, p->cpu->reg[EAX],
	      p->cpu->reg[ECX]);
	vxproc_free(p);
}

/*
 * Copied instructions between pushes run with the esp update still
 * pending: their esp-based operands must see the pushed values, and a
 * fault in one must report the esp of its boundary.
 */
static void test_copy_between(void)
{
	static const uint8_t code[] = {
		0x50,				/* 0: push %eax */
		0x83, 0xc3, 0x01,		/* 1: add $1, %ebx */
		0x53,				/* 4: push %ebx */
		0x8b, 0x54, 0x24, 0x04,		/* 5: mov 4(%esp), %edx */
		0x03, 0x14, 0x24,		/* 9: add (%esp), %edx */
		0x8d, 0x74, 0x24, 0x08,		/* 12: lea 8(%esp), %esi */
		0x8b, 0x39,			/* 16: mov (%ecx), %edi  <- faults */
		STOP,				/* 18 */
	};
	vxproc *p = guest("copy-between", code, sizeof code);
	int t;

	p->cpu->reg[EAX] = 100;
	p->cpu->reg[EBX] = 10;
	p->cpu->reg[ECX] = 0x00fff000;		/* unmapped */
	t = vxproc_run(p);
	check("copy-between", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR + 16 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000 - 8 &&
	      p->cpu->reg[EDX] == 111 &&
	      p->cpu->reg[ESI] == STACK_ADDR + 0x1000,
	      "trap %#x eip %#x esp %#x edx %u esi %#x", t, p->cpu->eip,
	      p->cpu->reg[ESP], p->cpu->reg[EDX], p->cpu->reg[ESI]);
	vxproc_free(p);
}

/* Nine pushes (esp 36 bytes lower, the update deferred), then an
   instruction naming esp, which first makes %rsp the guest's esp: its
   map entry carries the change from the last push's (-32) to 0, more
   than an entry's nibble holds (translate.c: add_map's escape); then a
   fault, whose esp is read through that entry. */
static void test_pushes_fault(void)
{
	static const uint8_t code[] = {
		0x50, 0x51, 0x52, 0x53,		/* 0: push eax ecx edx ebx */
		0x55, 0x56, 0x57, 0x50,		/* 4: push ebp esi edi eax */
		0x50,				/* 8: push eax */
		0x89, 0xe2,			/* 9: mov %esp, %edx */
		0x8b, 0x39,			/* 11: mov (%ecx), %edi  <- faults */
		STOP,				/* 13 */
	};
	vxproc *p = guest("pushes-fault", code, sizeof code);
	int t;

	p->cpu->reg[EAX] = 0xaaaa;
	p->cpu->reg[ECX] = 0x00fff000;		/* unmapped */
	t = vxproc_run(p);
	check("pushes-fault", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR + 11 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000 - 36 &&
	      p->cpu->reg[EDX] == STACK_ADDR + 0x1000 - 36 &&
	      rd32(p, STACK_ADDR + 0x1000 - 4) == 0xaaaa &&
	      rd32(p, STACK_ADDR + 0x1000 - 36) == 0xaaaa,
	      "trap %#x eip %#x esp %#x edx %#x [top-4] %#x", t,
	      p->cpu->eip, p->cpu->reg[ESP], p->cpu->reg[EDX],
	      rd32(p, STACK_ADDR + 0x1000 - 4));
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("push-fault", test_push_fault);
	isolated("pop-fault", test_pop_fault);
	isolated("call-fault", test_call_fault);
	isolated("ret-fault", test_ret_fault);
	isolated("push-smc", test_push_smc);
	isolated("push-pop-irq", test_push_pop_interrupt);
	isolated("ret-predict", test_ret_prediction);
	isolated("copy-between", test_copy_between);
	isolated("pushes-fault", test_pushes_fault);
	return nfailed != 0;
}
