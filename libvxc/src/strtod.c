/*
 * strtod.c - strings to float, double and long double, correctly
 * rounded (to nearest, ties to even) for every input.
 *
 * The digits are read into a big integer D, so the value is exactly
 * D * 10^e (decimal) or D * 2^e (hexadecimal).  Written as N / M * 2^s
 * with big integers N and M, the result's significand q is the integer
 * part of N * 2^(s-x) / M for the exponent x that gives q the format's
 * precision (fewer bits for a subnormal), and the remainder decides the
 * rounding exactly.  Past MAX_DIGITS significant digits the rest only
 * counts as "something nonzero follows", which cannot change the result
 * (a tie between two long doubles needs at most 11,500 digits).
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <strings.h>
#include "bigint.h"

#define MAX_DIGITS	12000
#define MAX_HEX_DIGITS	40	/* a tie needs at most 65 bits */

/* A binary floating-point format. */
struct fmt {
	int prec;		/* significand bits, with the leading one */
	int min_exp;		/* exponent of the smallest subnormal's bit */
	int max_exp;		/* exponent of the largest finite's last bit */
};

static const struct fmt fmt_float = { 24, -149, 104 };
static const struct fmt fmt_double = { 53, -1074, 971 };
static const struct fmt fmt_ldouble = { 64, -16445, 16320 };

/* The parsed number, before rounding. */
struct num {
	struct big d;		/* the digits */
	int hex;
	long e;			/* value = d * (hex ? 2 : 10)^e */
	int neg;
};

/* Results: q * 2^x, or the special cases. */
enum kind { K_ZERO, K_FINITE, K_INF, K_NAN };

struct result {
	enum kind kind;
	int neg;
	uint64_t q;
	int x;
	uint64_t payload;	/* NaN */
};

static struct big n_, m_, t_;	/* ~5.6 KB each: kept off the stack */

/* q = floor(N / M), N < M * 2^64; the remainder stays in N. */
static uint64_t divide(struct big *n, const struct big *m)
{
	uint64_t q = 0;
	int i;

	t_ = *m;
	__vxc_big_shl(&t_, 63);
	for (i = 63; i >= 0; i--) {
		if (__vxc_big_cmp(n, &t_) >= 0) {
			__vxc_big_sub(n, &t_);
			q |= 1ULL << i;
		}
		__vxc_big_shr1(&t_);
	}
	return q;
}

/* N and M for value = N / M * 2^s, then shifted for the exponent x. */
static void setup(const struct num *v, int x, uint64_t *q, int *half)
{
	long s;
	int cmp;

	n_ = v->d;
	__vxc_big_set(&m_, 1);
	s = v->e;
	if (!v->hex) {
		if (v->e >= 0)
			__vxc_big_mulpow5(&n_, (int)v->e);
		else
			__vxc_big_mulpow5(&m_, (int)-v->e);
	}
	if (s - x >= 0)
		__vxc_big_shl(&n_, (int)(s - x));
	else
		__vxc_big_shl(&m_, (int)(x - s));
	*q = divide(&n_, &m_);
	/* compare the remainder with half of M: -1, 0, 1 (0: a tie) */
	if (!n_.n) {
		*half = -2;		/* exact */
		return;
	}
	__vxc_big_shl(&n_, 1);
	cmp = __vxc_big_cmp(&n_, &m_);
	*half = cmp;
}

/* Round v to format f. */
static void round_to(const struct num *v, const struct fmt *f,
		     struct result *r)
{
	long bits_n, bits_m, L;
	uint64_t q, top = f->prec == 64 ? 1ULL << 63 : 1ULL << (f->prec - 1);
	int x, half;
	static struct big m;

	r->neg = v->neg;
	if (!v->d.n) {
		r->kind = K_ZERO;
		return;
	}
	/* log2 of the value, roughly, to rule out the extremes early */
	bits_n = __vxc_big_bits(&v->d);
	if (v->hex) {
		L = bits_n + v->e;
	} else {
		/* 10^e has between e*log2(10) bits; err on the wide side */
		L = bits_n + (long)(v->e * 3.321928094887362);
	}
	if (L > f->max_exp + f->prec + 8) {
		r->kind = K_INF;
		errno = ERANGE;
		return;
	}
	if (L < f->min_exp - 8) {
		r->kind = K_ZERO;
		errno = ERANGE;
		return;
	}
	/* Exact: bits of N and M as setup() builds them, before shifting */
	n_ = v->d;
	__vxc_big_set(&m, 1);
	if (!v->hex && v->e > 0)
		__vxc_big_mulpow5(&n_, (int)v->e);
	if (!v->hex && v->e < 0)
		__vxc_big_mulpow5(&m, (int)-v->e);
	bits_n = __vxc_big_bits(&n_);
	bits_m = __vxc_big_bits(&m);
	L = bits_n - bits_m + v->e;	/* value in (2^(L-1), 2^(L+1)) */

	x = (int)(L - f->prec + 1);	/* q in (2^(prec-2), 2^prec) */
	if (x < f->min_exp)
		x = f->min_exp;
	setup(v, x, &q, &half);
	if (q < top && x > f->min_exp) {
		x--;
		setup(v, x, &q, &half);
	}
	if (half > 0 || (half == 0 && (q & 1))) {
		q++;
		if (f->prec < 64 ? q == 1ULL << f->prec : q == 0) {
			q = top;
			x++;
		}
	}
	if (x > f->max_exp) {
		r->kind = K_INF;
		errno = ERANGE;
		return;
	}
	/* C: underflow is a tiny result that is not exact */
	if ((q < top && half != -2) || !q)
		errno = ERANGE;
	r->kind = q ? K_FINITE : K_ZERO;
	r->q = q;
	r->x = x;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 32;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Read the digits of a decimal or hex significand into v; returns the end
 * or NULL when there were no digits.
 */
static const char *digits(const char *p, struct num *v)
{
	int base = v->hex ? 16 : 10, any = 0, seen_point = 0, ndig = 0;
	int chunk = 0, chunk_len = 0, sticky = 0, dv;
	long scale = 0;		/* digits after the point that were kept */
	static const uint32_t pow10[10] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000, 1000000000,
	};

	__vxc_big_set(&v->d, 0);
	for (;; p++) {
		if (*p == '.' && !seen_point) {
			seen_point = 1;
			continue;
		}
		dv = v->hex ? hexval((unsigned char)*p)
			    : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
		if (dv < 0)
			break;
		any = 1;
		if (!ndig && !dv) {		/* leading zero */
			if (seen_point)
				scale++;
			continue;
		}
		if (ndig >= (v->hex ? MAX_HEX_DIGITS : MAX_DIGITS)) {	/* beyond: only "nonzero" */
			sticky |= dv;
			if (!seen_point)
				scale--;
			continue;
		}
		ndig++;
		if (seen_point)
			scale++;
		if (v->hex) {
			__vxc_big_muladd(&v->d, 16, dv);
			continue;
		}
		chunk = chunk * 10 + dv;
		if (++chunk_len == 9) {
			__vxc_big_muladd(&v->d, pow10[9], chunk);
			chunk = chunk_len = 0;
		}
	}
	if (!any)
		return NULL;
	if (chunk_len)
		__vxc_big_muladd(&v->d, pow10[chunk_len], chunk);
	if (sticky) {		/* a 1 just past the kept digits */
		__vxc_big_muladd(&v->d, base, 1);
		scale++;
	}
	v->e = v->hex ? -4 * scale : -scale;
	return p;
}

/* An exponent: e or p, a sign, digits (saturating). */
static const char *exponent(const char *p, struct num *v)
{
	const char *q = p + 1;
	long e = 0;
	int neg = 0;

	if ((*p | 32) != (v->hex ? 'p' : 'e'))
		return p;
	if (*q == '+' || *q == '-')
		neg = *q++ == '-';
	if (!(*q >= '0' && *q <= '9'))
		return p;
	/* saturate: far past any format's range, and e * log2(10) fits */
	for (; *q >= '0' && *q <= '9'; q++)
		if (e < 10000000)
			e = e * 10 + (*q - '0');
	v->e += neg ? -e : e;
	return q;
}

static struct num num_;

/* Parse s as strtod does and round to f; the end goes to *end. */
static void parse(const char *s, char **end, const struct fmt *f,
		  struct result *r)
{
	const char *p = s, *q;
	struct num *v = &num_;

	while (isspace((unsigned char)*p))
		p++;
	v->neg = 0;
	if (*p == '+' || *p == '-')
		v->neg = *p++ == '-';
	r->neg = v->neg;

	if (!strncasecmp(p, "inf", 3)) {
		p += strncasecmp(p, "infinity", 8) ? 3 : 8;
		r->kind = K_INF;
		goto done;
	}
	if (!strncasecmp(p, "nan", 3)) {
		p += 3;
		r->kind = K_NAN;
		r->payload = 0;
		if (*p == '(') {
			for (q = p + 1; isalnum((unsigned char)*q) || *q == '_';
			     q++)
				;
			if (*q == ')') {
				/* glibc: the sequence, if a number, is the
				   payload */
				char *e2;
				unsigned long long pl = strtoull(p + 1, &e2, 0);

				if (e2 == q)
					r->payload = pl;
				p = q + 1;
			}
		}
		goto done;
	}

	v->hex = p[0] == '0' && (p[1] | 32) == 'x' &&
		 (hexval((unsigned char)p[2]) >= 0 ||
		  (p[2] == '.' && hexval((unsigned char)p[3]) >= 0));
	q = digits(v->hex ? p + 2 : p, v);
	if (!q) {
		p = s;		/* no number at all */
		r->kind = K_ZERO;
		r->neg = 0;
		goto done;
	}
	p = exponent(q, v);
	round_to(v, f, r);
done:
	if (end)
		*end = (char *)p;
}

double strtod(const char *__restrict s, char **__restrict end)
{
	struct result r;
	union { double d; uint64_t u; } out;

	parse(s, end, &fmt_double, &r);
	switch (r.kind) {
	case K_ZERO:
		out.u = 0;
		break;
	case K_INF:
		out.u = 0x7ffULL << 52;
		break;
	case K_NAN:
		out.u = 0x7ff8ULL << 48 | (r.payload & ((1ULL << 51) - 1));
		break;
	default:
		if (r.q >> 52)
			out.u = (uint64_t)(r.x + 52 + 1023) << 52 |
				(r.q & ((1ULL << 52) - 1));
		else
			out.u = r.q;	/* subnormal */
	}
	out.u |= (uint64_t)r.neg << 63;
	return out.d;
}

float strtof(const char *__restrict s, char **__restrict end)
{
	struct result r;
	union { float f; uint32_t u; } out;

	parse(s, end, &fmt_float, &r);
	switch (r.kind) {
	case K_ZERO:
		out.u = 0;
		break;
	case K_INF:
		out.u = 0xffu << 23;
		break;
	case K_NAN:
		out.u = 0x7fc00000u | (uint32_t)(r.payload & ((1u << 22) - 1));
		break;
	default:
		if (r.q >> 23)
			out.u = (uint32_t)(r.x + 23 + 127) << 23 |
				(uint32_t)(r.q & ((1u << 23) - 1));
		else
			out.u = (uint32_t)r.q;
	}
	out.u |= (uint32_t)r.neg << 31;
	return out.f;
}

/* The x87 80-bit format: explicit integer bit, 15-bit exponent. */
long double strtold(const char *__restrict s, char **__restrict end)
{
	struct result r;
	union {
		long double ld;
		struct { uint64_t m; uint16_t se; } b;
	} out;

	parse(s, end, &fmt_ldouble, &r);
	memset(&out, 0, sizeof out);
	switch (r.kind) {
	case K_ZERO:
		break;
	case K_INF:
		out.b.m = 1ULL << 63;
		out.b.se = 0x7fff;
		break;
	case K_NAN:
		out.b.m = 3ULL << 62 | (r.payload & ((1ULL << 62) - 1));
		out.b.se = 0x7fff;
		break;
	default:
		out.b.m = r.q;
		out.b.se = r.q >> 63 ? (uint16_t)(r.x + 63 + 16383) : 0;
	}
	out.b.se |= (uint16_t)(r.neg << 15);
	return out.ld;
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
