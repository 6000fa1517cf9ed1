/*
 * x87math.c - transcendental functions on the x87 unit.  Each works in
 * 80-bit extended precision and rounds once to double on return, which is
 * accurate to within an ulp for ordinary arguments.  fsin/fcos/fptan
 * reduce arguments with a 66-bit pi, so huge arguments lose accuracy.
 */
#include <math.h>

typedef long double ld;

/* st(1) * log2(st(0)) */
static ld yl2x(ld x, ld y)
{
	ld r;

	__asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

/* 2^x for any finite x: split into integer and fraction parts. */
static ld exp2l_(ld x)
{
	ld i, f, r;

	if (x != x)
		return x;
	if (x > 16384)
		return HUGE_VAL;
	if (x < -16500)
		return 0;
	__asm__("frndint" : "=t"(i) : "0"(x));	/* nearest: |f| <= 0.5 */
	f = x - i;
	__asm__("f2xm1" : "=t"(r) : "0"(f));
	r += 1;
	__asm__("fscale" : "=t"(r) : "0"(r), "u"(i));
	return r;
}

static ld sqrtl_(ld x)
{
	ld r;

	__asm__("fsqrt" : "=t"(r) : "0"(x));
	return r;
}

static ld atan2l_(ld y, ld x)
{
	ld r;

	__asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

double sqrt(double x)
{
	return sqrtl_(x);
}

double ldexp(double x, int exp)
{
	ld r;

	__asm__("fscale" : "=t"(r) : "0"((ld)x), "u"((ld)exp));
	return r;
}

double fmod(double x, double y)
{
	ld r;

	/* fprem works in chunks; C2 (0x400) says whether it is done. */
	__asm__("1:\tfprem\n\t"
		"fnstsw %%ax\n\t"
		"testw $0x400, %%ax\n\t"
		"jnz 1b"
		: "=t"(r) : "0"((ld)x), "u"((ld)y) : "ax", "cc");
	return r;
}

double exp2(double x)
{
	return exp2l_(x);
}

double exp(double x)
{
	return exp2l_(x * 1.44269504088896340735992468100189214L);
}

double log2(double x)
{
	return yl2x(x, 1);
}

double log(double x)
{
	return yl2x(x, 0.693147180559945309417232121458176568L);
}

double log10(double x)
{
	return yl2x(x, 0.301029995663981195213738894724493027L);
}

/* The x87's default NaN (negative), as an invalid operation yields. */
static double domain_error(void)
{
	volatile double z = 0;

	return z / z;
}

static int is_integer(double y)
{
	return trunc(y) == y;
}

static int is_odd_integer(double y)
{
	return is_integer(y) && fabs(y) < 9007199254740992.0 &&
	       fmod(y, 2) != 0;
}

double pow(double x, double y)
{
	ld r;

	if (y == 0 || x == 1)
		return 1;
	if (x != x || y != y)
		return x + y;
	if (x == 0) {
		if (y < 0)
			return is_odd_integer(y) ? copysign(HUGE_VAL, x)
						 : HUGE_VAL;
		return is_odd_integer(y) ? x : 0;
	}
	if (isinf(y)) {
		if (fabs(x) == 1)
			return 1;
		return (fabs(x) > 1) == (y > 0) ? HUGE_VAL : 0;
	}
	if (x < 0) {
		if (!is_integer(y))
			return domain_error();
		r = exp2l_((ld)y * yl2x(-x, 1));
		return is_odd_integer(y) ? -r : r;
	}
	return exp2l_((ld)y * yl2x(x, 1));
}

double hypot(double x, double y)
{
	ld a = x, b = y;

	if (isinf(x) || isinf(y))
		return HUGE_VAL;
	return sqrtl_(a * a + b * b);	/* no overflow in 80 bits */
}

double sin(double x)
{
	ld r;

	__asm__("fsin" : "=t"(r) : "0"((ld)x));
	return r;
}

double cos(double x)
{
	ld r;

	__asm__("fcos" : "=t"(r) : "0"((ld)x));
	return r;
}

double tan(double x)
{
	ld r, one;

	/* fptan pushes 1.0 above the result. */
	__asm__("fptan" : "=t"(one), "=u"(r) : "0"((ld)x));
	return r;
}

double atan2(double y, double x)
{
	return atan2l_(y, x);
}

double atan(double x)
{
	return atan2l_(x, 1);
}

double asin(double x)
{
	ld a = x;

	if (fabs(x) > 1)
		return domain_error();
	return atan2l_(a, sqrtl_((1 - a) * (1 + a)));
}

double acos(double x)
{
	ld a = x;

	if (fabs(x) > 1)
		return domain_error();
	return atan2l_(sqrtl_((1 - a) * (1 + a)), a);
}

double sinh(double x)
{
	ld e = exp2l_(x * 1.44269504088896340735992468100189214L);

	return (e - 1 / e) / 2;
}

double cosh(double x)
{
	ld e = exp2l_(x * 1.44269504088896340735992468100189214L);

	return (e + 1 / e) / 2;
}

double tanh(double x)
{
	ld e;

	if (fabs(x) > 40)
		return copysign(1.0, x);
	e = exp2l_(2 * x * 1.44269504088896340735992468100189214L);
	return (e - 1) / (e + 1);
}

/* gcc -O2 merges sin(x) and cos(x) of the same x into a call to this. */
void sincos(double x, double *s, double *c)
{
	ld sn, cs;

	__asm__("fsincos" : "=t"(cs), "=u"(sn) : "0"((ld)x));
	*s = sn;
	*c = cs;
}
