/*
 * snaptest.c - a plug-in for test/host/api_snapshot.c and api_leak.c:
 * functions that change the plug-in's memory in ways a reset must undo.
 */
#include <stdlib.h>
#include <string.h>
#include <vxplugin.h>

static int calls;			/* how many calls since start-up */
unsigned char area[4 << 20];		/* bss: scribbled on */
unsigned char data[8192] = { 1, 2, 3 };	/* initialised data */

VX_EXPORT int bump(void)
{
	return ++calls;
}

/* Host callback n. */
VX_EXPORT int callback(unsigned n)
{
	return (int)vx_callback(n);
}

VX_EXPORT int nothing(void)
{
	return 0;
}

/* n pseudo-random byte writes over area[0..span) and data[]. */
VX_EXPORT unsigned scribble(unsigned seed, unsigned n, unsigned span)
{
	for (unsigned i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		if (span > sizeof area)
			span = sizeof area;
		area[(seed >> 4) % span] = (unsigned char)(seed >> 24);
		if (!(i & 15))
			data[(seed >> 8) % sizeof data] ^= 0x5a;
	}
	return seed;
}

/* Fill len bytes at area + off. */
VX_EXPORT void fill(unsigned off, unsigned len, int c)
{
	memset(area + off, c, len);
}

/* malloc n bytes, write them all; the block. */
VX_EXPORT void *grow(unsigned n)
{
	char *p = malloc(n);

	if (p)
		memset(p, 0x77, n);
	return p;
}

VX_EXPORT unsigned checksum(const unsigned char *p, unsigned n)
{
	unsigned h = 0;

	for (unsigned i = 0; i < n; i++)
		h = h * 31 + p[i];
	return h;
}
