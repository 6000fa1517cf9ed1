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
   one-byte form cc is VXTRAP_BREAKPOINT; cd 03 counts as int3 too, and
   cd 04 as into: VXTRAP_OVERFLOW, as Linux reports both). */
static void test_int_all(void)
{
	int bad = 0, first = -1, got = 0;
	uint32_t eip = 0;

	for (int n = 0; n < 256; n++) {
		uint8_t code[] = { 0xcd, (uint8_t)n, 0xf4 /* hlt */ };
		vxproc *p = guest("int-every-n", code, sizeof code);
		int want = n == 3 ? VXTRAP_BREAKPOINT :
			n == 4 ? VXTRAP_OVERFLOW : VXTRAP_SOFT + n;
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
		/* #GP's error code: the refused selector, else 0 */
		uint32_t err = !strcmp(t[i].name, "ljmp-0x33") ? 0x30 : 0;
		check(name, tr == t[i].trap && p->cpu->eip == CODE_ADDR &&
		      regs_intact(p) && p->cpu->traperr == err,
		      "trap %#x at eip %#x, error code %#x (want %#x at %#x, "
		      "%#x)%s", tr, p->cpu->eip, p->cpu->traperr, t[i].trap,
		      CODE_ADDR, err, regs_intact(p) ? "" : ", registers changed");
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

/*
 * Far transfers reach only the guest's own code segment (cs 0x23): every
 * other selector - the host's 64-bit code 0x33, data 0x2b, an LDT code
 * selector, null, an RPL-0 return - is #GP at the instruction with the
 * selector (RPL clear) as error code, the registers and the stack as
 * they were.  The frame is on the guest stack (esp = FRAME), the far
 * pointer of the indirect forms at DATA_ADDR.  The values are those a
 * Linux i386 process gets natively on this kind of machine.
 */
static void test_far_refused(void)
{
	static const struct {
		const char *name;
		uint8_t code[8];
		int len;
	} insn[] = {
		{ "lret", { 0xcb }, 1 },
		{ "lret-imm", { 0xca, 0x08, 0x00 }, 3 },
		{ "iret", { 0xcf }, 1 },
		{ "ljmp-ind", { 0xff, 0x2d, 0x00, 0x00, 0x03, 0x00 }, 6 },
		{ "lcall-ind", { 0xff, 0x1d, 0x00, 0x00, 0x03, 0x00 }, 6 },
		{ "ljmp", { 0xea, 0x00, 0x00, 0x01, 0x00, 0, 0 }, 7 },
		{ "lcall", { 0x9a, 0x00, 0x00, 0x01, 0x00, 0, 0 }, 7 },
	};
	static const uint16_t sels[] = { 0x33, 0x2b, 0x07, 0x0f, 0x00, 0x20,
					 0x1b, 0x3b };
	const uint32_t frame = STACK_ADDR + 0x800;

	for (unsigned i = 0; i < sizeof insn / sizeof insn[0]; i++) {
		for (unsigned k = 0; k < sizeof sels / sizeof sels[0]; k++) {
			uint16_t sel = sels[k];
			uint8_t code[16];
			int len = insn[i].len;
			/* ljmp/lcall to any RPL of cs are allowed: not here */
			if (sel == 0x20 && insn[i].code[0] != 0xcb &&
			    insn[i].code[0] != 0xca && insn[i].code[0] != 0xcf)
				continue;
			memcpy(code, insn[i].code, len);
			if (code[0] == 0xea || code[0] == 0x9a) {
				code[5] = sel;
				code[6] = sel >> 8;
			}
			code[len] = 0xcd;	/* int $0x30 if it ran on */
			code[len + 1] = 0x30;
			vxproc *p = guest(insn[i].name, code, len + 2);
			uint32_t st[4] = { CODE_ADDR + len, sel, 0x202, 0 };
			uint32_t fp[2] = { CODE_ADDR + len, sel }, back[4];
			vxmem_write(p, st, frame, sizeof st);
			vxmem_write(p, fp, DATA_ADDR, sizeof fp);
			set_regs(p);
			p->cpu->reg[ESP] = frame;
			int tr = vxproc_run(p);
			vxmem_read(p, back, frame - 16, sizeof back);
			char name[64];
			snprintf(name, sizeof name, "far-%s-%#x", insn[i].name, sel);
			int intact = p->cpu->reg[ESP] == frame;
			p->cpu->reg[ESP] = STACK_ADDR + 0x1000;
			intact = intact && regs_intact(p) && !back[0] &&
				 !back[1] && !back[2] && !back[3];
			check(name, tr == VXTRAP_PROTECTION &&
			      p->cpu->eip == CODE_ADDR && intact &&
			      p->cpu->traperr == (sel & 0xfffcu),
			      "trap %#x at eip %#x, error code %#x (want %#x at "
			      "%#x, %#x)%s", tr, p->cpu->eip, p->cpu->traperr,
			      VXTRAP_PROTECTION, CODE_ADDR, sel & 0xfffc,
			      intact ? "" : ", registers or stack changed");
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
	isolated("far-refused", test_far_refused);
	isolated("setsel", test_setsel);
	return nfailed != 0;
}
