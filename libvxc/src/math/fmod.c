/*
 * fmod.c - fmod, remainder, remquo: exact remainders with fprem (the
 * remainder truncating the quotient) and fprem1 (IEEE remainder, the
 * quotient rounded to nearest even).  Both reduce at most 63 exponent
 * steps a time and say by C2 whether to go on.  Float and double values
 * are long doubles exactly, and so are their remainders.
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

static ld remainder_ld(ld x, ld y)
{
	ld r;
	unsigned short sw;

	if (rem_special(x, y, &r))
		return r;
	return fprem_loop(x, y, 1, &sw);
}

/*
 * remquo: fprem1 leaves the quotient's low bits in C0, C3, C1, but not
 * every x87 emulation does (qemu-i386 does not), so they are counted
 * here: |x| mod 8|y| (exact, fprem), then at most three exact
 * subtractions of 4|y|, 2|y|, |y| (Sterbenz's lemma) and the rounding
 * step of the IEEE remainder, scaled so that |y| is in [1, 2).
 */
static ld remquo_ld(ld x, ld y, int *quo)
{
	ld r, ax, ay;
	unsigned short sw;
	int q = 0, s;

	*quo = 0;
	if (rem_special(x, y, &r))
		return r;
	ay = fabs_ld(y);
	ax = fabs_ld(x);
	if (ay <= LDBL_MAX / 8)			/* 8|y| is finite */
		ax = fprem_loop(ax, 8 * ay, 0, &sw);
	/* ax < ay/2, judged by exponents (no operation may raise flags
	 * here): nothing to subtract */
	if (ax == 0 || ilogbl(ax) < ilogbl(ay) - 1) {
		r = ax;
	} else {
		s = -ilogbl(ay);
		ax = __vxm_scalb(ax, s);	/* exact: both near 1 */
		ay = __vxm_scalb(ay, s);
		if (ax >= 4 * ay) {
			ax -= 4 * ay;
			q += 4;
		}
		if (ax >= 2 * ay) {
			ax -= 2 * ay;
			q += 2;
		}
		if (ax >= ay) {
			ax -= ay;
			q += 1;
		}
		if (2 * ax > ay || (2 * ax == ay && (q & 1))) {
			ax -= ay;
			q += 1;
		}
		r = __vxm_scalb(ax, -s);	/* exact: a remainder */
	}
	q &= 7;
	*quo = signbit_ld(x) != signbit_ld(y) ? -q : q;
	if (r == 0)		/* x's sign, whatever the rounding mode */
		return copysign_ld(0, x);
	return signbit_ld(x) ? -r : r;
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
