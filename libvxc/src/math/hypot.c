/*
 * hypot.c - sqrt(x^2 + y^2) without undue overflow or underflow: both
 * scaled by one power of two, squares summed exactly enough in
 * double-long-double, the square root of that, then scaled back.  Far
 * apart (the smaller below 2^-34 of the larger) the result is the larger
 * plus a nudge.  An exact result (hypot(3, 4)) is exact and raises no
 * underflow even when subnormal.
 */
#include "libm.h"

/* +-inf beats NaN (C11 F.10.4.3) */
static int hypot_special(ld x, ld y, ld *r)
{
	if (__builtin_isinf(x) || __builtin_isinf(y)) {
		*r = INFINITY;
		return 1;
	}
	if (x != x || y != y) {
		*r = x + y;
		return 1;
	}
	if (x == 0 || y == 0) {
		*r = fabs_ld(x) + fabs_ld(y);
		return 1;
	}
	return 0;
}

/* sqrt(a^2 + b^2) * 2^-s for a >= b > 0, as hi + lo; *s the scale */
static struct dd hypot_scaled(ld a, ld b, int *s)
{
	int ea = ld_bexp(a);

	*s = (ea ? ea : 1) - 16383;
	a = __vxm_scalb(a, -*s);
	b = __vxm_scalb(b, -*s);
	return dd_sqrt(dd_add(two_sqr(a), two_sqr(b)));
}

static ld hypot_core(ld x, ld y)
{
	ld a = fabs_ld(x), b = fabs_ld(y), t;
	struct dd r;
	int s;

	if (a < b) {
		t = a;
		a = b;
		b = t;
	}
	if (a < 0x1p-16000L) {			/* keep subnormals exact */
		a *= 0x1p1000L;
		b *= 0x1p1000L;
		return __vxm_scalb(hypot_core(a, b), -1000);
	}
	if (ld_bexp(a) - ld_bexp(b) > 34)	/* a + b^2/(2a) */
		return a + __vxm_scalb(1, ld_bexp(a) - 16383 - 80);
	r = hypot_scaled(a, b, &s);
	return __vxm_scalb(dd_val(r), s);
}

/* is the double or float result r exactly sqrt(x^2 + y^2)? */
static int hypot_exact(ld r, ld x, ld y)
{
	ld a = fabs_ld(x), b = fabs_ld(y);
	struct dd s, rr;

	/* scale all three so that the larger is near 1; exact */
	int k = -ilogbl(a > b ? a : b);

	a = __vxm_scalb(a, k);
	b = __vxm_scalb(b, k);
	r = __vxm_scalb(r, k);
	s = dd_add(two_sqr(a), two_sqr(b));
	rr = two_sqr(r);
	return s.hi == rr.hi && s.lo == rr.lo;
}

long double hypotl(long double x, long double y)
{
	ld r;

	if (hypot_special(x, y, &r))
		return r;
	{ ENTER_XY(x, y); r = hypot_core(x, y); LEAVE_R(r); }
	if (fabs_ld(r) < LDBL_MIN && hypot_exact(r, x, y))
		return r;
	return ret_ld(r);
}

double hypot(double x, double y)
{
	ld r;
	double d;

	if (hypot_special(x, y, &r))
		return r;
	{ ENTER_XY(x, y); r = hypot_core(x, y); LEAVE_R(r); }
	d = (double)r;
	if (__builtin_fabs(d) < DBL_MIN && hypot_exact(d, x, y))
		return d;
	return ret_d(r);
}

float hypotf(float x, float y)
{
	ld r;
	float f;

	if (hypot_special(x, y, &r))
		return r;
	{ ENTER_XY(x, y); r = hypot_core(x, y); LEAVE_R(r); }
	f = (float)r;
	if (__builtin_fabsf(f) < FLT_MIN && hypot_exact(f, x, y))
		return f;
	return ret_f(r);
}
