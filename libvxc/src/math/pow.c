/*
 * pow.c - pow, powf, powl.
 *
 * x^y = e^(y log|x|): log|x| as hi + lo with about 88 correct bits
 * (log.c), the product with y as hi + lo, its exponential as hi + lo
 * (exp.c).  |y log x| <= 11400 when the result is in range, so the
 * absolute error of the exponent, about 2^-74, is the relative error of
 * the result: 0.5 + 2^-10 ulp for long double before any subnormal
 * rounding.  Exact results (pow(2, 3), pow(4, 0.5)) come out exact since
 * the error before the last rounding is far below half an ulp.
 *
 * Special cases are those of C11 F.10.4.4.  An underflow is signalled
 * only when the true result is inexact, which pow_exact() decides.
 */
#include "libm.h"

/* y is an integer; is it odd?  (|y| >= 2^64 are all even) */
static int is_int(ld y)
{
	return y == truncl(y);		/* round.c's: no inexact */
}

static int is_odd(ld y)
{
	union ldbits u = { y };
	int e = (u.i.se & 0x7fff) - 16383;

	if (!is_int(y) || e > 63 || e < 0)
		return 0;
	return u.i.m >> (63 - e) & 1;
}

/* x = m * 2^e, m odd; x finite nonzero */
static void odd_split(ld x, uint64_t *m, int *e)
{
	union ldbits u = { x };
	int be = u.i.se & 0x7fff, tz = __builtin_ctzll(u.i.m);

	*m = u.i.m >> tz;
	*e = (be ? be : 1) - 16383 - 63 + tz;
}

/* is the odd integer m a perfect square?  then *r = sqrt(m) */
static int isqrt_exact(uint64_t m, uint64_t *r)
{
	uint64_t s = (uint64_t)sqrt_ld(m);	/* within 1; s^2 < 2^64 */

	if (s > 0xffffffffULL)
		s = 0xffffffffULL;
	while (s * s > m)
		s--;
	while (s < 0xffffffffULL && (s + 1) * (s + 1) <= m)
		s++;
	*r = s;
	return s * s == m;
}

/*
 * Is |x|^y exactly representable with p significant bits and least
 * exponent emin (of the normal range)?  y = n / 2^k with n odd: then
 * m^y is rational only if m is a 2^k-th power, and 2^(e y) only if e y
 * is an integer; what is left is an integer power of an odd integer.
 */
static int pow_exact(ld x, ld y, int p, int emin)
{
	uint64_t m, r, v;
	int e, k = 0;
	long long ee;

	odd_split(fabs_ld(x), &m, &e);
	while (!is_int(y)) {
		if (++k > 64 || (e & 1) || !isqrt_exact(m, &r))
			return 0;
		m = r;
		e /= 2;
		y *= 2;			/* exact */
	}
	if (fabs_ld(y) > 0x1p40L)
		return 0;
	if (y < 0 && m != 1)
		return 0;
	ee = (long long)e * (long long)y;
	v = 1;
	if (m != 1) {
		long long n = (long long)y;
		uint64_t limit = p == 64 ? ~0ULL : (1ULL << p) - 1;

		while (n-- > 0) {
			if (v > limit / m)
				return 0;
			v *= m;
		}
	}
	/* v * 2^ee with v odd < 2^p: representable down to the least
	 * subnormal's quantum */
	return ee >= emin - p + 1;
}

enum { NOT_SPECIAL, SPECIAL };

/* the special cases of C11 F.10.4.4; sets *neg for the sign of the
 * general case */
static int pow_special(ld x, ld y, ld *r, int *neg)
{
	*neg = 0;
	if (y == 0 || x == 1) {
		*r = 1;
		return SPECIAL;
	}
	if (x != x || y != y) {
		*r = x + y;
		return SPECIAL;
	}
	if (y == 1) {
		*r = x;
		return SPECIAL;
	}
	if (x == -1 && (__builtin_isinf(y) || is_int(y))) {
		*r = is_odd(y) ? -1 : 1;
		return SPECIAL;
	}
	if (x == 0) {
		int odd = is_odd(y);

		if (y < 0) {
			if (y == -INFINITY)
				*r = INFINITY;
			else
				*r = __vxm_pole_ld(odd && signbit_ld(x));
		} else {
			*r = odd ? x : 0;
		}
		return SPECIAL;
	}
	if (__builtin_isinf(y)) {
		ld ax = fabs_ld(x);

		if (ax == 1)
			*r = 1;
		else
			*r = (ax < 1) == (y < 0) ? INFINITY : 0;
		return SPECIAL;
	}
	if (__builtin_isinf(x)) {
		int odd = is_odd(y);

		if (x > 0)
			*r = y < 0 ? 0 : INFINITY;
		else if (y < 0)
			*r = odd ? -0.0L : 0.0L;
		else
			*r = odd ? -INFINITY : INFINITY;
		return SPECIAL;
	}
	if (x < 0) {
		if (!is_int(y)) {
			*r = __vxm_dom_ld();
			return SPECIAL;
		}
		*neg = is_odd(y);
	}
	return NOT_SPECIAL;
}

/* |x|^y for finite nonzero x != 1, finite nonzero y; the sign of the
 * result is neg.  Overflow and underflow are raised by operations. */
static ld pow_core(ld x, ld y, int neg)
{
	struct dd l, t;
	ld sgn = neg ? -1.0L : 1.0L;
	int m;

	x = fabs_ld(x);
	l = __vxm_log_dd(dd_make(x, 0));
	/* y log x tiny: 1 + y log x, rounded */
	if (ld_bexp(y) + ld_bexp(l.hi) < 2 * 16383 - 80)
		return sgn * (1 + (l.hi < 0 ? -0x1p-70L : 0x1p-70L) *
			      (y < 0 ? -1 : 1));
	if (fabs_ld(y) > 0x1p80L || fabs_ld(l.hi * y) > 12000) {
		if ((l.hi > 0) == (y > 0))
			return sgn * 0x1p16383L * 0x1p16383L;
		return sgn * 0x1p-16382L * 0x1p-16382L;
	}
	t = dd_mul_ld(l, y);
	t = __vxm_exp_dd(t, &m);
	return sgn * __vxm_dd_scale(t, m);
}

long double powl(long double x, long double y)
{
	ld r;
	int neg;

	if (pow_special(x, y, &r, &neg))
		return r;
	{ ENTER_XY(x, y); r = pow_core(x, y, neg); LEAVE_R(r); }
	if (fabs_ld(r) < LDBL_MIN && r != 0 && pow_exact(x, y, 64, -16382))
		return r;
	return ret_ld(r);
}

double pow(double x, double y)
{
	ld r;
	double d;
	int neg;

	if (pow_special(x, y, &r, &neg))
		return r;
	{ ENTER_XY(x, y); r = pow_core(x, y, neg); LEAVE_R(r); }
	d = (double)r;
	if (__builtin_fabs(d) < DBL_MIN && d != 0 && (ld)d == r &&
	    pow_exact(x, y, 53, -1022))
		return d;
	return ret_d(r);
}

float powf(float x, float y)
{
	ld r;
	float f;
	int neg;

	if (pow_special(x, y, &r, &neg))
		return r;
	{ ENTER_XY(x, y); r = pow_core(x, y, neg); LEAVE_R(r); }
	f = (float)r;
	if (__builtin_fabsf(f) < FLT_MIN && f != 0 && (ld)f == r &&
	    pow_exact(x, y, 24, -126))
		return f;
	return ret_f(r);
}
