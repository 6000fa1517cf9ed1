/* sprintf.c - formatted output to memory. */
#include <string.h>
#include <stdint.h>
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
