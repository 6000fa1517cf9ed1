/*
 * strtod.c - decimal string to double.
 *
 * Up to 19 significant digits are gathered exactly into 64 bits, then
 * scaled by a power of ten in x87 extended precision and rounded once to
 * double.  The 64-bit intermediate mantissa makes the result correctly
 * rounded for nearly all inputs (not guaranteed for long, halfway-close
 * digit strings).  Hexadecimal floats are not supported.
 */
#include <stdlib.h>
#include <stdint.h>
#include <ctype.h>
#include <errno.h>
#include <strings.h>

/* 10^n for n >= 0 by binary powering. */
static long double pow10l_(int n)
{
	long double r = 1, p = 10;

	for (; n; n >>= 1, p *= p)
		if (n & 1)
			r *= p;
	return r;
}

double strtod(const char *__restrict s, char **__restrict end)
{
	const char *p = s;
	uint64_t mant = 0;
	int neg = 0, exp10 = 0, digits = 0, any = 0;
	long double v;
	double d;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';

	if (!strncasecmp(p, "inf", 3)) {
		p += strncasecmp(p, "infinity", 8) ? 3 : 8;
		d = __builtin_inf();
		goto done;
	}
	if (!strncasecmp(p, "nan", 3)) {
		p += 3;
		d = __builtin_nan("");
		goto done;
	}

	for (; isdigit((unsigned char)*p); p++, any = 1) {
		if (digits < 19) {
			mant = mant * 10 + (*p - '0');
			if (mant)
				digits++;
		} else {
			exp10++;	/* beyond precision: only the scale */
		}
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, any = 1) {
			if (digits < 19) {
				mant = mant * 10 + (*p - '0');
				if (mant)
					digits++;
				exp10--;
			}
		}
	}
	if (!any) {
		p = s;
		d = 0;
		neg = 0;
		goto done;
	}
	if ((*p | 32) == 'e') {
		const char *q = p + 1;
		int eneg = 0, e = 0;

		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		if (isdigit((unsigned char)*q)) {
			for (; isdigit((unsigned char)*q); q++)
				if (e < 100000)
					e = e * 10 + (*q - '0');
			exp10 += eneg ? -e : e;
			p = q;
		}
	}

	v = mant;
	if (!mant)
		exp10 = 0;
	if (exp10 > 4950)
		v = __builtin_infl();
	else if (exp10 < -4950)
		v = 0;
	else if (exp10 > 0)
		v *= pow10l_(exp10);
	else if (exp10 < 0)
		v /= pow10l_(-exp10);
	d = (double)v;
	if (mant && (d == 0 || d == __builtin_inf()))
		errno = ERANGE;
done:
	if (end)
		*end = (char *)p;
	return neg ? -d : d;
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
