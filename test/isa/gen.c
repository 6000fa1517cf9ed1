/*
 * gen.c - generate the differential ISA test programs.
 *
 * usage: gen OUTDIR
 *
 * Writes OUTDIR/NAME.S for each group of instruction forms (alu, shift,
 * ...), OUTDIR/fault-*.S (one faulting case per program), OUTDIR/forms
 * (one line per form: program, form key, output name, number of cases;
 * tab-separated) and OUTDIR/groups
 * (the program names).  Each program is assembled twice with isa.h (for
 * vxrun, and with -DLINUX for qemu-i386) and the two outputs must match.
 *
 * A form is a mnemonic with its operand sizes and kinds (register,
 * memory, immediate, accumulator short form, alternative encoding) or,
 * for lea and mov, its addressing kind.  Each form runs on several input
 * states generated here with a fixed seed: interesting values (0, 1, -1,
 * 0x7f.., 0x80.., 0xff..) and random ones, both values of the flags an
 * instruction reads.  With every state goes the mask of the EFLAGS bits
 * the Intel SDM defines after the instruction for that input (shift and
 * rotate counts decide which flags are defined, so the mask is per
 * state); undefined flags are masked, nothing else.
 *
 * Only libc; run on the build host.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_CF	0x001
#define F_PF	0x004
#define F_AF	0x010
#define F_ZF	0x040
#define F_SF	0x080
#define F_DF	0x400
#define F_OF	0x800
#define F_ARITH	(F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_ALL	(F_ARITH | F_DF)

/* Kinds, as in isa.h. */
#define K_MEM	0x01
#define K_X87	0x02
#define K_SSE	0x04
#define K_MMX	0x08
#define K_BIG	0x10

enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
static const char *r32[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *r16[] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
static const char *r8[] = { "al", "cl", "dl", "bl", "ah", "ch", "dh", "bh" };

#define MAXS	64

/* A GPR state; rel[i] set: r[i] is an offset from the memory area. */
struct gst {
	uint32_t r[8];
	uint8_t rel[8];
	uint32_t fl, mask;
	uint32_t m[32];
	uint8_t mrel[32];
};
struct fst {
	uint16_t fcw;
	uint8_t st[4][10];	/* st3, st2, st1, st0 */
};
struct vst {
	uint32_t mxcsr;
	uint8_t x[8][16];
};

static struct gst S[MAXS];
static struct fst F[MAXS];
static struct vst V[MAXS];
static int ns, kind, nform, nlabel;
static char fname[128], fkey[160];

static FILE *code, *data, *forms;
static char outdir[512], prog[64];

/* ---------------------------------------------------------------- random */

static uint64_t rs = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs >> 16;
}

static void seed(const char *s)
{
	rs = 0x9e3779b97f4a7c15ull;
	while (*s)
		rs = (rs ^ (uint8_t)*s++) * 0x100000001b3ull;
	if (!rs)
		rs = 1;
	for (int i = 0; i < 4; i++)
		rnd();
}

static const uint32_t edges[] = {
	0, 1, 2, 0xffffffff, 0xfffffffe, 0x7f, 0x80, 0x81, 0xff, 0x100,
	0x7fff, 0x8000, 0x8001, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
	0x80000001, 0x0000ff80, 0xffffff7f, 0x00007f80,
};
#define NEDGE	(sizeof edges / sizeof edges[0])

static uint32_t rval(void)
{
	uint32_t r = rnd();

	switch (r % 8) {
	case 0: case 1: case 2:
		return edges[rnd() % NEDGE];
	case 3:
		return rnd() & 0xff;
	case 4:
		return rnd() % 40;
	default:
		return rnd() ^ (rnd() << 16);
	}
}

/* Interesting operand values of a given size, in pairs (a, b). */
static const uint32_t pairs8[][2] = {
	{0, 0}, {1, 1}, {0x7f, 1}, {0x80, 0xff}, {0xff, 1}, {0x80, 0x80},
	{0x7f, 0x80}, {0x0f, 0x01}, {0x10, 0x01}, {0xff, 0xff}, {0x00, 0x01},
	{0x01, 0x80}, {0x7f, 0x7f}, {0x80, 0x01}, {0x5a, 0xa5}, {0xf0, 0x0f},
};
static const uint32_t pairs16[][2] = {
	{0, 0}, {1, 1}, {0x7fff, 1}, {0x8000, 0xffff}, {0xffff, 1},
	{0x8000, 0x8000}, {0x7fff, 0x8000}, {0x000f, 0x0001}, {0x00ff, 0x0001},
	{0xffff, 0xffff}, {0x0000, 0x0001}, {0x0001, 0x8000}, {0x7fff, 0x7fff},
	{0x8000, 0x0001}, {0x5a5a, 0xa5a5}, {0xff00, 0x0100},
};
static const uint32_t pairs32[][2] = {
	{0, 0}, {1, 1}, {0x7fffffff, 1}, {0x80000000, 0xffffffff},
	{0xffffffff, 1}, {0x80000000, 0x80000000}, {0x7fffffff, 0x80000000},
	{0x0000000f, 1}, {0x000000ff, 1}, {0xffffffff, 0xffffffff}, {0, 1},
	{1, 0x80000000}, {0x7fffffff, 0x7fffffff}, {0x80000000, 1},
	{0x5a5a5a5a, 0xa5a5a5a5}, {0xffff0000, 0x00010000},
};
#define NPAIR	16

/* ---------------------------------------------------------------- output */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gen: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static FILE *openout(const char *name)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", outdir, name);
	f = fopen(path, "w");
	if (!f)
		die("cannot write %s", path);
	return f;
}

static FILE *groups;

static void begin_prog(const char *name)
{
	char file[100];

	snprintf(prog, sizeof prog, "%s", name);
	snprintf(file, sizeof file, "%s.S", name);
	code = openout(file);
	data = tmpfile();
	if (!data)
		die("tmpfile failed");
	fprintf(code, "/* generated by test/isa/gen.c: do not edit */\n"
		"#include \"isa.h\"\n\t.text\ntests:\n");
	fprintf(groups, "%s\n", name);
}

static void end_prog(void)
{
	int c;

	fprintf(code, "\tret\n\t.data\n\t.balign 16\n");
	rewind(data);
	while ((c = getc(data)) != EOF)
		putc(c, code);
	fclose(data);
	if (fclose(code))
		die("write error");
}

/* ------------------------------------------------------------ states */

static void rand_state(struct gst *s)
{
	for (int i = 0; i < 8; i++) {
		s->r[i] = rval();
		s->rel[i] = 0;
	}
	s->r[ESP] = 96;
	s->rel[ESP] = 1;
	s->fl = 0x2 | (rnd() & F_ARITH);
	s->mask = F_ALL | 0xffff0000;
	for (int i = 0; i < 32; i++) {
		s->m[i] = rval();
		s->mrel[i] = 0;
	}
}

/* Float pool for x87 and SSE inputs: raw float/double bit patterns. */
static const uint32_t fpool32[] = {
	0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000,
	0x3fc00000, 0x40200000, 0x7f800000, 0xff800000, 0x7fc00000,
	0x7fa00000, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff,
	0x4f000000, 0xcf000000, 0x4effffff, 0x40490fdb, 0xc0a00000,
	0x3eaaaaab, 0x42f6e979, 0x5f000000, 0xdf000001,
};
static const uint64_t fpool64[] = {
	0, 0x8000000000000000ull, 0x3ff0000000000000ull,
	0xbff0000000000000ull, 0x3fe0000000000000ull, 0x3ff8000000000000ull,
	0x4004000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
	0x7ff8000000000000ull, 0x7ff4000000000000ull, 1,
	0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
	0x41dfffffffc00000ull, 0xc1e0000000000000ull, 0x41e0000000000000ull,
	0x400921fb54442d18ull, 0xc014000000000000ull, 0x3fd5555555555555ull,
	0x43e0000000000000ull, 0x4005bf0a8b145769ull, 0xc3e0000000000001ull,
};

static void rand_vec(uint8_t *x)
{
	switch (rnd() % 4) {
	case 0:
		for (int i = 0; i < 16; i += 4) {
			uint32_t v = rnd() % 3 ? fpool32[rnd() % 24] : rnd() ^ rnd() << 16;
			memcpy(x + i, &v, 4);
		}
		break;
	case 1:
		for (int i = 0; i < 16; i += 8) {
			uint64_t v = rnd() % 3 ? fpool64[rnd() % 24] :
				(uint64_t)rnd() << 40 ^ (uint64_t)rnd() << 20 ^ rnd();
			memcpy(x + i, &v, 8);
		}
		break;
	case 2:
		for (int i = 0; i < 16; i++) {
			static const uint8_t b[] = { 0, 1, 0x7f, 0x80, 0xff, 0x81, 0xfe, 0x40 };
			x[i] = rnd() % 2 ? b[rnd() % 8] : rnd();
		}
		break;
	default:
		for (int i = 0; i < 16; i++)
			x[i] = rnd();
		break;
	}
}

/* An 80-bit value from a double (exact: every double is a long double). */
static void ld80(uint8_t *p, long double v)
{
	memset(p, 0, 10);
	memcpy(p, &v, 10);
}

static const long double fpinterest[] = {
	0.0L, -0.0L, 1.0L, -1.0L, 0.5L, 1.5L, 2.5L, -2.5L, 3.0L, 1e10L,
	-1e-10L, 3.14159265358979323846L, 0.75L, -0.3L, 100.0L, 1e300L,
	2.0L, 0.1L, 7.0L, -123456.789L, 65536.5L, 4294967296.0L,
	1.0L / 3.0L, -7.5L,
};
#define NFPI	(sizeof fpinterest / sizeof fpinterest[0])

static long double fprand(void)
{
	if (rnd() % 3)
		return fpinterest[rnd() % NFPI];
	return ((long double)(int32_t)rnd() / (long double)(rnd() | 1)) *
		((rnd() & 1) ? 1.0L : 1e-3L);
}

static void begin(const char *key, const char *name, int k, int n)
{
	if (n > MAXS)
		die("too many states");
	snprintf(fkey, sizeof fkey, "%s", key);
	snprintf(fname, sizeof fname, "%s", name);
	for (char *p = fname; *p; p++)
		if (*p == ' ' || *p == ',')
			*p = '_';
	seed(fname);
	kind = k;
	ns = n;
	for (int i = 0; i < n; i++) {
		rand_state(&S[i]);
		F[i].fcw = 0x037f;
		for (int j = 0; j < 4; j++) {
			/* specials: infinities, NaNs, an 80-bit denormal */
			static const uint8_t sp[5][10] = {
				{ 0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x7f },
				{ 0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0xff },
				{ 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x7f },
				{ 0, 0, 0, 0, 0, 0, 0x40, 0xa0, 0xff, 0xff },
				{ 0x21, 0, 0, 0, 0, 0, 0, 0x10, 0, 0 },
			};
			if (rnd() % 7 == 0)
				memcpy(F[i].st[j], sp[rnd() % 5], 10);
			else
				ld80(F[i].st[j], fprand());
		}
		V[i].mxcsr = 0x1f80;
		for (int j = 0; j < 8; j++)
			rand_vec(V[i].x[j]);
	}
}

/* Overlay the interesting pairs on the low `size` bytes of regs a, b;
   b < 0: only a.  Register numbers 4-7 with size 1 mean ah ch dh bh. */
static void put(struct gst *s, int r, int size, uint32_t v)
{
	if (size == 1 && r >= 4) {
		s->r[r - 4] = (s->r[r - 4] & ~0xff00u) | (v & 0xff) << 8;
	} else {
		uint32_t m = size == 4 ? 0xffffffff : size == 2 ? 0xffff : 0xff;
		s->r[r] = (s->r[r] & ~m) | (v & m);
		s->rel[r] = 0;
	}
}

static uint32_t get(const struct gst *s, int r, int size)
{
	if (size == 1 && r >= 4)
		return s->r[r - 4] >> 8 & 0xff;
	return s->r[r] & (size == 4 ? 0xffffffff : size == 2 ? 0xffff : 0xff);
}

/* Operand locations: a register, or the memory area at byte offset. */
#define MEMOP(off)	(100 + (off))

static void putop(struct gst *s, int op, int size, uint32_t v)
{
	if (op >= 100) {
		uint8_t *b = (uint8_t *)s->m + (op - 100);
		memcpy(b, &v, size);
	} else {
		put(s, op, size, v);
	}
}

static uint32_t getop(const struct gst *s, int op, int size)
{
	uint32_t v = 0;

	if (op >= 100)
		memcpy(&v, (const uint8_t *)s->m + (op - 100), size);
	else
		v = get(s, op, size);
	return v;
}

static void pairs(int a, int b, int size)
{
	for (int i = 0; i < ns && i < NPAIR; i++) {
		const uint32_t *p = size == 1 ? pairs8[i] : size == 2 ? pairs16[i] : pairs32[i];
		int sw = (i / NPAIR) & 1;
		putop(&S[i], a, size, p[sw]);
		if (b >= 0)
			putop(&S[i], b, size, p[!sw]);
	}
	/* the second half of the states gets the pairs swapped */
	for (int i = NPAIR; i < ns && i < 2 * NPAIR; i++) {
		const uint32_t *p = size == 1 ? pairs8[i - NPAIR] :
			size == 2 ? pairs16[i - NPAIR] : pairs32[i - NPAIR];
		putop(&S[i], a, size, p[1]);
		if (b >= 0)
			putop(&S[i], b, size, p[0]);
	}
}

/* Make the states cover both values of CF (and other flags read). */
static void alt_flags(uint32_t bits)
{
	for (int i = 0; i < ns; i++)
		S[i].fl = (S[i].fl & ~bits) | ((i & 1) ? bits : 0);
}

static void mask_all(uint32_t m)
{
	for (int i = 0; i < ns; i++)
		S[i].mask = (S[i].mask & 0xffff0000) | m;
}

/* ------------------------------------------------------------ emission */

static void emit_val(FILE *f, uint32_t v, int rel)
{
	if (rel)
		fprintf(f, "mem+%u", v);
	else
		fprintf(f, "0x%x", v);
}

/*
 * Emit the current form: `pre` runs after the state is loaded (it must
 * leave the flags alone: mov, lea), `insn` is the code under test.
 */
static void emit(const char *pre, const char *insn)
{
	int n = nform++;

	fprintf(forms, "%s\t%s\t%s\t%d\n", prog, fkey, fname, ns);
	fprintf(data, "\t.section .rodata\nN%d:\t.asciz \"%s\"\n\t.data\n"
		"\t.balign 16\nT%d:\n", n, fname, n);
	for (int i = 0; i < ns; i++) {
		struct gst *s = &S[i];
		fprintf(data, "\t.long ");
		for (int j = 0; j < 8; j++) {
			emit_val(data, s->r[j], s->rel[j]);
			fputc(',', data);
		}
		fprintf(data, "0x%x,0x%x\n\t.long ", s->fl, s->mask);
		for (int j = 0; j < 32; j++) {
			emit_val(data, s->m[j], s->mrel[j]);
			fputc(j == 31 ? '\n' : ',', data);
		}
	}
	if (kind & K_X87) {
		fprintf(data, "\t.balign 16\nX%d:\n", n);
		for (int i = 0; i < ns; i++) {
			fprintf(data, "\t.long 0x%x\n\t.byte ", F[i].fcw);
			for (int j = 0; j < 40; j++)
				fprintf(data, "0x%x%c", F[i].st[j / 10][j % 10],
					j == 39 ? '\n' : ',');
		}
	}
	if (kind & (K_SSE | K_MMX)) {
		fprintf(data, "\t.balign 16\nV%d:\n", n);
		for (int i = 0; i < ns; i++) {
			fprintf(data, "\t.long 0x%x,0,0,0\n\t.byte ", V[i].mxcsr);
			for (int j = 0; j < 128; j++)
				fprintf(data, "0x%x%c", V[i].x[j / 16][j % 16],
					j == 127 ? '\n' : ',');
		}
	}
	fprintf(code, "\tFORM N%d, %d, T%d, %s%d, %s%d, %d\nC%d:\tLOAD\n",
		n, kind, n, kind & K_X87 ? "X" : "", kind & K_X87 ? n : 0,
		kind & (K_SSE | K_MMX) ? "V" : "",
		kind & (K_SSE | K_MMX) ? n : 0, ns, n);
	if (pre && *pre)
		fprintf(code, "%s\n", pre);
	fprintf(code, "%s\n\tDUMP\n\tNEXTCASE C%d\n", insn, n);
	nlabel++;
}

/* printf-style helpers for building instruction text */
static char *fmt(const char *f, ...)
{
	static char buf[8][1024];
	static int k;
	va_list ap;
	char *b = buf[k++ & 7];

	va_start(ap, f);
	vsnprintf(b, 1024, f, ap);
	va_end(ap);
	return b;
}

static const char sfx[] = { 0, 'b', 'w', 0, 'l' };

static const char *rn(int r, int size)
{
	return size == 1 ? r8[r] : size == 2 ? r16[r] : r32[r];
}


static int szbits(int size)
{
	return size * 8;
}

#include "gen-int.c"
#include "gen-fp.c"

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: gen OUTDIR");
	snprintf(outdir, sizeof outdir, "%s", argv[1]);
	forms = openout("forms");
	groups = openout("groups");
	gen_int();
	gen_fp();
	fclose(forms);
	fclose(groups);
	return 0;
}
