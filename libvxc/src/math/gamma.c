/*
 * gamma.c - lgamma, lgamma_r, tgamma.
 *
 * log|Gamma(x)| as hi + lo (__vxm_lgamma_dd):
 *  - 1.5 <= x < 2.5: (x - 2) g(x - 2), g = lgamma(2 + t)/t from 8
 *    polynomial pieces (tools/libm-gen.c, relative error below 2^-74),
 *    so the zeros at 1 and 2 keep full relative accuracy;
 *  - below, lgamma(x) = lgamma(x + 1) - log x (twice under 1/2), above,
 *    up to 16, lgamma(x) = lgamma(x - n) + log((x - 1) ... (x - n)), the
 *    product exact enough in double-long-double;
 *  - x >= 16: Stirling's series, (x - 1/2) log x - x + log(2 pi)/2 +
 *    sum B_2k / (2k (2k - 1) x^(2k - 1)) to k = 12 (below 2^-75);
 *  - x < 0: the reflection formula, lgamma(x) = log(pi) -
 *    log|x sin(pi x)| - lgamma(-x), sin(pi x) from the trig kernels;
 *    its terms carry about 77 bits, but they cancel near the zeros of
 *    lgamma (two in each (-n-1, -n), n >= 2), so where |lgamma| < 1/32
 *    around each zero z above -20, lgamma(x) = (x - z) P(x - z) with
 *    a polynomial P (tools/libm-gen.c), x - z in double-long-double.
 * tgamma(x) = +-exp(lgamma(x)), the exponent's absolute error (about
 * 2^-74) being the result's relative error.
 */
#include "libm.h"

/* lgamma(2 + t) for |t| <= 1/2 */
static struct dd lgamma_base(ld t)
{
	int i = (int)((t + 0.5L) * 8);
	const struct poly *p;

	if (i < 0)
		i = 0;
	if (i > 7)
		i = 7;
	p = &__vxm_lgamma2_fits[i];
	return dd_mul_ld(poly_dd(p, t - p->mid), t);
}

static struct dd log_ld(ld x)
{
	return __vxm_log_dd(dd_make(x, 0));
}

/* Stirling's series for x >= 16 */
static struct dd stirling(ld x)
{
	struct dd l = log_ld(x), a;
	ld r, z, s;

	if (x > 0x1p100L) {
		/* x (log x - 1): the rest is below 2^-100 of it; scaled so
		 * that the product cannot overflow before its time */
		struct dd p = dd_mul_ld(dd_add_ld(l, -1), x * 0x1p-8000L);

		return dd_make(__vxm_scalb(p.hi, 8000),
			       __vxm_scalb(p.lo, 8000));
	}
	a = dd_mul(l, two_sum(x, -0.5L));
	a = dd_add_ld(a, -x);
	a = dd_add(a, __vxm_half_ln_2pi);
	/* 1/(12 x) in hi + lo, the rest of the series in long double */
	a = dd_add(a, dd_div(dd_make(1, 0), two_prod(12, x)));
	if (x > 0x1p40L)
		return a;
	r = 1 / x;
	z = r * r;
	s = r * z * (-0.00277777777777777777777777777777777777777778L +
		z * (0.000793650793650793650793650793650793650793651L +
		z * (-0.000595238095238095238095238095238095238095238L +
		z * (0.000841750841750841750841750841750841750841751L +
		z * (-0.00191752691752691752691752691752691752691753L +
		z * (0.00641025641025641025641025641025641025641026L +
		z * (-0.0295506535947712418300653594771241830065359L +
		z * (0.179644372368830573164938490015889396694350L +
		z * (-1.39243221690590111642743221690590111642743L +
		z * (13.4028640441683919944789510006901311249137L +
		z * -156.848284626002017306365132452088973828104L))))))))));
	return dd_add_ld(a, s);
}

/* log Gamma(x) for finite x > 0 */
static struct dd lgamma_pos(ld x)
{
	struct dd p;
	ld n;
	int i;

	if (x < 0x1p-70L)		/* -log x - euler x: -log x */
		return dd_neg(log_ld(x));
	if (x < 0.5L) {
		p = dd_mul_ld(two_sum(x, 1), x);
		return dd_sub(lgamma_base(x), __vxm_log_dd(p));
	}
	if (x < 1.5L)
		return dd_sub(lgamma_base(x - 1), log_ld(x));
	if (x < 2.5L)
		return lgamma_base(x - 2);
	if (x >= 16)
		return stirling(x);
	n = floorl(x - 1.5L);		/* x - n in [1.5, 2.5) */
	p = dd_make(x - 1, 0);
	for (i = 2; i <= n; i++)
		p = dd_mul_ld(p, x - i);		/* x - i exact */
	return dd_add(lgamma_base(x - n - 2), __vxm_log_dd(p));
}

/* |sin(pi x)| for non-integral x, as hi + lo */
static struct dd abs_sinpi(ld x)
{
	ld g = fabs_ld(x - rint_ld(x));		/* exact, in (0, 1/2] */

	if (g <= 0.25L)
		return __vxm_sin_dd(dd_mul_ld(__vxm_pi, g));
	return __vxm_cos_dd(dd_mul_ld(__vxm_pi, 0.5L - g));
}

/* near a zero of lgamma below -2: 1 with the value in *r */
static int lgamma_near_zero(ld x, struct dd *r)
{
	int n, k, i;

	if (x > -2 || x < -LGAMMA_ZERO_NMAX - 1)
		return 0;
	n = (int)-x;
	for (i = 0; i < 2; i++) {
		const struct poly *p;
		struct dd u;

		k = 2 * (n - 2) + i;
		p = &__vxm_lgamma_zeros[k];
		if (fabs_ld(x - p->mid) > 2 * p->b)	/* far: no need */
			continue;
		/* x - z.hi is exact (Sterbenz); the fit holds for |u| <= b */
		u = two_sum(x - p->mid, -__vxm_lgamma_zero_lo[k].hi);
		u = two_sum(u.hi, u.lo - __vxm_lgamma_zero_lo[k].lo);
		if (fabs_ld(u.hi) > p->b)
			continue;
		*r = dd_mul(poly_dd(p, u.hi), u);
		return 1;
	}
	return 0;
}

struct dd __vxm_lgamma_dd(ld x, int *sign)
{
	struct dd s, l;

	*sign = 1;
	if (x > 0)
		return lgamma_pos(x);
	*sign = ((long long)floorl(x) & 1) ? -1 : 1;
	if (x > -0x1p-70L)
		return dd_neg(log_ld(-x));
	if (lgamma_near_zero(x, &l))
		return l;
	s = dd_mul_ld(abs_sinpi(x), -x);
	l = dd_sub(__vxm_ln_pi, __vxm_log_dd(s));
	return dd_sub(l, lgamma_pos(-x));
}

/* +-inf: +inf; 1 and 2: +0; 0 and negative integers: poles */
static int lgamma_special(ld x, ld *r, int *sign)
{
	*sign = 1;
	if (x != x || __builtin_isinf(x)) {
		*r = x * x;
		return 1;
	}
	if (x == 1 || x == 2) {
		*r = 0;
		return 1;
	}
	if (x <= 0 && x == truncl(x)) {
		if (x == 0 && signbit_ld(x))
			*sign = -1;
		*r = __vxm_pole_ld(0);
		return 1;
	}
	return 0;
}

static ld lgamma_core(ld x, int *sign)
{
	return dd_val(__vxm_lgamma_dd(x, sign));
}

#define DEFINE_LGAMMA(T, name, ret) \
T name##_r(T x, int *sign) \
{ \
	ld r; \
	if (lgamma_special(x, &r, sign)) \
		return r; \
	{ ENTER_X(x); r = lgamma_core(x, sign); LEAVE_R(r); } \
	return ret(r); \
} \
T name(T x) \
{ \
	return name##_r(x, &signgam); \
}

DEFINE_LGAMMA(long double, lgammal, ret_ld)
DEFINE_LGAMMA(double, lgamma, ret_d)
DEFINE_LGAMMA(float, lgammaf, ret_f)

/* tgamma: +-0 poles, negative integers and -inf domain errors */
static int tgamma_special(ld x, ld *r)
{
	if (x != x || x == INFINITY) {
		*r = x + x;
		return 1;
	}
	if (x == 0) {
		*r = __vxm_pole_ld(signbit_ld(x));
		return 1;
	}
	if (x < 0 && x == truncl(x)) {	/* also -inf */
		*r = __vxm_dom_ld();
		return 1;
	}
	return 0;
}

static ld tgamma_core(ld x)
{
	struct dd l;
	ld sgn;
	int sign, m;

	if (x > 1800)
		return 0x1p16383L * 0x1p16383L;
	if (x < -1900) {
		sgn = ((long long)floorl(x) & 1) ? -1 : 1;
		return sgn * 0x1p-16382L * 0x1p-16382L;
	}
	l = __vxm_lgamma_dd(x, &sign);
	sgn = sign;
	if (l.hi > 11400)
		return sgn * 0x1p16383L * 0x1p16383L;
	if (l.hi < -11500)
		return sgn * 0x1p-16382L * 0x1p-16382L;
	l = __vxm_exp_dd(l, &m);
	return sgn * __vxm_dd_scale(l, m);
}

DEFINE_MATH1(tgamma, tgamma_special, tgamma_core)
