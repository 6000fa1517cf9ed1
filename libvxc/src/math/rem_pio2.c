/*
 * rem_pio2.c - x - k pi/2 for any finite x, exactly enough: the
 * Payne-Hanek reduction.
 *
 * x = m 2^E with m a 64-bit integer.  x 2/pi mod 4 only needs the bits
 * of 2/pi from the one worth 2^(2-E) on: earlier bits give multiples of
 * 4.  So m is multiplied by 10 words (320 bits) of 2/pi starting there
 * (tools/libm-gen.c computed 16896 bits, enough for LDBL_MAX), exactly,
 * in 32-bit limbs; the two bits above the binary point are k mod 4 and
 * the 256 below it the fraction f (made negative when above 1/2, k
 * rounded up).  The bits of 2/pi left out change f by less than 2^-223:
 * unless x were within 2^-150 of a multiple of pi/2 (relative to x/2^64;
 * the closest long doubles are expected near 2^-80), f keeps more than
 * 70 correct bits after its leading zeros; r = f pi/2 as hi + lo.  The
 * x87's own fprem/fsin use a 66-bit pi: useless here.
 */
#include "libm.h"

#define K	10			/* words of 2/pi used */
#define NLIMB	(K + 2)			/* the product, 32-bit limbs */

static uint64_t limb(const uint32_t *a, int i)
{
	return i >= 0 && i < NLIMB ? a[i] : 0;
}

/* 64 bits of A starting at bit lo (bits outside A read as 0) */
static uint64_t bits64(const uint32_t *a, int lo)
{
	int w = lo >> 5, s = lo & 31;
	uint64_t t = limb(a, w) | limb(a, w + 1) << 32;

	if (s == 0)
		return t;
	return t >> s | limb(a, w + 2) << (64 - s);
}

static int count_lz(uint64_t v)
{
	return v ? __builtin_clzll(v) : 64;
}

int __vxm_rem_pio2(ld x, struct dd *r)
{
	union ldbits u = { x };
	uint32_t a[NLIMB] = { 0 };
	uint32_t m0 = (uint32_t)u.i.m, m1 = (uint32_t)(u.i.m >> 32);
	int E, j0, bp, i, q, neg = signbit_ld(x), shift;
	uint64_t f[4], h, mid;
	ld fh, fl;

	if (fabs_ld(x) <= 0x1.921fb54442d18469898cc51701b8p-1L) {
		r->hi = x;
		r->lo = 0;
		return 0;
	}
	E = (u.i.se & 0x7fff) - 16383 - 63;
	j0 = E - 2 >= 0 ? (E - 2) / 32 : 0;
	/* A = sum of m * W[j0 + i] * 2^(32 (K - 1 - i)) */
	for (i = 0; i < K; i++) {
		uint64_t w = __vxm_two_over_pi[j0 + i], p0, p1, c;
		int at = K - 1 - i, l;

		p0 = w * m0;
		p1 = w * m1;
		c = (uint64_t)a[at] + (uint32_t)p0;
		a[at] = c;
		c = (c >> 32) + a[at + 1] + (p0 >> 32) + (uint32_t)p1;
		a[at + 1] = c;
		c = (c >> 32) + a[at + 2] + (p1 >> 32);
		a[at + 2] = c;
		for (l = at + 3; l < NLIMB && (c >> 32); l++) {
			c = (c >> 32) + a[l];
			a[l] = c;
		}
	}
	/* the binary point: A * 2^(E - 32 (j0 + K)) */
	bp = 32 * (j0 + K) - E;
	q = bits64(a, bp) & 3;
	for (i = 0; i < 4; i++)		/* f[0] most significant */
		f[i] = bits64(a, bp - 64 * (i + 1));
	if (f[0] >> 63) {		/* f >= 1/2: f - 1, rounding k up */
		int carry = 1;

		q = (q + 1) & 3;
		neg = !neg;
		for (i = 3; i >= 0; i--) {	/* 2^256 - f */
			f[i] = ~f[i] + carry;
			carry = carry && f[i] == 0;
		}
	}
	/* normalise: drop whole zero words, then bits */
	shift = 0;
	while (f[0] == 0 && shift < 192) {
		f[0] = f[1];
		f[1] = f[2];
		f[2] = f[3];
		f[3] = 0;
		shift += 64;
	}
	if (f[0] == 0) {		/* an exact multiple: only x = 0 */
		r->hi = r->lo = 0;
		return 0;
	}
	i = count_lz(f[0]);
	if (i) {
		f[0] = f[0] << i | f[1] >> (64 - i);
		f[1] = f[1] << i | f[2] >> (64 - i);
	}
	shift += i;
	h = f[0];
	mid = f[1];
	/* f = (h + mid 2^-64) 2^(-64 - shift) */
	fh = __vxm_scalb((ld)h, -64 - shift);
	fl = __vxm_scalb((ld)mid, -128 - shift);
	*r = dd_mul(fast_two_sum(fh, fl), __vxm_pi_2);
	if (neg) {
		r->hi = -r->hi;
		r->lo = -r->lo;
	}
	/* |x| = q pi/2 + r' was reduced: for negative x, x = -q pi/2 - r'
	 * (neg already has r's sign) */
	return signbit_ld(x) ? -q & 3 : q;
}
