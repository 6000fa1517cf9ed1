/*
 * strextra.c - the POSIX and GNU string functions beyond C's:
 * stpcpy, stpncpy, strsep, strchrnul, memrchr, memmem, strcasestr,
 * mempcpy, memccpy.
 */
#define _GNU_SOURCE
#include <string.h>
#include <strings.h>
#include <ctype.h>

char *stpcpy(char *__restrict dst, const char *__restrict src)
{
	size_t n = strlen(src);

	memcpy(dst, src, n + 1);
	return dst + n;
}

char *stpncpy(char *__restrict dst, const char *__restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst + len;
}

char *strsep(char **__restrict s, const char *__restrict delim)
{
	char *tok = *s, *end;

	if (!tok)
		return NULL;
	end = tok + strcspn(tok, delim);
	if (*end) {
		*end = '\0';
		*s = end + 1;
	} else {
		*s = NULL;
	}
	return tok;
}

char *strchrnul(const char *s, int c)
{
	char *p = strchr(s, c);

	return p ? p : (char *)s + strlen(s);
}

void *memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n--)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

void *mempcpy(void *__restrict dst, const void *__restrict src, size_t n)
{
	return (char *)memcpy(dst, src, n) + n;
}

void *memccpy(void *__restrict dst, const void *__restrict src, int c,
	      size_t n)
{
	const unsigned char *p = memchr(src, c, n);

	if (p) {
		n = (size_t)(p - (const unsigned char *)src) + 1;
		memcpy(dst, src, n);
		return (char *)dst + n;
	}
	memcpy(dst, src, n);
	return NULL;
}

/*
 * memmem: the first byte of the needle is found with memchr, then the
 * rest compared; quadratic only for inputs built to be (a guest's own
 * data, so only the guest's own time is at stake).
 */
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char *h = hay, *end, *n = needle;

	if (!nlen)
		return (void *)hay;
	if (nlen > hlen)
		return NULL;
	end = h + (hlen - nlen);
	while (h <= end) {
		h = memchr(h, n[0], (size_t)(end - h) + 1);
		if (!h)
			return NULL;
		if (!memcmp(h + 1, n + 1, nlen - 1))
			return (void *)h;
		h++;
	}
	return NULL;
}

char *strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}
