/*
 * nextafter.c - nextafter and nexttoward: the neighbour of x toward y,
 * by stepping the bit pattern.  Stepping past the largest finite value
 * overflows; a subnormal or zero result from a nonzero x underflows
 * (both raise their exception and set ERANGE, as in glibc).
 */
#include "libm.h"

static void check_f(float r)
{
	if (__builtin_isinf(r))
		__vxm_oflow_f(0);
	else if (__builtin_fabsf(r) < FLT_MIN)
		__vxm_uflow_f(0);
}

static void check_d(double r)
{
	if (__builtin_isinf(r))
		__vxm_oflow_d(0);
	else if (__builtin_fabs(r) < DBL_MIN)
		__vxm_uflow_d(0);
}

static void check_ld(ld r)
{
	if (__builtin_isinf(r))
		__vxm_oflow_ld(0);
	else if (fabs_ld(r) < LDBL_MIN)
		__vxm_uflow_ld(0);
}

/* x != y, neither NaN: the float after x in y's direction */
static float step_f(float x, int up)
{
	union fbits u = { x };

	if (x == 0)
		u.i = 1 | (up ? 0 : 0x80000000);
	else if (up == (x > 0))
		u.i++;
	else
		u.i--;
	check_f(u.f);
	return u.f;
}

static double step_d(double x, int up)
{
	union dbits u = { x };

	if (x == 0)
		u.i = 1 | (up ? 0 : 1ULL << 63);
	else if (up == (x > 0))
		u.i++;
	else
		u.i--;
	check_d(u.f);
	return u.f;
}

/* the 80-bit format has an explicit integer bit: set when normal */
static ld step_ld(ld x, int up)
{
	union ldbits u = { x };

	if (x == 0) {
		u.i.m = 1;
		u.i.se = up ? 0 : 0x8000;
	} else if (up == (x > 0)) {		/* away from zero */
		u.i.m++;
		if (u.i.m == 0) {		/* next binade (or inf) */
			u.i.m = 1ULL << 63;
			u.i.se++;
		} else if (u.i.m == 1ULL << 63 && (u.i.se & 0x7fff) == 0) {
			u.i.se++;		/* largest subnormal -> min normal */
		}
	} else {				/* toward zero */
		if (u.i.m == 1ULL << 63 && (u.i.se & 0x7fff) > 1) {
			u.i.m = ~0ULL;
			u.i.se--;
		} else if (u.i.m == 1ULL << 63 && (u.i.se & 0x7fff) == 1) {
			u.i.m = (1ULL << 63) - 1;
			u.i.se--;
		} else {
			u.i.m--;
		}
	}
	check_ld(u.f);
	return u.f;
}

long double nextafterl(long double x, long double y)
{
	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	return step_ld(x, y > x);
}

long double nexttowardl(long double x, long double y)
{
	return nextafterl(x, y);
}

double nextafter(double x, double y)
{
	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	return step_d(x, y > x);
}

double nexttoward(double x, long double y)
{
	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	return step_d(x, y > x);
}

float nextafterf(float x, float y)
{
	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	return step_f(x, y > x);
}

float nexttowardf(float x, long double y)
{
	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	return step_f(x, y > x);
}
