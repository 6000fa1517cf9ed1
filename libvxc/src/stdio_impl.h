/*
 * stdio_impl.h - the inside of a FILE.  Library-internal.
 *
 * A stream's buffer serves one direction at a time: output collects in
 * buf[0..wlen), input is read into buf and consumed from rpos to rend.
 * UNGET bytes of headroom in front of buf guarantee that ungetc() always
 * has room, even right after a refill.
 */
#ifndef _VXC_STDIO_IMPL_H
#define _VXC_STDIO_IMPL_H

#include <stdio.h>
#include <stdarg.h>

#define UNGET		8

#define F_EOF		1
#define F_ERR		2

struct __vxc_file {
	int fd;
	int flags;		/* F_EOF | F_ERR */
	int mode;		/* _IOFBF, _IOLBF or _IONBF */
	unsigned char *buf;	/* UNGET bytes of headroom precede it */
	size_t size;
	size_t wlen;		/* buffered output not yet written */
	unsigned char *rpos;	/* next unread input byte */
	unsigned char *rend;	/* end of buffered input */
};

/* Write out f's buffered output.  0, or EOF with F_ERR set. */
int __vxc_flush(FILE *f);

/* Output sink used by the formatter. */
typedef void (*__vxc_sink)(void *ctx, const char *s, size_t n);

/* The printf engine: returns the number of characters produced. */
int __vxc_format(__vxc_sink out, void *ctx, const char *fmt, va_list ap);

#endif
