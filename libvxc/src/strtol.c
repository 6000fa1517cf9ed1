/*
 * strtol.c - string to integer conversions.  One parser works in 64-bit
 * unsigned arithmetic; each public function only clamps its result to
 * its own range.
 */
#include <stdlib.h>
#include <inttypes.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

static int digitval(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return (c | 32) - 'a' + 10;
	return 99;
}

/*
 * Parse an optionally signed integer.  Returns the magnitude, saturated at
 * UINT64_MAX with *over set when it does not fit; *neg tells the sign.
 */
static uint64_t parse(const char *s, char **end, int base, int *neg,
		      int *over)
{
	const char *p = s;
	uint64_t v = 0, lim;
	int d, any = 0;

	*neg = *over = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	/* "0x" is a prefix only if a hex digit follows it. */
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
	    digitval((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	lim = UINT64_MAX / base;
	for (; (d = digitval((unsigned char)*p)) < base; p++) {
		any = 1;
		if (v > lim || v * base > UINT64_MAX - d)
			*over = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return *over ? UINT64_MAX : v;
}

/* Clamp a parsed magnitude into [min, max] of a signed type. */
static int64_t clamp_signed(uint64_t v, int neg, int over, int64_t max)
{
	uint64_t lim = (uint64_t)max + neg;	/* |min| is max + 1 */

	if (over || v > lim) {
		errno = ERANGE;
		return neg ? -max - 1 : max;
	}
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

/* Unsigned results wrap a negative sign, as C specifies. */
static uint64_t clamp_unsigned(uint64_t v, int neg, int over, uint64_t max)
{
	if (over || v > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? (0 - v) & max : v;
}

long strtol(const char *__restrict s, char **__restrict end, int base)
{
	int neg, over;
	uint64_t v = parse(s, end, base, &neg, &over);

	return clamp_signed(v, neg, over, LONG_MAX);
}

unsigned long strtoul(const char *__restrict s, char **__restrict end,
		      int base)
{
	int neg, over;
	uint64_t v = parse(s, end, base, &neg, &over);

	return clamp_unsigned(v, neg, over, ULONG_MAX);
}

long long strtoll(const char *__restrict s, char **__restrict end, int base)
{
	int neg, over;
	uint64_t v = parse(s, end, base, &neg, &over);

	return clamp_signed(v, neg, over, LLONG_MAX);
}

unsigned long long strtoull(const char *__restrict s, char **__restrict end,
			    int base)
{
	int neg, over;
	uint64_t v = parse(s, end, base, &neg, &over);

	return clamp_unsigned(v, neg, over, ULLONG_MAX);
}

intmax_t strtoimax(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}

uintmax_t strtoumax(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
