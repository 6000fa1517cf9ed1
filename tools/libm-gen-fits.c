/*
 * libm-gen-fits.c - polynomial approximations for libm-gen.c (included
 * there).
 *
 * fit() interpolates f at the Chebyshev nodes of [a, b] (n + 1 of them)
 * in MPFR, converts the interpolant to the monomial basis in u = x - mid
 * and rounds the coefficients as the library stores them: the two
 * leading ones as hi + lo, the rest as long doubles.  It then measures
 * the relative error of that rounded polynomial against f at 400 points
 * (MPFR, exact evaluation) and raises n until the error is below the
 * target.  The result is printed as a struct poly (libm.h) with the
 * measured error in a comment.
 */

#define FIT_PREC	400
#define POLY_MAXC_CHECK	24	/* POLY_MAXC in libm.h */
#define MAXDEG		40

typedef void (*fitfn)(mpfr_t y, mpfr_t x);

/* coefficients of sum c_k T_k(v) in powers of v */
static void cheb_to_mono(mpfr_t *c, int n, mpfr_t *m)
{
	mpfr_t t[MAXDEG + 1][MAXDEG + 1];	/* t[k][j]: T_k's v^j */
	mpfr_t s;
	int k, j;

	mpfr_init2(s, FIT_PREC);
	for (k = 0; k <= n; k++)
		for (j = 0; j <= n; j++) {
			mpfr_init2(t[k][j], FIT_PREC);
			mpfr_set_ui(t[k][j], 0, RND);
		}
	mpfr_set_ui(t[0][0], 1, RND);
	if (n >= 1)
		mpfr_set_ui(t[1][1], 1, RND);
	for (k = 2; k <= n; k++)
		for (j = 0; j <= n; j++) {
			/* T_k = 2 v T_{k-1} - T_{k-2} */
			if (j > 0)
				mpfr_mul_2ui(s, t[k - 1][j - 1], 1, RND);
			else
				mpfr_set_ui(s, 0, RND);
			mpfr_sub(t[k][j], s, t[k - 2][j], RND);
		}
	for (j = 0; j <= n; j++) {
		mpfr_set_ui(m[j], 0, RND);
		for (k = 0; k <= n; k++) {
			mpfr_mul(s, c[k], t[k][j], RND);
			mpfr_add(m[j], m[j], s, RND);
		}
	}
	for (k = 0; k <= n; k++)
		for (j = 0; j <= n; j++)
			mpfr_clear(t[k][j]);
	mpfr_clear(s);
}

struct fitres {
	int n;
	long double c[MAXDEG + 3];	/* c0 hi, c0 lo, c1 hi, c1 lo, c2.. */
	double err;			/* max relative error, log2 */
};

/* evaluate the stored polynomial at u exactly (MPFR) */
static void eval_stored(mpfr_t y, const struct fitres *r, mpfr_t u)
{
	mpfr_t c;
	int k;

	mpfr_init2(c, FIT_PREC);
	mpfr_set_ui(y, 0, RND);
	for (k = r->n; k >= 0; k--) {
		mpfr_mul(y, y, u, RND);
		if (k >= 2) {
			mpfr_set_ld(c, r->c[k + 2], RND);
		} else {
			mpfr_set_ld(c, r->c[2 * k], RND);
			mpfr_add_d(c, c, 0, RND);
			mpfr_t lo;
			mpfr_init2(lo, 64);
			mpfr_set_ld(lo, r->c[2 * k + 1], RND);
			mpfr_add(c, c, lo, RND);
			mpfr_clear(lo);
		}
		mpfr_add(y, y, c, RND);
	}
	mpfr_clear(c);
}

static void fit_n(fitfn f, long double a, long double b, long double mid,
		  int n, struct fitres *r)
{
	mpfr_t x, y, th, c[MAXDEG + 1], m[MAXDEG + 1], v, hw, s, e, w;
	mpfr_t fx[MAXDEG + 1], vj[MAXDEG + 1], t0, t1, t2;
	int j, k;
	double maxe = -1000;

	mpfr_inits2(FIT_PREC, x, y, th, v, hw, s, e, w, (mpfr_ptr)0);
	for (k = 0; k <= n; k++) {
		mpfr_init2(c[k], FIT_PREC);
		mpfr_init2(m[k], FIT_PREC);
		mpfr_init2(fx[k], FIT_PREC);
	}
	/* v in [-1, 1] maps to x = (a + b)/2 + v (b - a)/2 */
	mpfr_set_ld(hw, b, RND);
	mpfr_sub_d(hw, hw, 0, RND);
	mpfr_set_ld(s, a, RND);
	mpfr_sub(hw, hw, s, RND);
	mpfr_div_2ui(hw, hw, 1, RND);
	mpfr_inits2(FIT_PREC, t0, t1, t2, (mpfr_ptr)0);
	for (j = 0; j <= n; j++) {
		mpfr_init2(vj[j], FIT_PREC);
		mpfr_const_pi(th, RND);
		mpfr_mul_ui(th, th, 2 * j + 1, RND);
		mpfr_div_ui(th, th, 2 * (n + 1), RND);
		mpfr_cos(vj[j], th, RND);
		mpfr_set_ld(x, a, RND);
		mpfr_add(x, x, hw, RND);
		mpfr_fma(x, vj[j], hw, x, RND);
		f(fx[j], x);
	}
	for (k = 0; k <= n; k++)
		mpfr_set_ui(c[k], 0, RND);
	for (j = 0; j <= n; j++) {
		/* T_k(v_j) by the recurrence */
		mpfr_set_ui(t0, 1, RND);
		mpfr_set(t1, vj[j], RND);
		for (k = 0; k <= n; k++) {
			mpfr_mul(s, k == 0 ? t0 : t1, fx[j], RND);
			mpfr_add(c[k], c[k], s, RND);
			if (k >= 1) {
				mpfr_mul(t2, t1, vj[j], RND);
				mpfr_mul_2ui(t2, t2, 1, RND);
				mpfr_sub(t2, t2, t0, RND);
				mpfr_set(t0, t1, RND);
				mpfr_set(t1, t2, RND);
			}
		}
	}
	for (k = 0; k <= n; k++) {
		mpfr_mul_2ui(c[k], c[k], 1, RND);
		mpfr_div_ui(c[k], c[k], n + 1, RND);
	}
	for (j = 0; j <= n; j++)
		mpfr_clear(vj[j]);
	mpfr_clears(t0, t1, t2, (mpfr_ptr)0);
	mpfr_div_2ui(c[0], c[0], 1, RND);
	cheb_to_mono(c, n, m);
	/* shift from v = (x - (a+b)/2) / hw to u = x - mid: p(x) =
	 * sum m_j ((u + mid - ctr) / hw)^j; expand with Horner's
	 * scheme on coefficient arrays (Taylor shift) */
	{
		mpfr_t d, q[MAXDEG + 1];

		mpfr_init2(d, FIT_PREC);
		for (k = 0; k <= n; k++) {
			mpfr_init2(q[k], FIT_PREC);
			mpfr_set(q[k], m[k], RND);
			for (j = 0; j < k; j++)
				mpfr_div(q[k], q[k], hw, RND);
		}
		/* q_k: coefficients in (x - ctr); shift by delta = mid -
		 * ctr: poly in (u + delta) */
		mpfr_set_ld(d, mid, RND);
		mpfr_set_ld(s, a, RND);
		mpfr_add(s, s, hw, RND);	/* ctr */
		mpfr_sub(d, d, s, RND);
		for (j = 0; j < n; j++)
			for (k = n - 1; k >= j; k--) {
				mpfr_mul(s, q[k + 1], d, RND);
				mpfr_add(q[k], q[k], s, RND);
			}
		mpfr_set(m[0], m[0], RND);
		for (k = 0; k <= n; k++) {
			mpfr_set(m[k], q[k], RND);
			mpfr_clear(q[k]);
		}
		mpfr_clear(d);
	}
	r->n = n;
	for (k = 0; k <= n; k++) {
		if (k < 2) {
			long double hi, lo;

			split_dd(m[k], &hi, &lo);
			r->c[2 * k] = hi;
			r->c[2 * k + 1] = lo;
		} else {
			r->c[k + 2] = mpfr_get_ld(m[k], RND);
		}
	}
	if (n < 1)
		r->c[2] = r->c[3] = 0;
	/* the error of what is stored, at 400 points and the ends */
	for (j = 0; j <= 400; j++) {
		mpfr_set_ld(x, a + (b - a) * j / 400.0L, RND);
		f(y, x);
		mpfr_set_ld(v, mid, RND);
		mpfr_sub(v, x, v, RND);
		eval_stored(e, r, v);
		mpfr_sub(e, e, y, RND);
		mpfr_div(e, e, y, RND);
		mpfr_abs(e, e, RND);
		if (!mpfr_zero_p(e)) {
			double l = mpfr_get_d(e, RND);

			l = log2(l);
			if (l > maxe)
				maxe = l;
		}
	}
	r->err = maxe;
	for (k = 0; k <= n; k++) {
		mpfr_clear(c[k]);
		mpfr_clear(m[k]);
		mpfr_clear(fx[k]);
	}
	mpfr_clears(x, y, th, v, hw, s, e, w, (mpfr_ptr)0);
}

/* the least degree with error below 2^target (or MAXDEG) */
static void fit(fitfn f, long double a, long double b, long double mid,
		double target, struct fitres *r)
{
	int n;

	for (n = 2; n <= MAXDEG; n++) {
		fit_n(f, a, b, mid, n, r);
		if (r->err < target)
			return;
	}
}

static void print_fit(const struct fitres *r, long double a, long double b,
		      long double mid)
{
	int k;

	printf("\t{ ");
	pr_ld(a);
	printf(", ");
	pr_ld(b);
	printf(", ");
	pr_ld(mid);
	printf(", %d, {\t/* max rel. error 2^%.1f */", r->n, r->err);
	for (k = 0; k <= r->n + 2; k++) {
		printf("%s", k % 3 ? " " : "\n\t\t");
		pr_ld(r->c[k]);
		printf(",");
	}
	printf(" } },\n");
}

/* erfc(x) e^(x^2) */
static void f_erfcx(mpfr_t y, mpfr_t x)
{
	mpfr_t t;

	mpfr_init2(t, FIT_PREC);
	mpfr_sqr(t, x, RND);
	mpfr_exp(t, t, RND);
	mpfr_erfc(y, x, RND);
	mpfr_mul(y, y, t, RND);
	mpfr_clear(t);
}

/* lgamma(2 + t) / t (1 - euler's constant at t = 0) */
static void f_lgamma2(mpfr_t y, mpfr_t t)
{
	mpfr_t x;
	int s;

	mpfr_init2(x, FIT_PREC);
	if (mpfr_zero_p(t)) {
		mpfr_const_euler(y, RND);
		mpfr_ui_sub(y, 1, y, RND);
	} else {
		mpfr_add_ui(x, t, 2, RND);
		mpfr_lgamma(y, &s, x, RND);
		mpfr_div(y, y, t, RND);
	}
	mpfr_clear(x);
}

static const long double erfc_bounds[] = {
	0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5, 4, 4.5,
	5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96,
	112,
};

static const long double lgamma_bounds[] = {
	-0.5, -0.375, -0.25, -0.125, 0, 0.125, 0.25, 0.375, 0.5,
};

static void emit_fit_table(const char *name, fitfn f,
			   const long double *bd, int nb, double target)
{
	struct fitres r;
	int i;

	printf("\nconst struct poly %s[%d] = {\n", name, nb - 1);
	for (i = 0; i + 1 < nb; i++) {
		long double mid = (bd[i] + bd[i + 1]) / 2;

		fit(f, bd[i], bd[i + 1], mid, target, &r);
		if (r.n + 3 > POLY_MAXC_CHECK) {
			fprintf(stderr, "libm-gen: %s: degree %d too high\n",
				name, r.n);
			exit(1);
		}
		print_fit(&r, bd[i], bd[i + 1], mid);
		fprintf(stderr, "%s [%Lg, %Lg]: degree %d, 2^%.1f\n", name,
			bd[i], bd[i + 1], r.n, r.err);
	}
	printf("};\n");
}

/*
 * The zeros of lgamma below -2: two in each (-n-1, -n), n >= 2, where
 * Gamma crosses -1 or 1.  Near them the reflection formula cancels, so
 * lgamma(z + u) / u gets its own polynomial where |lgamma| < LG_T.
 */
#define LG_NMAX	19		/* beyond, no long double gets near */
#define LG_T	0.03125

static mpfr_t lg_z;		/* the zero of the fit being made */

static void lg_at(mpfr_t y, mpfr_t x)
{
	int s;

	mpfr_lgamma(y, &s, x, RND);
}

static void f_lgzero(mpfr_t y, mpfr_t u)
{
	mpfr_t x;

	if (mpfr_zero_p(u) || mpfr_get_exp(u) < -150) {
		/* the limit, lgamma' = digamma (z + u would round to z) */
		mpfr_digamma(y, lg_z, RND);
		return;
	}
	mpfr_init2(x, FIT_PREC);
	mpfr_add(x, lg_z, u, RND);
	lg_at(y, x);
	mpfr_div(y, y, u, RND);
	mpfr_clear(x);
}

/* root of lgamma between a and b (a sign change), by bisection */
static void lg_bisect(mpfr_t r, mpfr_t a0, mpfr_t b0, double target)
{
	mpfr_t a, b, m, fa, fm, t;
	int i;

	mpfr_inits2(FIT_PREC, a, b, m, fa, fm, t, (mpfr_ptr)0);
	mpfr_set(a, a0, RND);
	mpfr_set(b, b0, RND);
	for (i = 0; i < FIT_PREC - 10; i++) {
		lg_at(fa, a);
		mpfr_sub_d(fa, fa, target, RND);
		mpfr_add(m, a, b, RND);
		mpfr_div_2ui(m, m, 1, RND);
		lg_at(fm, m);
		mpfr_sub_d(fm, fm, target, RND);
		if (mpfr_sgn(fa) * mpfr_sgn(fm) <= 0)
			mpfr_set(b, m, RND);
		else
			mpfr_set(a, m, RND);
	}
	mpfr_set(r, a, RND);
	mpfr_clears(a, b, m, fa, fm, t, (mpfr_ptr)0);
}

static void emit_lgamma_zeros(void)
{
	mpfr_t lo, hi, mn, z, e1, e2, t;
	struct fitres r;
	int n, side, k = 0;
	long double zlo[2 * LG_NMAX][2];

	mpfr_init2(lg_z, FIT_PREC);
	mpfr_inits2(FIT_PREC, lo, hi, mn, z, e1, e2, t, (mpfr_ptr)0);
	printf("\n/* lgamma(z + u) / u near the zeros z of lgamma below -2 "
	       "(u = x - z):\n * a, b the range of u, mid = z.hi "
	       "(z - z.hi in __vxm_lgamma_zero_lo) */\n");
	printf("const struct poly __vxm_lgamma_zeros[%d] = {\n",
	       2 * (LG_NMAX - 1));
	for (n = 2; n <= LG_NMAX; n++) {
		/* the extremum between the poles: digamma's root */
		mpfr_set_si(lo, -n - 1, RND);
		mpfr_set_si(hi, -n, RND);
		{
			mpfr_t a, b, m, d;
			int i;

			mpfr_inits2(FIT_PREC, a, b, m, d, (mpfr_ptr)0);
			mpfr_set(a, lo, RND);
			mpfr_set(b, hi, RND);
			mpfr_nextabove(a);
			mpfr_nextbelow(b);
			for (i = 0; i < FIT_PREC - 10; i++) {
				mpfr_add(m, a, b, RND);
				mpfr_div_2ui(m, m, 1, RND);
				mpfr_digamma(d, m, RND);
				/* digamma increases between poles */
				if (mpfr_sgn(d) > 0)
					mpfr_set(b, m, RND);
				else
					mpfr_set(a, m, RND);
			}
			mpfr_set(mn, a, RND);
			mpfr_clears(a, b, m, d, (mpfr_ptr)0);
		}
		for (side = 0; side < 2; side++) {
			long double zh, zl, w;

			/* the zero on this side of the minimum */
			if (side == 0) {
				mpfr_set(e1, lo, RND);
				mpfr_nextabove(e1);
				mpfr_set(e2, mn, RND);
			} else {
				mpfr_set(e1, mn, RND);
				mpfr_set(e2, hi, RND);
				mpfr_nextbelow(e2);
			}
			lg_bisect(z, e1, e2, 0);
			/* where |lgamma| reaches LG_T on both sides */
			lg_bisect(e1, side ? mn : e1, z, side ? -LG_T : LG_T);
			lg_bisect(e2, z, side ? e2 : mn, side ? LG_T : -LG_T);
			mpfr_sub(e1, z, e1, RND);
			mpfr_sub(e2, e2, z, RND);
			mpfr_abs(e1, e1, RND);
			mpfr_abs(e2, e2, RND);
			if (mpfr_cmp(e2, e1) > 0)
				mpfr_set(e1, e2, RND);
			w = mpfr_get_ld(e1, RND) * 1.125L;
			split_dd(z, &zh, &zl);
			mpfr_set(lg_z, z, RND);
			/* z - z.hi as hi + lo: near z, x - z needs z to
			 * about 192 bits */
			mpfr_set_ld(t, zh, RND);
			mpfr_sub(t, z, t, RND);
			split_dd(t, &zlo[k][0], &zlo[k][1]);
			fit(f_lgzero, -w, w, 0, -70, &r);
			if (r.n + 3 > POLY_MAXC_CHECK) {
				fprintf(stderr, "libm-gen: lgamma zero %d: degree "
					"%d too high\n", k, r.n);
				exit(1);
			}
			print_fit(&r, -w, w, zh);
			fprintf(stderr, "lgamma zero %Lg: w %Lg degree %d, 2^%.1f\n",
				zh, w, r.n, r.err);
			k++;
		}
	}
	printf("};\n\n/* the rest of each zero, z - z.hi, as hi + lo */\n");
	printf("const struct dd __vxm_lgamma_zero_lo[%d] = {\n", k);
	for (n = 0; n < k; n++) {
		printf("\t{ ");
		pr_ld(zlo[n][0]);
		printf(", ");
		pr_ld(zlo[n][1]);
		printf(" },\n");
	}
	printf("};\n");
	mpfr_clears(lo, hi, mn, z, e1, e2, t, (mpfr_ptr)0);
}

static void emit_fits(void)
{
	printf("\n/* erfc(x) e^(x^2) on [a, b], in powers of x - mid */");
	emit_fit_table("__vxm_erfcx_fits", f_erfcx, erfc_bounds,
		       sizeof(erfc_bounds) / sizeof(erfc_bounds[0]), -70);
	printf("\n/* lgamma(2 + t) / t on [a, b], in powers of t - mid */");
	emit_fit_table("__vxm_lgamma2_fits", f_lgamma2, lgamma_bounds,
		       sizeof(lgamma_bounds) / sizeof(lgamma_bounds[0]), -74);
	emit_lgamma_zeros();
}
