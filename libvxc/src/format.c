/*
 * format.c - the printf engine shared by every printf variant.
 *
 * Output goes through a sink function in pieces; each conversion first
 * works out its length so that field padding needs no intermediate
 * buffer (a %f of 1e300 is 300 digits, %.5000f longer still).
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
#include "stdio_impl.h"
#include "dtoa.h"

#define F_MINUS		0x01	/* left-justify */
#define F_PLUS		0x02	/* always a sign */
#define F_SPACE		0x04	/* space for a missing sign */
#define F_ALT		0x08	/* '#' */
#define F_ZERO		0x10	/* pad with zeros */
#define F_UPPER		0x20	/* upper-case digits and letters */

struct out {
	__vxc_sink sink;
	void *ctx;
	size_t count;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += n;
	}
}

static void repeat(struct out *o, char c, int n)
{
	char buf[32];

	if (n <= 0)
		return;
	memset(buf, c, n < 32 ? n : 32);
	for (; n > 32; n -= 32)
		put(o, buf, 32);
	put(o, buf, n);
}

/*
 * Padding around a body of len characters: spaces before the prefix
 * (sign, "0x") when right-justified, zeros after it with F_ZERO.
 * pad_left returns the space still owed on the right.
 */
static int pad_left(struct out *o, int flags, int width, int len,
		    const char *prefix, int plen)
{
	int pad = width - len - plen;

	if (pad < 0)
		pad = 0;
	if (!(flags & (F_MINUS | F_ZERO)))
		repeat(o, ' ', pad);
	put(o, prefix, plen);
	if ((flags & (F_MINUS | F_ZERO)) == F_ZERO)
		repeat(o, '0', pad);
	return flags & F_MINUS ? pad : 0;
}

static void format_int(struct out *o, uintmax_t v, int neg, int base,
		       int flags, int width, int prec)
{
	const char *digits = flags & F_UPPER ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	char buf[24], *p = buf + sizeof(buf);
	char prefix[3];
	int plen = 0, len, zeros;

	while (v) {
		*--p = digits[v % base];
		v /= base;
	}
	len = buf + sizeof(buf) - p;

	if (neg)
		prefix[plen++] = '-';
	else if (flags & F_PLUS)
		prefix[plen++] = '+';
	else if (flags & F_SPACE)
		prefix[plen++] = ' ';
	if ((flags & F_ALT) && base == 16 && len) {
		prefix[plen++] = '0';
		prefix[plen++] = flags & F_UPPER ? 'X' : 'x';
	}

	if (prec < 0)
		prec = 1;		/* at least one digit, even for 0 */
	else
		flags &= ~F_ZERO;	/* a precision overrides '0' */
	zeros = prec > len ? prec - len : 0;
	/* '#' with octal: the first digit must be a 0. */
	if ((flags & F_ALT) && base == 8 && !zeros && (!len || *p != '0'))
		zeros = 1;

	width = pad_left(o, flags, width, len + zeros, prefix, plen);
	repeat(o, '0', zeros);
	put(o, p, len);
	repeat(o, ' ', width);
}

/* Emit digits [from, to) of dec, in runs to keep the sink calls few. */
static void put_digits(struct out *o, const struct decimal *dec, int from,
		       int to)
{
	int k;

	if (from < 0) {
		k = to < 0 ? to : 0;
		repeat(o, '0', k - from);
		from = k;
	}
	k = to < dec->n ? to : dec->n;
	if (from < k) {
		put(o, dec->d + from, k - from);
		from = k;
	}
	repeat(o, '0', to - from);
}

/* %f body: dec already rounded to prec fraction digits. */
static void body_f(struct out *o, const struct decimal *dec, int prec,
		   int point, int dry, int *len)
{
	int ilen = dec->dp > 0 ? dec->dp : 1;

	*len = ilen + point + prec;
	if (dry)
		return;
	put_digits(o, dec, dec->dp > 0 ? 0 : -1, dec->dp > 0 ? dec->dp : 0);
	if (point)
		put(o, ".", 1);
	put_digits(o, dec, dec->dp, dec->dp + prec);
}

/* %e body: dec already rounded to prec + 1 significant digits. */
static void body_e(struct out *o, const struct decimal *dec, int prec,
		   int point, int flags, int dry, int *len)
{
	char ebuf[8], *p = ebuf + sizeof(ebuf);
	int x = dec->n ? dec->dp - 1 : 0;
	int ax = x < 0 ? -x : x, elen;

	do {
		*--p = '0' + ax % 10;
		ax /= 10;
	} while (ax || ebuf + sizeof(ebuf) - p < 2);
	*--p = x < 0 ? '-' : '+';
	*--p = flags & F_UPPER ? 'E' : 'e';
	elen = ebuf + sizeof(ebuf) - p;

	*len = 1 + point + prec + elen;
	if (dry)
		return;
	put(o, dec->n ? dec->d : "0", 1);
	if (point)
		put(o, ".", 1);
	put_digits(o, dec, 1, 1 + prec);
	put(o, p, elen);
}

/* A floating-point argument, unpacked: value = m * 2^e. */
struct fpval {
	int neg, inf, nan;
	int ld;			/* long double (x87 80-bit) */
	int sub;		/* subnormal or zero */
	uint64_t m;
	int e;
	int bexp;		/* the biased exponent as stored */
};

static void unpack_double(double v, struct fpval *f)
{
	union { double d; uint64_t u; } bits = { v };
	int be = (int)(bits.u >> 52) & 0x7ff;

	memset(f, 0, sizeof *f);
	f->neg = bits.u >> 63;
	f->m = bits.u & ((1ULL << 52) - 1);
	f->bexp = be;
	if (be == 0x7ff) {
		f->nan = f->m != 0;
		f->inf = !f->nan;
	} else if (be == 0) {
		f->sub = 1;
		f->e = -1074;
	} else {
		f->m |= 1ULL << 52;
		f->e = be - 1075;
	}
}

static void unpack_ldouble(long double v, struct fpval *f)
{
	union {
		long double ld;
		struct { uint64_t m; uint16_t se; } b;
	} bits;
	int be;

	memset(&bits, 0, sizeof bits);
	bits.ld = v;
	be = bits.b.se & 0x7fff;
	memset(f, 0, sizeof *f);
	f->ld = 1;
	f->neg = bits.b.se >> 15;
	f->m = bits.b.m;
	f->bexp = be;
	if (be == 0x7fff) {
		f->nan = (f->m << 1) != 0;
		f->inf = !f->nan;
	} else if (be == 0) {
		f->sub = 1;
		f->e = -16445;
	} else {
		f->e = be - 16446;
	}
}

static int sign_prefix(char *prefix, int neg, int flags)
{
	if (neg)
		prefix[0] = '-';
	else if (flags & F_PLUS)
		prefix[0] = '+';
	else if (flags & F_SPACE)
		prefix[0] = ' ';
	else
		return 0;
	return 1;
}

static void format_special(struct out *o, const struct fpval *f, int flags,
			   int width)
{
	char prefix[1];
	int plen = sign_prefix(prefix, f->neg, flags);
	const char *s = f->nan ? "nan" : "inf";

	if (flags & F_UPPER)
		s = f->nan ? "NAN" : "INF";
	flags &= ~F_ZERO;
	width = pad_left(o, flags, width, 3, prefix, plen);
	put(o, s, 3);
	repeat(o, ' ', width);
}

/*
 * %a, as glibc writes it: a double as 0x1.<13 digits>p<exp> (0x0.<..>
 * p-1022 when subnormal); a long double from its explicit integer bit,
 * the leading digit being the top four bits of the significand.  With a
 * precision, the fraction is rounded to nearest, ties to even; a carry
 * may make the leading digit 2 (double) or renormalise (long double).
 */
static void format_hex(struct out *o, const struct fpval *f, int flags,
		       int width, int prec)
{
	const char *digits = flags & F_UPPER ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	char prefix[3], body[48], *p = body;
	int plen, fdig = f->ld ? 15 : 13, nd, x, i, up;
	uint64_t lead, frac;

	if (f->ld) {
		lead = f->m >> 60;
		frac = f->m & ((1ULL << 60) - 1);
		x = (f->bexp ? f->bexp - 16383 : -16382) - 3;
	} else {
		lead = !f->sub;
		frac = f->m & ((1ULL << 52) - 1);
		x = f->sub ? -1022 : f->bexp - 1023;
	}
	if (!f->m)
		x = 0;

	if (prec < 0) {
		for (nd = fdig; nd > 0 && !(frac >> 4 * (fdig - nd) & 15); nd--)
			;
		frac >>= 4 * (fdig - nd);
	} else if (prec < fdig) {
		int drop = 4 * (fdig - prec);
		uint64_t rem = frac & ((1ULL << drop) - 1);
		uint64_t half = 1ULL << (drop - 1);

		nd = prec;
		frac >>= drop;
		up = rem > half ||
		     (rem == half && ((nd ? frac : lead) & 1));
		if (up && nd && ++frac >> 4 * nd) {
			frac = 0;
			lead++;
		} else if (up && !nd) {
			lead++;
		}
		if (f->ld && lead == 16) {
			lead = 1;
			x += 4;
		}
	} else {
		nd = fdig;
	}

	plen = sign_prefix(prefix, f->neg, flags);
	prefix[plen++] = '0';
	prefix[plen++] = flags & F_UPPER ? 'X' : 'x';

	*p++ = digits[lead];
	if (nd || (flags & F_ALT) || prec > 0)
		*p++ = '.';
	for (i = nd - 1; i >= 0; i--)
		*p++ = digits[frac >> 4 * i & 15];
	/* a precision past the stored digits: zeros, added below */
	*p++ = flags & F_UPPER ? 'P' : 'p';
	p += sprintf(p, "%+d", x);

	{
		int zeros = prec > nd ? prec - nd : 0;
		int head = 1 + (body[1] == '.');	/* digit and point */

		width = pad_left(o, flags, width, (int)(p - body) + zeros,
				 prefix, plen);
		put(o, body, head + nd);
		repeat(o, '0', zeros);
		put(o, body + head + nd, (int)(p - body) - head - nd);
		repeat(o, ' ', width);
	}
}

static void format_float(struct out *o, const struct fpval *f, int conv,
			 int flags, int width, int prec)
{
	static struct decimal dec;	/* 11 KB: keep it off the stack */
	char prefix[1];
	int plen, len, point, style;

	if (f->inf || f->nan) {
		format_special(o, f, flags, width);
		return;
	}
	if (conv == 'a') {
		format_hex(o, f, flags, width, prec);
		return;
	}
	plen = sign_prefix(prefix, f->neg, flags);

	if (prec < 0)
		prec = 6;
	__vxc_dtoa(f->m, f->e, &dec);

	style = conv;
	if (conv == 'g') {
		/*
		 * %g: P significant digits; %e style when the exponent X
		 * (after rounding) is < -4 or >= P, else %f with P-1-X
		 * decimals.  Without '#', trailing zeros go.
		 */
		int x;

		if (!prec)
			prec = 1;
		__vxc_decimal_round(&dec, prec);
		x = dec.n ? dec.dp - 1 : 0;
		if (x < -4 || x >= prec) {
			style = 'e';
			prec -= 1;
		} else {
			style = 'f';
			prec -= 1 + x;
		}
		if (!(flags & F_ALT)) {
			int have = style == 'e' ? dec.n - 1 : dec.n - dec.dp;

			if (have < 0)
				have = 0;
			if (prec > have)
				prec = have;
		}
	} else if (conv == 'e') {
		__vxc_decimal_round(&dec, prec + 1);
	} else {
		__vxc_decimal_round(&dec, dec.dp + prec);
	}
	point = prec > 0 || (flags & F_ALT);

	if (style == 'f')
		body_f(o, &dec, prec, point, 1, &len);
	else
		body_e(o, &dec, prec, point, flags, 1, &len);
	width = pad_left(o, flags, width, len, prefix, plen);
	if (style == 'f')
		body_f(o, &dec, prec, point, 0, &len);
	else
		body_e(o, &dec, prec, point, flags, 0, &len);
	repeat(o, ' ', width);
}

static void format_str(struct out *o, const char *s, int len, int flags,
		       int width)
{
	flags &= ~F_ZERO;
	width = pad_left(o, flags, width, len, "", 0);
	put(o, s, len);
	repeat(o, ' ', width);
}

/* Length modifiers, by the size of what they fetch. */
enum { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_PTRDIFF,
       L_INTMAX, L_LDOUBLE };

int __vxc_format(__vxc_sink sink, void *ctx, const char *fmt, va_list ap0)
{
	struct out o = { sink, ctx, 0 };
	const char *s;
	va_list ap;
	int flags, width, prec, len, base;
	uintmax_t u;
	intmax_t i;
	char c;

	va_copy(ap, ap0);
	for (;;) {
		/* Literal text up to the next '%' in one piece. */
		for (s = fmt; *fmt && *fmt != '%'; fmt++)
			;
		put(&o, s, fmt - s);
		if (!*fmt)
			break;
		fmt++;

		flags = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_MINUS;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else
				break;
		}

		width = 0;
		if (*fmt == '*') {
			fmt++;
			width = va_arg(ap, int);
			if (width < 0) {	/* negative: left-justify */
				flags |= F_MINUS;
				width = width == INT32_MIN ? 0 : -width;
			}
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + *fmt++ - '0';
		}

		prec = -1;
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				prec = va_arg(ap, int);	/* negative: none */
				if (prec < 0)
					prec = -1;
			} else {
				prec = 0;
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + *fmt++ - '0';
			}
		}

		len = L_INT;
		switch (*fmt) {
		case 'h':
			len = *++fmt == 'h' ? (fmt++, L_CHAR) : L_SHORT;
			break;
		case 'l':
			len = *++fmt == 'l' ? (fmt++, L_LLONG) : L_LONG;
			break;
		case 'q':
			fmt++;
			len = L_LLONG;
			break;
		case 'z':
			fmt++;
			len = L_SIZE;
			break;
		case 't':
			fmt++;
			len = L_PTRDIFF;
			break;
		case 'j':
			fmt++;
			len = L_INTMAX;
			break;
		case 'L':
			fmt++;
			len = L_LDOUBLE;
			break;
		}

		base = 10;
		switch (c = *fmt++) {
		case 'd':
		case 'i':
			switch (len) {
			case L_LLONG:
			case L_INTMAX:
				i = va_arg(ap, long long);
				break;
			case L_LONG:
				i = va_arg(ap, long);
				break;
			case L_CHAR:
				i = (signed char)va_arg(ap, int);
				break;
			case L_SHORT:
				i = (short)va_arg(ap, int);
				break;
			default:	/* int, ssize_t, ptrdiff_t: 32 bits */
				i = va_arg(ap, int);
				break;
			}
			u = i < 0 ? -(uintmax_t)i : (uintmax_t)i;
			format_int(&o, u, i < 0, 10, flags & ~F_ALT, width,
				   prec);
			break;

		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			goto unsigned_conv;
		case 'o':
			base = 8;
			goto unsigned_conv;
		case 'u':
unsigned_conv:
			switch (len) {
			case L_LLONG:
			case L_INTMAX:
				u = va_arg(ap, unsigned long long);
				break;
			case L_LONG:
				u = va_arg(ap, unsigned long);
				break;
			case L_CHAR:
				u = (unsigned char)va_arg(ap, unsigned);
				break;
			case L_SHORT:
				u = (unsigned short)va_arg(ap, unsigned);
				break;
			default:
				u = va_arg(ap, unsigned);
				break;
			}
			flags &= ~(F_PLUS | F_SPACE);
			format_int(&o, u, 0, base, base == 10 ? flags & ~F_ALT
							     : flags,
				   width, prec);
			break;

		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			if (!u)
				format_str(&o, "(nil)", 5, flags, width);
			else
				format_int(&o, u, 0, 16,
					   (flags & ~(F_PLUS | F_SPACE)) |
					   F_ALT, width, prec);
			break;

		case 'c': {
			char ch = (char)va_arg(ap, int);

			format_str(&o, &ch, 1, flags, width);
			break;
		}

		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			format_str(&o, s, prec >= 0 ? (int)strnlen(s, prec)
						    : (int)strlen(s),
				   flags, width);
			break;

		case 'E':
		case 'G':
		case 'F':
		case 'A':
			flags |= F_UPPER;
			c += 'a' - 'A';
			/* fall through */
		case 'e':
		case 'f':
		case 'g':
		case 'a': {
			struct fpval fv;

			if (len == L_LDOUBLE)
				unpack_ldouble(va_arg(ap, long double), &fv);
			else
				unpack_double(va_arg(ap, double), &fv);
			format_float(&o, &fv, c, flags, width, prec);
			break;
		}

		case 'n':
			switch (len) {
			case L_CHAR:
				*va_arg(ap, signed char *) = o.count;
				break;
			case L_SHORT:
				*va_arg(ap, short *) = o.count;
				break;
			case L_LLONG:
			case L_INTMAX:
				*va_arg(ap, long long *) = o.count;
				break;
			default:
				*va_arg(ap, int *) = o.count;
				break;
			}
			break;

		case '%':
			put(&o, "%", 1);
			break;

		default:
			/* Unknown conversion: print it as it was written. */
			if (!c)
				fmt--;	/* a lone '%' at the end */
			put(&o, "%", 1);
			if (c)
				put(&o, &c, 1);
			break;
		}
	}
	va_end(ap);
	return o.count > INT32_MAX ? -1 : (int)o.count;
}
