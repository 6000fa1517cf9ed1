/* fgetc.c - buffered input. */
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "stdio_impl.h"

int __vxc_refill(FILE *f)
{
	ssize_t r;

	if (f->flags & (F_EOF | F_CLOSED)) {
		if (f->flags & F_CLOSED)
			errno = EBADF;
		return 0;
	}
	/* Let a prompt out before waiting for the answer. */
	if (f == stdin)
		fflush(stdout);
	__vxc_flush(f);
	do
		r = read(f->fd, f->buf, f->size);
	while (r < 0 && errno == EINTR);
	f->rpos = f->rend = f->buf;
	if (r <= 0) {
		f->flags |= r ? F_ERR : F_EOF;
		return 0;
	}
	f->rend += r;
	return 1;
}

int fgetc(FILE *f)
{
	if (f->rpos == f->rend && !__vxc_refill(f))
		return EOF;
	return *f->rpos++;
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

int getc_unlocked(FILE *f)
{
	return fgetc(f);
}

int getchar_unlocked(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->rpos == f->buf - UNGET || (f->flags & F_CLOSED))
		return EOF;
	if (f->wlen)		/* pushing back into an output stream */
		return EOF;
	if (f->rpos == f->rend)	/* empty: start afresh at buf */
		f->rpos = f->rend = f->buf;
	*--f->rpos = (unsigned char)c;
	f->flags &= ~F_EOF;
	return (unsigned char)c;
}

char *fgets(char *__restrict s, int size, FILE *__restrict f)
{
	char *p = s;
	unsigned char *nl;
	size_t n;

	if (size <= 0)
		return NULL;
	while (size > 1) {
		if (f->rpos == f->rend && !__vxc_refill(f))
			break;
		n = f->rend - f->rpos;
		if (n > (size_t)size - 1)
			n = size - 1;
		nl = memchr(f->rpos, '\n', n);
		if (nl)
			n = nl - f->rpos + 1;
		memcpy(p, f->rpos, n);
		f->rpos += n;
		p += n;
		size -= n;
		if (nl)
			break;
	}
	if (p == s)
		return NULL;
	*p = '\0';
	return s;
}

size_t fread(void *__restrict buf, size_t size, size_t n, FILE *__restrict f)
{
	unsigned char *p = buf;
	size_t want = size * n, got = 0, k;

	if (!want)
		return 0;
	while (got < want) {
		if (f->rpos == f->rend && !__vxc_refill(f))
			break;
		k = f->rend - f->rpos;
		if (k > want - got)
			k = want - got;
		memcpy(p + got, f->rpos, k);
		f->rpos += k;
		got += k;
	}
	return got / size;
}
