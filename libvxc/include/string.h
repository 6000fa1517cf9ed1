/* string.h - byte-string and memory functions. */
#ifndef _VXC_STRING_H
#define _VXC_STRING_H

#include <stddef.h>

void *memcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strcpy(char *__restrict dst, const char *__restrict src);
char *strncpy(char *__restrict dst, const char *__restrict src, size_t n);
char *strcat(char *__restrict dst, const char *__restrict src);
char *strncat(char *__restrict dst, const char *__restrict src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcoll(const char *a, const char *b);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
char *strtok(char *__restrict s, const char *__restrict delim);
char *strtok_r(char *__restrict s, const char *__restrict delim,
	       char **__restrict save);
char *strerror(int errnum);
int strerror_r(int errnum, char *buf, size_t len);
char *strsignal(int sig);
size_t strxfrm(char *__restrict dst, const char *__restrict src, size_t n);

/* POSIX and GNU */
char *stpcpy(char *__restrict dst, const char *__restrict src);
char *stpncpy(char *__restrict dst, const char *__restrict src, size_t n);
char *strsep(char **__restrict s, const char *__restrict delim);
char *strchrnul(const char *s, int c);
char *strcasestr(const char *hay, const char *needle);
void *memrchr(const void *s, int c, size_t n);
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);
void *mempcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *memccpy(void *__restrict dst, const void *__restrict src, int c,
	      size_t n);

/* strings.h's, which glibc also declares here */
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

#endif
