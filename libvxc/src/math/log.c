/*
 * log.c - log, log2, log10, log1p and the logarithm core the other
 * families use (pow, inverse hyperbolics, lgamma).
 *
 * x = 2^e * m, m in [sqrt(1/2), sqrt(2)) (about); a table gives c ~ 1/m
 * with 10 significant bits and -log(c) as hi + lo (tools/libm-gen.c);
 * u = m c - 1 is computed exactly (|u| < 2^-8.4) and
 *
 *	log(x) = e ln2 - log(c) + log1p(u),
 *
 * with log1p(u) = u - u^2/2 + u^3/3 - ... to u^12, the first three terms
 * in double-long-double.  The sum carries about 88 correct bits (relative,
 * also near x = 1 where e = 0 and c = 1): enough for pow's y log(x).
 */
#include "libm.h"

/* log1p(u) for |u| < 2^-8.3, u as hi + lo */
static struct dd log1p_small(struct dd u)
{
	struct dd u2 = dd_sqr(u), u3, s;
	ld h = u.hi, rest;

	u3 = dd_mul(dd_mul(u2, u), __vxm_third);
	rest = u2.hi * u2.hi * (-0.25L + h * (0.2L + h * (
		-0.1666666666666666666666666666666666667L + h * (
		0.1428571428571428571428571428571428571L + h * (-0.125L +
		h * (0.1111111111111111111111111111111111111L + h * (-0.1L +
		h * (0.09090909090909090909090909090909090909L +
		h * -0.08333333333333333333333333333333333333L))))))));
	u2.hi *= 0.5L;
	u2.lo *= 0.5L;
	s = dd_sub(u, u2);
	s = dd_add(s, u3);
	return dd_add_ld(s, rest);
}

struct dd __vxm_log_dd(struct dd x)
{
	union ldbits v = { x.hi };
	int e = v.i.se & 0x7fff, j;
	ld m, lo, c;
	struct dd p, u, l, s1, s2;
	const struct log_entry *t;

	if (e == 0) {			/* subnormal: make it normal */
		x.hi *= 0x1p64L;
		x.lo *= 0x1p64L;
		v.f = x.hi;
		e = (v.i.se & 0x7fff) - 64;
	}
	e -= 16383;
	v.i.se = 16383;			/* m in [1, 2) */
	m = v.f;
	/* x.lo relative to x.hi, in m's scale (negligible below 2^-200) */
	lo = 0;
	if (x.lo != 0 && ld_bexp(x.lo) > ld_bexp(x.hi) - 200)
		lo = x.lo / x.hi * m;
	j = v.i.m >> 55 & 0xff;
	if (j >= LOG_SPLIT) {
		m *= 0.5L;
		lo *= 0.5L;
		e++;
	}
	t = &__vxm_log_table[j];
	c = t->c;
	p = two_prod(m, c);
	u = two_sum(p.hi - 1, p.lo + lo * c);	/* p.hi - 1 is exact */
	l = log1p_small(u);
	s1 = two_sum(e * __vxm_ln2_48.hi, t->hi);	/* e * hi exact */
	s2 = two_sum(s1.hi, l.hi);
	return fast_two_sum(s2.hi, s2.lo + (s1.lo + (l.lo + (t->lo +
		e * __vxm_ln2_48.lo))));
}

/* log of x > 0 as hi + lo */
static struct dd log_x(ld x)
{
	return __vxm_log_dd(dd_make(x, 0));
}

/* x < 0: domain error; 0: pole; NaN, +inf; 1: +0 */
static int log_special(ld x, ld *r)
{
	if (x != x || x == INFINITY) {
		*r = x + x;
		return 1;
	}
	if (x < 0) {
		*r = __vxm_dom_ld();
		return 1;
	}
	if (x == 0) {
		*r = __vxm_pole_ld(1);
		return 1;
	}
	if (x == 1) {
		*r = 0;
		return 1;
	}
	return 0;
}

static ld log_core(ld x)
{
	return dd_val(log_x(x));
}

DEFINE_MATH1(log, log_special, log_core)

/* log2 of a power of two is its exponent, exactly */
static int log2_special(ld x, ld *r)
{
	union ldbits v = { x };

	if (log_special(x, r))
		return 1;
	if (v.i.m == 1ULL << 63 && (v.i.se & 0x7fff) != 0) {
		*r = (int)(v.i.se & 0x7fff) - 16383;
		return 1;
	}
	return 0;
}

static ld log2_core(ld x)
{
	return dd_val(dd_mul(log_x(x), __vxm_inv_ln2));
}

DEFINE_MATH1(log2, log2_special, log2_core)

static ld log10_core(ld x)
{
	return dd_val(dd_mul(log_x(x), __vxm_inv_ln10));
}

DEFINE_MATH1(log10, log_special, log10_core)

/* log1p: x < -1 domain error, -1 pole, +-0 and NaN themselves */
static int log1p_special(ld x, ld *r)
{
	if (x != x || x == INFINITY || x == 0) {
		*r = x + x;
		return 1;
	}
	if (x < -1) {
		*r = __vxm_dom_ld();
		return 1;
	}
	if (x == -1) {
		*r = __vxm_pole_ld(1);
		return 1;
	}
	return 0;
}

static ld log1p_core(ld x)
{
	if (fabs_ld(x) < 0x1p-65L)
		return tiny_ret(x);
	return dd_val(__vxm_log_dd(two_sum(1, x)));
}

DEFINE_MATH1(log1p, log1p_special, log1p_core)
