/* assert.c - what a failed assert() calls. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void __vxc_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "assertion failed: %s, %s:%d\n", expr, file, line);
	abort();
}
