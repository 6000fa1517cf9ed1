/*
 * sqrt.c - square roots, correctly rounded in the current rounding mode.
 *
 * fsqrt rounds once to the precision control's width: 64 bits for long
 * double.  For double the precision control is set to 53 bits for the
 * instruction (rounding to 64 bits and then to 53 could round twice
 * wrongly); for float, rounding first to 64 bits and then to 24 is
 * provably the same as rounding once (64 >= 2 * 24 + 2, Figueroa).
 * A negative argument is a domain error; sqrt(-0) is -0.
 */
#include "libm.h"

static int sqrt_special(ld x, ld *r)
{
	if (__builtin_isless(x, 0)) {
		*r = __vxm_dom_ld();
		return 1;
	}
	return 0;
}

long double sqrtl(long double x)
{
	ld r;

	if (sqrt_special(x, &r))
		return r;
	return sqrt_ld(x);
}

double sqrt(double x)
{
	unsigned short cw;
	ld r;

	if (sqrt_special(x, &r))
		return r;
	cw = get_cw();
	set_cw((cw & ~0x300) | 0x200);		/* 53 bits */
	FP_BARRIER(x);
	r = sqrt_ld(x);
	FP_BARRIER(r);
	set_cw(cw);
	return r;				/* exact */
}

float sqrtf(float x)
{
	ld r;

	if (sqrt_special(x, &r))
		return r;
	return sqrt_ld(x);
}
