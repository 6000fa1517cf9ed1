/*
 * zsandbox - compress or decompress stdin to stdout in the zlib format,
 * with zlib running as a sandboxed plug-in: an untrusted codec that the
 * host calls through libvx32's call API (doc/api.md, "Calling a
 * plug-in").
 *
 *   zsandbox [-d] [-0..-9] [-p PLUGIN] [-t SECONDS] [-m SIZE] < in > out
 *   zsandbox --native [-d] [-0..-9] < in > out
 *
 * The plug-in (zlib.vxp) is zlib 1.2.13 from Debian's source package,
 * compiled with `vxcc -shared`, not changed in any way: the host calls
 * zlib's own deflateInit_(), deflate(), inflate() ... on a z_stream and
 * buffers that live in the plug-in's memory.  --native runs the same
 * loop with the same zlib linked into this program, as a reference
 * (make check-examples compares the two byte for byte).
 *
 * Whatever the plug-in does - write anywhere, loop forever, allocate
 * without end, make system calls, lie in its results - it cannot touch
 * this process: its memory is its own, a fault or its CPU-time and
 * memory limits end the call, and every value it hands back is checked
 * before use.  examples/zlib/evil.c is such a plug-in.
 *
 * Exit status: 0 done; 1 usage or I/O error; 2 bad compressed data;
 * 3 the plug-in trapped or misbehaved (reported, and contained).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "vx32.h"

#define CHUNK	(256u << 10)

static const char *prog = "zsandbox";

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* ---------------------------------------------------------------- the host's own data */

/*
 * A canary: host data that a plug-in able to reach host memory would
 * be likely to hit.  Checked after any trouble with the plug-in.
 */
static unsigned char canary[4096];

static void canary_set(void)
{
	for (size_t i = 0; i < sizeof canary; i++)
		canary[i] = (unsigned char)(i * 131 + 7);
}

static int canary_ok(void)
{
	for (size_t i = 0; i < sizeof canary; i++)
		if (canary[i] != (unsigned char)(i * 131 + 7))
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- z_stream in the guest */

/* zlib's z_stream as i386 lays it out: pointers and longs are 4 bytes. */
struct zstream32 {
	uint32_t next_in, avail_in, total_in;
	uint32_t next_out, avail_out, total_out;
	uint32_t msg, state, zalloc, zfree, opaque;
	int32_t data_type;
	uint32_t adler, reserved;
};
_Static_assert(sizeof(struct zstream32) == 56, "i386 z_stream");

/* A stream: zlib in the plug-in, or (native) linked in. */
struct zs {
	int native, compress;
	/* native */
	z_stream n;
	unsigned char *nin, *nout;
	/* sandboxed */
	vxproc *p;
	uint32_t fn_run, fn_end;	/* deflate/inflate, ...End */
	uint32_t strm, in, out;		/* guest addresses */
	struct zstream32 s;		/* host copy of the guest's z_stream */
	uint64_t cpu_ns;		/* CPU-time limit of each call */
};

/* The plug-in misbehaved or trapped: say so, check ourselves, stop. */
static void __attribute__((noreturn)) hostile(struct zs *z, const char *fn,
					       const char *what)
{
	fprintf(stderr, "%s: the plug-in failed in %s(): %s\n", prog, fn, what);
	fprintf(stderr, "%s: contained: the host's memory is %s; the plug-in "
		"used %llu bytes of its %llu-byte limit\n", prog,
		canary_ok() ? "intact" : "DAMAGED",
		(unsigned long long)vxmem_mapped(z->p),
		(unsigned long long)vxproc_getlimit(z->p, VXLIMIT_MEMORY));
	exit(3);
}

static uint32_t sym(struct zs *z, const char *name)
{
	uint32_t a = vxproc_sym(z->p, name);

	if (!a)
		die(3, "the plug-in lacks %s: %s", name, vxproc_error(z->p));
	return a;
}

/* Call fn(strm, arg): the guest's z_stream is written before and read
   back after.  Returns fn's int result. */
static int zcall(struct zs *z, const char *name, uint32_t fn, int nargs,
		 uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct vxarg a[] = { VXARG_PTR(z->strm), VXARG_U32(a1), VXARG_U32(a2),
			     VXARG_U32(a3) };
	struct vxret r;

	if (vxmem_write(z->p, &z->s, z->strm, sizeof z->s) < 0)
		hostile(z, name, "its z_stream is no longer writable");
	if (z->cpu_ns)
		vxproc_setlimit(z->p, VXLIMIT_CPUTIME, z->cpu_ns);
	switch (vxproc_call(z->p, fn, a, nargs, &r)) {
	case 1:
		hostile(z, name, vxproc_error(z->p));
	case -1:
		die(1, "cannot call %s: %s", name, vxproc_error(z->p));
	}
	if (vxmem_read(z->p, &z->s, z->strm, sizeof z->s) < 0)
		hostile(z, name, "its z_stream is no longer readable");
	return (int)r.eax;
}

static void zs_open_plugin(struct zs *z, const char *path, int level,
			   uint64_t mem, double secs)
{
	const char *version = ZLIB_VERSION;
	uint32_t ver;
	int r;

	if (vx32_init() < 0 || !(z->p = vxproc_alloc()))
		die(1, "cannot create a guest: %s", vxproc_error(NULL));
	vxproc_setlimit(z->p, VXLIMIT_MEMORY, mem);
	if (vxproc_loadplugin(z->p, path) < 0)
		die(1, "%s: %s", path, vxproc_error(z->p));
	z->cpu_ns = (uint64_t)(secs * 1e9);
	z->fn_run = sym(z, z->compress ? "deflate" : "inflate");
	z->fn_end = sym(z, z->compress ? "deflateEnd" : "inflateEnd");
	/* The stream and its buffers, from the plug-in's own malloc. */
	if (!(z->strm = vxmem_alloc(z->p, sizeof z->s)) ||
	    !(z->in = vxmem_alloc(z->p, CHUNK)) ||
	    !(z->out = vxmem_alloc(z->p, CHUNK)) ||
	    !(ver = vxmem_dup(z->p, version, strlen(version) + 1)))
		die(3, "the plug-in cannot allocate: %s", vxproc_error(z->p));
	memset(&z->s, 0, sizeof z->s);
	if (z->compress)
		r = zcall(z, "deflateInit_", sym(z, "deflateInit_"), 4, level,
			  ver, sizeof z->s);
	else
		r = zcall(z, "inflateInit_", sym(z, "inflateInit_"), 3, ver,
			  sizeof z->s, 0);
	if (r != Z_OK)
		die(3, "the plug-in's %sInit_ failed: %d", z->compress ?
		    "deflate" : "inflate", r);
}

static void zs_open_native(struct zs *z, int level)
{
	int r;

	z->nin = malloc(CHUNK);
	z->nout = malloc(CHUNK);
	if (!z->nin || !z->nout)
		die(1, "out of memory");
	r = z->compress ? deflateInit(&z->n, level) : inflateInit(&z->n);
	if (r != Z_OK)
		die(1, "zlib init failed: %d", r);
}

/* Where the next input goes: CHUNK bytes. */
static unsigned char *zs_inbuf(struct zs *z)
{
	unsigned char *b;

	if (z->native)
		return z->nin;
	if (!(b = vxmem_hostptr(z->p, z->in, CHUNK, VXPERM_WRITE)))
		hostile(z, "(between calls)", "its input buffer is gone");
	return b;
}

static void zs_input(struct zs *z, unsigned n)
{
	if (z->native) {
		z->n.next_in = z->nin;
		z->n.avail_in = n;
	} else {
		z->s.next_in = z->in;
		z->s.avail_in = n;
	}
}

/*
 * One call of deflate/inflate with a fresh output buffer: its result;
 * the output it made in *out, *have; input left in *left.  Everything
 * the plug-in says is checked against what it was given.
 */
static int zs_step(struct zs *z, int flush, const unsigned char **out,
		   unsigned *have, unsigned *left)
{
	const char *fn = z->compress ? "deflate" : "inflate";
	unsigned before;
	int r;

	if (z->native) {
		z->n.next_out = z->nout;
		z->n.avail_out = CHUNK;
		r = z->compress ? deflate(&z->n, flush) : inflate(&z->n, flush);
		*out = z->nout;
		*have = CHUNK - z->n.avail_out;
		*left = z->n.avail_in;
		return r;
	}
	before = z->s.avail_in;
	z->s.next_out = z->out;
	z->s.avail_out = CHUNK;
	r = zcall(z, fn, z->fn_run, 2, flush, 0, 0);
	if (z->s.avail_out > CHUNK || z->s.avail_in > before ||
	    z->s.next_out != z->out + (CHUNK - z->s.avail_out))
		hostile(z, fn, "it returned a z_stream that does not match the "
			"buffers it was given");
	*have = CHUNK - z->s.avail_out;
	*left = z->s.avail_in;
	if (!(*out = vxmem_hostptr(z->p, z->out, CHUNK, VXPERM_READ)))
		hostile(z, fn, "its output buffer is gone");
	return r;
}

/* zlib's message for a failed inflate, from the guest or natively. */
static const char *zs_msg(struct zs *z, char *buf, size_t len)
{
	long n;

	if (z->native)
		return z->n.msg ? z->n.msg : "no message";
	if (!z->s.msg || (n = vxmem_strlen(z->p, z->s.msg, len - 1)) < 0 ||
	    vxmem_read(z->p, buf, z->s.msg, n) < 0)
		return "no message";
	buf[n] = 0;
	return buf;
}

static void zs_close(struct zs *z)
{
	if (z->native) {
		z->compress ? deflateEnd(&z->n) : inflateEnd(&z->n);
		free(z->nin);
		free(z->nout);
		return;
	}
	zcall(z, z->compress ? "deflateEnd" : "inflateEnd", z->fn_end, 1,
	      0, 0, 0);
	vxproc_free(z->p);
}

/* ---------------------------------------------------------------- the filter */

/* Read up to n bytes (less only at the end of the input). */
static size_t read_full(unsigned char *b, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(0, b + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(1, "read: %s", strerror(errno));
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

static void write_full(const unsigned char *b, size_t n)
{
	while (n) {
		ssize_t r = write(1, b, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(1, "write: %s", strerror(errno));
		b += r;
		n -= r;
	}
}

static void compress_stream(struct zs *z)
{
	const unsigned char *out;
	unsigned have, left;
	int flush;

	do {
		size_t n = read_full(zs_inbuf(z), CHUNK);
		flush = n < CHUNK ? Z_FINISH : Z_NO_FLUSH;
		zs_input(z, n);
		do {
			int r = zs_step(z, flush, &out, &have, &left);
			if (r == Z_STREAM_ERROR)
				die(3, "deflate: stream error");
			write_full(out, have);
		} while (have == CHUNK);
		if (left)
			die(3, "deflate left %u bytes of input unused", left);
	} while (flush != Z_FINISH);
}

static void decompress_stream(struct zs *z)
{
	const unsigned char *out;
	unsigned have, left;
	char msg[200];
	int r = Z_OK;

	do {
		size_t n = read_full(zs_inbuf(z), CHUNK);
		if (n == 0)
			die(2, "unexpected end of the compressed data");
		zs_input(z, n);
		do {
			r = zs_step(z, Z_NO_FLUSH, &out, &have, &left);
			if (r == Z_NEED_DICT || r == Z_DATA_ERROR ||
			    r == Z_MEM_ERROR || r == Z_STREAM_ERROR)
				die(2, "inflate: %s (%d)", zs_msg(z, msg,
				    sizeof msg), r);
			write_full(out, have);
		} while (have == CHUNK);
	} while (r != Z_STREAM_END);
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: %s [--native] [-d] [-0..-9] [-p PLUGIN] "
		"[-t SECONDS] [-m MiB] < in > out\n", prog);
	exit(1);
}

/* The plug-in next to this program, where `make examples` puts it. */
static const char *default_plugin(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
	char *slash;

	if (n <= 0)
		return "zlib.vxp";
	path[n] = 0;
	slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "zlib.vxp");
	return path;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "native", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	struct zs z = { 0 };
	const char *plugin = NULL;
	double secs = 10;
	uint64_t mem = 256u << 20;
	int level = Z_DEFAULT_COMPRESSION, opt;

	z.compress = 1;
	while ((opt = getopt_long(argc, argv, "d0123456789p:t:m:", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'N': z.native = 1; break;
		case 'd': z.compress = 0; break;
		case 'p': plugin = optarg; break;
		case 't': secs = atof(optarg); break;
		case 'm': mem = (uint64_t)atoi(optarg) << 20; break;
		case '?': usage(); break;
		default: level = opt - '0'; break;
		}
	}
	if (optind != argc || !(secs >= 0) || !mem)
		usage();
	canary_set();
	if (z.native)
		zs_open_native(&z, level);
	else
		zs_open_plugin(&z, plugin ? plugin : default_plugin(), level,
			       mem, secs);
	if (z.compress)
		compress_stream(&z);
	else
		decompress_stream(&z);
	zs_close(&z);
	return 0;
}
