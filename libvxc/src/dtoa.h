/*
 * dtoa.h - exact decimal expansion of doubles, for printf.  Internal.
 */
#ifndef _VXC_DTOA_H
#define _VXC_DTOA_H

#include <stdint.h>

/*
 * A non-negative number 0.d[0]d[1]...d[n-1] x 10^dp, digits as ASCII,
 * no trailing zeros; n == 0 means zero.  The largest exact expansion of
 * a long double (the smallest subnormal, 2^-16445) has 11,530
 * significant digits; of a double, 767.
 */
#define DECIMAL_MAX	11600

struct decimal {
	int n;
	int dp;
	char d[DECIMAL_MAX];
};

/* Exact expansion of m * 2^e (any integer m, e >= -16445 - 63). */
void __vxc_dtoa(uint64_t m, int e, struct decimal *dec);

/*
 * Round to the first keep digits (keep may be <= 0), ties to even, as
 * printf does in the default rounding mode.  May carry into a new
 * leading digit, incrementing dp.
 */
void __vxc_decimal_round(struct decimal *dec, int keep);

#endif
