/*
 * round.c - rounding and splitting doubles.  Plain C on the bit pattern
 * and 64-bit integers: every double of magnitude 2^52 or more is already
 * an integer, and below that the conversion to int64_t is exact.
 */
#include <math.h>
#include <stdint.h>

#define INTEGRAL	4503599627370496.0	/* 2^52 */

double fabs(double x)
{
	return __builtin_fabs(x);
}

double copysign(double x, double y)
{
	return __builtin_copysign(x, y);
}

double trunc(double x)
{
	if (!(fabs(x) < INTEGRAL))	/* large, infinite or NaN */
		return x;
	return copysign((double)(int64_t)x, x);	/* keep -0 for -0.5 */
}

double floor(double x)
{
	double t = trunc(x);

	return t > x ? t - 1 : t;
}

double ceil(double x)
{
	double t = trunc(x);

	return t < x ? t + 1 : t;
}

/* Halfway cases away from zero; x - t is exact here. */
double round(double x)
{
	double t = trunc(x);

	if (fabs(x - t) >= 0.5)
		t += copysign(1.0, x);
	return t;
}

double modf(double x, double *ip)
{
	double t = trunc(x);

	*ip = t;
	if (isinf(x))
		return copysign(0.0, x);
	return copysign(x - t, x);
}

double frexp(double x, int *exp)
{
	union { double d; uint64_t u; } v = { x };
	int e = v.u >> 52 & 0x7ff;

	*exp = 0;
	if (!e) {			/* zero or subnormal */
		if (x == 0)
			return x;
		v.d = x * 18446744073709551616.0;	/* 2^64 */
		e = (v.u >> 52 & 0x7ff) - 64;
	} else if (e == 0x7ff) {
		return x;
	}
	*exp = e - 1022;
	v.u = (v.u & ~(0x7ffULL << 52)) | (1022ULL << 52);
	return v.d;
}
