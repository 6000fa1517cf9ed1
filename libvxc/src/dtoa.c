/*
 * dtoa.c - exact binary-to-decimal conversion.
 *
 * A finite double is m * 2^e with an integer m < 2^53 (a long double,
 * m < 2^64).  For e >= 0 that
 * is an integer; for e < 0 it equals m * 5^-e / 10^-e, so its decimal
 * digits are those of the integer m * 5^-e with the point moved -e places.
 * Either way one big integer, kept in base 10^9 limbs, yields every digit
 * exactly, and rounding to any precision is then done on decimal digits,
 * which makes ties exact.  Slow for extreme exponents (a few thousand
 * limb operations), but simple and always right.
 */
#include <stdint.h>
#include <string.h>
#include "dtoa.h"

#define BASE		1000000000u
#define MAXLIMBS	1300	/* 11,530 digits / 9, with room */

struct big {
	int n;			/* limbs in use, least significant first */
	uint32_t l[MAXLIMBS];
};

/*
 * (hi:lo) / BASE for a quotient known to fit in 32 bits: one divl, where
 * C's 64-bit division would call libgcc's much slower __udivmoddi4.
 */
static uint32_t div_base(uint64_t t, uint32_t *rem)
{
	uint32_t q, r;

	__asm__("divl %4"
		: "=a"(q), "=d"(r)
		: "a"((uint32_t)t), "d"((uint32_t)(t >> 32)), "rm"(BASE));
	*rem = r;
	return q;
}

/* b = b * k, for k < 2^32 / 4: every quotient then fits in 32 bits. */
static void big_mul(struct big *b, uint32_t k)
{
	uint32_t carry = 0;
	int i;

	for (i = 0; i < b->n; i++)
		carry = div_base((uint64_t)b->l[i] * k + carry, &b->l[i]);
	while (carry) {
		b->l[b->n++] = carry % BASE;
		carry /= BASE;
	}
}

static const uint32_t pow5[14] = {
	1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625,
	48828125, 244140625, 1220703125,
};

void __vxc_dtoa(uint64_t m, int e, struct decimal *dec)
{
	static struct big b;	/* 5 KB: keep it off the stack */
	uint32_t limb;
	char *p = dec->d;
	int i, k;

	dec->n = 0;
	dec->dp = 0;
	if (!m)
		return;

	/* Trailing zero bits only cost multiplications: drop them. */
	while (!(m & 1)) {
		m >>= 1;
		e++;
	}

	b.n = 0;
	while (m) {
		b.l[b.n++] = (uint32_t)(m % BASE);
		m /= BASE;
	}
	for (k = e; k > 0; k -= 29)
		big_mul(&b, 1u << (k < 29 ? k : 29));
	for (k = -e; k > 0; k -= 13)
		big_mul(&b, pow5[k < 13 ? k : 13]);

	/* The top limb without leading zeros, then 9 digits per limb. */
	for (limb = b.l[b.n - 1], i = 0; limb; limb /= 10)
		i++;
	for (k = i, limb = b.l[b.n - 1]; k > 0; limb /= 10)
		p[--k] = '0' + limb % 10;
	p += i;
	for (k = b.n - 2; k >= 0; k--, p += 9)
		for (i = 8, limb = b.l[k]; i >= 0; i--, limb /= 10)
			p[i] = '0' + limb % 10;

	dec->n = p - dec->d;
	dec->dp = dec->n + (e < 0 ? e : 0);
	while (dec->d[dec->n - 1] == '0')
		dec->n--;
}

void __vxc_decimal_round(struct decimal *dec, int keep)
{
	int up, i;

	if (keep >= dec->n)
		return;
	if (keep < 0) {
		dec->n = 0;		/* less than half a unit: zero */
		return;
	}
	/* dec has no trailing zeros, so anything after d[keep] is nonzero. */
	if (dec->d[keep] != '5')
		up = dec->d[keep] > '5';
	else if (dec->n > keep + 1)
		up = 1;
	else				/* exactly half: to even */
		up = keep > 0 && (dec->d[keep - 1] - '0') & 1;
	dec->n = keep;
	if (up) {
		for (i = keep - 1; i >= 0 && dec->d[i] == '9'; i--)
			;
		if (i < 0) {		/* 999.. became 1000.. */
			dec->d[0] = '1';
			dec->n = 1;
			dec->dp++;
			return;
		}
		dec->d[i]++;
		dec->n = i + 1;
	}
	while (dec->n > 0 && dec->d[dec->n - 1] == '0')
		dec->n--;
}
