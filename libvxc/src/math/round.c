/*
 * round.c - ceil, floor, trunc, round, rint, nearbyint, modf.
 *
 * ceil/floor/trunc/round work on the bits of the long double (every
 * float and double converts to it exactly, and the integer result
 * converts back exactly), so they never raise inexact, as C2x and glibc
 * do.  rint rounds with frndint in the current rounding mode and raises
 * inexact when the result differs; nearbyint is rint with the inexact
 * flag put back as it was.
 */
#include "libm.h"

enum dir { TRUNC, FLOOR, CEIL, ROUND };

static ld round_dir(ld x, enum dir d)
{
	union ldbits u = { x };
	int e = (u.i.se & 0x7fff) - 16383;	/* unbiased exponent */
	int neg = u.i.se >> 15;
	uint64_t mask, half;

	if (e >= 63)			/* integral, infinite or NaN */
		return e == 0x7fff - 16383 ? x + x : x;	/* quiets a NaN */
	if (e < 0) {			/* |x| < 1 (or zero) */
		if (x == 0)
			return x;
		switch (d) {
		case FLOOR:
			return neg ? -1.0L : 0.0L;
		case CEIL:
			return neg ? -0.0L : 1.0L;
		case ROUND:
			if (e == -1)
				return neg ? -1.0L : 1.0L;
			/* fall through */
		default:
			return neg ? -0.0L : 0.0L;
		}
	}
	mask = (1ULL << (63 - e)) - 1;	/* the fraction bits */
	if ((u.i.m & mask) == 0)
		return x;
	half = (mask >> 1) + 1;
	switch (d) {
	case ROUND:
		if (!(u.i.m & half))
			break;
		goto up;
	case FLOOR:
		if (!neg)
			break;
		goto up;
	case CEIL:
		if (neg)
			break;
	up:
		u.i.m = (u.i.m & ~mask) + mask + 1;
		if (u.i.m == 0) {	/* carried out: 2^(e+1) */
			u.i.m = 1ULL << 63;
			u.i.se++;
		}
		return u.f;
	default:
		break;
	}
	u.i.m &= ~mask;
	return u.f;
}

long double truncl(long double x) { return round_dir(x, TRUNC); }
long double floorl(long double x) { return round_dir(x, FLOOR); }
long double ceill(long double x) { return round_dir(x, CEIL); }
long double roundl(long double x) { return round_dir(x, ROUND); }
double trunc(double x) { return round_dir(x, TRUNC); }
double floor(double x) { return round_dir(x, FLOOR); }
double ceil(double x) { return round_dir(x, CEIL); }
double round(double x) { return round_dir(x, ROUND); }
float truncf(float x) { return round_dir(x, TRUNC); }
float floorf(float x) { return round_dir(x, FLOOR); }
float ceilf(float x) { return round_dir(x, CEIL); }
float roundf(float x) { return round_dir(x, ROUND); }

/* Integral values of float and double are integral long doubles, so
 * frndint on the long double gives them exactly. */
long double rintl(long double x) { return rint_ld(x); }
double rint(double x) { return rint_ld(x); }
float rintf(float x) { return rint_ld(x); }

static ld nearbyint_ld(ld x)
{
	unsigned short sw;
	ld r;

	__asm__ volatile("fnstsw %0" : "=am"(sw));
	FP_BARRIER(x);			/* frndint after reading the flags */
	r = rint_ld(x);
	FP_BARRIER(r);
	if (!(sw & FE_INEXACT) && r != x && x == x)
		__vxm_clear_x87_flags(FE_INEXACT);
	return r;
}

long double nearbyintl(long double x) { return nearbyint_ld(x); }
double nearbyint(double x) { return nearbyint_ld(x); }
float nearbyintf(float x) { return nearbyint_ld(x); }

static ld modf_ld(ld x, ld *ip)
{
	ld t = round_dir(x, TRUNC);

	*ip = t;
	if (__builtin_isinf(x))
		return copysign_ld(0, x);
	return copysign_ld(x - t, x);	/* exact; -0 for negative integers */
}

long double modfl(long double x, long double *ip)
{
	return modf_ld(x, ip);
}

double modf(double x, double *ip)
{
	ld i, f = modf_ld(x, &i);

	*ip = i;
	return f;
}

float modff(float x, float *ip)
{
	ld i, f = modf_ld(x, &i);

	*ip = i;
	return f;
}
