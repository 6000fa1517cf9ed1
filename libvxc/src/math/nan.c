/*
 * nan.c - nan, nanf, nanl: a quiet NaN whose payload is the number
 * the string spells (decimal, or hexadecimal or octal with the C
 * prefixes), as strtod("NAN(string)") gives it; other strings give the
 * default payload.
 */
#include "libm.h"

static uint64_t payload(const char *s)
{
	uint64_t v = 0;
	unsigned base = 10, d;

	if (!s || !*s)
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return 0;
		if (d >= base)
			return 0;
		v = v * base + d;
	}
	return v;
}

long double nanl(const char *s)
{
	union ldbits u;

	u.i.se = 0x7fff;
	u.i.m = 3ULL << 62 | (payload(s) & ((1ULL << 62) - 1));
	return u.f;
}

double nan(const char *s)
{
	union dbits u;

	u.i = 0x7ff8ULL << 48 | (payload(s) & ((1ULL << 51) - 1));
	return u.f;
}

float nanf(const char *s)
{
	union fbits u;

	u.i = 0x7fc00000 | (payload(s) & ((1U << 22) - 1));
	return u.f;
}
