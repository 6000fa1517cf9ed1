/*
 * file.c - the three standard streams, output buffering and flushing.
 *
 * stdout is line-buffered when it is a terminal and fully buffered
 * otherwise (decided on its first output, with the host's isatty call);
 * stderr is unbuffered.  Reading stdin flushes stdout first so that
 * prompts appear before input is awaited.  stdout's buffer is registered
 * with the host, which writes out what is pending if the guest crashes.
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
	{ inbuf + UNGET, 0, BUFSIZ, 0, 0, _IOFBF,
	  inbuf + UNGET, inbuf + UNGET },
	{ outbuf + UNGET, 0, OUTBUF, 1, 0, MODE_PROBE,
	  outbuf + UNGET, outbuf + UNGET },
	{ errbuf + UNGET, 0, 0, 2, 0, _IONBF,
	  errbuf + UNGET, errbuf + UNGET },
};

FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

void __vxc_probe(FILE *f)
{
	f->mode = __vxc_sys_isatty(f->fd) == 1 ? _IOLBF : _IOFBF;
	/* A host without the call (Linux) says -ENOSYS: nothing to do. */
	__vxc_sys_pending(f->fd, &f->buf);
}

int __vxc_closed(FILE *f)
{
	if (f->flags & F_CLOSED) {
		errno = EBADF;
		return 1;
	}
	return 0;
}

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

/*
 * wlen drops to 0 before the write: the host reads {buf, wlen} if the
 * guest is stopped, and a stop right after the write must not make it
 * write the same bytes again.
 */
int __vxc_flush(FILE *f)
{
	size_t n = f->wlen;

	if (!n)
		return 0;
	f->wlen = 0;
	return write_all(f, f->buf, n);
}

int fflush(FILE *f)
{
	int r = 0, i;

	if (f)
		return __vxc_closed(f) ? EOF : __vxc_flush(f);
	for (i = 0; i < 3; i++)
		if (!(files[i].flags & F_CLOSED) && __vxc_flush(&files[i]))
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
	if (__vxc_closed(f)) {
		f->flags |= F_ERR;
		return 0;
	}
	if (f->mode == MODE_PROBE)
		__vxc_probe(f);
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

/*
 * The buffers are static and stay in use: C lets an implementation
 * ignore buf and size.  Only the policy changes.
 */
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	if (__vxc_closed(f))
		return -1;
	__vxc_flush(f);
	if (f->mode == MODE_PROBE)	/* the host still gets the buffer */
		__vxc_sys_pending(f->fd, &f->buf);
	f->mode = mode;
	return 0;
}

void setbuf(FILE *__restrict f, char *__restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void setlinebuf(FILE *f)
{
	setvbuf(f, NULL, _IOLBF, 0);
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
	f->flags &= F_CLOSED;
}

int fileno(FILE *f)
{
	return __vxc_closed(f) ? -1 : f->fd;
}

/*
 * Closing a standard stream flushes it and makes it unusable; the host
 * keeps the descriptor itself open until the guest exits.
 */
int fclose(FILE *f)
{
	int r;

	if (__vxc_closed(f))
		return EOF;
	r = __vxc_flush(f);
	f->flags |= F_CLOSED;
	f->mode = _IONBF;	/* keeps putc off its fast path */
	f->wlen = 0;
	f->rpos = f->rend = f->buf;
	return r;
}

/* The guest is single-threaded: locking a stream is a no-op. */
void flockfile(FILE *f)
{
}

int ftrylockfile(FILE *f)
{
	return 0;
}

void funlockfile(FILE *f)
{
}
