/* sprintf.c - formatted output to memory. */
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include "stdio_impl.h"

struct strbuf {
	char *p;
	size_t room;		/* bytes left, keeping one for the NUL */
};

static void to_string(void *ctx, const char *s, size_t n)
{
	struct strbuf *b = ctx;

	if (n > b->room)
		n = b->room;	/* truncate, but keep counting */
	memcpy(b->p, s, n);
	b->p += n;
	b->room -= n;
}

int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap)
{
	struct strbuf b = { buf, size ? size - 1 : 0 };
	int n;

	n = __vxc_format(to_string, &b, fmt, ap);
	if (size)
		*b.p = '\0';
	return n;
}

int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	     ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, SIZE_MAX, fmt, ap);
	va_end(ap);
	return n;
}

/* vasprintf: measure, allocate, format (GNU and POSIX 2024). */
int vasprintf(char **__restrict out, const char *__restrict fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !(*out = malloc((size_t)n + 1)))
		return -1;
	return vsnprintf(*out, (size_t)n + 1, fmt, ap);
}

int asprintf(char **__restrict out, const char *__restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}
