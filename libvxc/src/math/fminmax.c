/*
 * fminmax.c - fmax, fmin, fdim.
 *
 * fmax and fmin treat a NaN as missing data (the other argument is the
 * result) and order -0 below +0.  fdim's subtraction must round once to
 * the result's type: the x87 would round to 64 bits first, so float and
 * double set the precision control to 24 or 53 bits for it.
 */
#include "libm.h"

static ld fmax_ld(ld x, ld y)
{
	if (x != x)
		return y;
	if (y != y)
		return x;
	if (x == y)	/* equal, or +-0: +0 if either is */
		return signbit_ld(x) ? y : x;
	return x > y ? x : y;
}

static ld fmin_ld(ld x, ld y)
{
	if (x != x)
		return y;
	if (y != y)
		return x;
	if (x == y)
		return signbit_ld(x) ? x : y;
	return x < y ? x : y;
}

long double fmaxl(long double x, long double y) { return fmax_ld(x, y); }
double fmax(double x, double y) { return fmax_ld(x, y); }
float fmaxf(float x, float y) { return fmax_ld(x, y); }
long double fminl(long double x, long double y) { return fmin_ld(x, y); }
double fmin(double x, double y) { return fmin_ld(x, y); }
float fminf(float x, float y) { return fmin_ld(x, y); }

/* x - y with the x87 precision control at pc (0: 24 bits, 2: 53, 3: 64) */
static ld sub_pc(ld x, ld y, int pc)
{
	unsigned short cw = get_cw();
	volatile ld r;

	set_cw((cw & ~0x300) | pc << 8);
	FP_BARRIER(x);
	FP_BARRIER(y);
	r = x - y;
	set_cw(cw);
	return r;
}

long double fdiml(long double x, long double y)
{
	ld r;

	if (x != x || y != y)
		return x + y;
	if (!(x > y))
		return 0;
	r = x - y;
	/* overflow: beyond the range once rounded (in a directed mode the
	 * result may be the largest finite value); halves are exact */
	if (__builtin_isfinite(x) && __builtin_isfinite(y) &&
	    (__builtin_isinf(r) || (r == LDBL_MAX && x >= 2 && y <= -2 &&
	     x * 0.5L - y * 0.5L >= 0x1p16383L)))
		errno = ERANGE;
	return r;
}

double fdim(double x, double y)
{
	double r;
	ld d;

	if (x != x || y != y)
		return x + y;
	if (!(x > y))
		return 0;
	/* rounded to 53 bits with the x87's wider exponent: beyond
	 * DBL_MAX is exactly IEEE's overflow */
	d = sub_pc(x, y, 2);
	r = (double)d;
	if (d > DBL_MAX && __builtin_isfinite(x) && __builtin_isfinite(y))
		errno = ERANGE;
	return r;
}

float fdimf(float x, float y)
{
	float r;
	ld d;

	if (x != x || y != y)
		return x + y;
	if (!(x > y))
		return 0;
	d = sub_pc(x, y, 0);
	r = (float)d;
	if (d > FLT_MAX && __builtin_isfinite(x) && __builtin_isfinite(y))
		errno = ERANGE;
	return r;
}
