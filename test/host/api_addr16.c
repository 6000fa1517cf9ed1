/*
 * api_addr16.c - 16-bit addressing (the 0x67 prefix) where it touches
 * memory: the guest's low 64 KiB is mapped, so the accesses that a
 * Linux process cannot make (test/linux/cpu.c checks their addresses
 * natively through the faults) run here, and their results are checked
 * against values worked out by hand from the SDM's definitions: the
 * effective address wraps at 64 KiB, string instructions step si and di
 * modulo 64 KiB and count in cx, leaving the upper halves alone.  Also
 * the forms the flat backend re-encodes specially: a high-byte register
 * operand (ah..bh, which a REX prefix would turn into spl..dil), xlat,
 * loop, SSE and x87 operands, and faults in the middle of it all, which
 * must leave the registers of the instruction's start (or, for rep
 * strings, of the completed elements).
 */
#include "check.h"

#define LOW	0x0000u		/* 64 KiB mapped read+write */
#define NOPERM	0x2000u		/* one page of it without access */

static vxproc *g16(const char *name, const uint8_t *code, size_t len)
{
	vxproc *p = guest(name, code, len);
	static uint8_t zero[0x10000];

	if (vxmem_map(p, LOW, 0x10000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_write(p, zero, LOW, sizeof zero) != (int)sizeof zero)
		die(name, "cannot map low memory");
	return p;
}

static void put(vxproc *p, uint32_t a, const void *v, int n)
{
	vxmem_write(p, v, a, n);
}

static uint32_t get(vxproc *p, uint32_t a, int n)
{
	uint32_t v = 0;

	vxmem_read(p, &v, a, n);
	return v;
}

#define FL(p)	((p)->cpu->eflags & 0x8d5)	/* OF SF ZF AF PF CF */

static int run_to_stop(vxproc *p, int len)
{
	int t = vxproc_run(p);

	if (t != VXTRAP_SOFT + 0x30 || p->cpu->eip != CODE_ADDR + len + 2) {
		printf("# trap %#x at eip %#x, want int $0x30 at %#x\n", t,
		       p->cpu->eip, CODE_ADDR + len + 2);
		return 0;
	}
	return 1;
}

static void high_bytes(void)
{
	/* add %ah, (%bx,%si): 0x7f + 0x81 at (0x1234fff0 + 0x10020) & 0xffff */
	static const uint8_t c1[] = { 0x67, 0x00, 0x20, STOP };
	vxproc *p = g16("add-ah", c1, sizeof c1);
	p->cpu->reg[EAX] = 0x11228133;
	p->cpu->reg[EBX] = 0x1234fff0;
	p->cpu->reg[ESI] = 0x00010020;
	put(p, 0x10, "\x7f", 1);
	int ok = run_to_stop(p, 3);
	check("addr16-add-ah", ok && get(p, 0x10, 1) == 0 &&
	      p->cpu->reg[EAX] == 0x11228133 && FL(p) == 0x55,
	      "mem %#x eax %#x flags %#x", get(p, 0x10, 1), p->cpu->reg[EAX],
	      FL(p));
	vxproc_free(p);

	/* mov (%bx), %bh: the address uses bx before bh changes */
	static const uint8_t c2[] = { 0x67, 0x8a, 0x3f, STOP };
	p = g16("mov-bh", c2, sizeof c2);
	p->cpu->reg[EBX] = 0xaaaa0100;
	p->cpu->reg[EAX] = 0x12345678;
	put(p, 0x100, "\x5a", 1);
	ok = run_to_stop(p, 3);
	check("addr16-mov-to-bh", ok && p->cpu->reg[EBX] == 0xaaaa5a00 &&
	      p->cpu->reg[EAX] == 0x12345678, "ebx %#x eax %#x",
	      p->cpu->reg[EBX], p->cpu->reg[EAX]);
	vxproc_free(p);

	/* xadd %ah, (%si): both change */
	static const uint8_t c3[] = { 0x67, 0x0f, 0xc0, 0x24, STOP };
	p = g16("xadd-ah", c3, sizeof c3);
	p->cpu->reg[EAX] = 0xcafe0377;
	p->cpu->reg[ESI] = 0xffff0200;
	put(p, 0x200, "\x10", 1);
	ok = run_to_stop(p, 4);
	check("addr16-xadd-ah", ok && get(p, 0x200, 1) == 0x13 &&
	      p->cpu->reg[EAX] == 0xcafe1077, "mem %#x eax %#x",
	      get(p, 0x200, 1), p->cpu->reg[EAX]);
	vxproc_free(p);

	/* cmpxchg %ch, (%bx): al (implicit) equals the byte: it gets ch */
	static const uint8_t c4[] = { 0x67, 0x0f, 0xb0, 0x2f, STOP };
	p = g16("cmpxchg-ch", c4, sizeof c4);
	p->cpu->reg[EAX] = 0x00000044;
	p->cpu->reg[ECX] = 0x00009911;
	p->cpu->reg[EBX] = 0x00010300;
	put(p, 0x300, "\x44", 1);
	ok = run_to_stop(p, 4);
	check("addr16-cmpxchg-ch", ok && get(p, 0x300, 1) == 0x99 &&
	      p->cpu->reg[EAX] == 0x44 && p->cpu->reg[ECX] == 0x9911 &&
	      (FL(p) & 0x40), "mem %#x eax %#x ecx %#x flags %#x",
	      get(p, 0x300, 1), p->cpu->reg[EAX], p->cpu->reg[ECX], FL(p));
	vxproc_free(p);

	/* add %dh, (%bx) faulting: eax..edx as before, the trap at it */
	static const uint8_t c5[] = { 0x67, 0x00, 0x37, STOP };
	p = g16("add-dh-fault", c5, sizeof c5);
	vxmem_setperm(p, NOPERM, 0x1000, VXPERM_READ);
	p->cpu->reg[EDX] = 0x0000ab00;
	p->cpu->reg[EBX] = 0x00012010;
	int t = vxproc_run(p);
	check("addr16-high-byte-fault", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR && p->cpu->trapva == 0x2010 &&
	      p->cpu->reg[EDX] == 0xab00 && p->cpu->reg[EBX] == 0x12010,
	      "trap %#x eip %#x va %#x edx %#x", t, p->cpu->eip,
	      p->cpu->trapva, p->cpu->reg[EDX]);
	vxproc_free(p);
}

static void strings(void)
{
	/* rep movsb across the 64 KiB wrap of si */
	static const uint8_t c1[] = { 0xf3, 0x67, 0xa4, STOP };
	vxproc *p = g16("rep-movsb", c1, sizeof c1);
	p->cpu->reg[ESI] = 0x1234fffe;
	p->cpu->reg[EDI] = 0x56780400;
	p->cpu->reg[ECX] = 0xabcd0004;
	put(p, 0xfffe, "\x11\x22", 2);
	put(p, 0x0000, "\x33\x44", 2);
	int ok = run_to_stop(p, 3);
	check("addr16-rep-movsb-wrap", ok && get(p, 0x400, 4) == 0x44332211 &&
	      p->cpu->reg[ESI] == 0x12340002 && p->cpu->reg[EDI] == 0x56780404 &&
	      p->cpu->reg[ECX] == 0xabcd0000, "mem %#x esi %#x edi %#x ecx %#x",
	      get(p, 0x400, 4), p->cpu->reg[ESI], p->cpu->reg[EDI],
	      p->cpu->reg[ECX]);
	vxproc_free(p);

	/* std; rep stosw from di 2 down through 0 to 0xfffe; cld */
	static const uint8_t c2[] = { 0xfd, 0xf3, 0x67, 0x66, 0xab, 0xfc, STOP };
	p = g16("std-rep-stosw", c2, sizeof c2);
	p->cpu->reg[EAX] = 0x1234beef;
	p->cpu->reg[EDI] = 0x00000002;
	p->cpu->reg[ECX] = 0x00000003;
	ok = run_to_stop(p, 6);
	check("addr16-std-rep-stosw", ok && get(p, 0xfffe, 2) == 0xbeef &&
	      get(p, 0, 4) == 0xbeefbeef && get(p, 4, 2) == 0 &&
	      p->cpu->reg[EDI] == 0xfffc && p->cpu->reg[ECX] == 0,
	      "edi %#x ecx %#x", p->cpu->reg[EDI], p->cpu->reg[ECX]);
	vxproc_free(p);

	/* repe cmpsb stops at the first difference ('X' - 'Y') */
	static const uint8_t c3[] = { 0xf3, 0x67, 0xa6, STOP };
	p = g16("repe-cmpsb", c3, sizeof c3);
	p->cpu->reg[ESI] = 0x00000500;
	p->cpu->reg[EDI] = 0x00000600;
	p->cpu->reg[ECX] = 0x00010005;
	put(p, 0x500, "abcXe", 5);
	put(p, 0x600, "abcYe", 5);
	ok = run_to_stop(p, 3);
	check("addr16-repe-cmpsb", ok && p->cpu->reg[ECX] == 0x10001 &&
	      p->cpu->reg[ESI] == 0x504 && p->cpu->reg[EDI] == 0x604 &&
	      FL(p) == 0x95, "ecx %#x esi %#x edi %#x flags %#x",
	      p->cpu->reg[ECX], p->cpu->reg[ESI], p->cpu->reg[EDI], FL(p));
	vxproc_free(p);

	/* repne scasb finds al past the wrap of di */
	static const uint8_t c4[] = { 0xf2, 0x67, 0xae, STOP };
	p = g16("repne-scasb", c4, sizeof c4);
	p->cpu->reg[EAX] = 0x5a;
	p->cpu->reg[EDI] = 0x7777fffe;
	p->cpu->reg[ECX] = 0x00000005;
	put(p, 0xfffe, "\x01\x02", 2);
	put(p, 0, "\x5a", 1);
	ok = run_to_stop(p, 3);
	check("addr16-repne-scasb", ok && p->cpu->reg[EDI] == 0x77770001 &&
	      p->cpu->reg[ECX] == 2 && (FL(p) & 0x40), "edi %#x ecx %#x "
	      "flags %#x", p->cpu->reg[EDI], p->cpu->reg[ECX], FL(p));
	vxproc_free(p);

	/* lodsw, then rep movsb that faults in its third element: the
	   first two are done, si/di/cx say so, eip at the instruction */
	static const uint8_t c5[] = { 0x67, 0x66, 0xad, 0xf3, 0x67, 0xa4, STOP };
	p = g16("movsb-fault", c5, sizeof c5);
	vxmem_setperm(p, NOPERM, 0x1000, 0);
	p->cpu->reg[ESI] = 0x00031ffe;
	p->cpu->reg[EDI] = 0x00000800;
	p->cpu->reg[ECX] = 0x00000004;
	p->cpu->reg[EAX] = 0xffff0000;
	put(p, 0x1ffe, "\x0a\x0b", 2);
	int t = vxproc_run(p);
	/* lodsw read 0x0b0a at 0x1ffe; si = 0x2000: movsb faults at once */
	check("addr16-lodsw-movsb-fault", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR + 3 && p->cpu->trapva == 0x2000 &&
	      p->cpu->reg[EAX] == 0xffff0b0a && p->cpu->reg[ESI] == 0x32000 &&
	      p->cpu->reg[ECX] == 4 && p->cpu->reg[EDI] == 0x800,
	      "trap %#x eip %#x va %#x eax %#x esi %#x ecx %#x", t,
	      p->cpu->eip, p->cpu->trapva, p->cpu->reg[EAX],
	      p->cpu->reg[ESI], p->cpu->reg[ECX]);
	vxproc_free(p);

	static const uint8_t c6[] = { 0xf3, 0x67, 0xa4, STOP };
	p = g16("movsb-fault-mid", c6, sizeof c6);
	vxmem_setperm(p, NOPERM, 0x1000, 0);
	p->cpu->reg[ESI] = 0x00001ffe;
	p->cpu->reg[EDI] = 0x00000800;
	p->cpu->reg[ECX] = 0x00000004;
	put(p, 0x1ffe, "\x0a\x0b", 2);
	t = vxproc_run(p);
	check("addr16-rep-movsb-fault-mid", t == VXTRAP_PAGEFAULT &&
	      p->cpu->eip == CODE_ADDR && p->cpu->trapva == 0x2000 &&
	      p->cpu->reg[ESI] == 0x2000 && p->cpu->reg[EDI] == 0x802 &&
	      p->cpu->reg[ECX] == 2 && get(p, 0x800, 2) == 0x0b0a,
	      "trap %#x eip %#x va %#x esi %#x edi %#x ecx %#x", t,
	      p->cpu->eip, p->cpu->trapva, p->cpu->reg[ESI],
	      p->cpu->reg[EDI], p->cpu->reg[ECX]);
	vxproc_free(p);
}

static void others(void)
{
	/* xlat: al = [(bx + al) & 0xffff] */
	static const uint8_t c1[] = { 0x67, 0xd7, STOP };
	vxproc *p = g16("xlat", c1, sizeof c1);
	p->cpu->reg[EAX] = 0x123456f0;
	p->cpu->reg[EBX] = 0x0001ff20;
	put(p, 0x10, "\x99", 1);
	int ok = run_to_stop(p, 2);
	check("addr16-xlat", ok && p->cpu->reg[EAX] == 0x12345699,
	      "eax %#x", p->cpu->reg[EAX]);
	vxproc_free(p);

	/* mov (%bx), %eax at bx = 0xfffe: the address wraps, the access
	   does not (it reads the first code bytes at 0x10000), as the CPU
	   does it on the seg backend */
	static const uint8_t c1b[] = { 0x67, 0x8b, 0x07, STOP };
	p = g16("straddle", c1b, sizeof c1b);
	p->cpu->reg[EBX] = 0x1234fffe;
	put(p, 0xfffe, "\x11\x22", 2);
	put(p, 0x0000, "\x33\x44", 2);
	ok = run_to_stop(p, 3);
	check("addr16-straddle-64k", ok && p->cpu->reg[EAX] == 0x8b672211,
	      "eax %#x", p->cpu->reg[EAX]);
	vxproc_free(p);

	/* push (%bx); pop 0x700 (disp16); lea (%bx,%si), %ax (16-bit) */
	static const uint8_t c2[] = { 0x67, 0xff, 0x37,
				      0x67, 0x8f, 0x06, 0x00, 0x07,
				      0x66, 0x67, 0x8d, 0x00, STOP };
	p = g16("push-pop-lea", c2, sizeof c2);
	p->cpu->reg[EBX] = 0x0002fff0;
	p->cpu->reg[ESI] = 0x00000020;
	p->cpu->reg[EAX] = 0xdead0000;
	put(p, 0xfff0, "\x01\x02\x03\x04", 4);
	ok = run_to_stop(p, 12);
	check("addr16-push-pop-lea", ok && get(p, 0x700, 4) == 0x04030201 &&
	      p->cpu->reg[EAX] == 0xdead0010 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000, "mem %#x eax %#x",
	      get(p, 0x700, 4), p->cpu->reg[EAX]);
	vxproc_free(p);

	/* loop to itself counts cx down to 0: ecx 0x50003 -> 0x50000 */
	static const uint8_t c3[] = { 0x67, 0xe2, 0xfd, STOP };
	p = g16("loop16", c3, sizeof c3);
	p->cpu->reg[ECX] = 0x00050003;
	ok = run_to_stop(p, 3);
	check("addr16-loop-cx", ok && p->cpu->reg[ECX] == 0x50000, "ecx %#x",
	      p->cpu->reg[ECX]);
	vxproc_free(p);

	/* movups (%bx), %xmm0; f3 movdqu %xmm0, 0x10(%bx) (prefix order:
	   the mandatory prefix before the REX the translation adds);
	   fldl (%di); fstpl 8(%di); mov %eax, moffs16 */
	static const uint8_t c4[] = { 0x67, 0x0f, 0x10, 0x07,
				      0xf3, 0x67, 0x0f, 0x7f, 0x47, 0x10,
				      0x67, 0xdd, 0x05,
				      0x67, 0xdd, 0x5d, 0x08,
				      0x67, 0xa3, 0x00, 0x09, STOP };
	p = g16("sse-x87-moffs", c4, sizeof c4);
	p->cpu->reg[EBX] = 0x00010a00;
	p->cpu->reg[EDI] = 0xffff0b00;
	p->cpu->reg[EAX] = 0x600dcafe;
	put(p, 0xa00, "0123456789abcdef", 16);
	put(p, 0xb00, "\x00\x00\x00\x00\x00\x00\xf0\x3f", 8);	/* 1.0 */
	ok = run_to_stop(p, sizeof c4 - 2);
	char buf[17] = "";
	vxmem_read(p, buf, 0xa10, 16);
	check("addr16-sse-x87-moffs", ok && !memcmp(buf, "0123456789abcdef", 16) &&
	      get(p, 0xb08, 4) == 0 && get(p, 0xb0c, 4) == 0x3ff00000 &&
	      get(p, 0x900, 4) == 0x600dcafe, "copy %.16s, double %#x, "
	      "moffs %#x", buf, get(p, 0xb0c, 4), get(p, 0x900, 4));
	vxproc_free(p);

	/* bound %eax, (%bp,%di) in range; ljmp *(%si) to the own cs */
	static const uint8_t c5[] = { 0x67, 0x62, 0x03,
				      0x67, 0xff, 0x2c, 0xcc, STOP };
	p = g16("bound-ljmp", c5, sizeof c5);
	p->cpu->reg[EAX] = 5;
	p->cpu->reg[EBP] = 0x00010c00;
	p->cpu->reg[EDI] = 0x00000010;
	p->cpu->reg[ESI] = 0x0000d00;
	uint32_t bounds[2] = { 1, 9 }, far[2] = { CODE_ADDR + 7, 0x23 };
	put(p, 0xc10, bounds, 8);
	put(p, 0xd00, far, 6);
	ok = run_to_stop(p, 7);
	check("addr16-bound-ljmp", ok, "trap or eip wrong: eip %#x",
	      p->cpu->eip);
	vxproc_free(p);
}

/*
 * Far transfers with a 16-bit operand size (66): ip and cs are 16-bit
 * slots and the new eip is the 16-bit offset, so the code lives below
 * 64 KiB (0x8000).  lretw, lcallw (its return through lretw), iretw and
 * ljmpw chain to the final int $0x30; any wrong slot size or offset
 * lands on an int3 or outside the code.
 */
static void far16(void)
{
	static const uint8_t code[] = {
		/* 8000 */ 0x66, 0x6a, 0x23,		/* pushw $0x23 */
		/* 8003 */ 0x66, 0x68, 0x0a, 0x80,	/* pushw $0x800a */
		/* 8007 */ 0x66, 0xcb,			/* lretw */
		/* 8009 */ 0xcc,
		/* 800a */ 0x66, 0x9a, 0x12, 0x80, 0x23, 0x00, /* lcallw */
		/* 8010 */ 0xeb, 0x0e,			/* jmp 8020 */
		/* 8012 */ 0x66, 0xcb,			/* lretw */
		/* 8014 */ 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
		/* 801a */ 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
		/* 8020 */ 0x66, 0x9c,			/* pushfw */
		/* 8022 */ 0x66, 0x6a, 0x23,		/* pushw $0x23 */
		/* 8025 */ 0x66, 0x68, 0x2c, 0x80,	/* pushw $0x802c */
		/* 8029 */ 0x66, 0xcf,			/* iretw */
		/* 802b */ 0xcc,
		/* 802c */ 0x66, 0xea, 0x33, 0x80, 0x23, 0x00, /* ljmpw */
		/* 8032 */ 0xcc,
		/* 8033 */ STOP,
	};
	vxproc *p = guest_at("far16", 0x8000, code, sizeof code);
	uint32_t top = STACK_ADDR + 0x1000;
	int t = vxproc_run(p);

	if (t != VXTRAP_SOFT + 0x30)
		printf("# traperr %#x writable %d: %s\n", p->cpu->traperr,
		       vxmem_checkperm(p, 0x20ffe, 2, VXPERM_WRITE, NULL),
		       vxproc_error(p));
	check("addr16-far-16bit", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->eip == 0x8035 && p->cpu->reg[ESP] == top &&
	      get(p, top - 4, 2) == 0x23 && get(p, top - 6, 2) == 0x802c,
	      "trap %#x eip %#x esp %#x va %#x, slots %#x %#x", t, p->cpu->eip,
	      p->cpu->trapva,
	      p->cpu->reg[ESP], get(p, top - 4, 2), get(p, top - 6, 2));
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("addr16-high-bytes", high_bytes);
	isolated("addr16-strings", strings);
	isolated("addr16-others", others);
	isolated("addr16-far16", far16);
	return nfailed != 0;
}
