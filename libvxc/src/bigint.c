/*
 * bigint.c - the few big-integer operations exact conversion needs.
 * Sizes are bounded by the callers (strtod caps digits and exponents),
 * so nothing here checks for overflow of BIG_LIMBS.
 */
#include <string.h>
#include "bigint.h"

void __vxc_big_set(struct big *b, uint32_t v)
{
	b->n = v ? 1 : 0;
	b->l[0] = v;
}

/* b = b * m + a */
void __vxc_big_muladd(struct big *b, uint32_t m, uint32_t a)
{
	uint64_t carry = a, t;
	int i;

	for (i = 0; i < b->n; i++) {
		t = (uint64_t)b->l[i] * m + carry;
		b->l[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		b->l[b->n++] = (uint32_t)carry;
}

void __vxc_big_mulpow5(struct big *b, int e)
{
	static const uint32_t pow5[14] = {
		1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125,
		9765625, 48828125, 244140625, 1220703125,
	};

	for (; e > 0; e -= 13)
		__vxc_big_muladd(b, pow5[e < 13 ? e : 13], 0);
}

void __vxc_big_shl(struct big *b, int bits)
{
	int words = bits / 32, s = bits % 32, i;

	if (!b->n || !bits)
		return;
	if (s) {
		uint32_t top = b->l[b->n - 1] >> (32 - s);

		for (i = b->n - 1; i > 0; i--)
			b->l[i] = b->l[i] << s | b->l[i - 1] >> (32 - s);
		b->l[0] <<= s;
		if (top)
			b->l[b->n++] = top;
	}
	if (words) {
		memmove(b->l + words, b->l, b->n * sizeof b->l[0]);
		memset(b->l, 0, words * sizeof b->l[0]);
		b->n += words;
	}
}

void __vxc_big_shr1(struct big *b)
{
	int i;

	for (i = 0; i < b->n - 1; i++)
		b->l[i] = b->l[i] >> 1 | b->l[i + 1] << 31;
	if (b->n) {
		b->l[b->n - 1] >>= 1;
		if (!b->l[b->n - 1])
			b->n--;
	}
}

int __vxc_big_cmp(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

/* a -= b, for a >= b */
void __vxc_big_sub(struct big *a, const struct big *b)
{
	uint32_t borrow = 0, x, y;
	int i;

	for (i = 0; i < a->n; i++) {
		x = a->l[i];
		y = (i < b->n ? b->l[i] : 0);
		a->l[i] = x - y - borrow;
		borrow = x < y || (x == y && borrow) ? 1 : 0;
	}
	while (a->n && !a->l[a->n - 1])
		a->n--;
}

int __vxc_big_bits(const struct big *b)
{
	if (!b->n)
		return 0;
	return 32 * (b->n - 1) + 32 - __builtin_clz(b->l[b->n - 1]);
}
