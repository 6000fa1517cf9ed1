/*
 * fenv.c - a guest that checks <fenv.h> and the classification macros
 * of <math.h> against what IEEE 754 and C11 say must happen.  Prints
 * "ok NAME" or "not ok NAME: reason" per check (test/suite-libm.sh) and
 * exits 1 if any failed.  The operations whose flags are tested run on
 * the x87 (as vxcc compiles) and, by inline assembly, on SSE.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

static int failed;

static void check(int cond, const char *name, const char *why)
{
	if (cond) {
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: %s\n", name, why);
		failed = 1;
	}
}

static volatile double zero = 0, one = 1, three = 3, big = DBL_MAX;
static volatile double tiny = DBL_MIN;

/* x / y on SSE: MXCSR's flags and rounding (the guest has SSE2 though
 * vxcc does not generate it) */
__attribute__((target("sse2"))) static double sse_div(double x, double y)
{
	__asm__ volatile("movsd %1, %%xmm0\n\t"
			 "divsd %2, %%xmm0\n\t"
			 "movsd %%xmm0, %0"
			 : "=m"(x) : "m"(x), "m"(y) : "xmm0");
	return x;
}

/* x rounded to an integer by SSE in the current mode */
__attribute__((target("sse2"))) static int sse_round(double x)
{
	int r;

	__asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "m"(x));
	return r;
}

/* flags raised by f() alone */
#define FLAGS(expr) ({ feclearexcept(FE_ALL_EXCEPT); (void)(expr); \
		       fetestexcept(FE_ALL_EXCEPT); })

static void test_flags(void)
{
	volatile double r;

	check(FLAGS(0) == 0, "clear", "flags set after feclearexcept");
	check(FLAGS(r = one / zero) == FE_DIVBYZERO, "x87-divbyzero",
	      "1/0 must raise FE_DIVBYZERO alone");
	check(FLAGS(r = zero / zero) == FE_INVALID, "x87-invalid",
	      "0/0 must raise FE_INVALID alone");
	check(FLAGS(r = (double)(big * 2)) == (FE_OVERFLOW | FE_INEXACT),
	      "x87-overflow", "DBL_MAX*2 must raise overflow and inexact");
	check(FLAGS(r = (double)(tiny / three)) == (FE_UNDERFLOW | FE_INEXACT),
	      "x87-underflow", "DBL_MIN/3 must raise underflow and inexact");
	check(FLAGS(r = (double)(one / three)) == FE_INEXACT, "x87-inexact",
	      "1/3 must raise inexact alone");
	check(FLAGS(r = sse_div(1, 0)) == FE_DIVBYZERO, "sse-divbyzero",
	      "SSE 1/0 must show in fetestexcept");
	check(FLAGS(r = sse_div(1, 3)) == FE_INEXACT, "sse-inexact",
	      "SSE 1/3 must show in fetestexcept");
	feclearexcept(FE_ALL_EXCEPT);
	sse_div(0, 0);
	feclearexcept(FE_INVALID);
	check(fetestexcept(FE_ALL_EXCEPT) == 0, "sse-clear",
	      "feclearexcept must clear MXCSR's flags too");
	feclearexcept(FE_ALL_EXCEPT);
	r = one / zero;
	r = one / three;
	feclearexcept(FE_DIVBYZERO);
	check(fetestexcept(FE_ALL_EXCEPT) == FE_INEXACT, "clear-some",
	      "feclearexcept(FE_DIVBYZERO) must leave FE_INEXACT");
	(void)r;
}

static void test_raise(void)
{
	static const int ex[] = { FE_INVALID, FE_DIVBYZERO, FE_OVERFLOW,
				  FE_UNDERFLOW, FE_INEXACT };
	static const char *names[] = { "raise-invalid", "raise-divbyzero",
		"raise-overflow", "raise-underflow", "raise-inexact" };
	fexcept_t saved;
	int i, f;

	for (i = 0; i < 5; i++) {
		f = FLAGS(feraiseexcept(ex[i]));
		/* C11 7.6.2.3: overflow and underflow may add inexact */
		if (ex[i] == FE_OVERFLOW || ex[i] == FE_UNDERFLOW)
			f &= ~FE_INEXACT;
		check(f == ex[i], names[i], "feraiseexcept raised other flags");
	}
	feclearexcept(FE_ALL_EXCEPT);
	feraiseexcept(FE_OVERFLOW | FE_INVALID);
	fegetexceptflag(&saved, FE_ALL_EXCEPT);
	feclearexcept(FE_ALL_EXCEPT);
	fesetexceptflag(&saved, FE_OVERFLOW);
	check(fetestexcept(FE_ALL_EXCEPT) == FE_OVERFLOW, "exceptflag",
	      "fesetexceptflag must restore only the flags asked for");
	feclearexcept(FE_ALL_EXCEPT);
}

static void test_round(void)
{
	static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
				     FE_TOWARDZERO };
	static const double want_pos[] = { 2, 2, 3, 2 };	/* rint 2.5 */
	static const double want_neg[] = { -2, -3, -2, -2 };	/* rint -2.5 */
	double third[4], mthird[4];
	char name[40];
	int i, ok = 1, sse_ok = 1;

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "setround-%d", i);
		check(fesetround(modes[i]) == 0 && fegetround() == modes[i],
		      name, "fesetround/fegetround disagree");
		third[i] = one / three;
		mthird[i] = -one / three;
		if (rint(2.5) != want_pos[i] || rint(-2.5) != want_neg[i])
			ok = 0;
		if (sse_round(2.5) != want_pos[i] ||
		    sse_round(-2.5) != want_neg[i])
			sse_ok = 0;
	}
	fesetround(FE_TONEAREST);
	check(ok, "round-x87", "rint(+-2.5) wrong in some mode");
	check(sse_ok, "round-sse", "MXCSR's rounding does not follow "
	      "fesetround");
	check(third[1] < third[2] && third[3] == third[1] &&
	      (third[0] == third[1] || third[0] == third[2]),
	      "round-directions", "1/3 not ordered as the modes say");
	check(mthird[1] < mthird[2] && mthird[3] == mthird[2], "round-negative",
	      "-1/3 not ordered as the modes say");
	check(fesetround(12345) != 0 && fegetround() == FE_TONEAREST,
	      "setround-invalid", "a bad mode must be refused");
}

static void test_env(void)
{
	fenv_t env, held;
	volatile double r;

	fesetround(FE_UPWARD);
	feclearexcept(FE_ALL_EXCEPT);
	feraiseexcept(FE_INEXACT);
	fegetenv(&env);
	fesetround(FE_DOWNWARD);
	feraiseexcept(FE_DIVBYZERO);
	fesetenv(&env);
	check(fegetround() == FE_UPWARD &&
	      fetestexcept(FE_ALL_EXCEPT) == FE_INEXACT, "getenv-setenv",
	      "fesetenv did not restore the mode and flags");

	feholdexcept(&held);
	check(fetestexcept(FE_ALL_EXCEPT) == 0, "holdexcept-clears",
	      "feholdexcept must clear the flags");
	r = one / zero;
	feupdateenv(&held);
	check(fegetround() == FE_UPWARD && fetestexcept(FE_ALL_EXCEPT) ==
	      (FE_INEXACT | FE_DIVBYZERO), "updateenv",
	      "feupdateenv must restore and re-raise");

	fesetenv(FE_DFL_ENV);
	check(fegetround() == FE_TONEAREST &&
	      fetestexcept(FE_ALL_EXCEPT) == 0, "dfl-env",
	      "FE_DFL_ENV is round-to-nearest, no flags");

	check(fegetexcept() == 0, "masked", "exceptions must start masked");
	feenableexcept(FE_DIVBYZERO);
	check(fegetexcept() == FE_DIVBYZERO, "enable", "feenableexcept");
	fedisableexcept(FE_DIVBYZERO);
	check(fegetexcept() == 0, "disable", "fedisableexcept");
	(void)r;
}

static void test_classify(void)
{
	volatile float fs = FLT_MIN / 2, fz = 0;
	volatile double ds = DBL_MIN / 4, dn = NAN;
	volatile long double ls = LDBL_MIN / 8, li = HUGE_VALL;
	int invalid;

	check(fpclassify(fs) == FP_SUBNORMAL && fpclassify(ds) ==
	      FP_SUBNORMAL && fpclassify(ls) == FP_SUBNORMAL,
	      "fpclassify-subnormal", "subnormals of each type");
	check(fpclassify(fz) == FP_ZERO && fpclassify(dn) == FP_NAN &&
	      fpclassify(li) == FP_INFINITE && fpclassify(1.0L) == FP_NORMAL,
	      "fpclassify", "zero, NaN, infinity, normal");
	check(isnormal(1.0f) && !isnormal(fs) && isfinite(ds) &&
	      !isfinite(li) && isinf(-HUGE_VAL) && isnan(NAN) &&
	      isinf(HUGE_VALF) && isinf(INFINITY), "is-macros",
	      "isnormal/isfinite/isinf/isnan");
	check(signbit(-0.0) && !signbit(0.0f) && signbit(-NAN) &&
	      signbit(copysignl(0, -1)), "signbit", "signbit");
	feclearexcept(FE_ALL_EXCEPT);
	check(!isgreater(dn, 1) && !isless(dn, 1) && !islessequal(dn, 1) &&
	      !isgreaterequal(dn, 1) && !islessgreater(dn, 1) &&
	      isunordered(dn, 1) && isless(1.0, 2.0) && islessgreater(1.0f, 2.0L),
	      "comparisons", "the quiet comparison macros");
	invalid = fetestexcept(FE_INVALID);
	check(!invalid, "comparisons-quiet",
	      "isless & co must not raise FE_INVALID for a NaN");
	check(math_errhandling == (MATH_ERRNO | MATH_ERREXCEPT),
	      "errhandling", "math_errhandling is errno and exceptions");
	check((FLT_EVAL_METHOD == 2 && sizeof(float_t) == sizeof(long double) &&
	       sizeof(double_t) == sizeof(long double)) ||
	      (FLT_EVAL_METHOD == 0 && sizeof(float_t) == sizeof(float)),
	      "eval-method", "float_t/double_t do not match FLT_EVAL_METHOD");
	check(ilogb(0) == FP_ILOGB0 && ilogb(NAN) == FP_ILOGBNAN,
	      "ilogb-macros", "FP_ILOGB0/FP_ILOGBNAN");
	check(fabsl(M_PI - 4 * atanl(1)) < 1e-15 &&
	      fabs(M_E - exp(1)) < 1e-15, "constants", "M_PI, M_E");
}

int main(void)
{
	test_flags();
	test_raise();
	test_round();
	test_env();
	test_classify();
	return failed;
}
