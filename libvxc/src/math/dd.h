/*
 * dd.h - "double long double" arithmetic: a value is an unevaluated sum
 * hi + lo of two long doubles with |lo| <= ulp(hi)/2, about 128 bits.
 *
 * Everything here relies on each long double operation being rounded
 * once, to nearest, to 64 bits: true on the x87 at its default
 * (extended) precision, which is how every libvxc guest starts and how
 * the math entry points run.  The error-free transformations are the
 * classical ones (Knuth's two-sum, Dekker's fast two-sum and product
 * with Veltkamp splitting at 2^32 + 1); products need |a|, |b| below
 * 2^16350 and above 2^-16300 or so, which callers arrange by scaling.
 */
#ifndef _VXC_MATH_DD_H
#define _VXC_MATH_DD_H

typedef long double ld;

struct dd {
	ld hi, lo;
};

/* s + e == a + b exactly */
static inline struct dd two_sum(ld a, ld b)
{
	struct dd r;
	ld bv, av;

	r.hi = a + b;
	bv = r.hi - a;
	av = r.hi - bv;
	r.lo = (a - av) + (b - bv);
	return r;
}

/* the same, when |a| >= |b| (or a == 0) */
static inline struct dd fast_two_sum(ld a, ld b)
{
	struct dd r;

	r.hi = a + b;
	r.lo = b - (r.hi - a);
	return r;
}

/* a = hi + lo with 32-bit halves */
static inline void split(ld a, ld *hi, ld *lo)
{
	ld c = a * 0x1.00000001p32L;

	*hi = c - (c - a);
	*lo = a - *hi;
}

/* p + e == a * b exactly */
static inline struct dd two_prod(ld a, ld b)
{
	struct dd r;
	ld ah, al, bh, bl;

	r.hi = a * b;
	split(a, &ah, &al);
	split(b, &bh, &bl);
	r.lo = ((ah * bh - r.hi) + ah * bl + al * bh) + al * bl;
	return r;
}

/* a * a exactly */
static inline struct dd two_sqr(ld a)
{
	struct dd r;
	ld ah, al;

	r.hi = a * a;
	split(a, &ah, &al);
	r.lo = ((ah * ah - r.hi) + 2 * ah * al) + al * al;
	return r;
}

static inline struct dd dd_make(ld hi, ld lo)
{
	struct dd r = { hi, lo };

	return r;
}

static inline struct dd dd_norm(ld hi, ld lo)
{
	return fast_two_sum(hi, lo);
}

static inline ld dd_val(struct dd a)
{
	return a.hi + a.lo;
}

static inline struct dd dd_neg(struct dd a)
{
	struct dd r = { -a.hi, -a.lo };

	return r;
}

static inline struct dd dd_add(struct dd a, struct dd b)
{
	struct dd s = two_sum(a.hi, b.hi);

	return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}

static inline struct dd dd_sub(struct dd a, struct dd b)
{
	return dd_add(a, dd_neg(b));
}

static inline struct dd dd_add_ld(struct dd a, ld b)
{
	struct dd s = two_sum(a.hi, b);

	return fast_two_sum(s.hi, s.lo + a.lo);
}

/* a + b where |a| >= |b| is known: cheaper and just as exact */
static inline struct dd dd_add_fast(struct dd a, struct dd b)
{
	struct dd s = fast_two_sum(a.hi, b.hi);

	return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}

static inline struct dd dd_mul(struct dd a, struct dd b)
{
	struct dd p = two_prod(a.hi, b.hi);

	return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

static inline struct dd dd_mul_ld(struct dd a, ld b)
{
	struct dd p = two_prod(a.hi, b);

	return fast_two_sum(p.hi, p.lo + a.lo * b);
}

static inline struct dd dd_sqr(struct dd a)
{
	struct dd p = two_sqr(a.hi);

	return fast_two_sum(p.hi, p.lo + 2 * a.hi * a.lo);
}

static inline struct dd dd_div(struct dd a, struct dd b)
{
	ld q = a.hi / b.hi;
	struct dd p = two_prod(q, b.hi);
	ld r = (((a.hi - p.hi) - p.lo) + a.lo - q * b.lo) / b.hi;

	return fast_two_sum(q, r);
}

static inline struct dd dd_div_ld(ld a, ld b)
{
	ld q = a / b;
	struct dd p = two_prod(q, b);

	return fast_two_sum(q, ((a - p.hi) - p.lo) / b);
}

static inline struct dd dd_recip(struct dd b)
{
	struct dd one = { 1, 0 };

	return dd_div(one, b);
}

static inline ld sqrt_ld(ld x)
{
	ld r;

	__asm__("fsqrt" : "=t"(r) : "0"(x));
	return r;
}

/* sqrt(a) for a > 0 */
static inline struct dd dd_sqrt(struct dd a)
{
	ld s = sqrt_ld(a.hi);
	struct dd p = two_sqr(s);

	return fast_two_sum(s, (((a.hi - p.hi) - p.lo) + a.lo) / (2 * s));
}

#endif
