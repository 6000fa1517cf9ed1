/*
 * libm-gen.c - compute the constant tables of libvxc's libm with MPFR.
 *
 *   cc -O2 -o libm-gen tools/libm-gen.c -lmpfr -lgmp
 *   ./libm-gen > libvxc/src/math/tables.c       (make libm-tables)
 *
 * Every constant is computed here at 400 bits or more and printed as
 * x86 80-bit long double hexadecimal literals (hi, and lo = the rest
 * rounded again), so the library never depends on decimal constants
 * copied from elsewhere.  Polynomial approximations are Chebyshev
 * interpolants computed in MPFR and converted to the monomial basis;
 * each prints its measured maximum relative error as a comment.
 *
 * Runs on an x86 host, whose long double is the guest's format.
 */
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define PREC	512
/* keep in step with libvxc/src/math/libm.h */
#define LOG_SPLIT	106
#define TWO_OVER_PI_WORDS	528
#define RND	MPFR_RNDN

static void pr_ld(long double v)
{
	if (v == 0)
		printf("0.0L");
	else
		printf("%LaL", v);
}

/* hi = c rounded to 64 bits, lo = (c - hi) rounded to 64 bits */
static void split_dd(mpfr_t c, long double *hi, long double *lo)
{
	mpfr_t t;

	mpfr_init2(t, PREC);
	*hi = mpfr_get_ld(c, RND);
	mpfr_sub_d(t, c, 0, RND);
	mpfr_set_ld(t, *hi, RND);
	mpfr_sub(t, c, t, RND);
	*lo = mpfr_get_ld(t, RND);
	mpfr_clear(t);
}

/* hi = c rounded to `bits` significant bits, lo = rest to 64 bits */
static void split_bits(mpfr_t c, int bits, long double *hi, long double *lo)
{
	mpfr_t t, h;

	mpfr_init2(t, PREC);
	mpfr_init2(h, bits);
	mpfr_set(h, c, RND);
	*hi = mpfr_get_ld(h, RND);
	mpfr_set_ld(t, *hi, RND);
	mpfr_sub(t, c, t, RND);
	*lo = mpfr_get_ld(t, RND);
	mpfr_clear(t);
	mpfr_clear(h);
}

static void emit_dd(const char *name, mpfr_t c)
{
	long double hi, lo;

	split_dd(c, &hi, &lo);
	printf("const struct dd %s = { ", name);
	pr_ld(hi);
	printf(", ");
	pr_ld(lo);
	printf(" };\n");
}

static void emit_split(const char *name, mpfr_t c, int bits)
{
	long double hi, lo;

	split_bits(c, bits, &hi, &lo);
	printf("const struct dd %s = { ", name);
	pr_ld(hi);
	printf(", ");
	pr_ld(lo);
	printf(" };\t/* hi has %d bits */\n", bits);
}

/* 2/pi as 32-bit words: word j holds bits 32j+1 .. 32j+32 after the point */
static void emit_two_over_pi(int nwords)
{
	mpfr_t t, w;
	int j;

	mpfr_init2(t, nwords * 32 + 64);
	mpfr_init2(w, nwords * 32 + 64);
	mpfr_const_pi(t, RND);
	mpfr_ui_div(t, 2, t, RND);
	printf("\n/* 2/pi, 32 bits a word, most significant first (%d bits) */\n",
	       nwords * 32);
	printf("const uint32_t __vxm_two_over_pi[%d] = {", nwords);
	for (j = 0; j < nwords; j++) {
		mpfr_mul_2ui(t, t, 32, RND);
		mpfr_floor(w, t);
		if (j % 6 == 0)
			printf("\n\t");
		printf("0x%08lx,", mpfr_get_ui(w, RND));
		if (j % 6 != 5 && j != nwords - 1)
			printf(" ");
		mpfr_sub(t, t, w, RND);
	}
	printf("\n};\n");
	mpfr_clear(t);
	mpfr_clear(w);
}

/* 2^(j/64) for j = 0..63 */
static void emit_exp_table(void)
{
	mpfr_t t;
	long double hi, lo;
	int j;

	mpfr_init2(t, PREC);
	printf("\n/* 2^(j/64), j = 0..63 */\n");
	printf("const struct dd __vxm_exp2_table[64] = {\n");
	for (j = 0; j < 64; j++) {
		mpfr_set_si(t, j, RND);
		mpfr_div_ui(t, t, 64, RND);
		mpfr_exp2(t, t, RND);
		split_dd(t, &hi, &lo);
		printf("\t{ ");
		pr_ld(hi);
		printf(", ");
		pr_ld(lo);
		printf(" },\n");
	}
	printf("};\n");
	mpfr_clear(t);
}

/*
 * log table: for j = 0..255 the mantissa interval [1 + j/256, 1 +
 * (j+1)/256); for j >= 106 the argument is halved (m in [0.707, 1)).
 * c ~ 1/m with 10 significant bits, exactly 1 for j = 0 and 255, and
 * -log(c) as hi + lo.
 */
static void emit_log_table(void)
{
	mpfr_t t, c;
	long double hi, lo;
	int j;

	mpfr_init2(t, PREC);
	mpfr_init2(c, 10);
	printf("\n/* log table: { c, -log(c) hi, -log(c) lo }, c ~ 1/m, 10 bits */\n");
	printf("const struct log_entry __vxm_log_table[256] = {\n");
	for (j = 0; j < 256; j++) {
		mpfr_set_d(t, 1 + (j + 0.5) / 256, RND);
		if (j >= LOG_SPLIT)
			mpfr_div_2ui(t, t, 1, RND);
		mpfr_ui_div(c, 1, t, RND);
		if (j == 0 || j == 255)
			mpfr_set_ui(c, 1, RND);
		mpfr_log(t, c, RND);
		mpfr_neg(t, t, RND);
		split_dd(t, &hi, &lo);
		printf("\t{ ");
		pr_ld(mpfr_get_ld(c, RND));
		printf(", ");
		pr_ld(hi);
		printf(", ");
		pr_ld(lo);
		printf(" },\n");
	}
	printf("};\n");
	mpfr_clear(t);
	mpfr_clear(c);
}

/* atan(i/16), i = 0..16 */
static void emit_atan_table(void)
{
	mpfr_t t;
	long double hi, lo;
	int i;

	mpfr_init2(t, PREC);
	printf("\n/* atan(i/16), i = 0..16 */\n");
	printf("const struct dd __vxm_atan_table[17] = {\n");
	for (i = 0; i <= 16; i++) {
		mpfr_set_ui(t, i, RND);
		mpfr_div_ui(t, t, 16, RND);
		mpfr_atan(t, t, RND);
		split_dd(t, &hi, &lo);
		printf("\t{ ");
		pr_ld(hi);
		printf(", ");
		pr_ld(lo);
		printf(" },\n");
	}
	printf("};\n");
	mpfr_clear(t);
}

static void emit_constants(void)
{
	mpfr_t t, u;

	mpfr_init2(t, PREC);
	mpfr_init2(u, PREC);
	printf("\n/* constants as hi + lo */\n");
	mpfr_const_log2(t, RND);
	emit_dd("__vxm_ln2", t);
	/* ln2 with a 48-bit head: e * head is exact for |e| < 2^16 */
	emit_split("__vxm_ln2_48", t, 48);
	/* ln2/64 with a 40-bit head: k * head exact for |k| < 2^24 */
	mpfr_div_ui(u, t, 64, RND);
	emit_split("__vxm_ln2_64", u, 40);
	mpfr_ui_div(u, 64, t, RND);
	emit_dd("__vxm_64_ln2", u);
	mpfr_ui_div(u, 1, t, RND);
	emit_dd("__vxm_inv_ln2", u);
	mpfr_set_ui(u, 10, RND);
	mpfr_log(u, u, RND);
	emit_dd("__vxm_ln10", u);
	mpfr_ui_div(u, 1, u, RND);
	emit_dd("__vxm_inv_ln10", u);
	mpfr_const_pi(t, RND);
	emit_dd("__vxm_pi", t);
	mpfr_div_2ui(u, t, 1, RND);
	emit_dd("__vxm_pi_2", u);
	mpfr_div_2ui(u, t, 2, RND);
	emit_dd("__vxm_pi_4", u);
	mpfr_log(u, t, RND);
	emit_dd("__vxm_ln_pi", u);
	mpfr_mul_2ui(u, t, 1, RND);
	mpfr_log(u, u, RND);
	mpfr_div_2ui(u, u, 1, RND);
	emit_dd("__vxm_half_ln_2pi", u);
	mpfr_sqrt(u, t, RND);
	mpfr_ui_div(u, 2, u, RND);
	emit_dd("__vxm_2_sqrtpi", u);
	mpfr_sqrt(u, t, RND);
	mpfr_ui_div(u, 1, u, RND);
	emit_dd("__vxm_inv_sqrtpi", u);
	mpfr_set_ui(u, 1, RND);
	mpfr_div_ui(u, u, 3, RND);
	emit_dd("__vxm_third", u);
	mpfr_clear(t);
	mpfr_clear(u);
}

#include "libm-gen-fits.c"

int main(void)
{
	printf("/*\n * tables.c - constants of libvxc's libm, generated by "
	       "tools/libm-gen.c\n * (make libm-tables) with MPFR %s.  "
	       "Do not edit.\n */\n", mpfr_get_version());
	printf("#include \"libm.h\"\n");
	printf("\n#if LOG_SPLIT != %d || TWO_OVER_PI_WORDS != %d\n"
	       "#error tables.c does not match libm.h: make libm-tables\n#endif\n",
	       LOG_SPLIT, TWO_OVER_PI_WORDS);
	emit_constants();
	emit_two_over_pi(TWO_OVER_PI_WORDS);
	emit_exp_table();
	emit_log_table();
	emit_atan_table();
	emit_fits();
	return 0;
}
