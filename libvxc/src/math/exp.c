/*
 * exp.c - exp, exp2, exp10, expm1 and the exponential core the other
 * families use (pow, hyperbolics, erfc, tgamma).
 *
 * Reduction: x = (64 m + j) ln2/64 + r with |r| <= ln2/128, computed
 * exactly (ln2/64 has a 40-bit head, so k * head is exact for |k| <
 * 2^24, and x - k * head is exact by Sterbenz's lemma).  Then
 *
 *	e^x = 2^m * 2^(j/64) * e^r,
 *
 * 2^(j/64) from a table as hi + lo (tools/libm-gen.c), e^r - 1 by its
 * Taylor polynomial to r^8 (truncation below 2^-86 relative), all summed
 * as hi + lo: the result carries about 75 correct bits before its last
 * rounding, hence 0.5 + 2^-10 ulp for long double and 0.5 + 2^-20 for
 * double.
 */
#include "libm.h"

/* e^r - 1 - r for |r| <= ln2/128 (+ a little) */
static ld expm1_tail(ld r)
{
	const ld c3 = 0.1666666666666666666666666666666666667L;
	const ld c4 = 0.04166666666666666666666666666666666667L;
	const ld c5 = 0.008333333333333333333333333333333333333L;
	const ld c6 = 0.001388888888888888888888888888888888889L;
	const ld c7 = 0.0001984126984126984126984126984126984127L;
	const ld c8 = 0.00002480158730158730158730158730158730159L;

	return r * r * (0.5L + r * (c3 + r * (c4 + r * (c5 + r * (c6 +
		r * (c7 + r * c8))))));
}

/* 2^(j/64) * e^(r.hi + r.lo) as hi + lo, 0 <= j < 64 */
static struct dd exp_reduced(int j, struct dd r)
{
	struct dd t = __vxm_exp2_table[j];
	ld q = expm1_tail(r.hi) + r.lo * (1 + r.hi);	/* e^r - 1 - r.hi */
	struct dd p = two_prod(t.hi, r.hi);
	struct dd s = fast_two_sum(t.hi, p.hi);

	return fast_two_sum(s.hi, s.lo + (p.lo + (t.hi * q +
		t.lo * (1 + (r.hi + q)))));
}

/* split k = 64 m + j */
static struct dd exp_k(int k, struct dd r, int *m)
{
	*m = k >> 6;	/* arithmetic shift: floor */
	return exp_reduced(k & 63, r);
}

struct dd __vxm_exp_dd(struct dd x, int *m)
{
	ld kf = round_near(x.hi * __vxm_64_ln2.hi);
	ld r1 = x.hi - kf * __vxm_ln2_64.hi;		/* exact */
	struct dd r = two_sum(r1, -(kf * __vxm_ln2_64.lo));

	r = fast_two_sum(r.hi, r.lo + x.lo);
	return exp_k((int)kf, r, m);
}

ld __vxm_dd_scale(struct dd r, int k)
{
	return __vxm_scalb(r.hi + r.lo, k);
}

/* e^x for finite x; overflow and underflow by operations */
ld __vxm_exp_core(ld x)
{
	struct dd r;
	int m;

	if (x > 11400)
		return 0x1p16383L * 0x1p16383L;
	if (x < -11500)
		return 0x1p-16382L * 0x1p-16382L;
	r = __vxm_exp_dd(dd_make(x, 0), &m);
	return __vxm_dd_scale(r, m);
}

/* e^x - 1 for |x| < 64 as hi + lo, accurate relative to the result */
struct dd __vxm_expm1_dd(struct dd x)
{
	ld kf = round_near(x.hi * __vxm_64_ln2.hi);
	ld r1 = x.hi - kf * __vxm_ln2_64.hi;
	struct dd r = two_sum(r1, -(kf * __vxm_ln2_64.lo)), e, s;
	int m;

	r = fast_two_sum(r.hi, r.lo + x.lo);
	if (kf == 0) {
		/* e^r - 1 = r + tail, relative error about 2^-75 */
		ld q = expm1_tail(r.hi) + r.lo * (1 + r.hi);

		return fast_two_sum(r.hi, q);
	}
	e = exp_k((int)kf, r, &m);
	e.hi = __vxm_scalb(e.hi, m);		/* exact: |m| < 100 */
	e.lo = __vxm_scalb(e.lo, m);
	s = two_sum(e.hi, -1);
	return fast_two_sum(s.hi, s.lo + e.lo);
}

/* ---------------------------------------------------------------- exp */

static int exp_special(ld x, ld *r)
{
	if (x != x || x == INFINITY) {
		*r = x + x;
		return 1;
	}
	if (x == -INFINITY) {
		*r = 0;
		return 1;
	}
	if (x == 0) {
		*r = 1;
		return 1;
	}
	return 0;
}

static ld exp_core(ld x)
{
	if (fabs_ld(x) < 0x1p-66L)
		return 1 + x;
	return __vxm_exp_core(x);
}

DEFINE_MATH1(exp, exp_special, exp_core)

/* ---------------------------------------------------------------- exp10 */

static ld exp10_core(ld x)
{
	struct dd y;
	int m;

	if (fabs_ld(x) < 0x1p-66L)
		return 1 + x;
	if (x > 5000)
		return 0x1p16383L * 0x1p16383L;
	if (x < -5000)
		return 0x1p-16382L * 0x1p-16382L;
	y = dd_mul_ld(__vxm_ln10, x);
	y = __vxm_exp_dd(y, &m);
	return __vxm_dd_scale(y, m);
}

DEFINE_MATH1(exp10, exp_special, exp10_core)

/* ---------------------------------------------------------------- exp2 */

/*
 * 2^x: k = round(64 x) exactly, r = (x - k/64) ln2.  For an integer x
 * the result is exact (no inexact, no underflow if representable), so
 * the entry points handle integers before the core.
 */
static ld exp2_core(ld x)
{
	ld kf, f;
	struct dd r;
	int m;

	if (fabs_ld(x) < 0x1p-66L)
		return 1 + x;
	if (x > 16400)
		return 0x1p16383L * 0x1p16383L;
	if (x < -16500)
		return 0x1p-16382L * 0x1p-16382L;
	kf = round_near(x * 64);
	f = x - kf * 0.015625L;				/* exact */
	r = dd_mul_ld(__vxm_ln2, f);
	r = exp_k((int)kf, r, &m);
	return __vxm_dd_scale(r, m);
}

/* integral x: 2^x exactly, or overflow / underflow of the type */
static int exp2_special(ld x, ld *r)
{
	if (exp_special(x, r))
		return 1;
	if (x != rint_ld(x) || fabs_ld(x) > 20000)
		return 0;
	*r = __vxm_scalb(1, (int)x);
	return 1;
}

long double exp2l(long double x)
{
	ld r;

	if (exp2_special(x, &r)) {
		/* an exact subnormal power of two is no underflow */
		if (__builtin_isfinite(x) && (r == 0 || __builtin_isinf(r)))
			errno = ERANGE;
		return r;
	}
	{ ENTER_X(x); r = exp2_core(x); LEAVE_R(r); }
	return ret_ld(r);
}

double exp2(double x)
{
	ld r;

	if (exp2_special(x, &r)) {
		if (__builtin_isgreater(x, 1023) && x != INFINITY)
			return __vxm_oflow_d(0);
		if (__builtin_isless(x, -1074) && x != -INFINITY)
			return __vxm_uflow_d(0);
		return r;
	}
	{ ENTER_X(x); r = exp2_core(x); LEAVE_R(r); }
	return ret_d(r);
}

float exp2f(float x)
{
	ld r;

	if (exp2_special(x, &r)) {
		if (__builtin_isgreater(x, 127) && x != INFINITY)
			return __vxm_oflow_f(0);
		if (__builtin_isless(x, -149) && x != -INFINITY)
			return __vxm_uflow_f(0);
		return r;
	}
	{ ENTER_X(x); r = exp2_core(x); LEAVE_R(r); }
	return ret_f(r);
}

/* ---------------------------------------------------------------- expm1 */

static int expm1_special(ld x, ld *r)
{
	if (x == -INFINITY) {
		*r = -1;
		return 1;
	}
	if (x == 0 || x != x || x == INFINITY) {
		*r = x + x;
		return 1;
	}
	return 0;
}

static ld expm1_core(ld x)
{
	struct dd r;

	if (fabs_ld(x) < 0x1p-65L)
		return tiny_ret(x);
	if (x > 64)
		return __vxm_exp_core(x);
	if (x < -46)			/* e^x < 2^-66: -1 + tiny */
		return -1 + 0x1p-70L;
	r = __vxm_expm1_dd(dd_make(x, 0));
	return r.hi + r.lo;
}

DEFINE_MATH1(expm1, expm1_special, expm1_core)
