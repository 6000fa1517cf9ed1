/*
 * file.c - the three standard streams, output buffering and flushing.
 *
 * stdout is fully buffered (line buffering would cost a host call per
 * line, and guests are mostly filters), stderr unbuffered.  Reading stdin
 * flushes stdout first so that prompts appear before input is awaited.
 */
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "stdio_impl.h"
#include "sys.h"

#define OUTBUF		16384

static unsigned char inbuf[UNGET + BUFSIZ];
static unsigned char outbuf[UNGET + OUTBUF];
static unsigned char errbuf[UNGET + 1];	/* only for ungetc headroom */

static struct __vxc_file files[3] = {
	{ 0, 0, _IOFBF, inbuf + UNGET, BUFSIZ, 0,
	  inbuf + UNGET, inbuf + UNGET },
	{ 1, 0, _IOFBF, outbuf + UNGET, OUTBUF, 0,
	  outbuf + UNGET, outbuf + UNGET },
	{ 2, 0, _IONBF, errbuf + UNGET, 0, 0,
	  errbuf + UNGET, errbuf + UNGET },
};

FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

/* Write all of p, retrying short writes and interruptions. */
static int write_all(FILE *f, const unsigned char *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = write(f->fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			f->flags |= F_ERR;
			return EOF;
		}
		p += r;
		n -= r;
	}
	return 0;
}

int __vxc_flush(FILE *f)
{
	size_t n = f->wlen;

	f->wlen = 0;
	return n ? write_all(f, f->buf, n) : 0;
}

int fflush(FILE *f)
{
	int r = 0, i;

	if (f)
		return __vxc_flush(f);
	for (i = 0; i < 3; i++)
		if (__vxc_flush(&files[i]))
			r = EOF;
	return r;
}

void __vxc_stdio_flush(void)
{
	fflush(NULL);
}

size_t fwrite(const void *__restrict p, size_t size, size_t n,
	      FILE *__restrict f)
{
	const unsigned char *s = p;
	size_t len = size * n, room;

	if (!len)
		return 0;
	/* Output after input: unread input cannot be pushed back anyway. */
	f->rpos = f->rend = f->buf;

	if (f->mode == _IONBF || !f->size)
		return write_all(f, s, len) ? 0 : n;

	room = f->size - f->wlen;
	if (len <= room) {
		memcpy(f->buf + f->wlen, s, len);
		f->wlen += len;
	} else {
		/* Top the buffer up, write it, then copy or write the rest. */
		memcpy(f->buf + f->wlen, s, room);
		f->wlen = f->size;
		if (__vxc_flush(f))
			return 0;
		s += room;
		len -= room;
		if (len >= f->size) {
			if (write_all(f, s, len))
				return 0;
		} else {
			memcpy(f->buf, s, len);
			f->wlen = len;
		}
	}
	if (f->mode == _IOLBF && memchr(p, '\n', size * n) && __vxc_flush(f))
		return 0;
	return n;
}

int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size)
{
	/* The buffers are static; only the policy can change. */
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
		return -1;
	__vxc_flush(f);
	f->mode = mode;
	return 0;
}

int feof(FILE *f)
{
	return !!(f->flags & F_EOF);
}

int ferror(FILE *f)
{
	return !!(f->flags & F_ERR);
}

void clearerr(FILE *f)
{
	f->flags = 0;
}
