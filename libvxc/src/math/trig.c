/*
 * trig.c - sin, cos, tan, sincos.
 *
 * x = k pi/2 + r exactly enough (rem_pio2.c), |r| <= pi/4; then sin or
 * cos of r by their Taylor series (to r^25 and r^24: truncation below
 * 2^-97 relative), the first two correction terms (r^3/6 and r^5/120,
 * r^4/24 and r^6/720) in double-long-double and the rest in long
 * double, r's low part by the derivative.  The kernels' results carry
 * about 78 correct bits (lgamma's reflection formula needs them); tan is
 * their quotient in double-long-double.
 */
#include "libm.h"

/* a / n for a small integer n, as hi + lo */
static struct dd dd_div_int(struct dd a, ld n)
{
	ld q = a.hi / n;
	struct dd p = two_prod(q, n);

	return fast_two_sum(q, (((a.hi - p.hi) - p.lo) + a.lo) / n);
}

struct dd __vxm_sin_dd(struct dd r)
{
	struct dd z = two_sqr(r.hi), r3, t3, t5, c, s;
	ld h = z.hi, tail;

	r3 = dd_mul_ld(z, r.hi);
	t3 = dd_div_int(r3, 6);
	t5 = dd_div_int(dd_mul(r3, z), 120);
	tail = r.hi * h * h * h * (
		-0.000198412698412698412698412698412698412698L +
		h * (0.00000275573192239858906525573192239858906525573L +
		h * (-2.50521083854417187750521083854417187750521084E-8L +
		h * (1.60590438368216145993923771701549479327257105E-10L +
		h * (-7.64716373181981647590113198578807044415510024E-13L +
		h * (2.81145725434552076319894558301032001623349274E-15L +
		h * (-8.22063524662432971695598123687228074922073899E-18L +
		h * (1.95729410633912612308475743735054303552874738E-20L +
		h * (-3.86817017063068403771691193152281232317934265E-23L +
		h * 6.44695028438447339619485321920468720529890441E-26L)))))))));
	/* r - r^3/6 + r^5/120 + tail, the first three in hi + lo; r.lo
	 * by the derivative */
	c = dd_add_ld(dd_sub(t5, t3), tail + r.lo * (1 - h * (0.5L -
		h * (0.0416666666666666666666666666666666666666667L - h *
		0.00138888888888888888888888888888888888888889L))));
	s = two_sum(r.hi, c.hi);
	return fast_two_sum(s.hi, s.lo + c.lo);
}

struct dd __vxm_cos_dd(struct dd r)
{
	struct dd z = two_sqr(r.hi), z2, t4, t6, c, a, s;
	ld h = z.hi, tail;

	z2 = dd_sqr(z);
	t4 = dd_div_int(z2, 24);
	t6 = dd_div_int(dd_mul(z2, z), 720);
	tail = h * h * h * h * (
		0.0000248015873015873015873015873015873015873015873L +
		h * (-2.75573192239858906525573192239858906525573192E-7L +
		h * (2.08767569878680989792100903212014323125434237E-9L +
		h * (-1.14707455977297247138516979786821056662326504E-11L +
		h * (4.77947733238738529743820749111754402759693765E-14L +
		h * (-1.56192069685862264622163643500573334235194041E-16L +
		h * (4.11031762331216485847799061843614037461036950E-19L +
		h * (-8.89679139245057328674889744250246834331248809E-22L +
		h * 1.61173757109611834904871330480117180132472610E-24L))))))));
	/* 1 - r^2/2 + r^4/24 - r^6/720 + tail, all but the tail in
	 * hi + lo; r.lo times the derivative -sin r */
	c = dd_add_ld(dd_sub(t4, t6), tail - r.lo * r.hi * (1 - h * (
		0.166666666666666666666666666666666666666667L - h *
		0.00833333333333333333333333333333333333333333L)));
	a = two_sum(1, -0.5L * z.hi);
	s = two_sum(a.hi, c.hi);
	return fast_two_sum(s.hi, s.lo + (c.lo + (a.lo - 0.5L * z.lo)));
}

/* sin (want 0), cos (1) of x = k pi/2 + r: a kernel, maybe negated */
static struct dd sin_cos_of(int k, struct dd r, int want)
{
	struct dd v;

	k = (k + want) & 3;
	v = k & 1 ? __vxm_cos_dd(r) : __vxm_sin_dd(r);
	return k & 2 ? dd_neg(v) : v;
}

/* sin(+-0) = +-0; infinities are domain errors; NaN */
static int sin_special(ld x, ld *r)
{
	if (x == 0 || x != x) {
		*r = x + x;
		return 1;
	}
	if (__builtin_isinf(x)) {
		*r = __vxm_dom_ld();
		return 1;
	}
	return 0;
}

static int cos_special(ld x, ld *r)
{
	if (x == 0) {
		*r = 1;
		return 1;
	}
	return sin_special(x, r);
}

static ld sin_core(ld x)
{
	struct dd r;
	int k;

	if (fabs_ld(x) < 0x1p-33L)		/* x - x^3/6: x */
		return tiny_ret(x);
	k = __vxm_rem_pio2(x, &r);
	return dd_val(sin_cos_of(k, r, 0));
}

static ld cos_core(ld x)
{
	struct dd r;
	int k;

	if (fabs_ld(x) < 0x1p-33L)
		return 1 - 0x1p-70L;
	k = __vxm_rem_pio2(x, &r);
	return dd_val(sin_cos_of(k, r, 1));
}

static ld tan_core(ld x)
{
	struct dd r, s, c;
	int k;

	if (fabs_ld(x) < 0x1p-33L)		/* x + x^3/3: x */
		return tiny_ret(x);
	k = __vxm_rem_pio2(x, &r);
	s = __vxm_sin_dd(r);
	c = __vxm_cos_dd(r);
	if (k & 1)				/* -cot r */
		return dd_val(dd_neg(dd_div(c, s)));
	return dd_val(dd_div(s, c));
}

DEFINE_MATH1(sin, sin_special, sin_core)
DEFINE_MATH1(cos, cos_special, cos_core)
DEFINE_MATH1(tan, sin_special, tan_core)

/* gcc merges sin(x) and cos(x) of one x into this */
void sincosl(long double x, long double *s, long double *c)
{
	*s = sinl(x);
	*c = cosl(x);
}

void sincos(double x, double *s, double *c)
{
	*s = sin(x);
	*c = cos(x);
}

void sincosf(float x, float *s, float *c)
{
	*s = sinf(x);
	*c = cosf(x);
}
