/* bsdstr.c - the old BSD names in <strings.h>. */
#include <strings.h>
#include <string.h>

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}

void bcopy(const void *src, void *dst, size_t n)
{
	memmove(dst, src, n);
}

int bcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

char *index(const char *s, int c)
{
	return strchr(s, c);
}

char *rindex(const char *s, int c)
{
	return strrchr(s, c);
}

int ffs(int x)
{
	return __builtin_ffs(x);
}

int ffsl(long x)
{
	return __builtin_ffsl(x);
}

int ffsll(long long x)
{
	return __builtin_ffsll(x);
}
