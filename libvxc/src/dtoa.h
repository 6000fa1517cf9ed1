/*
 * dtoa.h - exact decimal expansion of doubles, for printf.  Internal.
 */
#ifndef _VXC_DTOA_H
#define _VXC_DTOA_H

/*
 * A non-negative number 0.d[0]d[1]...d[n-1] x 10^dp, digits as ASCII,
 * no trailing zeros; n == 0 means zero.  The largest exact expansion of
 * a double (the smallest subnormal) has 767 significant digits.
 */
struct decimal {
	int n;
	int dp;
	char d[800];
};

/* Exact expansion of a finite, non-negative v. */
void __vxc_dtoa(double v, struct decimal *dec);

/*
 * Round to the first keep digits (keep may be <= 0), ties to even, as
 * printf does in the default rounding mode.  May carry into a new
 * leading digit, incrementing dp.
 */
void __vxc_decimal_round(struct decimal *dec, int keep);

#endif
