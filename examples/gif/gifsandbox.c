/*
 * gifsandbox - decode a GIF picture (stdin) into a PPM image (stdout)
 * with giflib's decoder running as a sandboxed plug-in.
 *
 *   gifsandbox [-p PLUGIN] [-t SECONDS] [-m MiB] < in.gif > out.ppm
 *   gifsandbox --native < in.gif > out.ppm
 *
 * Image decoders are the classic place where hostile input becomes
 * code execution; here the decoder (gif.vxp: giflib 5.2.1 from Debian's
 * source package plus examples/gif/decode.c, built with vxcc -shared)
 * can only reach its own memory.  It pulls the file from the host
 * through a callback (GIF_CB_READ: the host copies the next bytes into
 * the buffer the decoder names, after checking that it is the
 * decoder's to write) and hands up the file's comments through another
 * (GIF_CB_COMMENT, printed on stderr).  --native is the same decoder
 * linked in, for comparison.
 *
 * Exit status: 0 done; 1 usage or I/O error; 2 the file is not a GIF
 * giflib can read (its message on stderr); 3 the plug-in trapped or
 * misbehaved (reported).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vx32.h"
#include "decode.h"

static const char *prog = "gifsandbox";

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

/* The whole input, and how far the decoder has read. */
static unsigned char *input;
static size_t input_len, input_pos;

static void slurp(void)
{
	size_t cap = 1 << 16;

	input = malloc(cap);
	for (;;) {
		if (!input)
			die(1, "out of memory");
		ssize_t n = read(0, input + input_len, cap - input_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(1, "read: %s", strerror(errno));
		if (n == 0)
			break;
		input_len += n;
		if (input_len == cap)
			input = realloc(input, cap *= 2);
	}
}

/* Up to n more bytes of the input: how many. */
static size_t next_input(size_t n)
{
	if (n > input_len - input_pos)
		n = input_len - input_pos;
	input_pos += n;
	return n;
}

static void print_comment(const char *s, int n)
{
	fprintf(stderr, "%s: comment: %.*s\n", prog, n, s);
}

static void write_ppm(unsigned w, unsigned h, const unsigned char *px)
{
	printf("P6\n%u %u\n255\n", w, h);
	if (fwrite(px, 3, (size_t)w * h, stdout) != (size_t)w * h ||
	    fflush(stdout) != 0)
		die(1, "write: %s", strerror(errno));
}

/* ---------------------------------------------------------------- native */

static int native_read(unsigned char *buf, int n)
{
	size_t at = input_pos, got = next_input(n < 0 ? 0 : n);

	memcpy(buf, input + at, got);
	return (int)got;
}

static int run_native(void)
{
	int err;

	gif_set_callbacks(native_read, print_comment);
	if ((err = gif_decode()) != 0)
		die(2, "not a readable GIF: %s", gif_error(err));
	write_ppm(gif_width(), gif_height(), gif_pixels());
	gif_done();
	return 0;
}

/* ---------------------------------------------------------------- sandboxed */

/* GIF_CB_READ(buf, n): the decoder's buffer is a guest address; the
   host writes only what vxmem_write() finds the guest may write. */
static uint64_t cb_read(vxproc *p, void *user, const uint32_t *arg,
			uint32_t at)
{
	uint32_t buf = arg[0], n = arg[1];
	size_t from = input_pos, got;

	if ((int32_t)n < 0)
		return (uint64_t)-1;
	got = next_input(n);
	if (got && vxmem_write(p, input + from, buf, got) < 0) {
		fprintf(stderr, "%s: the decoder asked for input into memory "
			"that is not its own (0x%08x)\n", prog, buf);
		vxproc_interrupt(p);	/* end the call */
		return (uint64_t)-1;
	}
	return got;
}

/* GIF_CB_COMMENT(text, len): read the text out of the guest. */
static uint64_t cb_comment(vxproc *p, void *user, const uint32_t *arg,
			   uint32_t at)
{
	char buf[256];
	uint32_t n = arg[1] < sizeof buf ? arg[1] : sizeof buf;

	if (vxmem_read(p, buf, arg[0], n) == (int)n)
		print_comment(buf, (int)n);
	return 0;
}

/* Call a function of the decoder without arguments, or of one. */
static uint32_t call(vxproc *p, const char *fn, int nargs, uint32_t a)
{
	struct vxarg arg = VXARG_U32(a);
	struct vxret r;
	uint32_t addr = vxproc_sym(p, fn);

	if (!addr)
		die(3, "the plug-in lacks %s: %s", fn, vxproc_error(p));
	switch (vxproc_call(p, addr, &arg, nargs, &r)) {
	case 1:
		die(3, "the decoder failed in %s(): %s", fn, vxproc_error(p));
	case -1:
		die(1, "cannot call %s: %s", fn, vxproc_error(p));
	}
	return r.eax;
}

static int run_plugin(const char *path, double secs, uint64_t mem)
{
	vxproc *p;
	uint32_t err, w, h, px;
	const unsigned char *pixels;
	char msg[200];
	long n;

	if (vx32_init() < 0 || !(p = vxproc_alloc()))
		die(1, "cannot create a guest: %s", vxproc_error(NULL));
	vxproc_setlimit(p, VXLIMIT_MEMORY, mem);
	if (vxproc_loadplugin(p, path) < 0)
		die(1, "%s: %s", path, vxproc_error(p));
	vxproc_setcallback(p, GIF_CB_READ, cb_read, NULL);
	vxproc_setcallback(p, GIF_CB_COMMENT, cb_comment, NULL);
	if (secs > 0)
		vxproc_setlimit(p, VXLIMIT_CPUTIME, (uint64_t)(secs * 1e9));

	if ((err = call(p, "gif_decode", 0, 0)) != 0) {
		uint32_t s = call(p, "gif_error", 1, err);
		if ((n = vxmem_strlen(p, s, sizeof msg - 1)) < 0 ||
		    vxmem_read(p, msg, s, n) < 0)
			n = snprintf(msg, sizeof msg, "error %u", err);
		msg[n] = 0;
		die(2, "not a readable GIF: %s", msg);
	}
	w = call(p, "gif_width", 0, 0);
	h = call(p, "gif_height", 0, 0);
	px = call(p, "gif_pixels", 0, 0);
	/* The decoder's numbers are untrusted: the canvas must be its own
	   readable memory of exactly that size. */
	if (!w || !h || (uint64_t)w * h > GIF_MAX_PIXELS ||
	    !(pixels = vxmem_hostptr(p, px, w * h * 3, VXPERM_READ)))
		die(3, "the decoder returned a %ux%u canvas at 0x%08x that is "
		    "not its own memory", w, h, px);
	write_ppm(w, h, pixels);
	vxproc_free(p);
	return 0;
}

/* gif.vxp next to this program, where `make examples` puts it. */
static const char *default_plugin(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
	char *slash;

	if (n <= 0)
		return "gif.vxp";
	path[n] = 0;
	slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "gif.vxp");
	return path;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "native", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	const char *plugin = NULL;
	int native = 0, opt;
	double secs = 10;
	uint64_t mem = 512u << 20;

	while ((opt = getopt_long(argc, argv, "p:t:m:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'N': native = 1; break;
		case 'p': plugin = optarg; break;
		case 't': secs = atof(optarg); break;
		case 'm': mem = (uint64_t)atoi(optarg) << 20; break;
		default:
			fprintf(stderr, "usage: %s [--native] [-p PLUGIN] "
				"[-t SECONDS] [-m MiB] < in.gif > out.ppm\n",
				prog);
			return 1;
		}
	}
	slurp();
	if (native)
		return run_native();
	return run_plugin(plugin ? plugin : default_plugin(), secs, mem);
}
