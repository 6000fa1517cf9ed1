/*
 * stdio.h - buffered streams.  The sandbox has no file system, so the
 * only streams are stdin, stdout and stderr on descriptors 0, 1 and 2:
 * fopen() and the other calls that name files fail with EACCES, and
 * seeking fails with ESPIPE (the streams are pipes to the guest).
 */
#ifndef _VXC_STDIO_H
#define _VXC_STDIO_H

#include <stddef.h>
#include <stdarg.h>
#include <sys/types.h>

#define EOF		(-1)
#define BUFSIZ		8192
#define FILENAME_MAX	4096
#define FOPEN_MAX	3
#define L_tmpnam	20
#define TMP_MAX		238328
#define P_tmpdir	"/tmp"

#define _IOFBF		0
#define _IOLBF		1
#define _IONBF		2

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

typedef struct __vxc_file FILE;
typedef off_t fpos_t;

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
int dprintf(int fd, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
int asprintf(char **__restrict out, const char *__restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int vprintf(const char *__restrict fmt, va_list ap);
int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap);
int vdprintf(int fd, const char *__restrict fmt, va_list ap);
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap);
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap);
int vasprintf(char **__restrict out, const char *__restrict fmt, va_list ap);

int scanf(const char *__restrict fmt, ...)
	__attribute__((__format__(__scanf__, 1, 2)));
int fscanf(FILE *__restrict f, const char *__restrict fmt, ...)
	__attribute__((__format__(__scanf__, 2, 3)));
int sscanf(const char *__restrict s, const char *__restrict fmt, ...)
	__attribute__((__format__(__scanf__, 2, 3)));
int vscanf(const char *__restrict fmt, va_list ap);
int vfscanf(FILE *__restrict f, const char *__restrict fmt, va_list ap);
int vsscanf(const char *__restrict s, const char *__restrict fmt, va_list ap);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int putc_unlocked(int c, FILE *f);
int putchar_unlocked(int c);
int fputs(const char *__restrict s, FILE *__restrict f);
int puts(const char *s);
size_t fwrite(const void *__restrict p, size_t size, size_t n,
	      FILE *__restrict f);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int getc_unlocked(FILE *f);
int getchar_unlocked(void);
int ungetc(int c, FILE *f);
char *fgets(char *__restrict s, int size, FILE *__restrict f);
size_t fread(void *__restrict p, size_t size, size_t n, FILE *__restrict f);
ssize_t getline(char **__restrict line, size_t *__restrict cap,
		FILE *__restrict f);
ssize_t getdelim(char **__restrict line, size_t *__restrict cap, int delim,
		 FILE *__restrict f);

FILE *fopen(const char *__restrict name, const char *__restrict mode);
FILE *freopen(const char *__restrict name, const char *__restrict mode,
	      FILE *__restrict f);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fileno(FILE *f);
FILE *tmpfile(void);
char *tmpnam(char *buf);
int remove(const char *name);
int rename(const char *from, const char *to);
FILE *popen(const char *cmd, const char *mode);
int pclose(FILE *f);

int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
int fseeko(FILE *f, off_t off, int whence);
off_t ftello(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *__restrict f, fpos_t *__restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);

int fflush(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size);
void setbuf(FILE *__restrict f, char *__restrict buf);
void setlinebuf(FILE *f);
void flockfile(FILE *f);
int ftrylockfile(FILE *f);
void funlockfile(FILE *f);
void perror(const char *s);

#endif
