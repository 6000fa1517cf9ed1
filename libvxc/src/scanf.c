/* scanf.c - the scanf family: sources for streams and strings. */
#include <stdio.h>
#include "stdio_impl.h"

static int file_get(void *ctx)
{
	return fgetc(ctx);
}

static void file_unget(void *ctx, int c)
{
	ungetc(c, ctx);
}

static int string_get(void *ctx)
{
	const unsigned char **s = ctx;

	return **s ? *(*s)++ : EOF;
}

static void string_unget(void *ctx, int c)
{
	const unsigned char **s = ctx;

	(*s)--;
}

int vfscanf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
{
	struct __vxc_source src = { file_get, file_unget, f };

	return __vxc_scan(&src, fmt, ap);
}

int vscanf(const char *__restrict fmt, va_list ap)
{
	return vfscanf(stdin, fmt, ap);
}

int vsscanf(const char *__restrict s, const char *__restrict fmt, va_list ap)
{
	struct __vxc_source src = { string_get, string_unget, (void *)&s };

	return __vxc_scan(&src, fmt, ap);
}

int fscanf(FILE *__restrict f, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfscanf(f, fmt, ap);
	va_end(ap);
	return n;
}

int scanf(const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfscanf(stdin, fmt, ap);
	va_end(ap);
	return n;
}

int sscanf(const char *__restrict s, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsscanf(s, fmt, ap);
	va_end(ap);
	return n;
}
