/*
 * plugin.c - what the plug-in API costs (doc/perf.md, "Plug-ins"):
 *
 *   pluginbench BENCHPLUG.vxp [ZLIB.vxp]
 *
 * prints one line per figure, "plugin: NAME VALUE UNIT [NOTE]":
 *
 *   nullcall        vxproc_call() of an empty function (ns)
 *   nullcall-fp     the same once the guest has x87/SSE code (ns)
 *   callback        one vx_callback() the host answers at once (ns)
 *   reset-hot       vxproc_reset() after a call that dirtied 64 KiB,
 *                   the same 64 KiB every time (us, median)
 *   reset-cold      the same, 64 KiB elsewhere every time (us)
 *   dirty-call-hot, dirty-call-cold  that call (us)
 *   fault           the cost of one write fault, from the two (us)
 *   zlib-native, zlib-plugin  CPU seconds to compress 50 MiB of text
 *                   (level 6, 256 KiB chunks) with zlib linked in and as
 *                   a plug-in; zlib-ratio plug-in / native; the same
 *                   for decompression (zlib-inflate-*)
 *
 * Times are the best of several batches (CLOCK_MONOTONIC) for calls,
 * medians for resets, the best of three of the process's CPU time for
 * zlib.  The zlib outputs must be
 * byte-identical, or the line says WRONG and the status is 1.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "vx32.h"

#define BATCHES	5
#define CHUNK	(256u << 10)
#define ZSIZE	(50u << 20)

static double now(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what, vxproc *p)
{
	fprintf(stderr, "pluginbench: %s%s%s\n", what, p ? ": " : "",
		p ? vxproc_error(p) : "");
	exit(1);
}

static vxproc *load(const char *path)
{
	vxproc *p = vxproc_alloc();

	if (!p)
		die("vxproc_alloc", NULL);
	vxproc_setlimit(p, VXLIMIT_SPACE, 512u << 20);
	vxproc_setlimit(p, VXLIMIT_STACK, 1u << 20);
	if (vxproc_loadplugin(p, path) < 0)
		die(path, p);
	return p;
}

static uint32_t sym(vxproc *p, const char *name)
{
	uint32_t a = vxproc_sym(p, name);

	if (!a)
		die(name, p);
	return a;
}

static void call(vxproc *p, uint32_t fn, struct vxarg *a, int n,
		 struct vxret *r)
{
	if (vxproc_call(p, fn, a, n, r) != 0)
		die("call", p);
}

static uint64_t cb_zero(vxproc *p, void *u, const uint32_t *a, uint32_t at)
{
	return 1;
}

/* ns per null call, best of BATCHES. */
static double nullcalls(vxproc *p, uint32_t fn, long n)
{
	struct vxret r;
	double best = 1e30;

	for (int b = 0; b < BATCHES; b++) {
		double t0 = now(CLOCK_MONOTONIC);
		for (long i = 0; i < n; i++)
			call(p, fn, NULL, 0, &r);
		double t = (now(CLOCK_MONOTONIC) - t0) / n;
		if (t < best)
			best = t;
	}
	return best * 1e9;
}

static void bench_calls(const char *path)
{
	vxproc *p = load(path);
	uint32_t nothing = sym(p, "nothing"), cbs = sym(p, "callbacks");
	struct vxarg a = VXARG_U32(1000000);
	struct vxret r;
	double best = 1e30;

	call(p, nothing, NULL, 0, &r);
	printf("plugin: nullcall %.1f ns\n", nullcalls(p, nothing, 1000000));
	vxproc_setcallback(p, 0, cb_zero, NULL);
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now(CLOCK_MONOTONIC);
		call(p, cbs, &a, 1, &r);
		double t = (now(CLOCK_MONOTONIC) - t0) / 1000000;
		if (r.eax != 1000000)
			die("callbacks returned a wrong sum", NULL);
		if (t < best)
			best = t;
	}
	printf("plugin: callback %.1f ns\n", best * 1e9);

	/* Now with x87/SSE code translated: every entry and exit switches
	   the x87/SSE state. */
	struct vxarg d = VXARG_DBL(3.0);
	call(p, sym(p, "half"), &d, 1, &r);
	if (!r.st0_valid || r.st0 != 1.5)
		die("half(3) is not 1.5", NULL);
	printf("plugin: nullcall-fp %.1f ns\n", nullcalls(p, nothing, 1000000));
	vxproc_free(p);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof *v, by_value);
	return v[n / 2];
}

/*
 * us for a reset after a call that dirtied 64 KiB: the same 64 KiB
 * every time (hot: those pages stay writable, the reset compares and
 * copies them), or a new place every time (cold: the call takes write
 * faults, the reset copies and protects).  Medians of 1000 rounds.
 */
static void bench_reset(const char *path)
{
	enum { ROUNDS = 1000 };
	vxproc *p = load(path);
	uint32_t dirty = sym(p, "dirty");
	struct vxret r;
	static double rh[ROUNDS], rc[ROUNDS], ch[ROUNDS], cc[ROUNDS];

	if (vxproc_snapshot(p) < 0)
		die("snapshot", p);
	for (int i = -10; i < 2 * ROUNDS; i++) {
		int cold = i >= ROUNDS;
		uint32_t off = cold ? (uint32_t)(i % 200) * (80 << 10) : 0;
		struct vxarg a[] = { VXARG_U32(off), VXARG_U32(64 << 10) };
		double t0 = now(CLOCK_MONOTONIC);
		call(p, dirty, a, 2, &r);
		double t1 = now(CLOCK_MONOTONIC);
		if (vxproc_reset(p) < 0)
			die("reset", p);
		double t2 = now(CLOCK_MONOTONIC);
		if (i < 0)
			continue;	/* warm-up */
		(cold ? rc : rh)[i % ROUNDS] = (t2 - t1) * 1e6;
		(cold ? cc : ch)[i % ROUNDS] = (t1 - t0) * 1e6;
	}
	double call_hot = median(ch, ROUNDS), call_cold = median(cc, ROUNDS);
	printf("plugin: reset-hot %.1f us\n", median(rh, ROUNDS));
	printf("plugin: reset-cold %.1f us\n", median(rc, ROUNDS));
	printf("plugin: dirty-call-hot %.1f us\n", call_hot);
	printf("plugin: dirty-call-cold %.1f us\n", call_cold);
	/* 64 KiB off the 32 KiB clusters: three faults per cold call. */
	printf("plugin: fault %.1f us\n", (call_cold - call_hot) / 3);
	vxproc_free(p);
}

/* ---------------------------------------------------------------- zlib */

/* Text-like input: words, numbers, punctuation, from a fixed seed. */
static unsigned char *make_text(size_t n)
{
	static const char *const w[] = { "the", "of", "and", "a", "to",
		"in", "is", "you", "that", "it", "he", "was", "for", "on",
		"are", "as", "with", "his", "they", "at", "be", "this",
		"have", "from", "or", "one", "had", "by", "word", "but",
		"not", "what", "all", "were", "we", "when", "your", "can",
		"said", "there", "use", "an", "each", "which", "she", "do",
		"how", "their", "if", "will", "up", "other", "about", "out",
		"many", "then", "them", "these", "so", "some", "her",
		"would", "make", "like", "him", "into", "time", "has",
		"look", "two", "more", "write", "go", "see", "number" };
	unsigned char *b = malloc(n);
	uint32_t s = 12345;
	size_t at = 0;

	while (b && at < n) {
		char tok[32];
		int len;
		s = s * 1103515245 + 12345;
		if ((s >> 16) % 20 == 0)
			len = snprintf(tok, sizeof tok, "%u", s % 100000);
		else
			len = snprintf(tok, sizeof tok, "%s",
				       w[(s >> 8) % (sizeof w / sizeof w[0])]);
		s = s * 1103515245 + 12345;
		tok[len++] = (s >> 16) % 12 == 0 ? '\n' :
			     (s >> 16) % 12 == 1 ? ',' : ' ';
		for (int i = 0; i < len && at < n; i++)
			b[at++] = tok[i];
	}
	return b;
}

/* zlib's z_stream, i386 layout (examples/zlib/zsandbox.c). */
struct zs32 {
	uint32_t next_in, avail_in, total_in, next_out, avail_out, total_out;
	uint32_t msg, state, zalloc, zfree, opaque;
	int32_t data_type;
	uint32_t adler, reserved;
};

struct zplug {
	vxproc *p;
	uint32_t strm, in, out, ver;
	struct zs32 s;
};

static int zcall(struct zplug *z, uint32_t fn, int n, uint32_t a1,
		 uint32_t a2, uint32_t a3)
{
	struct vxarg a[] = { VXARG_U32(z->strm), VXARG_U32(a1), VXARG_U32(a2),
			     VXARG_U32(a3) };
	struct vxret r;

	vxmem_write(z->p, &z->s, z->strm, sizeof z->s);
	call(z->p, fn, a, n, &r);
	vxmem_read(z->p, &z->s, z->strm, sizeof z->s);
	return (int)r.eax;
}

/* Run src through deflate (or inflate) in CHUNK pieces, into dst:
   the length out.  Native when z is NULL. */
static size_t zrun(struct zplug *z, int compress, const unsigned char *src,
		   size_t n, unsigned char *dst, size_t cap)
{
	size_t out = 0;

	if (!z) {
		z_stream s;
		unsigned char *ib = malloc(CHUNK), *ob = malloc(CHUNK);
		memset(&s, 0, sizeof s);
		compress ? deflateInit(&s, 6) : inflateInit(&s);
		for (size_t at = 0; at < n;) {
			size_t k = n - at < CHUNK ? n - at : CHUNK;
			memcpy(ib, src + at, k);
			at += k;
			s.next_in = ib;
			s.avail_in = k;
			do {
				s.next_out = ob;
				s.avail_out = CHUNK;
				compress ? deflate(&s, at == n ? Z_FINISH :
						   Z_NO_FLUSH) :
					   inflate(&s, Z_NO_FLUSH);
				size_t h = CHUNK - s.avail_out;
				if (out + h > cap)
					die("output too large", NULL);
				memcpy(dst + out, ob, h);
				out += h;
			} while (s.avail_out == 0);
		}
		compress ? deflateEnd(&s) : inflateEnd(&s);
		free(ib);
		free(ob);
		return out;
	}
	uint32_t run = sym(z->p, compress ? "deflate" : "inflate");
	memset(&z->s, 0, sizeof z->s);
	if (compress)
		zcall(z, sym(z->p, "deflateInit_"), 4, 6, z->ver, sizeof z->s);
	else
		zcall(z, sym(z->p, "inflateInit_"), 3, z->ver, sizeof z->s, 0);
	for (size_t at = 0; at < n;) {
		size_t k = n - at < CHUNK ? n - at : CHUNK;
		memcpy(vxmem_hostptr(z->p, z->in, k, VXPERM_WRITE), src + at, k);
		at += k;
		z->s.next_in = z->in;
		z->s.avail_in = k;
		do {
			z->s.next_out = z->out;
			z->s.avail_out = CHUNK;
			zcall(z, run, 2, compress && at == n ? Z_FINISH :
			      Z_NO_FLUSH, 0, 0);
			size_t h = CHUNK - z->s.avail_out;
			if (out + h > cap || z->s.avail_out > CHUNK)
				die("output too large", NULL);
			memcpy(dst + out, vxmem_hostptr(z->p, z->out, h,
			       VXPERM_READ), h);
			out += h;
		} while (z->s.avail_out == 0);
	}
	zcall(z, sym(z->p, compress ? "deflateEnd" : "inflateEnd"), 1, 0, 0, 0);
	return out;
}

/* Best CPU seconds of 3 runs; the output of the last in *len. */
static double ztime(struct zplug *z, int compress, const unsigned char *src,
		    size_t n, unsigned char *dst, size_t cap, size_t *len)
{
	double best = 1e30;

	for (int i = 0; i < 3; i++) {
		double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
		*len = zrun(z, compress, src, n, dst, cap);
		double t = now(CLOCK_PROCESS_CPUTIME_ID) - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static int bench_zlib(const char *path)
{
	struct zplug z = { .p = load(path) };
	unsigned char *text = make_text(ZSIZE);
	size_t cap = compressBound(ZSIZE), ln, lp, dn, dp;
	unsigned char *zn = malloc(cap), *zp = malloc(cap);
	unsigned char *un = malloc(ZSIZE), *up = malloc(ZSIZE);
	int wrong = 0;

	if (!text || !zn || !zp || !un || !up)
		die("out of memory", NULL);
	vxproc_setlimit(z.p, VXLIMIT_MEMORY, 256u << 20);
	if (!(z.strm = vxmem_alloc(z.p, sizeof z.s)) ||
	    !(z.in = vxmem_alloc(z.p, CHUNK)) ||
	    !(z.out = vxmem_alloc(z.p, CHUNK)) ||
	    !(z.ver = vxmem_dup(z.p, ZLIB_VERSION, sizeof ZLIB_VERSION)))
		die("vxmem_alloc", z.p);
	double tn = ztime(NULL, 1, text, ZSIZE, zn, cap, &ln);
	double tp = ztime(&z, 1, text, ZSIZE, zp, cap, &lp);
	if (ln != lp || memcmp(zn, zp, ln) != 0)
		wrong = 1;
	printf("plugin: zlib-native %.3f s %zu bytes\n", tn, ln);
	printf("plugin: zlib-plugin %.3f s %zu bytes%s\n", tp, lp,
	       wrong ? " WRONG: differs from native zlib" : "");
	printf("plugin: zlib-ratio %.2f\n", tp / tn);
	double dn_t = ztime(NULL, 0, zn, ln, un, ZSIZE, &dn);
	double dp_t = ztime(&z, 0, zn, ln, up, ZSIZE, &dp);
	if (dn != ZSIZE || dp != ZSIZE || memcmp(un, text, ZSIZE) ||
	    memcmp(up, text, ZSIZE)) {
		printf("plugin: zlib-inflate WRONG: not the input back\n");
		wrong = 1;
	}
	printf("plugin: zlib-inflate-native %.3f s\n", dn_t);
	printf("plugin: zlib-inflate-plugin %.3f s\n", dp_t);
	printf("plugin: zlib-inflate-ratio %.2f\n", dp_t / dn_t);
	vxproc_free(z.p);
	return wrong;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pluginbench BENCHPLUG.vxp [ZLIB.vxp]\n");
		return 2;
	}
	if (vx32_init() < 0)
		die("vx32_init", NULL);
	printf("plugin: backend %s\n", vx32_backendname(vx32_backend()));
	bench_calls(argv[1]);
	bench_reset(argv[1]);
	return argc == 3 ? bench_zlib(argv[2]) : 0;
}
