/*
 * verify.c - the checking half of check.c (included there): reference
 * values from MPFR, the error in ulps, and the exceptions and errno
 * that must come with each result.
 */

/* the references, by base name */
enum ref {
	R_SIN, R_COS, R_TAN, R_SINCOS, R_ASIN, R_ACOS, R_ATAN, R_ATAN2,
	R_SINH, R_COSH, R_TANH, R_ASINH, R_ACOSH, R_ATANH, R_EXP, R_EXP2,
	R_EXP10, R_EXPM1, R_LOG, R_LOG2, R_LOG10, R_LOG1P, R_POW, R_SQRT,
	R_CBRT, R_HYPOT, R_ERF, R_ERFC, R_LGAMMA, R_LGAMMA_R, R_TGAMMA,
	R_CEIL, R_FLOOR, R_TRUNC, R_ROUND, R_RINT, R_NEARBYINT, R_LRINT,
	R_LLRINT, R_LROUND, R_LLROUND, R_MODF, R_FREXP, R_LDEXP, R_SCALBN,
	R_SCALBLN, R_ILOGB, R_LOGB, R_FMOD, R_REMAINDER, R_REMQUO, R_FMAX,
	R_FMIN, R_FDIM, R_FMA, R_FABS, R_COPYSIGN, R_NEXTAFTER,
	R_NEXTTOWARD, R_NAN, R_COUNT
};

static const char *ref_names[R_COUNT] = {
	"sin", "cos", "tan", "sincos", "asin", "acos", "atan", "atan2",
	"sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "exp2",
	"exp10", "expm1", "log", "log2", "log10", "log1p", "pow", "sqrt",
	"cbrt", "hypot", "erf", "erfc", "lgamma", "lgamma_r", "tgamma",
	"ceil", "floor", "trunc", "round", "rint", "nearbyint", "lrint",
	"llrint", "lround", "llround", "modf", "frexp", "ldexp", "scalbn",
	"scalbln", "ilogb", "logb", "fmod", "remainder", "remquo", "fmax",
	"fmin", "fdim", "fma", "fabs", "copysign", "nextafter",
	"nexttoward", "nan",
};

static enum ref ref_of(const char *base)
{
	int i;

	for (i = 0; i < R_COUNT; i++)
		if (!strcmp(ref_names[i], base))
			return i;
	fprintf(stderr, "check: no reference for %s\n", base);
	exit(2);
}

/* exact functions: the result is the true value rounded in the
 * current mode, bit for bit, and inexact is raised only as IEEE says */
static int exact_class(enum ref r)
{
	switch (r) {
	case R_SQRT: case R_CEIL: case R_FLOOR: case R_TRUNC: case R_ROUND:
	case R_RINT: case R_NEARBYINT: case R_LRINT: case R_LLRINT:
	case R_LROUND: case R_LLROUND: case R_MODF: case R_FREXP:
	case R_LDEXP: case R_SCALBN: case R_SCALBLN: case R_ILOGB:
	case R_LOGB: case R_FMOD: case R_REMAINDER: case R_REMQUO:
	case R_FMAX: case R_FMIN: case R_FDIM: case R_FMA: case R_FABS:
	case R_COPYSIGN: case R_NEXTAFTER: case R_NEXTTOWARD: case R_NAN:
		return 1;
	default:
		return 0;
	}
}

/* the functions that must not raise inexact, whatever the result */
static int never_inexact(enum ref r)
{
	switch (r) {
	case R_CEIL: case R_FLOOR: case R_TRUNC: case R_ROUND:
	case R_NEARBYINT: case R_LROUND: case R_LLROUND: case R_MODF:
	case R_FREXP: case R_ILOGB: case R_LOGB: case R_FMOD:
	case R_REMAINDER: case R_REMQUO: case R_FMAX: case R_FMIN:
	case R_FABS: case R_COPYSIGN: case R_NAN:
		return 1;
	default:
		return 0;
	}
}

static mpfr_rnd_t mpfr_mode(int round)
{
	switch (round) {
	case FE_DOWNWARD: return MPFR_RNDD;
	case FE_UPWARD: return MPFR_RNDU;
	case FE_TOWARDZERO: return MPFR_RNDZ;
	default: return MPFR_RNDN;
	}
}

/* ---------------------------------------------------------------- records */

struct rec {
	ld a[3];		/* the arguments as values */
	int snan;		/* some argument is a signaling NaN */
	long long n;		/* int argument */
	const char *str;	/* nan()'s */
	ld r0, r1;		/* results */
	long long ir;		/* int result (or *int output) */
	int flags, err;
};

static int slot_snan(const unsigned char *p, char t)
{
	uint32_t u;
	uint64_t v;
	uint16_t se;

	switch (t) {
	case 'f':
		memcpy(&u, p, 4);
		return (u & 0x7f800000) == 0x7f800000 && (u & 0x7fffff) &&
		       !(u & 0x400000);
	case 'd':
		memcpy(&v, p, 8);
		return (v >> 52 & 0x7ff) == 0x7ff && (v << 12) &&
		       !(v >> 51 & 1);
	default:
		memcpy(&v, p, 8);
		memcpy(&se, p + 8, 2);
		return (se & 0x7fff) == 0x7fff && (v << 2) && !(v >> 62 & 1);
	}
}

static ld slot_val(const unsigned char *p, char t)
{
	float f;
	double d;
	ld l = 0;

	if (t == 'f') {
		memcpy(&f, p, 4);
		return f;
	}
	if (t == 'd') {
		memcpy(&d, p, 8);
		return d;
	}
	memcpy(&l, p, 10);
	return l;
}

static void parse(const struct fn *f, const unsigned char *b, struct rec *r)
{
	int i;
	char t;

	memset(r, 0, sizeof(*r));
	if (f->kind == K_NAN) {
		r->str = (const char *)b;
	} else {
		for (i = 0; i < 3; i++) {
			t = i == 1 && f->kind == K_TOW ? 'l' : f->type;
			r->a[i] = slot_val(b + 16 * i, t);
			if (i == 0 || (i == 1 && (f->kind == K_2 ||
			    f->kind == K_QUO || f->kind == K_TOW)) ||
			    f->kind == K_FMA)
				r->snan |= slot_snan(b + 16 * i, t);
		}
	}
	memcpy(&r->n, b + 16, 8);
	if (f->kind == K_I || f->kind == K_LONG)
		r->n = (int)r->n;	/* int and long are 32 bits there */
	r->r0 = slot_val(b + LIBM_IN(0), f->type);
	r->r1 = slot_val(b + LIBM_IN(0) + 16, f->type);
	memcpy(&r->ir, b + LIBM_IN(0) + 32, 8);
	r->flags = b[LIBM_IN(0) + 40];
	r->err = b[LIBM_IN(0) + 41];
}

/* ---------------------------------------------------------------- reference */

#define HP	40		/* bits beyond the type for the reference */

static mpfr_t X, Y, Z, R0, R1, T1, T2;
static int debug;

struct refval {
	int tern0, tern1;	/* ternary values at high precision */
	int divby0;		/* MPFR saw an exact infinity from finite */
	long q;			/* remquo's quotient bits */
	int sign;		/* lgamma's sign */
	long long ival;		/* lrint ...: the integer; ilogb */
	int ival_invalid;	/* ... out of range */
	int movf, mufl;		/* MPFR's own range overflowed, underflowed */
};

/* compute the reference of f at the record's arguments into R0 (and
 * R1), at precision prec, rounding rnd */
static void eval(enum ref ref, const struct fn *f, const struct rec *r,
		 mpfr_prec_t prec, mpfr_rnd_t rnd, struct refval *v)
{
	char t = f->type;
	ld x = r->a[0];

	memset(v, 0, sizeof(*v));
	mpfr_set_prec(R0, prec);
	mpfr_set_prec(R1, prec);
	set_ld(X, x);
	set_ld(Y, r->a[1]);
	set_ld(Z, r->a[2]);
	mpfr_clear_flags();
	switch (ref) {
	case R_SIN: v->tern0 = mpfr_sin(R0, X, rnd); break;
	case R_COS: v->tern0 = mpfr_cos(R0, X, rnd); break;
	case R_TAN: v->tern0 = mpfr_tan(R0, X, rnd); break;
	case R_SINCOS:
		v->tern0 = mpfr_sin(R0, X, rnd);
		v->tern1 = mpfr_cos(R1, X, rnd);
		break;
	case R_ASIN: v->tern0 = mpfr_asin(R0, X, rnd); break;
	case R_ACOS: v->tern0 = mpfr_acos(R0, X, rnd); break;
	case R_ATAN: v->tern0 = mpfr_atan(R0, X, rnd); break;
	case R_ATAN2: v->tern0 = mpfr_atan2(R0, X, Y, rnd); break;
	case R_SINH: v->tern0 = mpfr_sinh(R0, X, rnd); break;
	case R_COSH: v->tern0 = mpfr_cosh(R0, X, rnd); break;
	case R_TANH: v->tern0 = mpfr_tanh(R0, X, rnd); break;
	case R_ASINH: v->tern0 = mpfr_asinh(R0, X, rnd); break;
	case R_ACOSH: v->tern0 = mpfr_acosh(R0, X, rnd); break;
	case R_ATANH: v->tern0 = mpfr_atanh(R0, X, rnd); break;
	case R_EXP: v->tern0 = mpfr_exp(R0, X, rnd); break;
	case R_EXP2: v->tern0 = mpfr_exp2(R0, X, rnd); break;
	case R_EXP10: v->tern0 = mpfr_exp10(R0, X, rnd); break;
	case R_EXPM1: v->tern0 = mpfr_expm1(R0, X, rnd); break;
	case R_LOG: v->tern0 = mpfr_log(R0, X, rnd); break;
	case R_LOG2: v->tern0 = mpfr_log2(R0, X, rnd); break;
	case R_LOG10: v->tern0 = mpfr_log10(R0, X, rnd); break;
	case R_LOG1P: v->tern0 = mpfr_log1p(R0, X, rnd); break;
	case R_POW: v->tern0 = mpfr_pow(R0, X, Y, rnd); break;
	case R_SQRT: v->tern0 = mpfr_sqrt(R0, X, rnd); break;
	case R_CBRT: v->tern0 = mpfr_cbrt(R0, X, rnd); break;
	case R_HYPOT: v->tern0 = mpfr_hypot(R0, X, Y, rnd); break;
	case R_ERF: v->tern0 = mpfr_erf(R0, X, rnd); break;
	case R_ERFC: v->tern0 = mpfr_erfc(R0, X, rnd); break;
	case R_LGAMMA:
	case R_LGAMMA_R:
		v->tern0 = mpfr_lgamma(R0, &v->sign, X, rnd);
		break;
	case R_TGAMMA: v->tern0 = mpfr_gamma(R0, X, rnd); break;
	case R_CEIL: v->tern0 = mpfr_ceil(R0, X); break;
	case R_FLOOR: v->tern0 = mpfr_floor(R0, X); break;
	case R_TRUNC: v->tern0 = mpfr_trunc(R0, X); break;
	case R_ROUND: v->tern0 = mpfr_round(R0, X); break;
	case R_RINT:
	case R_NEARBYINT:
		v->tern0 = mpfr_rint(R0, X, rnd);
		break;
	case R_LRINT: case R_LLRINT: case R_LROUND: case R_LLROUND: {
		int l = ref == R_LRINT || ref == R_LROUND;
		long long lo = l ? INT_MIN : LLONG_MIN;

		mpfr_set_prec(R0, 128);
		if (ref == R_LRINT || ref == R_LLRINT)
			v->tern0 = mpfr_rint(R0, X, rnd);
		else
			v->tern0 = mpfr_round(R0, X);
		if (!mpfr_number_p(R0) ||
		    mpfr_cmp_si_2exp(R0, -1, l ? 31 : 63) < 0 ||
		    mpfr_cmp_si_2exp(R0, 1, l ? 31 : 63) >= 0) {
			v->ival_invalid = 1;
			v->ival = lo;
		} else {
			v->ival = mpfr_get_sj(R0, MPFR_RNDN);
		}
		break;
	}
	case R_MODF:
		v->tern0 = mpfr_modf(R1, R0, X, rnd);
		break;
	case R_FREXP: {
		mpfr_exp_t e = 0;

		v->tern0 = mpfr_frexp(&e, R0, X, rnd);
		v->ival = mpfr_number_p(X) && !mpfr_zero_p(X) ? e : 0;
		break;
	}
	case R_LDEXP: case R_SCALBN: case R_SCALBLN:
		v->tern0 = mpfr_mul_2si(R0, X, r->n, rnd);
		break;
	case R_ILOGB:
		if (!mpfr_number_p(X) || mpfr_zero_p(X)) {
			v->ival_invalid = 1;
			v->ival = mpfr_inf_p(X) ? INT_MAX : INT_MIN;
		} else {
			v->ival = mpfr_get_exp(X) - 1;
		}
		break;
	case R_LOGB:
		if (mpfr_zero_p(X)) {
			mpfr_set_inf(R0, -1);
			v->divby0 = 1;
		} else if (mpfr_inf_p(X)) {
			mpfr_set_inf(R0, 1);
		} else if (mpfr_nan_p(X)) {
			mpfr_set_nan(R0);
		} else {
			mpfr_set_si(R0, mpfr_get_exp(X) - 1, rnd);
		}
		break;
	case R_FMOD: v->tern0 = mpfr_fmod(R0, X, Y, rnd); break;
	case R_REMAINDER: v->tern0 = mpfr_remainder(R0, X, Y, rnd); break;
	case R_REMQUO: v->tern0 = mpfr_remquo(R0, &v->q, X, Y, rnd); break;
	case R_FMAX: v->tern0 = mpfr_max(R0, X, Y, rnd); break;
	case R_FMIN: v->tern0 = mpfr_min(R0, X, Y, rnd); break;
	case R_FDIM: v->tern0 = mpfr_dim(R0, X, Y, rnd); break;
	case R_FMA: v->tern0 = mpfr_fma(R0, X, Y, Z, rnd); break;
	case R_FABS: v->tern0 = mpfr_abs(R0, X, rnd); break;
	case R_COPYSIGN:	/* MPFR does not keep a NaN's sign */
		v->tern0 = mpfr_abs(R0, X, rnd);
		if (signbit(r->a[1]))
			mpfr_neg(R0, R0, rnd);
		break;
	case R_NEXTAFTER: case R_NEXTTOWARD: {
		ld n = t == 'f' ? (ld)nexttowardf(x, r->a[1]) :
		       t == 'd' ? (ld)nexttoward(x, r->a[1]) :
				  nexttowardl(x, r->a[1]);

		mpfr_set_prec(R0, 64);
		set_ld(R0, n);
		break;
	}
	case R_NAN: {
		ld n = t == 'f' ? (ld)nanf(r->str) : t == 'd' ?
			(ld)nan(r->str) : nanl(r->str);

		mpfr_set_prec(R0, 64);
		set_ld(R0, n);
		break;
	}
	default:
		break;
	}
	if (mpfr_divby0_p())
		v->divby0 = 1;
	v->movf = mpfr_overflow_p();
	v->mufl = mpfr_underflow_p();
}

/* the same, correctly rounded to the type (subnormals, overflow) */
static void eval_type(enum ref ref, const struct fn *f, const struct rec *r,
		      mpfr_rnd_t rnd, struct refval *v)
{
	struct tinfo ti = tinfo(f->type);
	mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();

	mpfr_set_emin(ti.emin - ti.p + 2);
	mpfr_set_emax(ti.emax + 1);
	eval(ref, f, r, ti.p, rnd, v);
	if (ref != R_NEXTAFTER && ref != R_NEXTTOWARD && ref != R_NAN) {
		v->tern0 = mpfr_check_range(R0, v->tern0, rnd);
		v->tern0 = mpfr_subnormalize(R0, v->tern0, rnd);
		v->tern1 = mpfr_check_range(R1, v->tern1, rnd);
		v->tern1 = mpfr_subnormalize(R1, v->tern1, rnd);
	}
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
}

/* ---------------------------------------------------------------- errors */

/* same value, zeros of the same sign; all NaNs alike */
static int same(ld a, ld b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return a == b && signbit(a) == signbit(b);
}

/* |got - ref| in ulps of type t at ref (the ulp of the largest finite
 * beyond it, of the least normal below it) */
static double ulp_err(ld got, mpfr_t ref, ld R, char t)
{
	struct tinfo f = tinfo(t);
	long e;

	if (mpfr_nan_p(ref))
		return isnan(got) ? 0 : INFINITY;
	if (isnan(got))
		return INFINITY;
	if (isinf(got) && same(got, R))		/* overflowed as it should */
		return 0;
	if (mpfr_inf_p(ref) || isinf(got)) {
		if (mpfr_inf_p(ref) && isinf(got) &&
		    (mpfr_sgn(ref) > 0) == (got > 0))
			return 0;
		return INFINITY;
	}
	if (mpfr_zero_p(ref))
		e = f.emin;
	else
		e = mpfr_get_exp(ref) - 1;
	if (e < f.emin)
		e = f.emin;
	if (e > f.emax)
		e = f.emax;
	set_ld(T1, got);
	mpfr_sub(T1, T1, ref, MPFR_RNDN);
	mpfr_mul_2si(T1, T1, -(e - f.p + 1), MPFR_RNDN);
	return fabs(mpfr_get_d(T1, MPFR_RNDN));
}

/* ---------------------------------------------------------------- flags */

struct expect {
	int must, mustnot;	/* flags that must / must not be raised */
	int err_ok[4];		/* acceptable errno codes */
};

static void allow_err(struct expect *e, int code)
{
	e->err_ok[code] = 1;
}

/*
 * What C11 Annex F, 7.12.1 and libvxc's policy (doc/libm.md) require of
 * a result whose true value is ref (high precision; tern its ternary),
 * rounded to R in the type: an invalid operation (NaN from non-NaN
 * arguments, or a signaling NaN argument) raises FE_INVALID (and errno
 * EDOM unless an argument was a NaN); an exact infinity from finite
 * arguments raises FE_DIVBYZERO and ERANGE; a finite true value beyond
 * the type raises FE_OVERFLOW | FE_INEXACT and ERANGE; a tiny inexact
 * one FE_UNDERFLOW | FE_INEXACT and ERANGE (either way when it is tiny
 * only before rounding); an inexact result FE_INEXACT, which the exact
 * functions never raise otherwise.  Nothing else may be raised, and
 * errno must be untouched when there is no error.
 */
static void expected_flags(enum ref ref, const struct fn *f,
			   const struct rec *r, mpfr_t refv, int tern,
			   ld R, int terR, int divby0, int ovf, int mufl,
			   struct expect *e)
{
	struct tinfo ti = tinfo(f->type);
	int nan_arg = 0, i, n = 1, inexact;

	memset(e, 0, sizeof(*e));
	e->mustnot = FE_ALL_EXCEPT;
	if (f->kind == K_2 || f->kind == K_QUO || f->kind == K_TOW)
		n = 2;
	if (f->kind == K_FMA)
		n = 3;
	for (i = 0; i < n && f->kind != K_NAN; i++)
		nan_arg |= isnan(r->a[i]);
	if (ref == R_NAN) {
		allow_err(e, E_NONE);
		return;
	}
	if (r->snan) {
		/* fabs and copysign are bit operations (IEEE 754-2008): a
		 * long double signaling NaN passes quietly, a float or
		 * double one is quieted by the x87 load that returns it */
		if (ref != R_FABS && ref != R_COPYSIGN)
			e->must = FE_INVALID;
		e->mustnot &= ~FE_INVALID;
		allow_err(e, E_NONE);
		/* a signaling NaN the function never looks at beyond its
		 * quietness (fmax(x, sNaN)) may or may not be loaded */
		return;
	}
	if (ref == R_NEXTAFTER || ref == R_NEXTTOWARD) {
		int moved = !(r->a[0] == r->a[1]);

		if (moved && isinf(R) && isfinite(r->a[0])) {
			e->must = FE_OVERFLOW | FE_INEXACT;
			e->mustnot = FE_INVALID | FE_DIVBYZERO | FE_UNDERFLOW;
			allow_err(e, E_RANGE);
		} else if (moved && fabsl(R) < ldexpl(1, ti.emin)) {
			e->must = FE_UNDERFLOW | FE_INEXACT;
			e->mustnot = FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW;
			allow_err(e, E_RANGE);
		} else {
			allow_err(e, E_NONE);
		}
		return;
	}
	if (mpfr_nan_p(refv)) {
		if (!nan_arg) {
			e->must = FE_INVALID;
			e->mustnot &= ~FE_INVALID;
			allow_err(e, E_DOM);
			return;
		}
		allow_err(e, E_NONE);
		return;
	}
	if (divby0) {
		e->must = FE_DIVBYZERO;
		e->mustnot &= ~FE_DIVBYZERO;
		allow_err(e, E_RANGE);
		return;
	}
	if (mpfr_inf_p(refv) && !ovf) {	/* from infinite arguments */
		allow_err(e, E_NONE);
		/* pow(+-0, -inf) may raise divide-by-zero (C11 F.10.4.4) */
		if (ref == R_POW && r->a[0] == 0) {
			e->mustnot &= ~FE_DIVBYZERO;
			allow_err(e, E_RANGE);
		}
		return;
	}
	inexact = tern != 0 || terR != 0 || mufl;
	if (inexact) {
		e->must |= FE_INEXACT;
		e->mustnot &= ~FE_INEXACT;
	} else if (!exact_class(ref) && ref != R_RINT && ref != R_LRINT &&
		   ref != R_LLRINT) {
		e->mustnot &= ~FE_INEXACT;	/* unspecified */
	}
	if (never_inexact(ref)) {
		e->must &= ~FE_INEXACT;
		e->mustnot |= FE_INEXACT;
	}
	/* overflow: rounded with an unbounded exponent, beyond the
	 * largest finite value */
	if (ovf) {
		e->must |= FE_OVERFLOW | FE_INEXACT;
		e->mustnot &= ~(FE_OVERFLOW | FE_INEXACT);
		allow_err(e, E_RANGE);
		return;
	}
	if (inexact && (mufl || (!mpfr_zero_p(refv) &&
	    mpfr_get_exp(refv) - 1 < ti.emin))) {
		/* tiny before rounding; after rounding too unless R is
		 * the least normal */
		e->mustnot &= ~FE_UNDERFLOW;
		allow_err(e, E_RANGE);
		if (fabsl(R) < ldexpl(1, ti.emin))
			e->must |= FE_UNDERFLOW;
		else
			allow_err(e, E_NONE);
		return;
	}
	allow_err(e, E_NONE);
}

/* ---------------------------------------------------------------- stats */

struct stat {
	long count, bad, flagbad, errbad;
	double maxerr;
	char worst[160];
	char firstbad[240], firstflag[240], firsterr[240];
};

static struct stat stats[1024][4];
static int seen[1024][4];

static int mode_index(int round)
{
	switch (round) {
	case FE_DOWNWARD: return 1;
	case FE_UPWARD: return 2;
	case FE_TOWARDZERO: return 3;
	default: return 0;
	}
}

static const char *mode_name[4] = { "RN", "RD", "RU", "RZ" };

static void fmt_val(char *buf, size_t n, ld v, char t)
{
	if (t == 'f')
		snprintf(buf, n, "%a", (double)v);
	else if (t == 'd')
		snprintf(buf, n, "%a", (double)v);
	else
		snprintf(buf, n, "%La", v);
}

static void describe(char *buf, size_t n, const struct fn *f,
		     const struct rec *r)
{
	char a0[48], a1[48], a2[48];

	fmt_val(a0, sizeof(a0), r->a[0], f->type);
	fmt_val(a1, sizeof(a1), r->a[1], f->kind == K_TOW ? 'l' : f->type);
	fmt_val(a2, sizeof(a2), r->a[2], f->type);
	/* no spaces: the report's columns are split at blanks */
	switch (f->kind) {
	case K_NAN: snprintf(buf, n, "(\"%s\")", r->str); break;
	case K_2: case K_QUO: case K_TOW:
		snprintf(buf, n, "(%s,%s)", a0, a1); break;
	case K_FMA: snprintf(buf, n, "(%s,%s,%s)", a0, a1, a2); break;
	case K_I: case K_LONG:
		snprintf(buf, n, "(%s,%lld)", a0, r->n); break;
	default: snprintf(buf, n, "(%s)", a0);
	}
}

static void note(char *slot, size_t n, const struct fn *f,
		 const struct rec *r, const char *what)
{
	char d[160];

	if (slot[0])
		return;
	describe(d, sizeof(d), f, r);
	snprintf(slot, n, "%s%s: %s", f->name, d, what);
}

/* ---------------------------------------------------------------- check */

static void check_one(const struct fn *f, enum ref ref, int round,
		      const struct rec *r, struct stat *st)
{
	struct tinfo ti = tinfo(f->type);
	mpfr_rnd_t rnd = mpfr_mode(round);
	struct refval hv, tv;
	struct expect ex;
	ld R = 0, R1v = 0;
	int terR = 0, terR1 = 0, bad = 0, ovf = 0;
	double err = 0, err1 = 0;
	char what[200];

	st->count++;
	what[0] = 0;
	/* the largest finite value, for overflow tests */
	set_ld(T2, maxval(f->type));

	if (f->kind == K_L || f->kind == K_LL || f->kind == K_ILOGB) {
		eval(ref, f, r, ti.p + HP, rnd, &hv);
		int must = 0, mustnot = FE_ALL_EXCEPT, errc = E_NONE;

		if (hv.ival_invalid) {
			must = FE_INVALID;
			mustnot = FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW;
			errc = E_DOM;
			if (ref == R_LRINT || ref == R_LLRINT)
				mustnot &= ~FE_INEXACT;
			if (r->snan)
				errc = -1;
		} else {
			if (r->ir != hv.ival) {
				bad = 1;
				snprintf(what, sizeof(what), "got %lld, want %lld",
					 r->ir, hv.ival);
			}
			if ((ref == R_LRINT || ref == R_LLRINT) && hv.tern0) {
				must = FE_INEXACT;
				mustnot &= ~FE_INEXACT;
			}
		}
		if (ref == R_ILOGB && r->ir != hv.ival) {
			bad = 1;
			snprintf(what, sizeof(what), "got %lld, want %lld",
				 r->ir, hv.ival);
		}
		if (bad) {
			st->bad++;
			note(st->firstbad, sizeof(st->firstbad), f, r, what);
		}
		if ((r->flags & must) != must || (r->flags & mustnot)) {
			st->flagbad++;
			snprintf(what, sizeof(what), "flags %#x, want %#x",
				 r->flags, must);
			note(st->firstflag, sizeof(st->firstflag), f, r, what);
		}
		if (errc >= 0 && r->err != errc) {
			st->errbad++;
			snprintf(what, sizeof(what), "errno code %d, want %d",
				 r->err, errc);
			note(st->firsterr, sizeof(st->firsterr), f, r, what);
		}
		return;
	}

	if (exact_class(ref)) {
		eval_type(ref, f, r, rnd, &tv);
		ovf = mpfr_overflow_p();
		R = mpfr_get_ld(R0, MPFR_RNDN);
		R1v = mpfr_get_ld(R1, MPFR_RNDN);
		terR = tv.tern0;
		terR1 = tv.tern1;
		/* the high-precision value again, for the flags */
		eval(ref, f, r, ti.p + HP, rnd, &hv);
		if (!same(r->r0, R) ||
		    (f->kind == K_PT && !same(r->r1, R1v))) {
			bad = 1;
			err = INFINITY;
		}
	} else {
		/* the high-precision reference, in the block's mode */
		eval(ref, f, r, ti.p + HP, rnd, &hv);
		R = round_to(R0, f->type, rnd, &terR);
		/* IEEE's overflow: rounded with an unbounded exponent, the
		 * value is beyond the largest finite one (MPFR's own range
		 * overflowing counts too) */
		if (mpfr_inf_p(R0)) {
			ovf = hv.movf;
		} else {
			mpfr_set_prec(T1, ti.p);
			mpfr_set(T1, R0, rnd);
			ovf = mpfr_cmpabs(T1, T2) > 0;
			mpfr_set_prec(T1, 256);
		}
		if (f->kind == K_SC)
			R1v = round_to(R1, f->type, rnd, &terR1);
		err = ulp_err(r->r0, R0, R, f->type);
		if (f->kind == K_SC)
			err1 = ulp_err(r->r1, R1, R1v, f->type);
		if (err1 > err)
			err = err1;
		/* an overflow rounded to the largest finite value */
		if (ovf && same(r->r0, R))
			err = 0;
		/* an exact result must be exact, with the right zero */
		if (hv.tern0 == 0 && terR == 0 && !same(r->r0, R))
			bad = 1, err = err > 1 ? err : 1.5;
		if (f->kind == K_SC && hv.tern1 == 0 && terR1 == 0 &&
		    !same(r->r1, R1v))
			bad = 1, err = err > 1 ? err : 1.5;
		if (err > 1)
			bad = 1;
		/* a NaN result is a NaN, an infinity the same infinity */
		if (isnan(R) != isnan(r->r0) || (isinf(R) && !same(R, r->r0)))
			bad = 1, err = INFINITY;
	}
	/* the outputs beside the result */
	if (ref == R_FREXP && isfinite(r->a[0]) && r->ir != hv.ival)
		bad = 1, err = INFINITY;
	if ((ref == R_LGAMMA || ref == R_LGAMMA_R) && isfinite(r->a[0]) &&
	    !(r->a[0] <= 0 && r->a[0] == floorl(r->a[0])) &&
	    r->ir != hv.sign) {
		bad = 1;
		snprintf(what, sizeof(what), "sign %lld, want %d", r->ir,
			 hv.sign);
	}
	if (ref == R_REMQUO && isfinite(R) && !isnan(R)) {
		long q = hv.q, g = (long)r->ir;

		if ((labs(q) & 7) != (labs(g) & 7) ||
		    ((labs(q) & 7) && (q < 0) != (g < 0))) {
			bad = 1;
			snprintf(what, sizeof(what), "quo %ld, want %ld", g, q);
		}
	}
	if (err > st->maxerr && isfinite(err)) {
		st->maxerr = err;
		describe(st->worst, sizeof(st->worst), f, r);
	}
	if (bad) {
		char gv[48], rv[48];

		st->bad++;
		if (!what[0]) {
			fmt_val(gv, sizeof(gv), r->r0, f->type);
			fmt_val(rv, sizeof(rv), R, f->type);
			snprintf(what, sizeof(what), "got %s, want %s (%.3g ulp)",
				 gv, rv, err);
		}
		if (debug) {		/* every bad result */
			char d[160];

			describe(d, sizeof(d), f, r);
			fprintf(stderr, "%s%s: %s\n", f->name, d, what);
		}
		note(st->firstbad, sizeof(st->firstbad), f, r, what);
	}

	expected_flags(ref, f, r, R0, hv.tern0, R, terR, hv.divby0, ovf,
		       hv.mufl, &ex);
	if (f->kind == K_SC) {		/* cos's flags as well */
		struct expect e2;
		int i;

		expected_flags(ref, f, r, R1, hv.tern1, R1v, terR1, hv.divby0,
			       0, 0, &e2);
		ex.must |= e2.must;
		ex.mustnot &= e2.mustnot;
		ex.mustnot &= ~ex.must;
		for (i = 0; i < 4; i++)
			ex.err_ok[i] |= e2.err_ok[i];
	}
	if ((r->flags & ex.must) != ex.must || (r->flags & ex.mustnot)) {
		st->flagbad++;
		snprintf(what, sizeof(what), "flags %#x, must %#x, must not %#x",
			 r->flags, ex.must, ex.mustnot);
		note(st->firstflag, sizeof(st->firstflag), f, r, what);
	}
	if (!ex.err_ok[r->err & 3]) {
		st->errbad++;
		snprintf(what, sizeof(what), "errno code %d (0 none, 1 EDOM, "
			 "2 ERANGE)", r->err);
		note(st->firsterr, sizeof(st->firsterr), f, r, what);
	}
}

static int report(FILE *out, int quiet)
{
	int fid, m, nfail = 0, nfn = 0;

	for (fid = 0; fid < NFNS; fid++) {
		for (m = 0; m < 4; m++) {
			struct stat *st = &stats[fid][m];
			int fail;

			if (!seen[fid][m])
				continue;
			nfn++;
			fail = st->bad || st->flagbad || st->errbad;
			nfail += fail;
			if (quiet && !fail && out == stdout)
				continue;
			fprintf(out, "%s %s %s %s %ld %.3f %s %ld %ld %ld\n",
				fail ? "FAIL" : "ok", fns[fid].name,
				fns[fid].base, mode_name[m], st->count,
				st->maxerr,
				st->worst[0] ? st->worst : "-", st->bad,
				st->flagbad, st->errbad);
			if (st->firstbad[0])
				fprintf(out, "  bad: %s\n", st->firstbad);
			if (st->firstflag[0])
				fprintf(out, "  flags: %s\n", st->firstflag);
			if (st->firsterr[0])
				fprintf(out, "  errno: %s\n", st->firsterr);
		}
	}
	if (out == stdout)
		printf("libm: %d functions and modes checked, %d failed\n",
		       nfn, nfail);
	return nfail;
}

static int do_verify(int argc, char **argv)
{
	struct libm_block b;
	unsigned char buf[LIBM_OUT(0)];
	const char *rep = NULL;
	int quiet = 0, i, nfail;
	struct rec r;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-q"))
			quiet = 1;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			rep = argv[++i];
	}
	debug = getenv("LIBM_DEBUG") != NULL;
	mpfr_set_emin(mpfr_get_emin_min());
	mpfr_set_emax(mpfr_get_emax_max());
	mpfr_inits2(256, X, Y, Z, R0, R1, T1, T2, (mpfr_ptr)0);
	mpfr_set_prec(X, 64);
	mpfr_set_prec(Y, 64);
	mpfr_set_prec(Z, 64);
	while (fread(&b, sizeof(b), 1, stdin) == 1) {
		const struct fn *f;
		enum ref ref;
		struct stat *st;
		unsigned k;

		if (b.magic != LIBM_MAGIC || b.fid >= NFNS) {
			fprintf(stderr, "check: bad block header\n");
			return 2;
		}
		f = &fns[b.fid];
		ref = ref_of(f->base);
		st = &stats[b.fid][mode_index(b.round)];
		seen[b.fid][mode_index(b.round)] = 1;
		for (k = 0; k < b.count; k++) {
			if (fread(buf, sizeof(buf), 1, stdin) != 1) {
				fprintf(stderr, "check: short results for %s\n",
					f->name);
				return 2;
			}
			parse(f, buf, &r);
			check_one(f, ref, b.round, &r, st);
		}
	}
	nfail = report(stdout, quiet);
	if (rep) {
		FILE *o = fopen(rep, "a");

		if (!o) {
			perror(rep);
			return 2;
		}
		report(o, 0);
		fclose(o);
	}
	return nfail ? 1 : 0;
}
