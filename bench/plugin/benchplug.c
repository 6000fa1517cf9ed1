/*
 * benchplug.c - the plug-in bench/plugin/plugin.c times: an empty
 * function, a loop of callbacks, a function that dirties memory, one
 * that uses the x87.
 */
#include <string.h>
#include <vxplugin.h>

unsigned char area[16 << 20];

VX_EXPORT int nothing(void)
{
	return 0;
}

VX_EXPORT int callbacks(int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += (int)vx_callback(0);
	return s;
}

VX_EXPORT void dirty(unsigned off, unsigned len)
{
	memset(area + off, (int)(off >> 12) | 1, len);
}

VX_EXPORT double half(double x)
{
	return x / 2;
}
