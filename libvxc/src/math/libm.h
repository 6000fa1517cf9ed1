/*
 * libm.h - what the files of libvxc's libm share.
 *
 * How the library computes (doc/libm.md has the whole story):
 *
 *  - The guest is i386.  Every function is computed on the x87 unit in
 *    80-bit extended precision (64-bit significand), not with SSE:
 *    extended precision gives 11 bits beyond double for free, so a core
 *    computed to about 0.5 extended ulp and rounded once to double (or
 *    float) is within 0.5 + 2^-11 ulp of the true value, and one core
 *    serves float, double and long double alike; the i386 ABI returns
 *    floating-point values in st(0) anyway.  Where 64 bits are not
 *    enough (long double results, pow, gamma), the cores carry a second
 *    long double of low-order bits (dd.h).
 *
 *  - The cores assume the x87 state every guest starts with: extended
 *    precision, rounding to nearest.  The entry points switch to it (see
 *    ENTER/LEAVE below) when a program has changed the rounding mode and
 *    switch back before the last rounding, so that the result is
 *    rounded in the caller's mode.
 *
 *  - Errors follow C11 7.12.1 and Annex F with math_errhandling ==
 *    MATH_ERRNO | MATH_ERREXCEPT: domain error -> NaN, FE_INVALID,
 *    errno EDOM; pole -> +-inf, FE_DIVBYZERO, errno ERANGE; overflow ->
 *    +-inf (or the largest finite value, by rounding mode),
 *    FE_OVERFLOW | FE_INEXACT, ERANGE; underflow (a tiny and inexact
 *    result) -> FE_UNDERFLOW | FE_INEXACT and errno ERANGE.
 */
#ifndef _VXC_MATH_LIBM_H
#define _VXC_MATH_LIBM_H

#include <math.h>
#include <float.h>
#include <fenv.h>
#include <errno.h>
#include <stdint.h>
#include "dd.h"

/* keep in step with tools/libm-gen.c */
#define LOG_SPLIT		106
#define TWO_OVER_PI_WORDS	528

/* ---------------------------------------------------------------- tables */

struct log_entry {
	ld c, hi, lo;
};

extern const struct dd __vxm_ln2, __vxm_ln2_48, __vxm_ln2_64, __vxm_64_ln2;
extern const struct dd __vxm_inv_ln2, __vxm_ln10, __vxm_inv_ln10;
extern const struct dd __vxm_pi, __vxm_pi_2, __vxm_pi_4, __vxm_ln_pi;
extern const struct dd __vxm_half_ln_2pi, __vxm_2_sqrtpi, __vxm_inv_sqrtpi;
extern const struct dd __vxm_third;
extern const uint32_t __vxm_two_over_pi[TWO_OVER_PI_WORDS];
extern const struct dd __vxm_exp2_table[64];
extern const struct log_entry __vxm_log_table[256];
extern const struct dd __vxm_atan_table[17];

/*
 * A polynomial approximation on [a, b] in powers of u = x - mid, of
 * degree n: c[0] + c[1] is the constant term, c[2] + c[3] the linear
 * one, c[k + 2] the others (tools/libm-gen-fits.c).
 */
#define POLY_MAXC	24
struct poly {
	ld a, b, mid;
	int n;
	ld c[POLY_MAXC];
};

extern const struct poly __vxm_erfcx_fits[32];
extern const struct poly __vxm_lgamma2_fits[8];
/* near the zeros z of lgamma in (-n-1, -n), n = 2..19, two each: in
 * powers of u = x - z, for |u| <= b (a = -b); mid = z rounded, and
 * z - mid as hi + lo apart (x - z must be known relative to itself) */
#define LGAMMA_ZERO_NMAX	19
extern const struct poly __vxm_lgamma_zeros[2 * (LGAMMA_ZERO_NMAX - 1)];
extern const struct dd __vxm_lgamma_zero_lo[2 * (LGAMMA_ZERO_NMAX - 1)];

/* p(u) as hi + lo: Horner in long double, the last two steps in
 * double-long-double */
static inline struct dd poly_dd(const struct poly *p, ld u)
{
	ld q = 0;
	int k;
	struct dd v;

	for (k = p->n; k >= 2; k--)
		q = q * u + p->c[k + 2];
	v = dd_add(dd_make(p->c[2], p->c[3]), two_prod(u, q));
	return dd_add(dd_make(p->c[0], p->c[1]), dd_mul_ld(v, u));
}

/* ---------------------------------------------------------------- bits */

union ldbits {
	ld f;
	struct {
		uint64_t m;
		uint16_t se;
	} i;
};

union dbits {
	double f;
	uint64_t i;
};

union fbits {
	float f;
	uint32_t i;
};

/* biased exponent of x (0 for zero and subnormals, 0x7fff for inf/NaN) */
static inline int ld_bexp(ld x)
{
	union ldbits u = { x };

	return u.i.se & 0x7fff;
}

/* 2^k as a long double, for -16382 <= k <= 16383 */
static inline ld ld_pow2(int k)
{
	union ldbits u;

	u.i.m = 1ULL << 63;
	u.i.se = k + 16383;
	return u.f;
}

static inline ld fabs_ld(ld x)
{
	return __builtin_fabsl(x);
}

static inline ld copysign_ld(ld x, ld s)
{
	return __builtin_copysignl(x, s);
}

static inline int signbit_ld(ld x)
{
	union ldbits u = { x };

	return u.i.se >> 15;
}

/* x * 2^k, one rounding; any int k */
ld __vxm_scalb(ld x, int k);

/* round to an integer in the current rounding mode (frndint) */
static inline ld rint_ld(ld x)
{
	ld r;

	__asm__("frndint" : "=t"(r) : "0"(x));
	return r;
}

/* nearest integer of |x| < 2^62, ties to even, in round-to-nearest */
static inline ld round_near(ld x)
{
	return (x + 0x1.8p63L) - 0x1.8p63L;
}

/* ---------------------------------------------------------------- fenv */

static inline unsigned short get_cw(void)
{
	unsigned short cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static inline void set_cw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/*
 * ENTER switches the x87 to round-to-nearest, 64-bit precision if the
 * program left it otherwise; LEAVE restores the program's control word.
 * Only the last rounding of a result happens after LEAVE.  The compiler
 * does not know that fldcw changes how later operations round and may
 * move them across it: ENTER_X(x) and LEAVE_R(r) pass the arguments and
 * the result through memory at that point (FP_BARRIER), so that the
 * work between happens between.
 */
#define CW_STD_MASK	0x0f00		/* rounding and precision control */
#define CW_STD		0x0300		/* nearest, 64 bits */
#define FP_BARRIER(v)	__asm__ volatile("" : "+m"(v))
#define ENTER	unsigned short saved_cw_ = get_cw(); \
	if ((saved_cw_ & CW_STD_MASK) != CW_STD) \
		set_cw((saved_cw_ & ~CW_STD_MASK) | CW_STD)
#define LEAVE	do { if ((saved_cw_ & CW_STD_MASK) != CW_STD) \
		set_cw(saved_cw_); } while (0)
#define ENTER_X(x)	ENTER; FP_BARRIER(x)
#define ENTER_XY(x, y)	ENTER; FP_BARRIER(x); FP_BARRIER(y)
#define LEAVE_R(r)	FP_BARRIER(r); LEAVE

/* rounding direction bits of the control word (FE_* of fenv.h) */
static inline int cur_round(void)
{
	return get_cw() & 0xc00;
}

/* raise exceptions by operations that raise them */
void __vxm_raise_inexact(void);
void __vxm_raise_underflow(void);	/* with inexact */
void __vxm_raise_invalid(void);
/* clear flags in the x87 status word only */
void __vxm_clear_x87_flags(int flags);

/* ---------------------------------------------------------------- errors */

/* NaN for a domain error: FE_INVALID, errno EDOM */
float __vxm_dom_f(void);
double __vxm_dom_d(void);
ld __vxm_dom_ld(void);

/* +-inf for a pole: FE_DIVBYZERO, errno ERANGE */
float __vxm_pole_f(int neg);
double __vxm_pole_d(int neg);
ld __vxm_pole_ld(int neg);

/* overflow: +-inf or +-max by rounding mode, FE_OVERFLOW, ERANGE */
float __vxm_oflow_f(int neg);
double __vxm_oflow_d(int neg);
ld __vxm_oflow_ld(int neg);

/* underflow: +-0 or +-min subnormal by rounding mode, ERANGE */
float __vxm_uflow_f(int neg);
double __vxm_uflow_d(int neg);
ld __vxm_uflow_ld(int neg);

/*
 * The last rounding of an inexact result y (never an exact zero) of a
 * finite argument, in the program's rounding mode: an infinite y is an
 * overflow in the core (which ran in round-to-nearest) and a zero one an
 * underflow; both are made again by an operation in the program's mode
 * (+-max instead of +-inf when rounding toward zero ...).  Otherwise y
 * is rounded to the type; beyond the type's range is an overflow, below
 * its normal range an underflow (raised even where the rounded value
 * happens to be exact, since the true result is not).
 */
static inline float ret_f(ld y)
{
	float r;

	if (__builtin_isinf(y))
		return __vxm_oflow_f(signbit_ld(y));
	if (y == 0)
		return __vxm_uflow_f(signbit_ld(y));
	r = (float)y;
	if (__builtin_isinf(r) || fabs_ld(y) >= 0x1p128L) {
		errno = ERANGE;
	} else if (__builtin_fabsf(r) < FLT_MIN) {
		__vxm_raise_underflow();
		errno = ERANGE;
	}
	return r;
}

static inline double ret_d(ld y)
{
	double r;

	if (__builtin_isinf(y))
		return __vxm_oflow_d(signbit_ld(y));
	if (y == 0)
		return __vxm_uflow_d(signbit_ld(y));
	r = (double)y;
	if (__builtin_isinf(r) || fabs_ld(y) >= 0x1p1024L) {
		errno = ERANGE;
	} else if (__builtin_fabs(r) < DBL_MIN) {
		__vxm_raise_underflow();
		errno = ERANGE;
	}
	return r;
}

/* y is already rounded (in round-to-nearest) */
static inline ld ret_ld(ld y)
{
	if (__builtin_isinf(y))
		return __vxm_oflow_ld(signbit_ld(y));
	if (y == 0)
		return __vxm_uflow_ld(signbit_ld(y));
	if (fabs_ld(y) < LDBL_MIN) {
		__vxm_raise_underflow();
		errno = ERANGE;
	}
	return y;
}

/*
 * The result x(1 + tiny) of a function at a tiny x (sin, tan, expm1 ...):
 * x itself, inexact, and an underflow if x is subnormal.
 */
static inline ld tiny_ret(ld x)
{
	if (fabs_ld(x) < LDBL_MIN)
		__vxm_raise_underflow();
	else
		__vxm_raise_inexact();
	return x;
}

/*
 * One function NAME of one argument in three types: SPECIAL(x, &r)
 * returns 1 with the exact result in r for the arguments that have one
 * (NaN, infinities, zeros, domain errors); otherwise CORE(x) computes
 * an inexact result in round-to-nearest, rounded last by ret_*.
 */
#define DEFINE_MATH1(name, special, core) \
long double name##l(long double x) \
{ \
	ld r_; \
	if (special(x, &r_)) \
		return r_; \
	{ ENTER_X(x); r_ = core(x); LEAVE_R(r_); } \
	return ret_ld(r_); \
} \
double name(double x) \
{ \
	ld r_; \
	if (special(x, &r_)) \
		return r_; \
	{ ENTER_X(x); r_ = core(x); LEAVE_R(r_); } \
	return ret_d(r_); \
} \
float name##f(float x) \
{ \
	ld r_; \
	if (special(x, &r_)) \
		return r_; \
	{ ENTER_X(x); r_ = core(x); LEAVE_R(r_); } \
	return ret_f(r_); \
}

/* ---------------------------------------------------------------- cores */

/* e^(x.hi + x.lo) = 2^k * (r.hi + r.lo), for |x.hi| < 11500 */
struct dd __vxm_exp_dd(struct dd x, int *k);
/* (hi + lo) * 2^k rounded once (twice when subnormal) */
ld __vxm_dd_scale(struct dd r, int k);
/* e^x - 1 as hi + lo, for |x| < 64 */
struct dd __vxm_expm1_dd(struct dd x);
/* e^x for finite x: overflow and underflow raised, errno not set */
ld __vxm_exp_core(ld x);
/* log(x.hi + x.lo) for x > 0 finite (x.hi normal or subnormal) */
struct dd __vxm_log_dd(struct dd x);

/* x - k pi/2 as hi + lo, |r| <= pi/4 (about); returns k mod 4 */
int __vxm_rem_pio2(ld x, struct dd *r);
/* sin and cos of |r| <= pi/4 + a little, as hi + lo */
struct dd __vxm_sin_dd(struct dd r);
struct dd __vxm_cos_dd(struct dd r);
/* atan(y / x) for 0 <= y, 0 < x (both as hi + lo), as hi + lo */
struct dd __vxm_atan2_dd(struct dd y, struct dd x);

/* log|Gamma(x)| as hi + lo, finite x not a non-positive integer */
struct dd __vxm_lgamma_dd(ld x, int *sign);

#endif
