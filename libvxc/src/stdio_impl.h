/*
 * stdio_impl.h - the inside of a FILE.  Library-internal.
 *
 * A stream's buffer serves one direction at a time: output collects in
 * buf[0..wlen), input is read into buf and consumed from rpos to rend.
 * UNGET bytes of headroom in front of buf guarantee that ungetc() always
 * has room, even right after a refill.
 *
 * buf and wlen come first and in this order: for stdout and stderr the
 * host is given their address (doc/abi.md, call 8) and writes out
 * buf[0..wlen) itself if the guest dies, so buffered output survives a
 * crash.
 */
#ifndef _VXC_STDIO_IMPL_H
#define _VXC_STDIO_IMPL_H

#include <stdio.h>
#include <stdarg.h>

#define UNGET		8

#define F_EOF		1
#define F_ERR		2
#define F_CLOSED	4	/* fclose()d: every operation fails */

/* mode: _IOFBF, _IOLBF, _IONBF, or not yet decided (stdout). */
#define MODE_PROBE	3

struct __vxc_file {
	unsigned char *buf;	/* UNGET bytes of headroom precede it */
	size_t wlen;		/* buffered output not yet written */
	size_t size;
	int fd;
	int flags;		/* F_EOF | F_ERR | F_CLOSED */
	int mode;
	unsigned char *rpos;	/* next unread input byte */
	unsigned char *rend;	/* end of buffered input */
};

/* Write out f's buffered output.  0, or EOF with F_ERR set. */
int __vxc_flush(FILE *f);

/* Decide stdout's buffering on first use: line-buffered on a terminal. */
void __vxc_probe(FILE *f);

/* Read more input into f's buffer: 1 if some arrived, else 0. */
int __vxc_refill(FILE *f);

/* A closed stream: set errno EBADF and return nonzero. */
int __vxc_closed(FILE *f);

/* Output sink used by the formatter. */
typedef void (*__vxc_sink)(void *ctx, const char *s, size_t n);

/* The printf engine: returns the number of characters produced. */
int __vxc_format(__vxc_sink out, void *ctx, const char *fmt, va_list ap);

/*
 * The scanf engine reads through a source: get returns the next byte or
 * EOF, unget pushes back the last one read.
 */
struct __vxc_source {
	int (*get)(void *ctx);
	void (*unget)(void *ctx, int c);
	void *ctx;
};
int __vxc_scan(struct __vxc_source *src, const char *fmt, va_list ap);

#endif
