/*
 * memcpy.c - memcpy and memmove.
 *
 * Plain loops, four bytes at a time: x86 tolerates unaligned words, and
 * string instructions (rep movs) are something the vx32 translator must
 * emulate rather than run, so they are not the fast path here.
 */
#include <string.h>
#include <stdint.h>

/* A word type the compiler may not assume aligned or unaliased. */
typedef uint32_t __attribute__((__may_alias__, __aligned__(1))) uword;

void *memcpy(void *__restrict dst, const void *__restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= 16; n -= 16, d += 16, s += 16) {
		uword a = ((const uword *)s)[0], b = ((const uword *)s)[1];
		uword c = ((const uword *)s)[2], e = ((const uword *)s)[3];

		((uword *)d)[0] = a;
		((uword *)d)[1] = b;
		((uword *)d)[2] = c;
		((uword *)d)[3] = e;
	}
	for (; n >= 4; n -= 4, d += 4, s += 4)
		*(uword *)d = *(const uword *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* A forward copy is safe unless dst starts inside src. */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);

	d += n;
	s += n;
	for (; n >= 4; n -= 4) {
		d -= 4;
		s -= 4;
		*(uword *)d = *(const uword *)s;
	}
	while (n--)
		*--d = *--s;
	return dst;
}
