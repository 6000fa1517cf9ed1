/*
 * funcs.h - the functions the libm test covers, shared by the guest
 * (test/libm/run.c, built with vxcc) and the host checker
 * (test/libm/check.c, MPFR).  FUNCS(F) lists each function once per
 * type as F(name, base, type, kind):
 *
 *   type  'f' float, 'd' double, 'l' long double
 *   kind  the signature:
 *	K_1	T f(T)			K_2	T f(T, T)
 *	K_FMA	T f(T, T, T)		K_I	T f(T, int)
 *	K_LONG	T f(T, long)		K_PI	T f(T, int *)
 *	K_PT	T f(T, T *)		K_QUO	T f(T, T, int *)
 *	K_ILOGB	int f(T)		K_L	long f(T)
 *	K_LL	long long f(T)		K_TOW	T f(T, long double)
 *	K_SC	void f(T, T *, T *)	K_NAN	T f(const char *)
 */
#ifndef LIBM_FUNCS_H
#define LIBM_FUNCS_H

enum kind {
	K_1, K_2, K_FMA, K_I, K_LONG, K_PI, K_PT, K_QUO, K_ILOGB, K_L,
	K_LL, K_TOW, K_SC, K_NAN
};

#define F3(F, base, kind) \
	F(base##f, base, 'f', kind) \
	F(base, base, 'd', kind) \
	F(base##l, base, 'l', kind)

#ifndef FUNCS		/* a smaller list may be given with -D */
#define FUNCS(F) \
	F3(F, sin, K_1) F3(F, cos, K_1) F3(F, tan, K_1) \
	F3(F, sincos, K_SC) \
	F3(F, asin, K_1) F3(F, acos, K_1) F3(F, atan, K_1) \
	F3(F, atan2, K_2) \
	F3(F, sinh, K_1) F3(F, cosh, K_1) F3(F, tanh, K_1) \
	F3(F, asinh, K_1) F3(F, acosh, K_1) F3(F, atanh, K_1) \
	F3(F, exp, K_1) F3(F, exp2, K_1) F3(F, exp10, K_1) \
	F3(F, expm1, K_1) \
	F3(F, log, K_1) F3(F, log2, K_1) F3(F, log10, K_1) \
	F3(F, log1p, K_1) \
	F3(F, pow, K_2) F3(F, sqrt, K_1) F3(F, cbrt, K_1) \
	F3(F, hypot, K_2) \
	F3(F, erf, K_1) F3(F, erfc, K_1) \
	F3(F, lgamma, K_1) F(lgammaf_r, lgamma_r, 'f', K_PI) \
	F(lgamma_r, lgamma_r, 'd', K_PI) F(lgammal_r, lgamma_r, 'l', K_PI) \
	F3(F, tgamma, K_1) \
	F3(F, ceil, K_1) F3(F, floor, K_1) F3(F, trunc, K_1) \
	F3(F, round, K_1) F3(F, rint, K_1) F3(F, nearbyint, K_1) \
	F3(F, lrint, K_L) F3(F, llrint, K_LL) \
	F3(F, lround, K_L) F3(F, llround, K_LL) \
	F3(F, modf, K_PT) F3(F, frexp, K_PI) F3(F, ldexp, K_I) \
	F3(F, scalbn, K_I) F3(F, scalbln, K_LONG) \
	F3(F, ilogb, K_ILOGB) F3(F, logb, K_1) \
	F3(F, fmod, K_2) F3(F, remainder, K_2) F3(F, remquo, K_QUO) \
	F3(F, fmax, K_2) F3(F, fmin, K_2) F3(F, fdim, K_2) \
	F3(F, fma, K_FMA) \
	F3(F, fabs, K_1) F3(F, copysign, K_2) \
	F3(F, nextafter, K_2) F3(F, nexttoward, K_TOW) \
	F3(F, nan, K_NAN)
#endif

/* the stream between checker and guest (little-endian, packed) */
#define LIBM_MAGIC	0x4d42494c	/* "LIBM" */

struct libm_block {
	unsigned int magic;
	unsigned short fid;		/* index in FUNCS */
	unsigned short round;		/* FE_* rounding mode */
	unsigned int count;
};

/* arguments: slot size S = 4, 8, 16 by type; int arguments as 8 bytes
 * in slot 1 (whatever S is: they are stored in a 16-byte slot) */
#define LIBM_SLOT(t)	((t) == 'f' ? 4 : (t) == 'd' ? 8 : 16)
#define LIBM_IN(t)	(3 * 16)
/* results: in + res[2] (S each) + int64 + flags + errno */
#define LIBM_OUT(t)	(LIBM_IN(t) + 2 * 16 + 8 + 4)

/* errno as recorded */
enum { E_NONE, E_DOM, E_RANGE, E_OTHER };

#endif
