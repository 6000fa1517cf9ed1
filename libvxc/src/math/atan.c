/*
 * atan.c - atan, atan2, asin, acos.
 *
 * All go through atan2 of two non-negative double-long-double values:
 * the smaller over the larger is t in [0, 1]; with c = i/16 the nearest
 * sixteenth, atan t = atan c + atan((t - c) / (1 + t c)), atan c from a
 * table (tools/libm-gen.c) and the second argument d, |d| <= 1/32,
 * computed as hi + lo (t - c is exact by Sterbenz's lemma); atan d by
 * its Taylor series to d^17.  asin x = atan2(x, sqrt(1 - x^2)) and
 * acos x = atan2(sqrt(1 - x^2), x), with 1 - x^2 = (1 - x)(1 + x)
 * computed exactly.  About 0.5 + 2^-8 ulp for long double.
 */
#include "libm.h"

/* atan(d) for |d| <= 1/32 (+ a little) as hi + lo */
static struct dd atan_small(struct dd d)
{
	ld h = d.hi, z, p;

	if (fabs_ld(h) < 0x1p-40L)
		return d;
	z = h * h;
	p = z * (-0.333333333333333333333333333333333333333L +
		z * (0.2L + z * (-0.142857142857142857142857142857142857143L +
		z * (0.111111111111111111111111111111111111111L +
		z * (-0.0909090909090909090909090909090909090909L +
		z * (0.0769230769230769230769230769230769230769L +
		z * (-0.0666666666666666666666666666666666666667L +
		z * 0.0588235294117647058823529411764705882353L)))))));
	/* atan(h + l) = atan(h) + l / (1 + h^2) */
	return fast_two_sum(h, h * p + d.lo * (1 - z));
}

/* atan(t) for 0 <= t <= 1 as hi + lo */
static struct dd atan01(struct dd t)
{
	int i = (int)round_near(t.hi * 16);
	ld c = i * 0.0625L;
	struct dd num, den, p;

	if (i == 0)
		return atan_small(t);
	num = two_sum(t.hi - c, t.lo);			/* t - c */
	p = two_prod(t.hi, c);
	den = two_sum(1, p.hi);
	den = fast_two_sum(den.hi, den.lo + (p.lo + t.lo * c));
	return dd_add(__vxm_atan_table[i], atan_small(dd_div(num, den)));
}

/*
 * atan(y / x) in [0, pi/2] for y, x >= 0 (hi + lo, not both zero).
 * Far apart exponents give pi/2 - x/y or y/x without dividing out of
 * range; otherwise both are scaled by one power of two near 1.
 */
struct dd __vxm_atan2_dd(struct dd y, struct dd x)
{
	int ey = ld_bexp(y.hi), ex = ld_bexp(x.hi), s;
	struct dd t, a;

	if (y.hi == 0)
		return y;
	if (x.hi == 0 || ey - ex > 100) {
		ld tiny = x.hi == 0 || ey - ex > 16000 ? 0x1p-200L :
			  x.hi / y.hi;

		return dd_add(__vxm_pi_2, dd_make(-tiny, 0));
	}
	if (ex - ey > 100)		/* may underflow, as the result does */
		return dd_make(y.hi / x.hi, 0);
	s = 16383 - (ey > ex ? ey : ex);
	y.hi = __vxm_scalb(y.hi, s);
	y.lo = __vxm_scalb(y.lo, s);
	x.hi = __vxm_scalb(x.hi, s);
	x.lo = __vxm_scalb(x.lo, s);
	if (y.hi <= x.hi) {
		t = dd_div(y, x);
		return atan01(t);
	}
	t = dd_div(x, y);
	a = atan01(t);
	return dd_sub(__vxm_pi_2, a);
}

/* ---------------------------------------------------------------- atan */

static int atan_special(ld x, ld *r)
{
	if (x == 0 || x != x) {
		*r = x + x;
		return 1;
	}
	if (__builtin_isinf(x)) {
		*r = copysign_ld(dd_val(__vxm_pi_2), x);
		return 1;
	}
	return 0;
}

static ld atan_core(ld x)
{
	ld r;

	if (fabs_ld(x) < 0x1p-33L)		/* x - x^3/3: x */
		return tiny_ret(x);
	r = dd_val(__vxm_atan2_dd(dd_make(fabs_ld(x), 0), dd_make(1, 0)));
	return copysign_ld(r, x);
}

DEFINE_MATH1(atan, atan_special, atan_core)

/* ---------------------------------------------------------------- atan2 */

/* C11 F.10.1.4; returns 1 with the result for the special cases */
static int atan2_special(ld y, ld x, ld *r)
{
	ld pi = dd_val(__vxm_pi), pi_2 = dd_val(__vxm_pi_2);

	if (x != x || y != y) {
		*r = x + y;
		return 1;
	}
	if (y == 0) {
		*r = signbit_ld(x) ? copysign_ld(pi, y) : y;
		return 1;
	}
	if (x == 0) {
		*r = copysign_ld(pi_2, y);
		return 1;
	}
	if (__builtin_isinf(y)) {
		ld v = __builtin_isinf(x) ? (x > 0 ? dd_val(__vxm_pi_4) :
			3 * dd_val(__vxm_pi_4)) : pi_2;

		*r = copysign_ld(v, y);
		return 1;
	}
	if (__builtin_isinf(x)) {
		*r = x > 0 ? copysign_ld(0, y) : copysign_ld(pi, y);
		return 1;
	}
	return 0;
}

static ld atan2_core(ld y, ld x)
{
	struct dd a;
	ld r;

	if (signbit_ld(x) && ld_bexp(x) - ld_bexp(y) > 100) {
		/* pi - |y/x|: no need to divide (which could underflow) */
		r = dd_val(dd_sub(__vxm_pi, dd_make(0x1p-200L, 0)));
		return copysign_ld(r, y);
	}
	a = __vxm_atan2_dd(dd_make(fabs_ld(y), 0), dd_make(fabs_ld(x), 0));
	if (signbit_ld(x))
		a = dd_sub(__vxm_pi, a);
	r = dd_val(a);
	/* y/x far below 1: the result is y/x itself, always inexact */
	if (ld_bexp(x) - ld_bexp(y) > 100)
		__vxm_raise_inexact();
	return copysign_ld(r, y);
}

long double atan2l(long double y, long double x)
{
	ld r;

	if (atan2_special(y, x, &r))
		return r;
	{ ENTER_XY(y, x); r = atan2_core(y, x); LEAVE_R(r); }
	return ret_ld(r);
}

double atan2(double y, double x)
{
	ld r;

	if (atan2_special(y, x, &r))
		return r;
	{ ENTER_XY(y, x); r = atan2_core(y, x); LEAVE_R(r); }
	return ret_d(r);
}

float atan2f(float y, float x)
{
	ld r;

	if (atan2_special(y, x, &r))
		return r;
	{ ENTER_XY(y, x); r = atan2_core(y, x); LEAVE_R(r); }
	return ret_f(r);
}

/* ---------------------------------------------------------------- asin, acos */

/* sqrt(1 - x^2) for 0 <= x <= 1, as hi + lo */
static struct dd sqrt_1mx2(ld x)
{
	struct dd v;

	if (x < 0x1p-40L)		/* 1 - x^2/2: 1, to 2^-80 */
		return dd_make(1, 0);
	if (x < 0.5L) {
		struct dd p = two_sqr(x);

		v = two_sum(1, -p.hi);
		v = fast_two_sum(v.hi, v.lo - p.lo);
	} else {
		v = dd_mul_ld(two_sum(1, x), 1 - x);	/* 1 - x exact */
	}
	if (v.hi == 0)
		return v;
	return dd_sqrt(v);
}

static int asin_special(ld x, ld *r)
{
	if (x == 0 || x != x) {
		*r = x + x;
		return 1;
	}
	if (fabs_ld(x) > 1) {
		*r = __vxm_dom_ld();
		return 1;
	}
	return 0;
}

static ld asin_core(ld x)
{
	ld ax = fabs_ld(x);

	if (ax < 0x1p-33L)			/* x + x^3/6: x */
		return tiny_ret(x);
	return copysign_ld(dd_val(__vxm_atan2_dd(dd_make(ax, 0),
						 sqrt_1mx2(ax))), x);
}

DEFINE_MATH1(asin, asin_special, asin_core)

static int acos_special(ld x, ld *r)
{
	if (x == 1) {
		*r = 0;
		return 1;
	}
	if (x != x) {
		*r = x + x;
		return 1;
	}
	if (fabs_ld(x) > 1) {
		*r = __vxm_dom_ld();
		return 1;
	}
	return 0;
}

static ld acos_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd a = __vxm_atan2_dd(sqrt_1mx2(ax), dd_make(ax, 0));

	if (signbit_ld(x))
		a = dd_sub(__vxm_pi, a);
	return dd_val(a);
}

DEFINE_MATH1(acos, acos_special, acos_core)
