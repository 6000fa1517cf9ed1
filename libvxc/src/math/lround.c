/*
 * lround.c - lrint, llrint, lround, llround: round (in the current mode,
 * or halfway cases away from zero) and convert.  A result outside the
 * return type (or a NaN or infinite argument) is a domain error: the
 * value is the type's minimum, as the x87 gives, FE_INVALID and EDOM.
 */
#include "libm.h"
#include <limits.h>

static long to_long(ld r)
{
	if (!(r >= -0x1p31L && r < 0x1p31L)) {
		__vxm_raise_invalid();
		errno = EDOM;
		return LONG_MIN;
	}
	return (long)r;
}

static long long to_llong(ld r)
{
	if (!(r >= -0x1p63L && r < 0x1p63L)) {
		__vxm_raise_invalid();
		errno = EDOM;
		return LLONG_MIN;
	}
	return (long long)r;
}

long lrintl(long double x) { return to_long(rint_ld(x)); }
long lrint(double x) { return to_long(rint_ld(x)); }
long lrintf(float x) { return to_long(rint_ld(x)); }
long long llrintl(long double x) { return to_llong(rint_ld(x)); }
long long llrint(double x) { return to_llong(rint_ld(x)); }
long long llrintf(float x) { return to_llong(rint_ld(x)); }
long lroundl(long double x) { return to_long(roundl(x)); }
long lround(double x) { return to_long(roundl(x)); }
long lroundf(float x) { return to_long(roundl(x)); }
long long llroundl(long double x) { return to_llong(roundl(x)); }
long long llround(double x) { return to_llong(roundl(x)); }
long long llroundf(float x) { return to_llong(roundl(x)); }
