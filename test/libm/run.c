/*
 * run.c - the guest side of the libm test: reads blocks of arguments
 * (test/libm/check.c writes them), calls the function each names in the
 * block's rounding mode, and writes back each argument record with the
 * result, the exception flags raised and errno.  Built with vxcc for
 * vxrun and with vxcc --target=linux.
 */
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "funcs.h"

typedef long double ld;

#define F(name, base, type, kind) { #name, type, kind, (void (*)(void))name },
static const struct func {
	const char *name;
	char type;
	enum kind kind;
	void (*fn)(void);
} funcs[] = { FUNCS(F) };
#undef F

#define NFUNCS (sizeof(funcs) / sizeof(funcs[0]))

static int err_code(int e)
{
	return e == 0 ? E_NONE : e == EDOM ? E_DOM : e == ERANGE ? E_RANGE
		: E_OTHER;
}

static ld get(const unsigned char *p, char t)
{
	float f;
	double d;
	ld l = 0;

	switch (t) {
	case 'f': memcpy(&f, p, 4); return f;
	case 'd': memcpy(&d, p, 8); return d;
	default: memcpy(&l, p, 10); return l;
	}
}

static void put(unsigned char *p, ld v, char t)
{
	float f = v;
	double d = v;

	switch (t) {
	case 'f': memcpy(p, &f, 4); break;
	case 'd': memcpy(p, &d, 8); break;
	default: memcpy(p, &v, 10); break;
	}
}

/* The arguments are passed straight from the record's bytes (a float or
 * double sNaN must reach the function as it is): loaded with memcpy. */
#define ARG(T, i)	({ T v_; memcpy(&v_, in + 16 * (i), sizeof(T)); v_; })

#define CALLS(T) \
	switch (f->kind) { \
	case K_1: \
		r0 = ((T (*)(T))f->fn)(ARG(T, 0)); break; \
	case K_2: \
		r0 = ((T (*)(T, T))f->fn)(ARG(T, 0), ARG(T, 1)); break; \
	case K_FMA: \
		r0 = ((T (*)(T, T, T))f->fn)(ARG(T, 0), ARG(T, 1), \
					     ARG(T, 2)); break; \
	case K_I: \
		r0 = ((T (*)(T, int))f->fn)(ARG(T, 0), ARG(int, 1)); break; \
	case K_LONG: \
		r0 = ((T (*)(T, long))f->fn)(ARG(T, 0), ARG(long, 1)); break; \
	case K_PI: \
		r0 = ((T (*)(T, int *))f->fn)(ARG(T, 0), &iv); ir = iv; break; \
	case K_PT: { \
		T t_; \
		r0 = ((T (*)(T, T *))f->fn)(ARG(T, 0), &t_); r1 = t_; break; } \
	case K_QUO: \
		r0 = ((T (*)(T, T, int *))f->fn)(ARG(T, 0), ARG(T, 1), &iv); \
		ir = iv; break; \
	case K_ILOGB: \
		ir = ((int (*)(T))f->fn)(ARG(T, 0)); break; \
	case K_L: \
		ir = ((long (*)(T))f->fn)(ARG(T, 0)); break; \
	case K_LL: \
		ir = ((long long (*)(T))f->fn)(ARG(T, 0)); break; \
	case K_TOW: \
		r0 = ((T (*)(T, ld))f->fn)(ARG(T, 0), ARG(ld, 1)); break; \
	case K_SC: { \
		T s_, c_; \
		((void (*)(T, T *, T *))f->fn)(ARG(T, 0), &s_, &c_); \
		r0 = s_; r1 = c_; break; } \
	case K_NAN: \
		r0 = ((T (*)(const char *))f->fn)((const char *)in); break; \
	}

static void call(const struct func *f, const unsigned char *in,
		 unsigned char *out)
{
	ld r0 = 0, r1 = 0;
	long long ir = 0;
	int iv = 0, flags, e;

	errno = 0;
	feclearexcept(FE_ALL_EXCEPT);
	switch (f->type) {
	case 'f': CALLS(float) break;
	case 'd': CALLS(double) break;
	default: CALLS(ld) break;
	}
	flags = fetestexcept(FE_ALL_EXCEPT);
	e = errno;
	if (f->kind == K_1 && !strncmp(f->name, "lgamma", 6))
		ir = signgam;
	memcpy(out, in, LIBM_IN(0));
	memset(out + LIBM_IN(0), 0, LIBM_OUT(0) - LIBM_IN(0));
	/* r0 and r1 are exact copies: float and double values convert to
	 * long double and back without change (NaN payloads included) */
	put(out + LIBM_IN(0), r0, f->type);
	put(out + LIBM_IN(0) + 16, r1, f->type);
	memcpy(out + LIBM_IN(0) + 32, &ir, 8);
	out[LIBM_IN(0) + 40] = flags;
	out[LIBM_IN(0) + 41] = err_code(e);
}

int main(void)
{
	static unsigned char in[LIBM_IN(0)], out[LIBM_OUT(0)];
	struct libm_block b;
	unsigned i;

	(void)get;
	while (fread(&b, sizeof(b), 1, stdin) == 1) {
		if (b.magic != LIBM_MAGIC || b.fid >= NFUNCS) {
			fprintf(stderr, "libm-run: bad block header\n");
			return 2;
		}
		fwrite(&b, sizeof(b), 1, stdout);
		if (fesetround(b.round)) {
			fprintf(stderr, "libm-run: bad rounding mode\n");
			return 2;
		}
		for (i = 0; i < b.count; i++) {
			if (fread(in, sizeof(in), 1, stdin) != 1) {
				fprintf(stderr, "libm-run: short input\n");
				return 2;
			}
			call(&funcs[b.fid], in, out);
			fwrite(out, sizeof(out), 1, stdout);
		}
		fesetround(FE_TONEAREST);
	}
	return 0;
}
