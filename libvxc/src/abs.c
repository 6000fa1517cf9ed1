/* abs.c - absolute values and quotient/remainder pairs. */
#include <stdlib.h>

int abs(int x)
{
	return x < 0 ? -x : x;
}

long labs(long x)
{
	return x < 0 ? -x : x;
}

long long llabs(long long x)
{
	return x < 0 ? -x : x;
}

div_t div(int num, int den)
{
	div_t r = { num / den, num % den };

	return r;
}

ldiv_t ldiv(long num, long den)
{
	ldiv_t r = { num / den, num % den };

	return r;
}

lldiv_t lldiv(long long num, long long den)
{
	lldiv_t r = { num / den, num % den };

	return r;
}
