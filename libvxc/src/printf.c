/* printf.c - formatted output to streams. */
#include <string.h>
#include "stdio_impl.h"

/*
 * An unbuffered stream (stderr) would see one write per piece of the
 * format; gather pieces here so a message usually leaves in one write.
 */
struct gather {
	FILE *f;
	size_t len;
	char buf[256];
};

static void to_gather(void *ctx, const char *s, size_t n)
{
	struct gather *g = ctx;

	if (g->len + n > sizeof(g->buf)) {
		fwrite(g->buf, 1, g->len, g->f);
		g->len = 0;
		if (n > sizeof(g->buf)) {
			fwrite(s, 1, n, g->f);
			return;
		}
	}
	memcpy(g->buf + g->len, s, n);
	g->len += n;
}

static void to_file(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
{
	struct gather g;
	int n;

	if (f->mode == _IOFBF && f->size) {
		n = __vxc_format(to_file, f, fmt, ap);
	} else {
		g.f = f;
		g.len = 0;
		n = __vxc_format(to_gather, &g, fmt, ap);
		fwrite(g.buf, 1, g.len, f);
	}
	return ferror(f) ? -1 : n;
}

int vprintf(const char *__restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *__restrict f, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}
