/*
 * math-gen: libvxc's math.h against glibc's.
 *
 *   math-gen [COUNT]      print "fn x y result" per case (hex bits), for
 *                         special values and COUNT generated inputs per
 *                         function, from a fixed xorshift sequence
 *   math-gen --judge [KNOWN]
 *                         read such lines (from the vxrun build), compute
 *                         each case with this build's libm (glibc: the
 *                         native build), print the cases that differ by
 *                         more than the function allows, and a summary;
 *                         exit 1 if any did.  KNOWN (math-known.txt)
 *                         names deviations of libvxc's current libm that
 *                         are tolerated for now, each a class of inputs
 *                         defined below (known[]); a named class that no
 *                         longer occurs is an error too, so the list
 *                         stays true as libm is fixed
 *
 * Allowed: exact results for the functions IEEE 754 defines exactly
 * (fabs copysign trunc floor ceil round fmod modf frexp ldexp sqrt); three
 * units in the last place for the others (libvxc's are within 1 ulp of
 * the true value, checked against MPFR by test/libm; glibc documents up
 * to 2 for some), the trigonometric functions only
 * for |x| <= 16, where the x87's reduction by its 66-bit pi is good to
 * that (near multiples of pi, an absolute 2^-60 is allowed too).  A NaN
 * must be a NaN, an infinity or zero the same one (with its sign).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static double from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, 8);
	return d;
}

static uint64_t bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	return u;
}

/* The functions, each as f(x, y) -> result; those of one argument ignore
   y.  modf and frexp give two results: the second is folded in by
   separate entries (modf-int, frexp-exp). */
enum tol { EXACT, ULP1, TRIG };

static double f_fabs(double x, double y) { return fabs(x); }
static double f_copysign(double x, double y) { return copysign(x, y); }
static double f_trunc(double x, double y) { return trunc(x); }
static double f_floor(double x, double y) { return floor(x); }
static double f_ceil(double x, double y) { return ceil(x); }
static double f_round(double x, double y) { return round(x); }
static double f_fmod(double x, double y) { return fmod(x, y); }
static double f_modf(double x, double y) { double i; return modf(x, &i); }
static double f_modfi(double x, double y) { double i; modf(x, &i); return i; }
static double f_frexp(double x, double y) { int e; return frexp(x, &e); }
static double f_frexpe(double x, double y)
{
	int e = 0;

	frexp(x, &e);
	return isfinite(x) ? e : 0;	/* unspecified for inf/nan */
}
static double f_ldexp(double x, double y)
{
	return ldexp(x, (int)fmod(trunc(y), 2200));
}
static double f_sqrt(double x, double y) { return sqrt(x); }
static double f_exp(double x, double y) { return exp(x); }
static double f_exp2(double x, double y) { return exp2(x); }
static double f_log(double x, double y) { return log(x); }
static double f_log2(double x, double y) { return log2(x); }
static double f_log10(double x, double y) { return log10(x); }
static double f_pow(double x, double y) { return pow(x, y); }
static double f_hypot(double x, double y) { return hypot(x, y); }
static double f_sin(double x, double y) { return sin(x); }
static double f_cos(double x, double y) { return cos(x); }
static double f_tan(double x, double y) { return tan(x); }
static double f_asin(double x, double y) { return asin(x); }
static double f_acos(double x, double y) { return acos(x); }
static double f_atan(double x, double y) { return atan(x); }
static double f_atan2(double x, double y) { return atan2(x, y); }
static double f_sinh(double x, double y) { return sinh(x); }
static double f_cosh(double x, double y) { return cosh(x); }
static double f_tanh(double x, double y) { return tanh(x); }

static const struct fn {
	const char *name;
	double (*f)(double, double);
	int args;
	enum tol tol;
} fns[] = {
	{ "fabs", f_fabs, 1, EXACT }, { "copysign", f_copysign, 2, EXACT },
	{ "trunc", f_trunc, 1, EXACT }, { "floor", f_floor, 1, EXACT },
	{ "ceil", f_ceil, 1, EXACT }, { "round", f_round, 1, EXACT },
	{ "fmod", f_fmod, 2, EXACT }, { "modf", f_modf, 1, EXACT },
	{ "modf-int", f_modfi, 1, EXACT }, { "frexp", f_frexp, 1, EXACT },
	{ "frexp-exp", f_frexpe, 1, EXACT }, { "ldexp", f_ldexp, 2, EXACT },
	{ "sqrt", f_sqrt, 1, EXACT }, { "exp", f_exp, 1, ULP1 },
	{ "exp2", f_exp2, 1, ULP1 }, { "log", f_log, 1, ULP1 },
	{ "log2", f_log2, 1, ULP1 }, { "log10", f_log10, 1, ULP1 },
	{ "pow", f_pow, 2, ULP1 }, { "hypot", f_hypot, 2, ULP1 },
	{ "sin", f_sin, 1, TRIG }, { "cos", f_cos, 1, TRIG },
	{ "tan", f_tan, 1, TRIG }, { "asin", f_asin, 1, ULP1 },
	{ "acos", f_acos, 1, ULP1 }, { "atan", f_atan, 1, ULP1 },
	{ "atan2", f_atan2, 2, ULP1 }, { "sinh", f_sinh, 1, ULP1 },
	{ "cosh", f_cosh, 1, ULP1 }, { "tanh", f_tanh, 1, ULP1 },
};
#define NFN	(sizeof fns / sizeof fns[0])

static const double special[] = {
	0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1.5, -2.5,
	10.0, 0.1, 100.0, 1e-300, 1e300, -1e300, 4.9406564584124654e-324,
	-2.2250738585072009e-308, 2.2250738585072014e-308,
	1.7976931348623157e308, -1.7976931348623157e308, 9007199254740993.0,
	4503599627370495.5, -4503599627370496.0, 0.49999999999999994,
	709.782712893384, -745.1332191019412, 1024.0, -1075.0, 0.75,
	3.141592653589793, 1.5707963267948966, -0.7853981633974483,
	__builtin_inf(), -__builtin_inf(), __builtin_nan(""),
};
#define NSPECIAL	(sizeof special / sizeof special[0])

/* Generated inputs: random bits, moderate numbers, small integers. */
static double gen(void)
{
	switch (rnd() % 5) {
	case 0:
		return from_bits(rnd());
	case 1:
		return (double)(int64_t)(rnd() % 2000001 - 1000000) / 64;
	case 2:
		return (double)(int)(rnd() % 41) - 20;
	case 3: {	/* exponents -40 .. 40 */
		uint64_t u = rnd();
		u = (u & 0x800fffffffffffffULL) |
		    (uint64_t)(1023 + (int)(u % 81) - 40) << 52;
		return from_bits(u);
	}
	default:
		return special[rnd() % NSPECIAL] * (rnd() & 1 ? 1 : -1);
	}
}

static void generate(long count)
{
	for (unsigned i = 0; i < NFN; i++) {
		const struct fn *f = &fns[i];
		/* every special value, and pairs of them for two args */
		for (unsigned a = 0; a < NSPECIAL; a++)
			for (unsigned b = 0; b < (f->args == 2 ? NSPECIAL : 1); b++) {
				double x = special[a], y = special[b];
				printf("%s %016llx %016llx %016llx\n", f->name,
				       (unsigned long long)bits(x),
				       (unsigned long long)bits(y),
				       (unsigned long long)bits(f->f(x, y)));
			}
		for (long k = 0; k < count; k++) {
			double x = gen(), y = gen();
			if (f->tol == TRIG && !(fabs(x) <= 16))
				x = fmod(x, 16);
			printf("%s %016llx %016llx %016llx\n", f->name,
			       (unsigned long long)bits(x),
			       (unsigned long long)bits(y),
			       (unsigned long long)bits(f->f(x, y)));
		}
	}
}

/* Distance in units in the last place between two finite doubles of
   the same sign. */
static uint64_t ulps(double a, double b)
{
	uint64_t x = bits(a) & ~(1ULL << 63), y = bits(b) & ~(1ULL << 63);

	return x > y ? x - y : y - x;
}

static int acceptable(const struct fn *f, double want, double got)
{
	if (isnan(want))
		return isnan(got);
	if (isnan(got))
		return 0;
	if (isinf(want) || want == 0 || f->tol == EXACT)
		return bits(want) == bits(got);
	if (signbit(want) != signbit(got))
		return f->tol == TRIG && fabs(want - got) <= 0x1p-60;
	/* libvxc's are within 1 ulp of the true value (measured against
	   MPFR by test/libm), glibc's within 2 for some (tanh): up to 3
	   apart. */
	if (ulps(want, got) <= 3)
		return 1;
	return f->tol == TRIG && fabs(want - got) <= 0x1p-60;
}

/*
 * Classes of known deviations (test/libvxc/math-known.txt enables them):
 * each says which failing cases it covers.
 */
static int is_int(double y) { return isfinite(y) && trunc(y) == y; }

static int k_sqrt_round(const char *fn, double x, double y, double want,
			double got)
{
	/* the x87 rounds to 64 bits, then to 53: one ulp off */
	return !strcmp(fn, "sqrt") && isfinite(want) && ulps(want, got) == 1;
}

static int k_pow_neg_inf(const char *fn, double x, double y, double want,
			 double got)
{
	return !strcmp(fn, "pow") && x == -__builtin_inf() && !is_int(y);
}

static int k_trig_huge(const char *fn, double x, double y, double want,
		       double got)
{
	/* fsin/fcos/fptan leave |x| >= 2^63 unreduced */
	return (!strcmp(fn, "sin") || !strcmp(fn, "cos") ||
		!strcmp(fn, "tan")) && fabs(x) >= 0x1p63;
}

static int k_trig_reduction(const char *fn, double x, double y,
			    double want, double got)
{
	/* the x87 reduces by a 66-bit pi: tan near its poles, and all
	   three for |x| in [2^20, 2^63), are off in the low bits */
	if (strcmp(fn, "sin") && strcmp(fn, "cos") && strcmp(fn, "tan"))
		return 0;
	if (fabs(x) >= 0x1p20)
		return fabs(want - got) <= 0x1p-8 * (fabs(want) + 1);
	return !strcmp(fn, "tan") && fabs(want) > 0x1p20 &&
	       fabs(want - got) <= 0x1p-8 * fabs(want);
}

static int k_hyper_small(const char *fn, double x, double y, double want,
			 double got)
{
	/* (e^x - e^-x) / 2 and the like cancel for small |x|: digits and
	   the sign of zero are lost, all of them below 2^-10, a few up to
	   |x| = 1 */
	if (strcmp(fn, "sinh") && strcmp(fn, "tanh"))
		return 0;
	if (fabs(x) < 0x1p-10)
		return 1;
	return fabs(x) < 1 && fabs(want - got) <= 0x1p-40 * fabs(want);
}

static const struct known {
	const char *name;
	int (*match)(const char *, double, double, double, double);
	int enabled;
	long seen;
} known[] = {
	{ "sqrt-double-rounding", k_sqrt_round },
	{ "pow-minus-inf", k_pow_neg_inf },
	{ "trig-huge", k_trig_huge },
	{ "trig-reduction", k_trig_reduction },
	{ "hyperbolic-small", k_hyper_small },
};
#define NKNOWN	(sizeof known / sizeof known[0])

static struct known kn[NKNOWN];

/* Read the enabled names: "NAME reason..." lines, # comments. */
static int read_known(const char *file)
{
	char line[512], name[64];
	FILE *f = fopen(file, "r");

	memcpy(kn, known, sizeof kn);
	if (!f) {
		printf("cannot read %s\n", file);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || sscanf(line, "%63s", name) != 1)
			continue;
		unsigned i;
		for (i = 0; i < NKNOWN && strcmp(kn[i].name, name); i++)
			;
		if (i == NKNOWN) {
			printf("%s: unknown class '%s'\n", file, name);
			fclose(f);
			return -1;
		}
		kn[i].enabled = 1;
	}
	fclose(f);
	return 0;
}

static int judge(const char *known_file)
{
	char name[32];
	unsigned long long xb, yb, rb;
	long n = 0, bad = 0;
	int stale = 0;

	if (known_file && read_known(known_file) < 0)
		return 1;

	while (scanf("%31s %llx %llx %llx", name, &xb, &yb, &rb) == 4) {
		const struct fn *f = NULL;
		for (unsigned i = 0; i < NFN; i++)
			if (!strcmp(fns[i].name, name))
				f = &fns[i];
		if (!f) {
			printf("unknown function '%s'\n", name);
			return 1;
		}
		double x = from_bits(xb), y = from_bits(yb), got = from_bits(rb);
		double want = f->f(x, y);
		n++;
		if (acceptable(f, want, got))
			continue;
		unsigned k;
		for (k = 0; k < NKNOWN; k++)
			if (kn[k].enabled && kn[k].match(name, x, y, want, got))
				break;
		if (k < NKNOWN) {
			kn[k].seen++;
			continue;
		}
		if (bad++ < 20)
			printf("%s(%a, %a) = %a, glibc %a\n", name, x, y, got,
			       want);
	}
	for (unsigned k = 0; k < NKNOWN; k++) {
		if (kn[k].enabled && !kn[k].seen) {
			printf("known deviation %s no longer occurs: remove it "
			       "from %s\n", kn[k].name, known_file);
			stale = 1;
		} else if (kn[k].enabled) {
			fprintf(stderr, "math-gen: %ld cases of known deviation "
				"%s\n", kn[k].seen, kn[k].name);
		}
	}
	printf("%ld cases, %ld outside the allowed error\n", n, bad);
	return n == 0 || bad != 0 || stale;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--judge"))
		return judge(argc > 2 ? argv[2] : NULL);
	generate(argc > 1 ? atol(argv[1]) : 2000);
	return 0;
}
