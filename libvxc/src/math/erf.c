/*
 * erf.c - erf and erfc.
 *
 * |x| < 1/2: erf x = 2/sqrt(pi) x (1 - x^2/3 + x^4/10 - ...), the Taylor
 * series to x^33 (truncation below 2^-75), 2/sqrt(pi) x in
 * double-long-double.  x >= 1/2: erfc x = e^(-x^2) F(x), F(x) = erfc(x)
 * e^(x^2) smooth, from 32 polynomial pieces up to x = 112 (Chebyshev
 * interpolants computed by tools/libm-gen.c, relative error below 2^-70),
 * x^2 exact, e^(-x^2) as hi + lo (exp.c).  The other cases by
 * erf = 1 - erfc, erfc(-x) = 2 - erfc(x), all in double-long-double.
 */
#include "libm.h"

#define ERF_ONE		6.8L	/* erfc(x) < 2^-68 beyond */
#define ERFC_ZERO	106.8L	/* erfc(x) < 2^-16446 beyond */

/* erf(x) for |x| < 1/2 as hi + lo */
static struct dd erf_small(ld x)
{
	ld z = x * x, q;
	struct dd t = dd_mul_ld(__vxm_2_sqrtpi, x);

	q = z * (-0.333333333333333333333333333333333333333333L +
		z * (0.1L + z * (-0.0238095238095238095238095238095238095238095L +
		z * (0.00462962962962962962962962962962962962962963L +
		z * (-0.000757575757575757575757575757575757575757576L +
		z * (0.000106837606837606837606837606837606837606838L +
		z * (-0.0000132275132275132275132275132275132275132275L +
		z * (0.00000145891690009337068160597572362278244631186L +
		z * (-1.45038522231504687645038522231504687645039E-7L +
		z * (1.31225329638028050726463424876123288821702E-8L +
		z * (-1.08922210371485733804574384284529212065444E-9L +
		z * (8.35070279514723959168403612848057292501737E-11L +
		z * (-5.94779401363763503681199154450183256767619E-12L +
		z * (3.95542951645852576339713723402831229870091E-13L +
		z * (-2.46682701026445692771004257606066788521132E-14L +
		z * 1.44832646435981372649642651245986182654453E-15L)))))))))))))));
	return fast_two_sum(t.hi, t.lo + t.hi * q);
}

/* erfc(x) = 2^m (hi + lo) for 1/2 <= x < ERFC_ZERO */
static struct dd erfc_big(ld x, int *m)
{
	const struct poly *p = __vxm_erfcx_fits;
	struct dd f, e;

	while (x >= p->b)
		p++;
	f = poly_dd(p, x - p->mid);
	e = __vxm_exp_dd(dd_neg(two_sqr(x)), m);
	return dd_mul(e, f);
}

/* the same scaled back, for x < ERF_ONE (|m| < 100: exact) */
static struct dd erfc_mid(ld x)
{
	int m;
	struct dd r = erfc_big(x, &m);

	r.hi = __vxm_scalb(r.hi, m);
	r.lo = __vxm_scalb(r.lo, m);
	return r;
}

static int erf_special(ld x, ld *r)
{
	if (x == 0 || x != x) {
		*r = x + x;
		return 1;
	}
	if (__builtin_isinf(x)) {
		*r = copysign_ld(1, x);
		return 1;
	}
	return 0;
}

static ld erf_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd r;

	if (ax < 0.5L) {
		if (ax < 0x1p-16000L)		/* scaled: no false underflow */
			return __vxm_scalb(dd_val(dd_mul_ld(__vxm_2_sqrtpi,
				x * 0x1p200L)), -200);
		if (ax < 0x1p-40L)		/* 2x/sqrt(pi) */
			return dd_val(dd_mul_ld(__vxm_2_sqrtpi, x));
		return dd_val(erf_small(x));
	}
	if (ax >= ERF_ONE)
		return copysign_ld(1 - 0x1p-70L, x);
	r = dd_sub(dd_make(1, 0), erfc_mid(ax));
	return copysign_ld(dd_val(r), x);
}

DEFINE_MATH1(erf, erf_special, erf_core)

static int erfc_special(ld x, ld *r)
{
	if (x != x || x == INFINITY) {
		*r = x == INFINITY ? 0 : x + x;
		return 1;
	}
	if (x == -INFINITY) {
		*r = 2;
		return 1;
	}
	return 0;
}

static ld erfc_core(ld x)
{
	struct dd r;
	int m;

	if (fabs_ld(x) < 0x1p-66L)
		return 1 - x;
	if (fabs_ld(x) < 0.5L)
		return dd_val(dd_sub(dd_make(1, 0), erf_small(x)));
	if (x < 0) {
		if (x <= -ERF_ONE)
			return 2 - 0x1p-70L;
		return dd_val(dd_sub(dd_make(2, 0), erfc_mid(-x)));
	}
	if (x >= ERFC_ZERO)
		return 0x1p-16382L * 0x1p-16382L;
	r = erfc_big(x, &m);
	return __vxm_dd_scale(r, m);
}

DEFINE_MATH1(erfc, erfc_special, erfc_core)
