/* strcmp.c - string comparison, case-sensitive and not. */
#include <string.h>
#include <strings.h>
#include <ctype.h>

/* Bytes compare as unsigned char, as C requires. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const void *)a, *q = (const void *)b;

	while (*p && *p == *q)
		p++, q++;
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const void *)a, *q = (const void *)b;

	for (; n; n--, p++, q++)
		if (*p != *q || !*p)
			return *p - *q;
	return 0;
}

/* Only the "C" locale exists. */
int strcoll(const char *a, const char *b)
{
	return strcmp(a, b);
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const void *)a, *q = (const void *)b;
	int d;

	for (; n; n--, p++, q++) {
		d = tolower(*p) - tolower(*q);
		if (d || !*p)
			return d;
	}
	return 0;
}

/* The "C" locale collates by byte: the transform is a copy. */
size_t strxfrm(char *__restrict dst, const char *__restrict src, size_t n)
{
	size_t len = strlen(src);

	if (len < n)
		memcpy(dst, src, len + 1);
	return len;
}
