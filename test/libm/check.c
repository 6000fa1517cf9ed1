/*
 * check.c - the host side of the libm test (doc/libm.md).
 *
 *   check gen [-n N] [-s SEED] [-x|-a] [FUNC...] > args  (argument stream)
 *   check verify [-q] [-r REPORT] < results             (check results)
 *
 * gen writes blocks of arguments for each function (all of funcs.h when
 * none is named): N per function in round-to-nearest, spread over the
 * whole domain (random bit patterns, log-uniform over the finite range,
 * and the function's hard regions: near multiples of pi/2, near the
 * overflow and underflow thresholds, near 1, near the zeros of lgamma,
 * integers and halfway cases ...), plus a fixed list of special
 * arguments, and, for the correctly rounded functions, N/4 more in each
 * directed rounding mode (-x: none; -a: N/20 more in each directed
 * mode for every other function too).  test/libm/run.c (the guest)
 * answers each with the result, the exception flags and errno.
 *
 * verify compares each result with MPFR: the error in ulps of the
 * type against the true value (computed 40 bits beyond the type);
 * exactly rounded functions (sqrt, fma, rint, fmod ...) and every exact
 * result (exp(0), pow(2, 3) ...) must match bit for bit, signed zeros
 * included; and the flags and errno must be exactly those C11 Annex F,
 * 7.12.1 and libvxc's documented policy give (see expected_flags()).
 * It prints one line per function and mode:
 *
 *   ok|FAIL NAME BASE MODE COUNT MAXULP WORST-ARGS BAD FLAGBAD ERRNOBAD
 *
 * and a final "libm: N functions, M failed"; the exit status is 1 if
 * any failed.  -q prints only failures and the summary; -r appends the
 * per-function lines to REPORT as well.  With LIBM_DEBUG set in the
 * environment, every wrong result is printed to stderr.
 *
 *   check list                  the function names
 *   check table REPORT...       the Markdown table of doc/libm.md
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "funcs.h"

typedef long double ld;

#define F(name, base, type, kind) { #name, #base, type, kind },
static const struct fn {
	const char *name, *base;
	char type;
	enum kind kind;
} fns[] = { FUNCS(F) };
#undef F
#define NFNS ((int)(sizeof(fns) / sizeof(fns[0])))

/* ---------------------------------------------------------------- mpfr */

/* mpfr_set_ld, exact and faster: from the significand and exponent */
static void set_ld(mpfr_t r, ld x)
{
	union { ld f; struct { uint64_t m; uint16_t se; } i; } u = { x };
	int be = u.i.se & 0x7fff;

	if (be == 0x7fff || u.i.m == 0) {	/* NaN, infinity, zero */
		mpfr_set_ld(r, x, MPFR_RNDN);
		return;
	}
	mpfr_set_uj_2exp(r, u.i.m, (be ? be : 1) - 16383 - 63, MPFR_RNDN);
	if (u.i.se & 0x8000)
		mpfr_neg(r, r, MPFR_RNDN);
}

/* ---------------------------------------------------------------- types */

struct tinfo {
	int p;		/* significand bits */
	int emin;	/* exponent of the least normal */
	int emax;	/* exponent of the largest finite */
};

static struct tinfo tinfo(char t)
{
	struct tinfo f = { 64, -16382, 16383 };

	if (t == 'f') {
		f.p = 24; f.emin = -126; f.emax = 127;
	} else if (t == 'd') {
		f.p = 53; f.emin = -1022; f.emax = 1023;
	}
	return f;
}

/* round v to type t in mode rnd, subnormals and overflow included */
static ld round_to(mpfr_t v, char t, mpfr_rnd_t rnd, int *inex)
{
	struct tinfo f = tinfo(t);
	mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
	mpfr_t r;
	int x;
	ld out;

	mpfr_init2(r, f.p);
	mpfr_set_emin(f.emin - f.p + 2);
	mpfr_set_emax(f.emax + 1);
	x = mpfr_set(r, v, rnd);
	x = mpfr_check_range(r, x, rnd);
	x = mpfr_subnormalize(r, x, rnd);
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
	out = mpfr_get_ld(r, MPFR_RNDN);
	mpfr_clear(r);
	if (inex)
		*inex = x;
	return out;
}

/* the value of type t nearest to x (x any long double) */
static ld to_type(ld x, char t)
{
	return t == 'f' ? (ld)(float)x : t == 'd' ? (ld)(double)x : x;
}

/* ---------------------------------------------------------------- random */

static uint64_t rng_s[2] = { 0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL };

static uint64_t rnd64(void)
{
	uint64_t a = rng_s[0], b = rng_s[1], r = a + b;

	b ^= a;
	rng_s[0] = ((a << 55) | (a >> 9)) ^ b ^ (b << 14);
	rng_s[1] = (b << 36) | (b >> 28);
	return r;
}

static void seed(uint64_t s)
{
	int i;

	rng_s[0] = s * 0x9e3779b97f4a7c15ULL + 1;
	rng_s[1] = s ^ 0xbf58476d1ce4e5b9ULL;
	for (i = 0; i < 20; i++)
		rnd64();
}

static double unif(void)
{
	return (rnd64() >> 11) * 0x1p-53;
}

static int rndint(int lo, int hi)	/* lo..hi inclusive */
{
	return lo + (int)(rnd64() % (uint64_t)(hi - lo + 1));
}

static int chance(double p)
{
	return unif() < p;
}

/* uniform in [a, b], with 64 random bits */
static ld unif_ab(ld a, ld b)
{
	return a + (b - a) * ((ld)rnd64() * 0x1p-64L);
}

/* a random bit pattern of type t: any finite, infinite or NaN value */
static ld rnd_bits(char t)
{
	uint64_t r = rnd64();

	if (t == 'f') {
		uint32_t u = r;
		float f;

		memcpy(&f, &u, 4);
		return f;
	}
	if (t == 'd') {
		double d;

		memcpy(&d, &r, 8);
		return d;
	} else {
		union { ld f; struct { uint64_t m; uint16_t se; } i; } u;

		u.i.m = r;
		u.i.se = rnd64();
		/* canonical encodings only: the integer bit says normal */
		if (u.i.se & 0x7fff)
			u.i.m |= 1ULL << 63;
		else
			u.i.m &= ~(1ULL << 63);
		return u.f;
	}
}

/* log-uniform magnitude in [2^lo, 2^hi), random significand */
static ld logu(int lo, int hi)
{
	ld m = 1 + (ld)(rnd64() >> 1) * 0x1p-63L;

	return ldexpl(m, rndint(lo, hi - 1));
}

static ld rsign(ld x)
{
	return chance(0.5) ? -x : x;
}

/* any finite value of type t, log-uniform exponent, subnormals too */
static ld any_finite(char t)
{
	struct tinfo f = tinfo(t);

	return to_type(rsign(logu(f.emin - f.p, f.emax + 1)), t);
}

/* x moved by k ulps of type t */
static ld step(ld x, int k, char t)
{
	for (; k > 0; k--)
		x = t == 'f' ? nextafterf(x, INFINITY) : t == 'd' ?
			nextafter(x, INFINITY) : nextafterl(x, INFINITY);
	for (; k < 0; k++)
		x = t == 'f' ? nextafterf(x, -INFINITY) : t == 'd' ?
			nextafter(x, -INFINITY) : nextafterl(x, -INFINITY);
	return x;
}

/* a value of type t within a few ulps of k pi/2, k up to the type's
 * range: the correctly rounded multiple, from MPFR */
static ld near_pio2(char t)
{
	struct tinfo f = tinfo(t);
	int ek = rndint(0, f.emax - 1);
	mpfr_t k, x;
	ld r;

	mpfr_init2(k, 64);
	mpfr_init2(x, ek + f.p + 128);
	set_ld(k, logu(0, 1));
	mpfr_mul_2si(k, k, ek, MPFR_RNDN);
	mpfr_floor(k, k);
	if (mpfr_zero_p(k))
		mpfr_set_ui(k, 1, MPFR_RNDN);
	mpfr_const_pi(x, MPFR_RNDN);
	mpfr_mul(x, x, k, MPFR_RNDN);
	mpfr_div_2ui(x, x, 1, MPFR_RNDN);
	r = round_to(x, t, MPFR_RNDN, NULL);
	mpfr_clear(k);
	mpfr_clear(x);
	if (isinf(r))
		r = t == 'f' ? FLT_MAX : t == 'd' ? DBL_MAX : LDBL_MAX;
	return rsign(step(r, rndint(-2, 2), t));
}

/* near x0: x0 (type t) moved by up to 4 ulps, or by a log-uniform bit */
static ld near(ld x0, char t)
{
	x0 = to_type(x0, t);
	if (chance(0.5))
		return step(x0, rndint(-4, 4), t);
	return to_type(x0 * (1 + rsign(logu(-tinfo(t).p - 2, -4))), t);
}

/* the largest finite value, and the log of the overflow threshold */
static ld maxval(char t)
{
	return t == 'f' ? FLT_MAX : t == 'd' ? DBL_MAX : LDBL_MAX;
}

/* the zeros of lgamma in (-n-1, -n), n = 2..23 (two each), as long
 * doubles, found once by bisection in MPFR: lgamma has its minimum
 * between the poles where digamma vanishes */
#define LGZ_N	22
static ld lg_zeros[2 * LGZ_N];

static void lg_find(mpfr_t a, mpfr_t b, int dir, mpfr_t out)
{
	mpfr_t m, v;
	int i, s;

	mpfr_inits2(160, m, v, (mpfr_ptr)0);
	for (i = 0; i < 150; i++) {
		mpfr_add(m, a, b, MPFR_RNDN);
		mpfr_div_2ui(m, m, 1, MPFR_RNDN);
		if (dir == 1)
			mpfr_digamma(v, m, MPFR_RNDN);
		else
			mpfr_lgamma(v, &s, m, MPFR_RNDN);
		/* dir 1: digamma, rising between the poles; 2: lgamma,
		 * falling left of its minimum; 0: rising right of it */
		if ((mpfr_sgn(v) > 0) == (dir != 2))
			mpfr_set(b, m, MPFR_RNDN);
		else
			mpfr_set(a, m, MPFR_RNDN);
	}
	mpfr_set(out, a, MPFR_RNDN);
	mpfr_clears(m, v, (mpfr_ptr)0);
}

static ld lgamma_zero(int i)
{
	static int done;
	int n, k;

	if (!done) {
		mpfr_t a, b, mn, z;

		mpfr_inits2(160, a, b, mn, z, (mpfr_ptr)0);
		for (n = 2, k = 0; n < 2 + LGZ_N; n++) {
			mpfr_set_si(a, -n - 1, MPFR_RNDN);
			mpfr_set_si(b, -n, MPFR_RNDN);
			mpfr_nextabove(a);
			mpfr_nextbelow(b);
			lg_find(a, b, 1, mn);
			/* left zero: lgamma falls from +inf to the minimum */
			mpfr_set_si(a, -n - 1, MPFR_RNDN);
			mpfr_nextabove(a);
			mpfr_set(b, mn, MPFR_RNDN);
			lg_find(a, b, 2, z);
			lg_zeros[k++] = mpfr_get_ld(z, MPFR_RNDN);
			/* right zero: it rises from the minimum to +inf */
			mpfr_set(a, mn, MPFR_RNDN);
			mpfr_set_si(b, -n, MPFR_RNDN);
			mpfr_nextbelow(b);
			lg_find(a, b, 0, z);
			lg_zeros[k++] = mpfr_get_ld(z, MPFR_RNDN);
		}
		mpfr_clears(a, b, mn, z, (mpfr_ptr)0);
		done = 1;
	}
	return lg_zeros[i % (2 * LGZ_N)];
}

/* ---------------------------------------------------------------- special */

static const ld special_vals[] = {
	0.0L, -0.0L, 1.0L, -1.0L, 0.5L, -0.5L, 2.0L, -2.0L, 3.0L, -3.0L,
	1.5L, -1.5L, 2.5L, -2.5L, 10.0L, -10.0L, 100.0L, 0.1L, -0.1L,
	INFINITY, -INFINITY, NAN, -NAN,
	0x1p-30L, -0x1p-30L, 0x1p30L, 1e22L, -1e22L, 1e300L,
	3.14159265358979323846264338327950288L,
	1.57079632679489661923132169163975144L,
	0.78539816339744830961566084581987572L,
	2.71828182845904523536028747135266250L,
	0.69314718055994530941723212145817657L,
	-4.5L, -4.999L, -5.5L, 171.5L, 1755.5L, 35.5L,
};
#define NSPECIAL ((int)(sizeof(special_vals) / sizeof(special_vals[0])))

/* the i-th special value in type t (the type's extremes added) */
static ld special(int i, char t)
{
	struct tinfo f = tinfo(t);
	ld ext[] = {
		maxval(t), -maxval(t), ldexpl(1, f.emin), -ldexpl(1, f.emin),
		ldexpl(1, f.emin - f.p + 1), -ldexpl(1, f.emin - f.p + 1),
		ldexpl(1, f.emin) - ldexpl(1, f.emin - f.p + 1),
	};
	int n = sizeof(ext) / sizeof(ext[0]);

	i %= NSPECIAL + n;
	if (i >= NSPECIAL)
		return ext[i - NSPECIAL];
	return to_type(special_vals[i], t);
}

/* ---------------------------------------------------------------- generate */

struct args {
	ld a[3];
	long long n;		/* int argument */
	char str[48];		/* nan() */
	int raw;		/* a[] unused: random bytes in the slots */
};

/* overflow threshold of e^x, 2^x, 10^x for type t, and underflow to 0 */
static ld exp_hi(char t) { return (tinfo(t).emax + 1) * 0.693147180559945L; }
static ld exp_lo(char t)
{
	struct tinfo f = tinfo(t);

	return (f.emin - f.p) * 0.693147180559945L;
}

static ld gen_trig(char t)
{
	switch (rndint(0, 5)) {
	case 0: return rnd_bits(t);
	case 1: return any_finite(t);
	case 2: return near_pio2(t);
	case 3: return near_pio2(t);
	case 4: return to_type(unif_ab(-10, 10), t);
	default: return to_type(rsign(logu(-40, 6)), t);
	}
}

/* generate the arguments of f for one test */
static void gen_args(const struct fn *f, struct args *a)
{
	char t = f->type;
	const char *b = f->base;
	struct tinfo ti = tinfo(t);
	ld x;
	int r = rndint(0, 99);

	memset(a, 0, sizeof(*a));
	if (r < 8) {			/* raw bits, signaling NaNs too */
		a->raw = 1;
		a->n = (int)rnd64();
		if (r < 2)
			a->n = rndint(-3 * ti.emax, 3 * ti.emax);
		goto str;
	}
	if (r < 22) {			/* whole finite range */
		a->a[0] = any_finite(t);
		a->a[1] = any_finite(t);
		a->a[2] = any_finite(t);
		a->n = rndint(-2 * (ti.emax + ti.p), 2 * (ti.emax + ti.p));
		goto str;
	}
	if (!strcmp(b, "sin") || !strcmp(b, "cos") || !strcmp(b, "tan") ||
	    !strcmp(b, "sincos")) {
		a->a[0] = gen_trig(t);
	} else if (!strcmp(b, "asin") || !strcmp(b, "acos")) {
		switch (rndint(0, 3)) {
		case 0: x = unif_ab(-1, 1); break;
		case 1: x = rsign(1 - logu(-ti.p - 2, -1)); break;
		case 2: x = rsign(logu(-70, 0)); break;
		default: x = rsign(0.5 + rsign(logu(-ti.p - 2, -2)));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "atan")) {
		a->a[0] = to_type(chance(0.5) ? unif_ab(-20, 20) :
				  rsign(logu(-70, 70)), t);
	} else if (!strcmp(b, "atan2") || !strcmp(b, "hypot")) {
		int e = rndint(-80, 80);

		a->a[0] = to_type(rsign(logu(e - 3, e + 3)), t);
		a->a[1] = to_type(rsign(logu(-3, 3)), t);
		if (chance(0.3)) {
			x = any_finite(t);
			a->a[0] = to_type(x * rsign(logu(-70, 70)), t);
			a->a[1] = x;
		}
		if (chance(0.5)) {
			x = a->a[0];
			a->a[0] = a->a[1];
			a->a[1] = x;
		}
	} else if (!strcmp(b, "sinh") || !strcmp(b, "cosh")) {
		switch (rndint(0, 3)) {
		case 0: x = unif_ab(-exp_hi(t) - 2, exp_hi(t) + 2); break;
		case 1: x = unif_ab(-5, 5); break;
		case 2: x = rsign(near(exp_hi(t), t)); break;
		default: x = rsign(logu(-70, 3));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "tanh")) {
		a->a[0] = to_type(chance(0.6) ? unif_ab(-25, 25) :
				  rsign(logu(-70, 5)), t);
	} else if (!strcmp(b, "asinh")) {
		a->a[0] = to_type(chance(0.5) ? unif_ab(-5, 5) :
				  rsign(logu(-70, 70)), t);
	} else if (!strcmp(b, "acosh")) {
		switch (rndint(0, 2)) {
		case 0: x = 1 + logu(-ti.p - 2, 0); break;
		case 1: x = unif_ab(1, 100); break;
		default: x = logu(0, ti.emax);
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "atanh")) {
		switch (rndint(0, 2)) {
		case 0: x = unif_ab(-1, 1); break;
		case 1: x = rsign(1 - logu(-ti.p - 2, -1)); break;
		default: x = rsign(logu(-70, 0));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "exp") || !strcmp(b, "exp2") ||
		   !strcmp(b, "exp10") || !strcmp(b, "expm1")) {
		ld s = !strcmp(b, "exp2") ? 1.442695040888963407L :
		       !strcmp(b, "exp10") ? 0.434294481903251828L : 1;

		switch (rndint(0, 4)) {
		case 0: x = unif_ab(exp_lo(t) - 3, exp_hi(t) + 3) * s; break;
		case 1: x = near(exp_hi(t) * s, t); break;
		case 2: x = near(exp_lo(t) * s, t); break;
		case 3: x = near(ti.emin * 0.693147180559945L * s, t); break;
		default: x = chance(0.5) ? unif_ab(-50, 50) :
			     rsign(logu(-80, 3));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "log") || !strcmp(b, "log2") ||
		   !strcmp(b, "log10")) {
		switch (rndint(0, 2)) {
		case 0: x = logu(ti.emin - ti.p, ti.emax + 1); break;
		case 1: x = 1 + rsign(logu(-ti.p - 2, -2)); break;
		default: x = unif_ab(0, 10);
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "log1p")) {
		switch (rndint(0, 3)) {
		case 0: x = logu(-80, ti.emax + 1); break;
		case 1: x = -1 + logu(-ti.p - 2, -1); break;
		case 2: x = rsign(logu(-80, -1)); break;
		default: x = unif_ab(-1, 10);
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "pow")) {
		switch (rndint(0, 5)) {
		case 0: {	/* results over the whole range */
			ld lx;

			x = logu(ti.emin - ti.p, ti.emax + 1);
			lx = log2l(x);
			a->a[0] = to_type(x, t);
			if (lx == 0)
				lx = 1;
			a->a[1] = to_type(unif_ab(ti.emin - ti.p - 5,
						  ti.emax + 5) / lx, t);
			break;
		}
		case 1:		/* x near 1, y large */
			a->a[0] = to_type(1 + rsign(logu(-ti.p - 2, -3)), t);
			a->a[1] = to_type(rsign(logu(0, ti.p + 14)), t);
			break;
		case 2:		/* negative x, integer y */
			a->a[0] = to_type(-logu(-10, 10), t);
			a->a[1] = to_type(rndint(-ti.emax / 8, ti.emax / 8), t);
			break;
		case 3:		/* exact cases */
			a->a[0] = to_type(rsign(rndint(1, 20)) *
					  ldexpl(1, rndint(-20, 20)), t);
			a->a[1] = rndint(-30, 30);
			if (chance(0.2))
				a->a[1] = rndint(-6, 6) * 0.5L;
			break;
		case 4:
			a->a[0] = to_type(unif_ab(0, 4), t);
			a->a[1] = to_type(unif_ab(-40, 40), t);
			break;
		default:
			a->a[0] = special(rndint(0, 99), t);
			a->a[1] = special(rndint(0, 99), t);
		}
	} else if (!strcmp(b, "sqrt") || !strcmp(b, "cbrt")) {
		x = logu(ti.emin - ti.p, ti.emax + 1);
		if (chance(0.2)) {
			x = rndint(1, 1 << 20);
			x = !strcmp(b, "sqrt") ? x * x : x * x * x;
			x = ldexpl(x, 3 * rndint(-100, 100));
		}
		if (!strcmp(b, "cbrt") || chance(0.05))
			x = rsign(x);
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "erf") || !strcmp(b, "erfc")) {
		ld hi = t == 'f' ? 11 : t == 'd' ? 28 : 108;

		switch (rndint(0, 2)) {
		case 0: x = unif_ab(-6, 6); break;
		case 1: x = unif_ab(-1, hi); break;
		default: x = rsign(logu(-80, 3));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "lgamma") || !strcmp(b, "tgamma") ||
		   !strcmp(b, "lgamma_r")) {
		ld top = t == 'f' ? 36 : t == 'd' ? 172 : 1756;

		switch (rndint(0, 7)) {
		case 0: x = unif_ab(-30, 30); break;
		case 1: {		/* the zeros of lgamma below -2 */
			int n = rndint(2, 22);

			x = -n - unif(); break;
		}
		case 2: x = (chance(0.5) ? 1 : 2) + rsign(logu(-ti.p - 2, -2));
			break;
		case 3: x = logu(-80, ti.emax + 1); break;
		case 4: x = -logu(0, ti.p + 2); break;
		case 5: x = unif_ab(-top - 20, top + 2); break;
		case 6: x = -rndint(1, 200) + rsign(logu(-ti.p, -4)); break;
		default:	/* around the zeros below -2, some ulps off */
			x = to_type(lgamma_zero(rndint(0, 2 * LGZ_N - 1)), t);
			x = step(x, rsign(rndint(0, 3)), t);
			if (chance(0.5))
				x = to_type(x * (1 + rsign(logu(-ti.p - 1,
								-ti.p + 30))), t);
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "ceil") || !strcmp(b, "floor") ||
		   !strcmp(b, "trunc") || !strcmp(b, "round") ||
		   !strcmp(b, "rint") || !strcmp(b, "nearbyint") ||
		   !strcmp(b, "lrint") || !strcmp(b, "llrint") ||
		   !strcmp(b, "lround") || !strcmp(b, "llround") ||
		   !strcmp(b, "modf")) {
		int top = !strcmp(b, "lrint") || !strcmp(b, "lround") ? 33 :
			  !strcmp(b, "llrint") || !strcmp(b, "llround") ? 65 :
			  ti.p + 2;

		switch (rndint(0, 3)) {
		case 0:		/* halfway and near-halfway */
			x = rsign(floorl(logu(0, top)) + 0.5L);
			x = step(to_type(x, t), rndint(-1, 1), t);
			break;
		case 1: x = rsign(floorl(logu(0, top))); break;
		case 2: x = unif_ab(-10, 10); break;
		default: x = rsign(logu(-4, top + 1));
		}
		a->a[0] = to_type(x, t);
	} else if (!strcmp(b, "ldexp") || !strcmp(b, "scalbn") ||
		   !strcmp(b, "scalbln")) {
		a->a[0] = any_finite(t);
		a->n = rndint(-2 * (ti.emax + ti.p), 2 * (ti.emax + ti.p));
		if (chance(0.3)) {	/* results near the subnormal range */
			int e = ilogbl(a->a[0] == 0 ? 1 : a->a[0]);

			a->n = ti.emin - e - rndint(-3, ti.p + 3);
		}
		if (chance(0.05))
			a->n = chance(0.5) ? INT_MAX - rndint(0, 5) :
					     INT_MIN + rndint(0, 5);
	} else if (!strcmp(b, "fmod") || !strcmp(b, "remainder") ||
		   !strcmp(b, "remquo")) {
		a->a[0] = any_finite(t);
		a->a[1] = any_finite(t);
		if (chance(0.5)) {
			int e = ilogbl(a->a[0] == 0 ? 1 : a->a[0]);

			a->a[1] = to_type(rsign(logu(e - rndint(0, 80), e + 2)), t);
		}
		if (chance(0.05)) {	/* both at the top of the range */
			a->a[0] = to_type(rsign(logu(ti.emax - 5, ti.emax + 1)), t);
			a->a[1] = to_type(rsign(logu(ti.emax - 5, ti.emax + 1)), t);
		}
	} else if (!strcmp(b, "fma")) {
		int e = rndint(-40, 40);

		a->a[0] = to_type(rsign(logu(-20, 20)), t);
		a->a[1] = to_type(rsign(logu(-20, 20)), t);
		a->a[2] = to_type(rsign(logu(e - 20, e + 20)), t);
		if (chance(0.4)) {	/* cancellation */
			x = to_type(a->a[0] * a->a[1], t);
			a->a[2] = -step(x, rndint(-3, 3), t);
		}
		if (chance(0.2)) {	/* all over the range */
			a->a[0] = any_finite(t);
			a->a[1] = any_finite(t);
			a->a[2] = any_finite(t);
		}
	} else if (f->kind == K_2 || f->kind == K_TOW) {
		a->a[0] = any_finite(t);
		a->a[1] = chance(0.3) ? a->a[0] : any_finite(t);
		if (chance(0.2))
			a->a[1] = -a->a[0];
		if (chance(0.1))
			a->a[0] = rsign(0.0L);
		if (f->kind == K_TOW && chance(0.5))
			a->a[1] = step(a->a[0], rndint(-2, 2), 'l');
	} else {
		a->a[0] = chance(0.5) ? any_finite(t) : rnd_bits(t);
	}
str:
	if (f->kind == K_NAN) {
		uint64_t v = rnd64() >> rndint(0, 63);

		switch (rndint(0, 4)) {
		case 0: snprintf(a->str, sizeof(a->str), "%llu",
				 (unsigned long long)v); break;
		case 1: snprintf(a->str, sizeof(a->str), "0x%llx",
				 (unsigned long long)v); break;
		case 2: snprintf(a->str, sizeof(a->str), "0%llo",
				 (unsigned long long)v); break;
		case 3: a->str[0] = 0; break;
		default: snprintf(a->str, sizeof(a->str), "%llx-z",
				  (unsigned long long)v);
		}
	}
}

/* the special arguments of f, one record each: every special value for
 * each argument (pairs for two-argument functions) */
static int gen_special(const struct fn *f, int i, struct args *a)
{
	char t = f->type;
	int n = NSPECIAL + 7;

	memset(a, 0, sizeof(*a));
	if (f->kind == K_NAN) {
		static const char *s[] = { "", "0", "1", "0x7f", "077", "x" };

		if (i >= 6)
			return 0;
		strcpy(a->str, s[i]);
		return 1;
	}
	if (f->kind == K_2 || f->kind == K_QUO || f->kind == K_TOW) {
		if (i >= n * n)
			return 0;
		a->a[0] = special(i / n, t);
		a->a[1] = special(i % n, f->kind == K_TOW ? 'l' : t);
		return 1;
	}
	if (f->kind == K_FMA) {
		if (i >= n * n)
			return 0;
		a->a[0] = special(i / n, t);
		a->a[1] = special(i % n, t);
		a->a[2] = special(i * 7 % n, t);
		return 1;
	}
	if (i >= n)
		return 0;
	a->a[0] = special(i, t);
	a->n = (int[]){ 0, 1, -1, 100, -100, 20000, -20000 }[i % 7];
	return 1;
}

static void put_slot(unsigned char *p, ld v, char t)
{
	float fv = v;
	double dv = v;

	memset(p, 0, 16);
	if (t == 'f')
		memcpy(p, &fv, 4);
	else if (t == 'd')
		memcpy(p, &dv, 8);
	else
		memcpy(p, &v, 10);
}

static void write_args(const struct fn *f, const struct args *a,
		       unsigned char *rec)
{
	int i;

	memset(rec, 0, LIBM_IN(0));
	if (f->kind == K_NAN) {
		memcpy(rec, a->str, sizeof(a->str));
		return;
	}
	if (a->raw) {
		for (i = 0; i < 3; i++) {
			char t = i == 1 && f->kind == K_TOW ? 'l' : f->type;
			ld v = rnd_bits(t);	/* for the canonical ld form */
			uint64_t r = rnd64();

			if (t == 'l')
				memcpy(rec + 16 * i, &v, 10);
			else
				memcpy(rec + 16 * i, &r, LIBM_SLOT(t));
		}
		if (f->kind == K_I || f->kind == K_LONG)
			memcpy(rec + 16, &a->n, 8);
		return;
	}
	put_slot(rec, a->a[0], f->type);
	put_slot(rec + 16, a->a[1], f->kind == K_TOW ? 'l' : f->type);
	put_slot(rec + 32, a->a[2], f->type);
	if (f->kind == K_I || f->kind == K_LONG)
		memcpy(rec + 16, &a->n, 8);
}

/* functions whose result must be exactly the rounded true value and
 * which are tested in all four rounding modes */
static int rounding_tested(const struct fn *f)
{
	static const char *names[] = {
		"sqrt", "fma", "rint", "nearbyint", "lrint", "llrint",
		"ldexp", "scalbn", "scalbln", "fdim", NULL
	};
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(f->base, names[i]))
			return 1;
	return 0;
}

static void emit_block(int fid, int round, unsigned count)
{
	struct libm_block b = { LIBM_MAGIC, fid, round, count };

	fwrite(&b, sizeof(b), 1, stdout);
}

static int find_fn(const char *name)
{
	int i;

	for (i = 0; i < NFNS; i++)
		if (!strcmp(fns[i].name, name))
			return i;
	return -1;
}

static int all_modes;		/* -a: every function in every mode */

static void gen_fn(int fid, unsigned n, int extra_modes)
{
	static const int modes[] = { FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
	const struct fn *f = &fns[fid];
	unsigned char rec[LIBM_IN(0)];
	struct args a;
	unsigned i, k, left, chunk = 1 << 16;
	int nspec = 0, m;

	while (gen_special(f, nspec, &a))
		nspec++;
	emit_block(fid, FE_TONEAREST, nspec);
	for (i = 0; i < (unsigned)nspec; i++) {
		gen_special(f, i, &a);
		write_args(f, &a, rec);
		fwrite(rec, sizeof(rec), 1, stdout);
	}
	for (m = -1; m < ((rounding_tested(f) || all_modes) && extra_modes ?
			  3 : 0); m++) {
		/* the correctly rounded functions get n/4 per directed mode,
		 * the others (with -a) n/20 */
		unsigned total = m < 0 ? n : rounding_tested(f) ?
				 (n + 3) / 4 : (n + 19) / 20;

		for (left = total; left > 0; left -= k) {
			k = left < chunk ? left : chunk;
			emit_block(fid, m < 0 ? FE_TONEAREST : modes[m], k);
			for (i = 0; i < k; i++) {
				gen_args(f, &a);
				write_args(f, &a, rec);
				fwrite(rec, sizeof(rec), 1, stdout);
			}
		}
	}
}

static int do_gen(int argc, char **argv)
{
	unsigned n = 1000;
	uint64_t s = 1;
	int i, fid, modes = 1;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			s = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-x"))
			modes = 0;
		else if (!strcmp(argv[i], "-a"))
			all_modes = 1;
		else
			break;
	}
	if (i == argc) {
		for (fid = 0; fid < NFNS; fid++) {
			seed(s * 1000 + fid);
			gen_fn(fid, n, modes);
		}
	}
	for (; i < argc; i++) {
		fid = find_fn(argv[i]);
		if (fid < 0) {
			fprintf(stderr, "check: no function %s\n", argv[i]);
			return 2;
		}
		seed(s * 1000 + fid);
		gen_fn(fid, n, modes);
	}
	return fflush(stdout) ? 1 : 0;
}

#include "verify.c"

/* the function names, one a line */
static int do_list(void)
{
	int i;

	for (i = 0; i < NFNS; i++)
		printf("%s\n", fns[i].name);
	return 0;
}

#include "table.c"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return do_list();
	if (argc >= 2 && !strcmp(argv[1], "table"))
		return do_table(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "gen"))
		return do_gen(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return do_verify(argc - 2, argv + 2);
	fprintf(stderr, "usage: check gen [-n N] [-s SEED] [-x] [FUNC...] | "
		"check verify [-q] [-r REPORT] | check list | "
		"check table REPORT...\n");
	return 2;
}
