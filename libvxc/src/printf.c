/* printf.c - formatted output to streams. */
#include <string.h>
#include <errno.h>
#include <unistd.h>
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

/* dprintf: straight to a descriptor, gathered into few writes. */
struct fdout {
	int fd;
	size_t len;
	char buf[512];
};

static void fd_drain(struct fdout *o)
{
	size_t off = 0;
	ssize_t r;

	while (off < o->len) {
		r = write(o->fd, o->buf + off, o->len - off);
		if (r <= 0 && errno != EINTR)
			break;
		if (r > 0)
			off += r;
	}
	o->len = 0;
}

static void to_fd(void *ctx, const char *s, size_t n)
{
	struct fdout *o = ctx;
	size_t k;

	while (n) {
		if (o->len == sizeof o->buf)
			fd_drain(o);
		k = sizeof o->buf - o->len;
		if (k > n)
			k = n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

int vdprintf(int fd, const char *__restrict fmt, va_list ap)
{
	struct fdout o;
	int n;

	o.fd = fd;
	o.len = 0;
	n = __vxc_format(to_fd, &o, fmt, ap);
	fd_drain(&o);
	return n;
}

int dprintf(int fd, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}
