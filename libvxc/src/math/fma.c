/*
 * fma.c - fma, fmaf, fmal: x y + z rounded once, in the current mode.
 *
 * With integers: the 64 x 64-bit product and the addend are aligned in
 * a 256-bit accumulator (bits shifted out below it are kept as a sticky
 * bit), added or subtracted, and rounded once to the type's precision
 * at the type's exponent range (subnormals included).  The x87 cannot do
 * this itself: it would round the product or the sum to 64 bits first.
 */
#include "libm.h"
#include <string.h>

struct fmt {
	int p, emin, emax;
};

static const struct fmt F_FLT = { 24, -126, 127 };
static const struct fmt F_DBL = { 53, -1022, 1023 };
static const struct fmt F_LD = { 64, -16382, 16383 };

typedef struct {
	uint64_t w[4];			/* w[3] most significant */
} u256;

/* x = m 2^e, m normalised (bit 63 set); x finite nonzero */
static void unpack(ld x, uint64_t *m, int *e)
{
	union ldbits u = { x };
	int be = u.i.se & 0x7fff, lz;

	*m = u.i.m;
	*e = (be ? be : 1) - 16383 - 63;
	lz = __builtin_clzll(*m);
	*m <<= lz;
	*e -= lz;
}

static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

	*lo = (uint32_t)p00 | mid << 32;
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* v << s (s >= 0) or v >> -s, OR-ing the bits shifted out into *sticky */
static void shift(u256 *v, int s, int *sticky)
{
	int i, q, r;
	u256 o = { { 0 } };

	if (s >= 0) {
		q = s / 64;
		r = s % 64;
		for (i = 3; i >= q; i--) {
			o.w[i] = v->w[i - q] << r;
			if (r && i - q - 1 >= 0)
				o.w[i] |= v->w[i - q - 1] >> (64 - r);
		}
		*v = o;
		return;
	}
	s = -s;
	if (s >= 256) {
		for (i = 0; i < 4; i++)
			*sticky |= v->w[i] != 0;
		*v = o;
		return;
	}
	q = s / 64;
	r = s % 64;
	for (i = 0; i < q; i++)
		*sticky |= v->w[i] != 0;
	if (r)
		*sticky |= (v->w[q] << (64 - r)) != 0;
	for (i = 0; i + q < 4; i++) {
		o.w[i] = v->w[i + q] >> r;
		if (r && i + q + 1 < 4)
			o.w[i] |= v->w[i + q + 1] << (64 - r);
	}
	*v = o;
}

static int cmp256(const u256 *a, const u256 *b)
{
	int i;

	for (i = 3; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

static void add256(u256 *a, const u256 *b)
{
	uint64_t c = 0, s;
	int i;

	for (i = 0; i < 4; i++) {
		s = a->w[i] + b->w[i];
		uint64_t c1 = s < a->w[i];
		a->w[i] = s + c;
		c = c1 | (a->w[i] < s);
	}
}

static void sub256(u256 *a, const u256 *b)	/* a >= b */
{
	uint64_t br = 0, d;
	int i;

	for (i = 0; i < 4; i++) {
		d = a->w[i] - b->w[i];
		uint64_t b1 = a->w[i] < b->w[i];
		a->w[i] = d - br;
		br = b1 | (d < br);
	}
}

static int msb256(const u256 *v)
{
	int i;

	for (i = 3; i >= 0; i--)
		if (v->w[i])
			return 64 * i + 63 - __builtin_clzll(v->w[i]);
	return -1;
}

static int bit256(const u256 *v, int b)
{
	return b >= 0 && b < 256 ? v->w[b / 64] >> (b % 64) & 1 : 0;
}

/* an exact sum: P 2^E0, plus less than one unit at bit 0 if sticky */
struct exact {
	u256 P;
	int E0, sticky, neg;
};

static const u256 ONE = { { 1 } };

/* x y + z exactly (up to the sticky bit), for finite x y != 0 */
static void exact_fma(ld x, ld y, ld z, struct exact *s)
{
	uint64_t mx, my, mz, ph, pl;
	int ex, ey, ez = 0, ep, top, zs = 0;
	u256 C = { { 0 } };

	unpack(x, &mx, &ex);
	unpack(y, &my, &ey);
	mul64(mx, my, &ph, &pl);
	ep = ex + ey;				/* x y = (ph, pl) 2^ep */
	memset(&s->P, 0, sizeof(s->P));
	s->P.w[0] = pl;
	s->P.w[1] = ph;
	s->neg = signbit_ld(x) ^ signbit_ld(y);
	s->sticky = 0;
	top = ep + 128;
	if (z != 0) {
		unpack(z, &mz, &ez);
		C.w[0] = mz;
		if (ez + 64 > top)
			top = ez + 64;
	}
	/* bit 254 of the accumulator is worth 2^(top - 1): the larger
	 * operand is not shifted out; the smaller may be, into sticky */
	s->E0 = top - 255;
	shift(&s->P, ep - s->E0, &s->sticky);
	if (z == 0)
		return;
	shift(&C, ez - s->E0, &zs);
	if (signbit_ld(z) == s->neg) {
		add256(&s->P, &C);
	} else if (cmp256(&s->P, &C) >= 0) {
		/* P - (C + e), 0 < e < 1 when zs: P - C - 1 + (1 - e) */
		sub256(&s->P, &C);
		if (zs)
			sub256(&s->P, &ONE);
	} else {
		if (s->sticky)		/* C - (P + e), likewise */
			sub256(&C, &ONE);
		sub256(&C, &s->P);
		s->P = C;
		s->neg = signbit_ld(z);
	}
	s->sticky |= zs;
}

/* are any bits of v below bit b set? */
static int below(const u256 *v, int b)
{
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t w = v->w[i];
		int lo = 64 * i;

		if (b <= lo)
			break;
		if (b < lo + 64)
			w &= ~0ULL >> (64 - (b - lo));
		if (w)
			return 1;
	}
	return 0;
}

/* s rounded once to format f in the current mode; *range on overflow */
static ld round_exact(struct exact *s, const struct fmt *f, int *range)
{
	int mode = cur_round(), msb = msb256(&s->P), L, lb, i, rb, st, up;
	uint64_t kept = 0;
	ld r;

	if (msb < 0)				/* exact zero */
		return mode == FE_DOWNWARD ? -0.0L : 0.0L;
	/* the last kept bit: p bits from the top, or the subnormal quantum */
	L = s->E0 + msb - f->p + 1;
	if (s->E0 + msb < f->emin)
		L = f->emin - f->p + 1;
	lb = L - s->E0;
	for (i = f->p - 1; i >= 0; i--)
		kept = kept << 1 | bit256(&s->P, lb + i);
	rb = bit256(&s->P, lb - 1);
	st = s->sticky || below(&s->P, lb - 1);
	switch (mode) {
	case FE_TONEAREST: up = rb && (st || (kept & 1)); break;
	case FE_UPWARD: up = (rb || st) && !s->neg; break;
	case FE_DOWNWARD: up = (rb || st) && s->neg; break;
	default: up = 0;
	}
	kept += up;
	if (f->p < 64 ? kept >> f->p : (up && kept == 0)) {	/* carry */
		kept = f->p < 64 ? kept >> 1 : 1ULL << 63;
		L++;
	}
	if (L + f->p - 1 > f->emax && kept >> (f->p - 1)) {
		*range = 1;
		return s->neg ? -1 : 1;		/* overflow: caller raises */
	}
	if (rb || st) {
		__vxm_raise_inexact();
		if (s->E0 + msb < f->emin) {	/* tiny before rounding */
			__vxm_raise_underflow();
			errno = ERANGE;
		}
	}
	r = __vxm_scalb((ld)kept, L);		/* exact */
	return s->neg ? -r : r;
}

static ld fma_finite(ld x, ld y, ld z, const struct fmt *f, int *range)
{
	struct exact s;

	exact_fma(x, y, z, &s);
	return round_exact(&s, f, range);
}

/* NaN, infinity and zero-product cases; 0 if none */
static int fma_special(ld x, ld y, ld z, ld *r)
{
	if (x != x || y != y || z != z) {
		/* the NaN operands only: invalid iff one is signaling */
		ld v[3] = { x, y, z }, n = 0;
		int i, first = 1;

		for (i = 0; i < 3; i++) {
			if (v[i] == v[i])
				continue;
			n = first ? v[i] + v[i] : n + v[i];
			first = 0;
		}
		*r = n;
		return 1;
	}
	if (__builtin_isinf(x) || __builtin_isinf(y)) {
		if (x == 0 || y == 0 || (__builtin_isinf(z) &&
		    (signbit_ld(x) ^ signbit_ld(y)) != signbit_ld(z))) {
			*r = __vxm_dom_ld();
			return 1;
		}
		*r = x * y;
		return 1;
	}
	if (__builtin_isinf(z)) {
		*r = z;
		return 1;
	}
	if (x == 0 || y == 0) {
		*r = x * y + z;		/* exact: z, or a signed zero */
		return 1;
	}
	return 0;
}

long double fmal(long double x, long double y, long double z)
{
	ld r;
	int range = 0;

	if (fma_special(x, y, z, &r))
		return r;
	r = fma_finite(x, y, z, &F_LD, &range);
	if (range)
		return __vxm_oflow_ld(r < 0);
	return r;
}

double fma(double x, double y, double z)
{
	ld r;
	int range = 0;

	if (fma_special(x, y, z, &r))
		return r;
	r = fma_finite(x, y, z, &F_DBL, &range);
	if (range)
		return __vxm_oflow_d(r < 0);
	return r;
}

float fmaf(float x, float y, float z)
{
	ld r;
	int range = 0;

	if (fma_special(x, y, z, &r))
		return r;
	r = fma_finite(x, y, z, &F_FLT, &range);
	if (range)
		return __vxm_oflow_f(r < 0);
	return r;
}
