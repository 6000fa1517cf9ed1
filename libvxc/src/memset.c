/* memset.c - fill memory, a word at a time once the pattern is built. */
#include <string.h>
#include <stdint.h>

typedef uint32_t __attribute__((__may_alias__, __aligned__(1))) uword;

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint32_t w = (unsigned char)c * 0x01010101u;

	for (; n >= 16; n -= 16, d += 16) {
		((uword *)d)[0] = w;
		((uword *)d)[1] = w;
		((uword *)d)[2] = w;
		((uword *)d)[3] = w;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(uword *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
