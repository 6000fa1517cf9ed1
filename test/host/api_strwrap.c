/*
 * api_strwrap.c - every string instruction across the 4 GiB boundary and
 * across the end of a smaller address space.
 *
 * In a 4 GiB address space (flat), with both the last page (0xfffff000)
 * and page 0 mapped, an i386 string instruction whose esi or edi runs
 * past 0xffffffff continues at 0 (and with DF set, past 0 at 0xffffffff):
 * nothing faults.  In a smaller space (VXLIMIT_SPACE: at most 3 GiB on
 * the seg backend, and set so on flat as well, so that both backends are
 * held to the same model) the pointers still wrap mod 2^32, but an
 * element at or past the end of the space faults: a page fault at its
 * first byte beyond the end, eip at the instruction, the registers and
 * memory as after the iterations that completed (a rep instruction is
 * restartable element by element), nothing of the faulting element
 * written.
 *
 * Each case runs one instruction (movs cmps stos lods scas; byte, word,
 * dword; no prefix, rep, repne; DF 0 and 1) with esi and/or edi a few
 * elements before the edge - 2^32, or the end of the space - and compares
 * the trap, registers, the arithmetic flags and the pages around the edge
 * with a model of the instruction written from the architecture manual
 * (below), which knows nothing of vx32.  The rep forms are where vx32
 * uses the host's own rep movs/stos on host addresses (on flat: inline
 * for movs/stos, libvx32/xlflat.c, and in libvx32/string.S) and must
 * not: the range does not fit below the edge.  Each case runs with DF
 * set by a cld/std just before, by the host, and by a popf after a cld,
 * since flat checks the range differently when it knows DF is clear.
 * ins/outs
 * trap (privileged) whatever their pointers, with nothing written.
 */
#include "check.h"

#define SPAN	64		/* bytes on each side of the wrap used */
#define SMALL	0xc0000000u	/* the small space: seg's default and most */

/* The guest's address space in this run, and the page below its end. */
static uint64_t space;
static uint32_t top;

/* The model's memory: the last page of the space, page 0 and the data
   page, addressed mod 2^32; nothing at or past the end of the space. */
static uint8_t mtop[4096], mlow[4096], mdata[4096];

static uint8_t *mbyte(uint32_t a)
{
	if (a >= space)
		return NULL;	/* the model checks this before it accesses */
	if (a >= top)
		return &mtop[a - top];
	if (a < 4096)
		return &mlow[a];
	if (a - DATA_ADDR < 4096)
		return &mdata[a - DATA_ADDR];
	abort();	/* a case outside the pages it set up */
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

/* What the instruction did: stopped at its int $0x30, or faulted. */
struct outcome {
	int fault;
	uint32_t va;	/* the first byte of the space it could not reach */
	int write;
};

/* Can the model reach size bytes at a?  Else the fault's address: the
   element's first byte past the end of the space (the space ends at
   2^32 at the latest, reported as 0xffffffff). */
static int reach(uint32_t a, int size, int write, struct outcome *o)
{
	uint64_t end = (uint64_t)a + size;

	if (end <= space)
		return 1;
	o->fault = 1;
	o->va = a >= space ? a : space >= 0xffffffffu ? 0xffffffffu :
		(uint32_t)space;
	o->write = write;
	return 0;
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

/*
 * The accesses of one iteration, in the order the CPU makes them
 * (movs and cmps: the source first): 0 if one faults (o says where),
 * before anything of the iteration changes.
 */
static int reachable(enum op op, int size, const struct regs *r,
		     struct outcome *o)
{
	switch (op) {
	case MOVS:
		return reach(r->esi, size, 0, o) && reach(r->edi, size, 1, o);
	case CMPS:
		return reach(r->esi, size, 0, o) && reach(r->edi, size, 0, o);
	case STOS:
		return reach(r->edi, size, 1, o);
	case LODS:
		return reach(r->esi, size, 0, o);
	case SCAS:
		return reach(r->edi, size, 0, o);
	}
	abort();
}

/* The instruction, as the manual describes it. */
static void model(enum op op, int size, int rep, struct regs *r,
		  struct outcome *o)
{
	int32_t step = r->flags & DF ? -size : size;
	uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;

	*o = (struct outcome){ 0 };
	for (;;) {
		if (rep && r->ecx == 0)
			break;
		if (!reachable(op, size, r, o))
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
	vxmem_write(p, mtop, top, 4096);
	vxmem_write(p, mlow, 0, 4096);
	vxmem_write(p, mdata, DATA_ADDR, 4096);
}

static int mismatch(vxproc *p, uint32_t *where)
{
	const uint32_t base[] = { top, 0, DATA_ADDR };
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

/* A guest for this run's space, with the pages of the model mapped. */
static vxproc *new_guest(const char *name, const void *code, size_t n)
{
	guest_space = space < default_space() ? space : 0;
	vxproc *p = guest(name, code, n);

	if (vxmem_map(p, top, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0)
		die(name, "cannot map the pages at the edges");
	fill(p);
	return p;
}

/*
 * How a case sets DF before its instruction: cld/std just before it (in
 * the same translated block, where flat knows the direction at
 * translation), nothing (the host's eflags, known only when it runs), or
 * a cld and then popf of the case's flags (a cld earlier in the block that
 * popf overrides).
 */
enum { DF_INSN, DF_HOST, DF_POPF, NHOW };
static const char *const howname[NHOW] = { "", "-hostdf", "-popf" };

/*
 * One case: op/size/rep/DF with esi and edi as given (those the
 * instruction does not use are ignored), ecx elements, DF set as how says.
 */
static int one_how(enum op op, int size, int rep, int down, uint32_t esi,
		   uint32_t edi, uint32_t ecx, uint32_t eax, int how)
{
	static const uint8_t opc[] = { 0xa4, 0xa6, 0xaa, 0xac, 0xae };
	uint32_t flags0 = (down ? DF : 0) | CF | ZF;
	uint8_t code[16];
	int n = 0, at;
	char name[100];

	if (how == DF_INSN) {
		code[n++] = down ? 0xfd : 0xfc;		/* std / cld */
	} else if (how == DF_POPF) {
		code[n++] = 0xfc;			/* cld */
		code[n++] = 0x68;			/* push $flags0|2 */
		memcpy(code + n, &(uint32_t){ flags0 | 2 }, 4);
		n += 4;
		code[n++] = 0x9d;			/* popf */
	}
	at = n;
	if (rep)
		code[n++] = rep == 2 ? 0xf2 : 0xf3;
	if (size == 2)
		code[n++] = 0x66;
	code[n++] = opc[op] + (size > 1);
	code[n++] = 0xcd;				/* int $0x30 */
	code[n++] = 0x30;
	snprintf(name, sizeof name, "%s%s%c-%s-esi%08x-edi%08x-ecx%u%s%s",
		 rep == 2 ? "repne-" : rep ? "rep-" : "", opname[op],
		 "?bw?l"[size], down ? "down" : "up", esi, edi, ecx,
		 space < (1ull << 32) ? "-small" : "", howname[how]);

	vxproc *p = new_guest(name, code, n);
	struct regs want = { eax, ecx, esi, edi, flags0 };
	struct outcome o;
	uint32_t *r = p->cpu->reg;
	r[EAX] = eax; r[ECX] = ecx; r[ESI] = esi; r[EDI] = edi;
	p->cpu->eflags = (p->cpu->eflags & ~(ARITH | DF)) | CF | ZF |
			 (how == DF_HOST ? flags0 & DF : 0);
	model(op, size, rep, &want, &o);

	int t = vxproc_run(p);
	uint32_t where = 0, flags = p->cpu->eflags & (ARITH | DF);
	int differs = mismatch(p, &where);
	/*
	 * A fault in a repeated cmps/scas: Intel's manual has the flags
	 * restored to those before the instruction (flat's string routines
	 * do so), AMD's CPUs leave those of the last comparison (the seg
	 * backend runs the instruction natively).  Either resumes alike:
	 * the comparison does not read them.
	 */
	int flags_ok = flags == want.flags ||
		       (o.fault && rep && (op == CMPS || op == SCAS) &&
			flags == flags0);
	int ok = r[EAX] == want.eax &&
		 r[ECX] == want.ecx && r[ESI] == want.esi && r[EDI] == want.edi &&
		 flags_ok && !differs;
	if (o.fault)
		ok = ok && t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR + at &&
		     p->cpu->trapva == o.va &&
		     !!(p->cpu->traperr & 2) == o.write;
	else
		ok = ok && t == VXTRAP_SOFT + 0x30;
	if (!ok) {
		check(name, 0, "trap %#x at eip %#x (va %#x %s); eax %#x ecx %#x "
		      "esi %#x edi %#x flags %#x, want %s%#x eax %#x ecx %#x "
		      "esi %#x edi %#x flags %#x; memory %s %#x", t,
		      p->cpu->eip, p->cpu->trapva,
		      p->cpu->traperr & 2 ? "write" : "read", r[EAX], r[ECX],
		      r[ESI], r[EDI], flags,
		      o.fault ? o.write ? "a write fault at " : "a read fault at " :
		      "no fault ", o.fault ? o.va : 0, want.eax, want.ecx,
		      want.esi, want.edi, want.flags,
		      differs ? "differs at" : "as the model's", where);
	}
	vxproc_free(p);
	return ok;
}

/* One case with DF set in each way in turn: right only if all are. */
static int one(enum op op, int size, int rep, int down, uint32_t esi,
	       uint32_t edi, uint32_t ecx, uint32_t eax)
{
	int ok = 1;

	for (int how = 0; how < NHOW; how++)
		ok &= one_how(op, size, rep, down, esi, edi, ecx, eax, how);
	return ok;
}

/*
 * For each instruction and direction: the pointer(s) it uses start k
 * elements before the edge (going up: below it; going down: above it,
 * which for the 2^32 edge is above 0), with 2k elements to do, for the
 * rep forms; the plain forms are run at the last element before the edge
 * and at the first after it.  With skew, the pointers going up are one
 * byte past that, so that one element straddles the edge; going down,
 * the first element straddles it.
 */
static void cases(int op, uint32_t edge, int skew, int *total, int *good)
{
	for (int size = 1 + !!skew; size <= 4; size *= 2) {
		for (int down = 0; down <= 1; down++) {
			uint32_t k = 12;
			uint32_t start = down ? edge + (k - 1) * size :
				edge - k * size + skew;
			uint32_t last = (down ? edge : edge - size) + skew;
			uint32_t after = (down ? edge - size : edge) + skew;
			if (down && skew)
				start = last = after = edge - size + skew;
			int nrep = (op == CMPS || op == SCAS) ? 3 : 2;
			int32_t back = down ? size : -size;

			for (int rep = 0; rep < nrep; rep++) {
				/* the pointer at the edge on each side in
				   turn (for movs/cmps), the other one plain */
				uint32_t other = DATA_ADDR + 0x800;
				if (!rep) {
					*total += 2;
					*good += one(op, size, 0, down, last,
						     last, 1, 0x4f4e4d4c);
					*good += one(op, size, 0, down, after,
						     after, 1, 0x4f4e4d4c);
					continue;
				}
				/* esi at the edge (lods), edi (stos, scas),
				   or each in turn */
				int di = op == STOS || op == SCAS;
				*total += 1;
				*good += one(op, size, rep, down,
					     di ? other : start,
					     di ? start : other, 2 * k,
					     0x4c4d4e4f);
				if (op != MOVS && op != CMPS)
					continue;
				*total += 3;
				*good += one(op, size, rep, down, other, start,
					     2 * k, 0x44434241);
				/* both at once, edi four elements behind */
				*good += one(op, size, rep, down, start,
					     start + 4 * back, 2 * k, 0);
				/* edi one element ahead: it reaches the edge
				   while esi's element still fits */
				*good += one(op, size, rep, down, start,
					     start - back, 2 * k, 0);
			}
		}
	}
}

/* The cases of one instruction in this run's space. */
static void test_op(int op)
{
	char name[40];
	int total = 0, good = 0;
	const char *sfx = space < (1ull << 32) ? "-small" : "";
	vxproc *p = vxproc_alloc();

	snprintf(name, sizeof name, "wrap-%s%s", opname[op], sfx);
	if (!p)
		die(name, "vxproc_alloc failed");
	if (limits_waived(p, name)) {
		vxproc_free(p);
		return;
	}
	vxproc_free(p);
	cases(op, 0, 0, &total, &good);
	cases(op, 0, 1, &total, &good);
	check(name, good == total, "%d of %d cases wrong (listed above)",
	      total - good, total);
	if (space >= (1ull << 32))
		return;
	total = good = 0;
	snprintf(name, sizeof name, "end-%s%s", opname[op], sfx);
	cases(op, (uint32_t)space, 0, &total, &good);
	cases(op, (uint32_t)space, 1, &total, &good);
	check(name, good == total, "%d of %d cases wrong (listed above)",
	      total - good, total);
}

/* Each instruction in the backend's own space, and in a small space if
   that is larger. */
static void test_wrap(int op)
{
	uint64_t def = default_space();

	space = def;
	top = (uint32_t)(space - 0x1000);
	test_op(op);
	if (def <= SMALL)
		return;
	space = SMALL;
	top = (uint32_t)(space - 0x1000);
	test_op(op);
}

static void test_wrap_movs(void) { test_wrap(MOVS); }
static void test_wrap_cmps(void) { test_wrap(CMPS); }
static void test_wrap_stos(void) { test_wrap(STOS); }
static void test_wrap_lods(void) { test_wrap(LODS); }
static void test_wrap_scas(void) { test_wrap(SCAS); }

/*
 * DF as the host sets it between runs: the same translated movsb, run
 * with DF set, then clear, then set, steps down, up, down (the guest
 * never runs cld or std).
 */
static void test_df_from_host(void)
{
	static const uint8_t code[] = { 0xa4, 0xcd, 0x30 };	/* movsb */
	static const int down[] = { 1, 0, 1 };
	int good = 0;

	space = default_space();
	top = (uint32_t)(space - 0x1000);
	vxproc *p = new_guest("df-from-host", code, sizeof code);
	for (int i = 0; i < 3; i++) {
		p->cpu->eip = CODE_ADDR;
		p->cpu->reg[ESI] = DATA_ADDR + 0x100;
		p->cpu->reg[EDI] = DATA_ADDR + 0x200;
		p->cpu->eflags = (p->cpu->eflags & ~DF) | (down[i] ? DF : 0);
		int t = vxproc_run(p);
		uint32_t want = down[i] ? 0xff : 0x101;
		if (t == VXTRAP_SOFT + 0x30 &&
		    p->cpu->reg[ESI] == DATA_ADDR + want &&
		    p->cpu->reg[EDI] == DATA_ADDR + 0x100 + want)
			good++;
		else
			printf("# run %d (DF %d): trap %#x esi %#x edi %#x\n", i,
			       down[i], t, p->cpu->reg[ESI], p->cpu->reg[EDI]);
	}
	vxproc_free(p);
	check("df-from-host", good == 3, "%d of 3 runs wrong", 3 - good);
}

/*
 * A long rep stos (byte, word, dword) or movs that starts on the page of
 * its own code (after the code) and runs on over 64 MiB (movs: 32 MiB,
 * from the 32 MiB above): the store to code is seen at its first
 * element, and the rest must run as a rep does, not element by element
 * (flat: its string routine finishes it, and the run leaves at the next
 * instruction; single steps would take minutes, past the test's time
 * limit, with the guest deaf to vxproc_interrupt all along).  The seg
 * backend runs the guest's rep natively and steps it after such a store:
 * flat only.
 */
static void test_smc_rep_long(void)
{
	static const struct {
		const char *name;
		uint8_t code[6];
		int n, size, movs;
	} v[] = {
		/* cld; rep stos/movs; int $0x30 */
		{ "stosb", { 0xfc, 0xf3, 0xaa, 0xcd, 0x30 }, 5, 1, 0 },
		{ "stosw", { 0xfc, 0x66, 0xf3, 0xab, 0xcd, 0x30 }, 6, 2, 0 },
		{ "stosl", { 0xfc, 0xf3, 0xab, 0xcd, 0x30 }, 5, 4, 0 },
		{ "movsl", { 0xfc, 0xf3, 0xa5, 0xcd, 0x30 }, 5, 4, 1 },
	};
	const uint32_t start = CODE_ADDR + 0x800, len = 64u << 20;

	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		char name[60];
		uint8_t before = 0, first = 0, last = 0;
		/* movs: the upper half of the region to the lower */
		uint32_t bytes = v[i].movs ? len / 2 : len;

		snprintf(name, sizeof name, "smc-rep-long-%s-flat", v[i].name);
		vxproc *p = guest(name, v[i].code, v[i].n);
		if (vxproc_backend(p) != VX32_BACKEND_FLAT) {
			vxproc_free(p);
			return;
		}
		if (vxmem_setperm(p, CODE_ADDR, 0x1000, VXPERM_READ |
				  VXPERM_WRITE | VXPERM_EXEC) < 0 ||
		    vxmem_map(p, CODE_ADDR + 0x1000, len,
			      VXPERM_READ | VXPERM_WRITE) < 0)
			die(name, "cannot map the guest's memory");
		if (v[i].movs) {
			uint8_t fill[4096];
			memset(fill, 0x5a, sizeof fill);
			for (uint32_t a = 0; a < bytes; a += sizeof fill)
				vxmem_write(p, fill, start + bytes + a,
					    sizeof fill);
		}
		p->cpu->reg[EAX] = 0x5a5a5a5a;
		p->cpu->reg[ESI] = start + bytes;
		p->cpu->reg[EDI] = start;
		p->cpu->reg[ECX] = bytes / v[i].size;
		int t = vxproc_run(p);
		vxmem_read(p, &before, start - 1, 1);
		vxmem_read(p, &first, start, 1);
		vxmem_read(p, &last, start + bytes - 1, 1);
		check(name, t == VXTRAP_SOFT + 0x30 &&
		      p->cpu->eip == CODE_ADDR + v[i].n &&
		      p->cpu->reg[ECX] == 0 &&
		      p->cpu->reg[EDI] == start + bytes &&
		      (!v[i].movs || p->cpu->reg[ESI] == start + 2 * bytes) &&
		      before == 0 && first == 0x5a && last == 0x5a,
		      "trap %#x at eip %#x, ecx %#x esi %#x edi %#x; bytes "
		      "%#x %#x %#x", t, p->cpu->eip, p->cpu->reg[ECX],
		      p->cpu->reg[ESI], p->cpu->reg[EDI], before, first, last);
		vxproc_free(p);
	}
}

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

	space = default_space();
	top = (uint32_t)(space - 0x1000);
	for (int i = 0; i < 4; i++) {
		vxproc *p = new_guest("wrap-insouts", insn[i], 3);
		uint32_t where;

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
	isolated("df-from-host", test_df_from_host);
	isolated("smc-rep-long", test_smc_rep_long);
	return nfailed != 0;
}
