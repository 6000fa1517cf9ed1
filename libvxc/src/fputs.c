/* fputs.c - character and string output. */
#include <string.h>
#include "stdio_impl.h"

int fputc(int c, FILE *f)
{
	unsigned char ch = c;

	/* The common case, without the general fwrite path. */
	if ((f->mode == _IOFBF || (f->mode == _IOLBF && ch != '\n')) &&
	    f->wlen < f->size && f->rpos == f->rend) {
		f->buf[f->wlen++] = ch;
		return ch;
	}
	return fwrite(&ch, 1, 1, f) ? ch : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *__restrict s, FILE *__restrict f)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, f) == n || !n ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return EOF;
	return 0;
}

int putc_unlocked(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar_unlocked(int c)
{
	return fputc(c, stdout);
}
