/*
 * bigint.h - unsigned big integers for exact decimal/binary conversion
 * (strtod).  Library-internal.  Little-endian 32-bit limbs; sized for
 * the largest case strtod meets: 12000 significant digits scaled by 5^e
 * for any exponent of a long double.
 */
#ifndef _VXC_BIGINT_H
#define _VXC_BIGINT_H

#include <stdint.h>

#define BIG_LIMBS	1400

struct big {
	int n;			/* limbs in use; no leading zero limbs */
	uint32_t l[BIG_LIMBS];
};

void __vxc_big_set(struct big *b, uint32_t v);
void __vxc_big_muladd(struct big *b, uint32_t m, uint32_t a);
void __vxc_big_mulpow5(struct big *b, int e);
void __vxc_big_shl(struct big *b, int bits);
void __vxc_big_shr1(struct big *b);
int __vxc_big_cmp(const struct big *a, const struct big *b);
void __vxc_big_sub(struct big *a, const struct big *b);
int __vxc_big_bits(const struct big *b);

#endif
