/*
 * stdio.h - buffered streams.  The sandbox has no file system, so the
 * only streams are stdin, stdout and stderr on descriptors 0, 1 and 2.
 */
#ifndef _VXC_STDIO_H
#define _VXC_STDIO_H

#include <stddef.h>
#include <stdarg.h>

#define EOF		(-1)
#define BUFSIZ		8192

#define _IOFBF		0
#define _IOLBF		1
#define _IONBF		2

typedef struct __vxc_file FILE;

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdin	stdin
#define stdout	stdout
#define stderr	stderr

int printf(const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 1, 2)));
int fprintf(FILE *__restrict f, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
int vprintf(const char *__restrict fmt, va_list ap);
int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap);
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap);
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *__restrict s, FILE *__restrict f);
int puts(const char *s);
size_t fwrite(const void *__restrict p, size_t size, size_t n,
	      FILE *__restrict f);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *__restrict s, int size, FILE *__restrict f);
size_t fread(void *__restrict p, size_t size, size_t n, FILE *__restrict f);

int fflush(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size);
void perror(const char *s);

#endif
