/* err.h - BSD error messages: "prog: message: strerror(errno)". */
#ifndef _VXC_ERR_H
#define _VXC_ERR_H

#include <stdarg.h>

void warn(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void warnx(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarn(const char *fmt, va_list ap);
void vwarnx(const char *fmt, va_list ap);
void err(int status, const char *fmt, ...)
	__attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void errx(int status, const char *fmt, ...)
	__attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void verr(int status, const char *fmt, va_list ap) __attribute__((__noreturn__));
void verrx(int status, const char *fmt, va_list ap) __attribute__((__noreturn__));

#endif
