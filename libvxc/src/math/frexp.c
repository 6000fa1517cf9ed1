/*
 * frexp.c - the exponent functions: frexp, ldexp, scalbn, scalbln,
 * ilogb, logb.
 *
 * Scaling is exact in the x87's range, so float and double scale their
 * long double value and round once on conversion (which raises the
 * overflow, underflow and inexact flags exactly as IEEE says); long
 * double uses fscale, which rounds once too.
 */
#include "libm.h"
#include <limits.h>

/* x = m * 2^e exactly, m in [1, 2); x finite and nonzero */
static int exponent_of(ld x)
{
	union ldbits u = { x };
	int e = u.i.se & 0x7fff;

	if (e == 0)	/* subnormal: the integer bit is clear */
		return -16382 - __builtin_clzll(u.i.m);
	return e - 16383;
}

/* x * 2^k rounded once to long double */
ld __vxm_scalb(ld x, int k)
{
	ld r, kk;

	if (k > 40000)
		k = 40000;
	if (k < -40000)
		k = -40000;
	kk = k;
	__asm__("fscale" : "=t"(r) : "0"(x), "u"(kk));
	return r;
}

/* the exponent of the lowest set bit of finite nonzero x */
static int lsb_exponent(ld x)
{
	union ldbits u = { x };

	return exponent_of(x) - 63 + __builtin_ctzll(u.i.m) +
	       (u.i.se & 0x7fff ? 0 : __builtin_clzll(u.i.m));
}

/*
 * x * 2^n for finite nonzero x, in a type with significand p bits,
 * least normal exponent emin and largest value max: scaled exactly in
 * long double (n is clamped where the result is sure to overflow or
 * underflow), then rounded once.  Overflow and a tiny inexact result
 * set ERANGE; the conversion raises the flags.
 */
#define SCALE(T, x, n, p, emin, max) ({ \
	int n_ = n > 40000 ? 40000 : n < -40000 ? -40000 : n; \
	ld exact_ = __vxm_scalb(x, n_); \
	T r_ = (T)exact_; \
	if (fabs_ld(exact_) > max || \
	    lsb_exponent(x) + (long long)n < (emin) - (p) + 1) \
		errno = ERANGE; \
	r_; })

/* long double: fscale rounds once, to the true value's neighbour */
long double scalbnl(long double x, int n)
{
	ld r;
	int e;

	if (x == 0 || !__builtin_isfinite(x))
		return x + x;
	r = __vxm_scalb(x, n);
	e = exponent_of(x);
	if ((long long)e + n > 16383 || lsb_exponent(x) + (long long)n < -16445)
		errno = ERANGE;
	return r;
}

double scalbn(double x, int n)
{
	if (x == 0 || !__builtin_isfinite(x))
		return x + x;
	return SCALE(double, x, n, 53, -1022, DBL_MAX);
}

float scalbnf(float x, int n)
{
	if (x == 0 || !__builtin_isfinite(x))
		return x + x;
	return SCALE(float, x, n, 24, -126, FLT_MAX);
}

static int clamp_long(long n)
{
	return n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : n;
}

long double scalblnl(long double x, long n) { return scalbnl(x, clamp_long(n)); }
double scalbln(double x, long n) { return scalbn(x, clamp_long(n)); }
float scalblnf(float x, long n) { return scalbnf(x, clamp_long(n)); }
long double ldexpl(long double x, int n) { return scalbnl(x, n); }
double ldexp(double x, int n) { return scalbn(x, n); }
float ldexpf(float x, int n) { return scalbnf(x, n); }

static ld frexp_ld(ld x, int *e)
{
	if (x == 0 || !__builtin_isfinite(x)) {
		*e = 0;
		return x + x;
	}
	*e = exponent_of(x) + 1;
	return __vxm_scalb(x, -*e);		/* exact: in [0.5, 1) */
}

long double frexpl(long double x, int *e) { return frexp_ld(x, e); }
double frexp(double x, int *e) { return frexp_ld(x, e); }
float frexpf(float x, int *e) { return frexp_ld(x, e); }

/* ilogb of zero, infinity and NaN: invalid, EDOM (as glibc) */
static int ilogb_ld(ld x)
{
	if (x == 0 || !__builtin_isfinite(x)) {
		__vxm_raise_invalid();
		errno = EDOM;
		if (x == 0)
			return FP_ILOGB0;
		return x != x ? FP_ILOGBNAN : INT_MAX;
	}
	return exponent_of(x);
}

int ilogbl(long double x) { return ilogb_ld(x); }
int ilogb(double x) { return ilogb_ld(x); }
int ilogbf(float x) { return ilogb_ld(x); }

/* logb(+-0) is a pole: -inf, FE_DIVBYZERO, ERANGE */
static ld logb_ld(ld x)
{
	if (x == 0)
		return __vxm_pole_ld(1);
	if (!__builtin_isfinite(x))
		return x * x;			/* +inf, or NaN */
	return exponent_of(x);
}

long double logbl(long double x) { return logb_ld(x); }
double logb(double x) { return logb_ld(x); }
float logbf(float x) { return logb_ld(x); }
