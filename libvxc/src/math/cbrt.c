/*
 * cbrt.c - cube roots.
 *
 * x = 2^(3q) t with t in [1/8, 1): Newton's iteration from a linear
 * first guess gives cbrt(t) to long double precision; then one more
 * step in double-long-double, y + (t - y^3) / (3 y^2) with y^3 exact,
 * leaves an error far below half an ulp, so exact cubes come out exact.
 * The result is never tiny, so there is no underflow to report.
 */
#include "libm.h"

static int cbrt_special(ld x, ld *r)
{
	if (x == 0 || x != x || __builtin_isinf(x)) {
		*r = x + x;
		return 1;
	}
	return 0;
}

static ld cbrt_core(ld x)
{
	union ldbits u = { fabs_ld(x) };
	int e, q, i;
	ld t, y;
	struct dd y3, d;

	if (!(u.i.se & 0x7fff)) {		/* subnormal */
		u.f *= 0x1p66L;
		e = (u.i.se & 0x7fff) - 16383 - 66;
	} else {
		e = (u.i.se & 0x7fff) - 16383;
	}
	/* |x| = 2^e m, m in [1, 2); q = ceil((e + 1) / 3) makes
	 * t = |x| 2^-3q = m 2^(e - 3q) fall in [1/8, 1) */
	q = (e + 3 + 3 * 6000) / 3 - 6000;
	u.i.se = 16383 + e - 3 * q;
	t = u.f;
	y = 0.5L + 0.5L * t;			/* within 30% on [1/8, 1) */
	for (i = 0; i < 7; i++)
		y = y - (y * y * y - t) / (3 * y * y);
	y3 = dd_mul_ld(two_sqr(y), y);
	d = two_sum(t, -y3.hi);
	y = y + (d.hi + (d.lo - y3.lo)) / (3 * y * y);
	return copysign_ld(__vxm_scalb(y, q), x);
}

DEFINE_MATH1(cbrt, cbrt_special, cbrt_core)
