/*
 * api_escape.c - attacks that are easiest to enumerate from the host:
 * `int n` for every n, the privileged and counter-reading instructions,
 * and instruction-length limits with every kind of prefix.  Each must
 * end in the documented trap with the guest state unchanged, never in a
 * host crash or in guest code running on.
 */
#include "check.h"

/* Registers a guest starts with, to check nothing else changed. */
static void set_regs(vxproc *p)
{
	for (int r = 0; r < 8; r++)
		if (r != ESP)
			p->cpu->reg[r] = 0x01010101u * (r + 1);
}

static int regs_intact(vxproc *p)
{
	for (int r = 0; r < 8; r++)
		if (r != ESP && p->cpu->reg[r] != 0x01010101u * (r + 1))
			return 0;
	return p->cpu->reg[ESP] == STACK_ADDR + 0x1000;
}

/* int n for all 256 n: VXTRAP_SOFT + n after the instruction (int3's
   one-byte form cc is VXTRAP_BREAKPOINT; cd 03 counts as int3 too). */
static void test_int_all(void)
{
	int bad = 0, first = -1, got = 0;
	uint32_t eip = 0;

	for (int n = 0; n < 256; n++) {
		uint8_t code[] = { 0xcd, (uint8_t)n, 0xf4 /* hlt */ };
		vxproc *p = guest("int-every-n", code, sizeof code);
		int want = n == 3 ? VXTRAP_BREAKPOINT : VXTRAP_SOFT + n;
		set_regs(p);
		int t = vxproc_run(p);
		if (t != want || p->cpu->eip != CODE_ADDR + 2 || !regs_intact(p)) {
			if (!bad++) {
				first = n;
				got = t;
				eip = p->cpu->eip;
			}
		}
		vxproc_free(p);
	}
	check("int-every-n", bad == 0, "%d of 256 wrong; first: int $%#x gave "
	      "trap %#x at eip %#x", bad, first, got, eip);
}

/* Instructions a guest may not execute: each traps at its own first
   byte with VXTRAP_PROTECTION (or INVALID where hardware says #UD). */
static void test_privileged(void)
{
	static const struct {
		const char *name;
		uint8_t code[4];
		int len, trap;
	} t[] = {
		{ "rdpmc", { 0x0f, 0x33 }, 2, VXTRAP_PROTECTION },
		{ "rdmsr", { 0x0f, 0x32 }, 2, VXTRAP_PROTECTION },
		{ "wrmsr", { 0x0f, 0x30 }, 2, VXTRAP_PROTECTION },
		{ "rdtsc", { 0x0f, 0x31 }, 2, VXTRAP_PROTECTION },
		{ "rdtscp", { 0x0f, 0x01, 0xf9 }, 3, VXTRAP_PROTECTION },
		{ "hlt", { 0xf4 }, 1, VXTRAP_PROTECTION },
		{ "cli", { 0xfa }, 1, VXTRAP_PROTECTION },
		{ "sti", { 0xfb }, 1, VXTRAP_PROTECTION },
		{ "in-al-imm", { 0xe4, 0x60 }, 2, VXTRAP_PROTECTION },
		{ "out-dx-al", { 0xee }, 1, VXTRAP_PROTECTION },
		{ "insb", { 0x6c }, 1, VXTRAP_PROTECTION },
		{ "outsd", { 0x6f }, 1, VXTRAP_PROTECTION },
		{ "clts", { 0x0f, 0x06 }, 2, VXTRAP_PROTECTION },
		{ "invd", { 0x0f, 0x08 }, 2, VXTRAP_PROTECTION },
		{ "wbinvd", { 0x0f, 0x09 }, 2, VXTRAP_PROTECTION },
		{ "mov-cr0-eax", { 0x0f, 0x20, 0xc0 }, 3, VXTRAP_PROTECTION },
		{ "mov-dr7", { 0x0f, 0x23, 0xf8 }, 3, VXTRAP_PROTECTION },
		{ "lgdt", { 0x0f, 0x01, 0x10 }, 3, VXTRAP_PROTECTION },
		{ "sgdt", { 0x0f, 0x01, 0x00 }, 3, VXTRAP_PROTECTION },
		{ "sldt", { 0x0f, 0x00, 0xc0 }, 3, VXTRAP_PROTECTION },
		{ "ltr", { 0x0f, 0x00, 0xd8 }, 3, VXTRAP_PROTECTION },
		{ "iret", { 0xcf }, 1, VXTRAP_PROTECTION },
		{ "ljmp-0x33", { 0xea, 0, 0, 0 }, 4, VXTRAP_PROTECTION },
		{ "ud2", { 0x0f, 0x0b }, 2, VXTRAP_INVALID },
		{ "vex-vzeroupper", { 0xc5, 0xf8, 0x77 }, 3, VXTRAP_INVALID },
	};

	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint8_t code[16];
		int len = t[i].len;
		memcpy(code, t[i].code, len);
		if (!strcmp(t[i].name, "ljmp-0x33")) {
			/* ea ptr16:32: offset 0, selector 0x33 */
			static const uint8_t lj[] = { 0xea, 0, 0, 0, 0, 0x33, 0 };
			memcpy(code, lj, sizeof lj);
			len = sizeof lj;
		}
		code[len] = 0xcd;		/* int $0x30 if it ran on */
		code[len + 1] = 0x30;
		vxproc *p = guest(t[i].name, code, len + 2);
		set_regs(p);
		int tr = vxproc_run(p);
		char name[64];
		snprintf(name, sizeof name, "priv-%s", t[i].name);
		check(name, tr == t[i].trap && p->cpu->eip == CODE_ADDR &&
		      regs_intact(p), "trap %#x at eip %#x (want %#x at %#x)%s",
		      tr, p->cpu->eip, t[i].trap, CODE_ADDR,
		      regs_intact(p) ? "" : ", registers changed");
		vxproc_free(p);
	}
}

/*
 * 14 prefixes + a one-byte opcode is 15 bytes and runs; 15 prefixes
 * make 16 bytes and must trap at the first byte.  Every legacy prefix
 * kind (operand size, the flat segment overrides, rep/repne; not lock,
 * which is #UD on nop) is tried.
 */
static void test_lengths(void)
{
	static const uint8_t prefixes[] = { 0x66, 0x2e, 0x3e, 0x26, 0x36,
					    0xf3, 0xf2 };

	for (unsigned k = 0; k < sizeof prefixes; k++) {
		for (int n = 14; n <= 15; n++) {
			uint8_t code[32];
			memset(code, prefixes[k], n);
			code[n] = 0x90;			/* nop */
			code[n + 1] = 0xcd;
			code[n + 2] = 0x30;
			vxproc *p = guest("length", code, n + 3);
			set_regs(p);
			int t = vxproc_run(p);
			char name[64];
			snprintf(name, sizeof name, "length-%02x-x%d", prefixes[k], n);
			if (n == 14)
				check(name, t == VXTRAP_SOFT + 0x30 &&
				      p->cpu->eip == CODE_ADDR + 17,
				      "15-byte nop: trap %#x at eip %#x", t,
				      p->cpu->eip);
			else
				check(name, (t == VXTRAP_PROTECTION ||
					     t == VXTRAP_INVALID) &&
				      p->cpu->eip == CODE_ADDR && regs_intact(p),
				      "16-byte nop: trap %#x at eip %#x", t,
				      p->cpu->eip);
			vxproc_free(p);
		}
	}
}

/* vxproc_setsel accepts exactly the loads the guest could do itself. */
static void test_setsel(void)
{
	static const uint8_t code[] = {
		0x65, 0xa1, 0x04, 0x00, 0x00, 0x00,	/* mov %gs:4, %eax */
		STOP,
	};
	vxproc *p = guest("setsel", code, sizeof code);
	uint32_t v = 0x600d600d;
	int ok = 1;

	ok &= vxproc_setsel(p, 3, 0) == 0 && vxproc_getsel(p, 3) == 0;
	ok &= vxproc_setsel(p, 3, 0x2b) == 0 && vxproc_getsel(p, 3) == 0x2b;
	ok &= vxproc_setsel(p, 3, 0x33) == -1 && errno == EINVAL;
	ok &= vxproc_setsel(p, 1, 0x23) == -1;		/* cs */
	ok &= vxproc_setsel(p, 2, 0) == -1;		/* null ss */
	ok &= vxproc_setsel(p, 5, 0x33) == -1;		/* unused TLS */
	check("setsel-rules", ok, "a load was accepted or refused wrongly");

	vxmem_write(p, &v, DATA_ADDR + 4, 4);
	vxproc_settls(p, 0, DATA_ADDR, 1);
	int r = vxproc_setsel(p, 5, 0x33);
	int t = vxproc_run(p);
	check("setsel-tls", r == 0 && t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == v, "setsel %d, trap %#x, eax %#x", r, t,
	      p->cpu->reg[EAX]);
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("int-every-n", test_int_all);
	isolated("privileged", test_privileged);
	isolated("lengths", test_lengths);
	isolated("setsel", test_setsel);
	return nfailed != 0;
}
