/*
 * api_strwrap.c - every string instruction across the 4 GiB boundary.
 *
 * With both the last page (0xfffff000) and page 0 mapped, an i386 string
 * instruction whose esi or edi runs past 0xffffffff continues at 0 (and
 * with DF set, past 0 at 0xffffffff): nothing faults.  Each case runs one
 * instruction (movs cmps stos lods scas; byte, word, dword; no prefix,
 * rep, repne; DF 0 and 1) with esi and/or edi a few elements before the
 * wrap, and compares registers, the arithmetic flags and both pages with
 * a model of the instruction written from the architecture manual
 * (below), which knows nothing of vx32.  The rep forms are where vx32
 * uses the host's own rep movs/stos on host addresses (libvx32/string.S)
 * and must not: the range does not fit below 4 GiB.  ins/outs trap
 * (privileged) whatever their pointers, with nothing written.
 */
#include "check.h"

#define TOP	0xfffff000u
#define SPAN	64		/* bytes on each side of the wrap used */

/* The model's memory: the last page, page 0 and the data page, addressed
   mod 2^32 (nothing else is used). */
static uint8_t mtop[4096], mlow[4096], mdata[4096];

static uint8_t *mbyte(uint32_t a)
{
	if (a >= TOP)
		return &mtop[a - TOP];
	if (a < 4096)
		return &mlow[a];
	if (a - DATA_ADDR < 4096)
		return &mdata[a - DATA_ADDR];
	abort();	/* a case outside the pages it set up */
}

static uint32_t mread(uint32_t a, int size)
{
	uint32_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint32_t)*mbyte(a + i) << (8 * i);
	return v;
}

static void mwrite(uint32_t a, int size, uint32_t v)
{
	for (int i = 0; i < size; i++)
		*mbyte(a + i) = (uint8_t)(v >> (8 * i));
}

struct regs {
	uint32_t eax, ecx, esi, edi, flags;
};

#define CF 0x001
#define PF 0x004
#define AF 0x010
#define ZF 0x040
#define SF 0x080
#define OF 0x800
#define DF 0x400
#define ARITH (CF | PF | AF | ZF | SF | OF)

/* Flags of a - b at size bytes, as cmp sets them. */
static uint32_t sub_flags(uint32_t a, uint32_t b, int size)
{
	int bits = 8 * size;
	uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
	uint32_t r = (a - b) & mask, sign = 1u << (bits - 1), f = 0;

	a &= mask;
	b &= mask;
	if (a < b)
		f |= CF;
	if (!r)
		f |= ZF;
	if (r & sign)
		f |= SF;
	if ((a ^ b) & (a ^ r) & sign)
		f |= OF;
	if ((a ^ b ^ r) & 0x10)
		f |= AF;
	if (!__builtin_parity(r & 0xff))
		f |= PF;
	return f;
}

enum op { MOVS, CMPS, STOS, LODS, SCAS };
static const char *opname[] = { "movs", "cmps", "stos", "lods", "scas" };

/* The instruction, as the manual describes it. */
static void model(enum op op, int size, int rep, struct regs *r)
{
	int32_t step = r->flags & DF ? -size : size;
	uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;

	for (;;) {
		if (rep && r->ecx == 0)
			break;
		switch (op) {
		case MOVS:
			mwrite(r->edi, size, mread(r->esi, size));
			r->esi += step;
			r->edi += step;
			break;
		case STOS:
			mwrite(r->edi, size, r->eax);
			r->edi += step;
			break;
		case LODS:
			r->eax = (r->eax & ~mask) | mread(r->esi, size);
			r->esi += step;
			break;
		case CMPS:
			r->flags = (r->flags & ~ARITH) |
				   sub_flags(mread(r->esi, size),
					     mread(r->edi, size), size);
			r->esi += step;
			r->edi += step;
			break;
		case SCAS:
			r->flags = (r->flags & ~ARITH) |
				   sub_flags(r->eax, mread(r->edi, size), size);
			r->edi += step;
			break;
		}
		if (!rep)
			break;
		r->ecx--;
		/* repe/repne end on the comparison's ZF */
		if ((op == CMPS || op == SCAS) &&
		    ((rep == 1 && !(r->flags & ZF)) ||
		     (rep == 2 && (r->flags & ZF))))
			break;
	}
}

/* The pages filled with a pattern that repeats every 16 bytes, so that
   repe runs on across the wrap and stops where a byte was changed. */
static void fill(vxproc *p)
{
	for (int i = 0; i < 4096; i++) {
		mtop[i] = (uint8_t)(0x40 + i % 16);
		mlow[i] = (uint8_t)(0x40 + i % 16);
		mdata[i] = (uint8_t)(0x40 + i % 16);
	}
	mlow[40] ^= 0x21;	/* a difference after the wrap, going up */
	mtop[4096 - 40] ^= 0x12;	/* and going down */
	vxmem_write(p, mtop, TOP, 4096);
	vxmem_write(p, mlow, 0, 4096);
	vxmem_write(p, mdata, DATA_ADDR, 4096);
}

static int mismatch(vxproc *p, uint32_t *where)
{
	static const uint32_t base[] = { TOP, 0, DATA_ADDR };
	uint8_t *model[] = { mtop, mlow, mdata };
	static uint8_t got[4096];

	for (int k = 0; k < 3; k++) {
		if (vxmem_read(p, got, base[k], 4096) < 0)
			return *where = 0xdeadbeef, 1;
		for (int i = 0; i < 4096; i++)
			if (got[i] != model[k][i])
				return *where = base[k] + i, 1;
	}
	return 0;
}

/*
 * One case: op/size/rep/DF with esi and edi as given (those the
 * instruction does not use are ignored), ecx elements.
 */
static int one(enum op op, int size, int rep, int down, uint32_t esi,
	       uint32_t edi, uint32_t ecx, uint32_t eax)
{
	static const uint8_t opc[] = { 0xa4, 0xa6, 0xaa, 0xac, 0xae };
	uint8_t code[8];
	int n = 0;
	char name[80];

	code[n++] = down ? 0xfd : 0xfc;			/* std / cld */
	if (rep)
		code[n++] = rep == 2 ? 0xf2 : 0xf3;
	if (size == 2)
		code[n++] = 0x66;
	code[n++] = opc[op] + (size > 1);
	code[n++] = 0xcd;				/* int $0x30 */
	code[n++] = 0x30;
	snprintf(name, sizeof name, "%s%s%c-%s-esi%08x-edi%08x-ecx%u",
		 rep == 2 ? "repne-" : rep ? "rep-" : "", opname[op],
		 "?bw?l"[size], down ? "down" : "up", esi, edi, ecx);

	vxproc *p = guest(name, code, n);
	vxmem_map(p, TOP, 0x1000, VXPERM_READ | VXPERM_WRITE);
	vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
	fill(p);

	struct regs want = { eax, ecx, esi, edi, (down ? DF : 0) | CF | ZF };
	uint32_t *r = p->cpu->reg;
	r[EAX] = eax; r[ECX] = ecx; r[ESI] = esi; r[EDI] = edi;
	p->cpu->eflags = (p->cpu->eflags & ~ARITH) | CF | ZF;
	model(op, size, rep, &want);

	int t = vxproc_run(p);
	uint32_t where = 0;
	int ok = t == VXTRAP_SOFT + 0x30 && r[EAX] == want.eax &&
		 r[ECX] == want.ecx && r[ESI] == want.esi && r[EDI] == want.edi &&
		 (p->cpu->eflags & (ARITH | DF)) == want.flags &&
		 !mismatch(p, &where);
	if (!ok) {
		check(name, 0, "trap %#x at eip %#x (va %#x); eax %#x ecx %#x "
		      "esi %#x edi %#x flags %#x, want eax %#x ecx %#x esi %#x "
		      "edi %#x flags %#x; memory differs at %#x", t,
		      p->cpu->eip, p->cpu->trapva, r[EAX], r[ECX], r[ESI],
		      r[EDI], p->cpu->eflags & (ARITH | DF), want.eax, want.ecx,
		      want.esi, want.edi, want.flags, where);
	}
	vxproc_free(p);
	return ok;
}

/*
 * For each instruction and direction: the pointer(s) it uses start k
 * elements before the wrap (going up: below 4 GiB; going down: above
 * 0), with 2k elements to do, for the rep forms; the plain forms are
 * run at the last element before the wrap and at the first after it.
 */
static void test_wrap(int op)
{
	int total = 0, good = 0;

	for (int size = 1; size <= 4; size *= 2) {
		for (int down = 0; down <= 1; down++) {
			uint32_t k = 12;
			/* first element crossing: up from the top, down
			   from page 0 */
			uint32_t start = down ? (k - 1) * size : 0u - k * size;
			uint32_t last = down ? 0 : 0u - size;
			uint32_t after = down ? 0u - size : 0;
			int nrep = (op == CMPS || op == SCAS) ? 3 : 2;

			for (int rep = 0; rep < nrep; rep++) {
				/* the wrapping pointer on each side in turn
				   (for movs/cmps), the other one plain */
				uint32_t other = DATA_ADDR + 0x800;
				if (rep) {
					/* esi wraps (lods), edi (stos,
					   scas), or each in turn */
					int di = op == STOS || op == SCAS;
					total++;
					good += one(op, size, rep, down,
						    di ? other : start,
						    di ? start : other, 2 * k,
						    0x4c4d4e4f);
					if (op == MOVS || op == CMPS) {
						total += 2;
						good += one(op, size, rep, down,
							    other, start, 2 * k,
							    0x44434241);
						/* both wrapping at once */
						good += one(op, size, rep, down,
							    start, start +
							    (down ? 4 : -4) * size,
							    2 * k, 0);
					}
				} else {
					total += 2;
					good += one(op, size, 0, down, last,
						    last, 1, 0x4f4e4d4c);
					good += one(op, size, 0, down, after,
						    after, 1, 0x4f4e4d4c);
				}
			}
		}
	}
	char name[40];
	snprintf(name, sizeof name, "wrap-%s", opname[op]);
	check(name, good == total, "%d of %d cases wrong (listed above)",
	      total - good, total);
}

static void test_wrap_movs(void) { test_wrap(MOVS); }
static void test_wrap_cmps(void) { test_wrap(CMPS); }
static void test_wrap_stos(void) { test_wrap(STOS); }
static void test_wrap_lods(void) { test_wrap(LODS); }
static void test_wrap_scas(void) { test_wrap(SCAS); }

/* ins and outs trap before touching memory, whatever esi/edi hold. */
static void test_wrap_insouts(void)
{
	static const uint8_t insn[][3] = {
		{ 0xfc, 0xf3, 0x6c },	/* cld; rep insb */
		{ 0xfd, 0xf3, 0x6d },	/* std; rep insl */
		{ 0xfc, 0xf3, 0x6e },	/* cld; rep outsb */
		{ 0xfd, 0xf3, 0x6f },	/* std; rep outsl */
	};
	int good = 0;

	for (int i = 0; i < 4; i++) {
		vxproc *p = guest("wrap-insouts", insn[i], 3);
		uint32_t where;

		vxmem_map(p, TOP, 0x1000, VXPERM_READ | VXPERM_WRITE);
		vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
		fill(p);
		p->cpu->reg[ESI] = p->cpu->reg[EDI] = i & 1 ? 4 : 0xfffffff8;
		p->cpu->reg[ECX] = 16;
		p->cpu->reg[EDX] = 0x80;
		int t = vxproc_run(p);
		if (t == VXTRAP_PROTECTION && p->cpu->eip == CODE_ADDR + 1 &&
		    p->cpu->reg[ECX] == 16 && !mismatch(p, &where))
			good++;
		else
			printf("# %d: trap %#x eip %#x ecx %u\n", i, t,
			       p->cpu->eip, p->cpu->reg[ECX]);
		vxproc_free(p);
	}
	check("wrap-insouts", good == 4, "%d of 4 wrong", 4 - good);
}

int main(void)
{
	if (vx32_init() < 0) {
		printf("not ok init: vx32_init failed (errno %d)\n", errno);
		return 1;
	}
	isolated("wrap-movs", test_wrap_movs);
	isolated("wrap-cmps", test_wrap_cmps);
	isolated("wrap-stos", test_wrap_stos);
	isolated("wrap-lods", test_wrap_lods);
	isolated("wrap-scas", test_wrap_scas);
	isolated("wrap-insouts", test_wrap_insouts);
	return nfailed != 0;
}
