/*
 * ahyper.c - asinh, acosh, atanh as logarithms of double-long-double
 * arguments (log.c keeps its relative accuracy near 1):
 *
 *	asinh x = log(|x| + sqrt(x^2 + 1))
 *	acosh x = log(x + sqrt((x - 1)(x + 1)))
 *	atanh x = log((1 + x) / (1 - x)) / 2
 *
 * Beyond 2^33 the first two are log|x| + log 2.
 */
#include "libm.h"

static int odd_special(ld x, ld *r)
{
	if (x == 0 || x != x || __builtin_isinf(x)) {
		*r = x + x;
		return 1;
	}
	return 0;
}

/* log(2 x) for x > 2^33 */
static struct dd log_2x(ld x)
{
	return dd_add(__vxm_log_dd(dd_make(x, 0)), __vxm_ln2);
}

static ld asinh_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd w;

	if (ax < 0x1p-33L)			/* x - x^3/6: x */
		return tiny_ret(x);
	if (ax > 0x1p33L) {
		w = log_2x(ax);
	} else {
		w = dd_sqrt(dd_add_ld(two_sqr(ax), 1));
		w = __vxm_log_dd(dd_add_ld(w, ax));
	}
	return copysign_ld(dd_val(w), x);
}

DEFINE_MATH1(asinh, odd_special, asinh_core)

static int acosh_special(ld x, ld *r)
{
	if (x != x || x == INFINITY) {
		*r = x + x;
		return 1;
	}
	if (x < 1) {
		*r = __vxm_dom_ld();
		return 1;
	}
	if (x == 1) {
		*r = 0;
		return 1;
	}
	return 0;
}

static ld acosh_core(ld x)
{
	struct dd w;

	if (x > 0x1p33L)
		return dd_val(log_2x(x));
	w = dd_sqrt(dd_mul_ld(two_sum(x, 1), x - 1));	/* x - 1 exact */
	return dd_val(__vxm_log_dd(dd_add_ld(w, x)));
}

DEFINE_MATH1(acosh, acosh_special, acosh_core)

static int atanh_special(ld x, ld *r)
{
	if (x == 0 || x != x) {
		*r = x + x;
		return 1;
	}
	if (fabs_ld(x) > 1) {
		*r = __vxm_dom_ld();
		return 1;
	}
	if (fabs_ld(x) == 1) {
		*r = __vxm_pole_ld(signbit_ld(x));
		return 1;
	}
	return 0;
}

static ld atanh_core(ld x)
{
	ld ax = fabs_ld(x);
	struct dd q;

	if (ax < 0x1p-33L)			/* x + x^3/3: x */
		return tiny_ret(x);
	q = dd_div(two_sum(1, ax), two_sum(1, -ax));
	q = __vxm_log_dd(q);
	return copysign_ld(0.5L * dd_val(q), x);
}

DEFINE_MATH1(atanh, atanh_special, atanh_core)
