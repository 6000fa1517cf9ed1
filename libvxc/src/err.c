/* err.c - warn, warnx, err, errx (the program's short name first). */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys.h"

static void message(const char *fmt, va_list ap, int with_errno)
{
	int e = errno;

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name ?
				program_invocation_short_name : "");
	if (fmt) {
		vfprintf(stderr, fmt, ap);
		if (with_errno)
			fputs(": ", stderr);
	}
	if (with_errno)
		fputs(strerror(e), stderr);
	fputc('\n', stderr);
}

void vwarn(const char *fmt, va_list ap)
{
	message(fmt, ap, 1);
}

void vwarnx(const char *fmt, va_list ap)
{
	message(fmt, ap, 0);
}

void verr(int status, const char *fmt, va_list ap)
{
	message(fmt, ap, 1);
	exit(status);
}

void verrx(int status, const char *fmt, va_list ap)
{
	message(fmt, ap, 0);
	exit(status);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(status, fmt, ap);
}

void errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrx(status, fmt, ap);
}
