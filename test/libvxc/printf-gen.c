/*
 * printf-gen: formats a large generated set of values through snprintf
 * and prints "format|output|return value" per case.  Built with vxcc
 * (run under vxrun) and natively against the host's glibc; the outputs
 * must be identical.  Values and formats come from a fixed xorshift
 * sequence, so both builds see exactly the same cases.  Only portable
 * types are passed (no long beyond 32 bits, no pointers).
 *
 * usage: printf-gen [COUNT]   (default 200000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* Doubles: random bits, and values near where formatting is hard. */
static double gen_double(void)
{
	union { double d; uint64_t u; } v;
	static const double special[] = {
		0.0, -0.0, 1.0, 2.0, 0.5, 9.5, 10.0, 99.5, 0.05, 0.15, 0.25,
		0.35, 1e-5, 9.9999e-5, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23,
		123456789.0, 0.1, 0.2, 0.3, 2.5, 3.5, 1.5, 5e-324, 1e308,
		1.7976931348623157e308, 2.2250738585072014e-308, 999999.5,
		9999995.0, 0.000099999, 1.0 / 3, 2.0 / 3,
	};

	switch (pick(6)) {
	case 0:
		v.u = rnd();
		return v.d;
	case 1:
		return special[pick(sizeof special / sizeof special[0])] *
		       (pick(2) ? 1 : -1);
	case 2:	/* integers and halves */
		return (double)(int64_t)(rnd() % 2000001 - 1000000) / 2;
	case 3:	/* decimal-looking values */
		return (double)(rnd() % 100000000) / 1e4;
	case 4: {	/* a given binary exponent range */
		v.u = rnd();
		v.u = (v.u & 0x800fffffffffffffULL) |
		      (uint64_t)(1023 + (int)pick(130) - 65) << 52;
		return v.d;
	}
	default: {
		int e = (int)pick(2046) + 1;

		v.u = (rnd() & 0x800fffffffffffffULL) | (uint64_t)e << 52;
		return v.d;
	}
	}
}

static long double gen_ldouble(void)
{
	union {
		long double ld;
		struct { uint64_t m; uint16_t se; } b;
	} v;

	memset(&v, 0, sizeof v);
	switch (pick(4)) {
	case 0:		/* any normal */
		v.b.m = rnd() | 1ULL << 63;
		v.b.se = (uint16_t)(pick(0x7ffe) + 1) | (uint16_t)(pick(2) << 15);
		return v.ld;
	case 1:		/* near 1 */
		v.b.m = rnd() | 1ULL << 63;
		v.b.se = (uint16_t)(16383 + (int)pick(120) - 60);
		return v.ld;
	case 2:		/* subnormal: the integer bit clear */
		v.b.m = rnd() >> (1 + pick(63));
		v.b.se = 0;
		return v.ld;
	default:
		return (long double)gen_double();
	}
}

static void flags(char **p)
{
	static const char set[] = "-+ #0";
	int i;

	for (i = 0; i < 5; i++)
		if (!pick(5))
			*(*p)++ = set[i];
}

/* A conversion spec: %[flags][width][.prec]; star args are not used. */
static void spec(char *f, const char *len, char conv)
{
	char *p = f;

	*p++ = '%';
	flags(&p);
	if (pick(2))
		p += sprintf(p, "%u", pick(3) ? pick(12) : pick(60));
	if (pick(3)) {
		*p++ = '.';
		if (pick(8))
			p += sprintf(p, "%u", pick(4) ? pick(20) : pick(60));
	}
	p += sprintf(p, "%s%c", len, conv);
	*p = '\0';
}

static void out(const char *f, const char *buf, int n)
{
	printf("%s|%s|%d\n", f, buf, n);
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 200000, i;
	static const char fconv[] = "eEfFgGaA";
	static const char iconv[] = "diouxX";
	char f[64], buf[6000];
	int n;
	static const char *const fixed[] = {
		"%.0g", "%.0e", "%#.0g", "%.0f", "%g", "%.1g", "%.0a", "%#.0e",
		"%.17g", "%.3G", "%+.0f", "% .2e",
	};
	static const double fixed_vals[] = {
		2.0, 0.5, 1.5, 2.5, 9.5, 0.0, -0.0, 1e-5, 123.456, 1e100,
		0.95, 0.05, 99999.5, 5e-324,
	};
	unsigned a, b;

	/* every fixed format on every fixed value first (%.0g of 2 is 2) */
	for (a = 0; a < sizeof fixed / sizeof fixed[0]; a++)
		for (b = 0; b < sizeof fixed_vals / sizeof fixed_vals[0]; b++)
			out(fixed[a], buf, snprintf(buf, sizeof buf, fixed[a],
						    fixed_vals[b]));

	for (i = 0; i < count; i++) {
		switch (pick(10)) {
		case 0: case 1: case 2: case 3: case 4: {
			double d = gen_double();

			spec(f, "", fconv[pick(8)]);
			n = snprintf(buf, sizeof buf, f, d);
			break;
		}
		case 5: case 6: {
			long double ld = gen_ldouble();

			spec(f, "L", fconv[pick(8)]);
			n = snprintf(buf, sizeof buf, f, ld);
			break;
		}
		case 7: {
			static const char *const lens[] = {
				"", "hh", "h", "l", "ll", "j",
			};
			int l = (int)pick(6);
			char c = iconv[pick(6)];
			uint64_t v = rnd() >> pick(64);

			spec(f, lens[l], c);
			if (l == 4 || l == 5)
				n = snprintf(buf, sizeof buf, f, (long long)v);
			else if (l == 3 && (c == 'd' || c == 'i'))
				n = snprintf(buf, sizeof buf, f, (long)(int32_t)v);
			else if (l == 3)
				n = snprintf(buf, sizeof buf, f,
					     (unsigned long)(uint32_t)v);
			else
				n = snprintf(buf, sizeof buf, f, (int)v);
			break;
		}
		case 8: {
			static const char *const strs[] = {
				"", "a", "hello", "hello, world", "\t tab",
			};
			const char *s = strs[pick(5)];

			spec(f, "", 's');
			n = snprintf(buf, sizeof buf, f, s);
			break;
		}
		default:
			spec(f, "", 'c');
			n = snprintf(buf, sizeof buf, f, 'A' + (int)pick(26));
			break;
		}
		out(f, buf, n);
	}
	return 0;
}
