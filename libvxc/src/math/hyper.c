/*
 * hyper.c - sinh, cosh, tanh from the exponential cores (exp.c), in
 * double-long-double so that e^x - e^-x loses nothing near 0:
 *
 *	sinh x = (E + E / (E + 1)) / 2,   E = e^|x| - 1
 *	cosh x = (e^x + e^-x) / 2
 *	tanh x = E / (E + 2),		  E = e^(2|x|) - 1
 *
 * Beyond |x| = 64 the e^-|x| terms are below the last bit.
 */
#include "libm.h"

static int odd_special(ld x, ld *r)	/* +-0, NaN, +-inf: themselves */
{
	if (x == 0 || x != x || __builtin_isinf(x)) {
		*r = x + x;
		return 1;
	}
	return 0;
}

/* e^ax / 2 for ax >= 64, overflowing by an operation */
static ld half_exp(ld ax)
{
	struct dd e;
	int m;

	if (ax > 11400)
		return 0x1p16383L * 0x1p16383L;
	e = __vxm_exp_dd(dd_make(ax, 0), &m);
	return __vxm_dd_scale(e, m - 1);
}

static ld sinh_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd e, q;

	if (ax < 0x1p-33L)			/* x + x^3/6: x */
		return tiny_ret(x);
	if (ax >= 64)
		return copysign_ld(half_exp(ax), x);
	e = __vxm_expm1_dd(dd_make(ax, 0));
	q = dd_div(e, dd_add_ld(e, 1));
	q = dd_add(e, q);
	return copysign_ld(0.5L * dd_val(q), x);
}

DEFINE_MATH1(sinh, odd_special, sinh_core)

static int cosh_special(ld x, ld *r)
{
	if (x == 0) {
		*r = 1;
		return 1;
	}
	if (x != x || __builtin_isinf(x)) {
		*r = x * x;
		return 1;
	}
	return 0;
}

static ld cosh_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd e;
	int m;

	if (ax < 0x1p-33L)			/* 1 + x^2/2 */
		return 1 + 0x1p-70L;
	if (ax >= 64)
		return half_exp(ax);
	e = __vxm_exp_dd(dd_make(ax, 0), &m);
	e.hi = __vxm_scalb(e.hi, m);		/* exact: m < 100 */
	e.lo = __vxm_scalb(e.lo, m);
	e = dd_add(e, dd_recip(e));
	return 0.5L * dd_val(e);
}

DEFINE_MATH1(cosh, cosh_special, cosh_core)

static int tanh_special(ld x, ld *r)
{
	if (__builtin_isinf(x)) {
		*r = copysign_ld(1, x);
		return 1;
	}
	return odd_special(x, r);
}

static ld tanh_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd e;

	if (ax < 0x1p-33L)			/* x - x^3/3: x */
		return tiny_ret(x);
	if (ax > 23)				/* 1 - 2e^-2x: 1 - tiny */
		return copysign_ld(1 - 0x1p-70L, x);
	e = __vxm_expm1_dd(dd_make(2 * ax, 0));
	e = dd_div(e, dd_add_ld(e, 2));
	return copysign_ld(dd_val(e), x);
}

DEFINE_MATH1(tanh, tanh_special, tanh_core)
