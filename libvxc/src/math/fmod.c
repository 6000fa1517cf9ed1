/*
 * fmod.c - fmod, remainder, remquo: exact remainders with fprem (the
 * remainder truncating the quotient) and fprem1 (IEEE remainder, the
 * quotient rounded to nearest even).  Both reduce at most 63 exponent
 * steps a time and say by C2 whether to go on; after the last step C0,
 * C3, C1 are the quotient's low three bits.  Float and double values are
 * long doubles exactly, and so are their remainders.
 */
#include "libm.h"

/* x rem y, with the x87 status word of the last step in *sw */
static ld fprem_loop(ld x, ld y, int ieee, unsigned short *sw)
{
	ld r;
	unsigned short s;

	if (ieee)
		__asm__("1:\tfprem1\n\t"
			"fnstsw %%ax\n\t"
			"testw $0x400, %%ax\n\t"
			"jnz 1b"
			: "=t"(r), "=a"(s) : "0"(x), "u"(y) : "cc");
	else
		__asm__("1:\tfprem\n\t"
			"fnstsw %%ax\n\t"
			"testw $0x400, %%ax\n\t"
			"jnz 1b"
			: "=t"(r), "=a"(s) : "0"(x), "u"(y) : "cc");
	*sw = s;
	return r;
}

/* NaN arguments give a NaN; x infinite or y zero a domain error */
static int rem_special(ld x, ld y, ld *r)
{
	if (x != x || y != y) {
		*r = x + y;
		return 1;
	}
	if (__builtin_isinf(x) || y == 0) {
		*r = __vxm_dom_ld();
		return 1;
	}
	if (__builtin_isinf(y)) {
		*r = x;
		return 1;
	}
	return 0;
}

static ld fmod_ld(ld x, ld y)
{
	ld r;
	unsigned short sw;

	if (rem_special(x, y, &r))
		return r;
	return fprem_loop(x, y, 0, &sw);
}

static ld remquo_ld(ld x, ld y, int *quo)
{
	ld r;
	unsigned short sw;
	int q;

	*quo = 0;
	if (rem_special(x, y, &r))
		return r;
	r = fprem_loop(x, y, 1, &sw);
	q = (sw >> 8 & 1) << 2 | (sw >> 14 & 1) << 1 | (sw >> 9 & 1);
	/* remquo's result is the sign of x / y with the low bits of |q|;
	 * fprem1 only reports them when it completed a partial step */
	*quo = signbit_ld(x) != signbit_ld(y) ? -q : q;
	return r;
}

static ld remainder_ld(ld x, ld y)
{
	int q;

	return remquo_ld(x, y, &q);
}

long double fmodl(long double x, long double y) { return fmod_ld(x, y); }
double fmod(double x, double y) { return fmod_ld(x, y); }
float fmodf(float x, float y) { return fmod_ld(x, y); }
long double remainderl(long double x, long double y) { return remainder_ld(x, y); }
double remainder(double x, double y) { return remainder_ld(x, y); }
float remainderf(float x, float y) { return remainder_ld(x, y); }

long double remquol(long double x, long double y, int *q)
{
	return remquo_ld(x, y, q);
}

double remquo(double x, double y, int *q) { return remquo_ld(x, y, q); }
float remquof(float x, float y, int *q) { return remquo_ld(x, y, q); }
