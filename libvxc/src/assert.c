/*
 * assert.c - what a failed assert() calls: the message glibc prints
 * (program, file, line, function, expression), then abort().
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include "sys.h"

void __vxc_assert_fail(const char *expr, const char *file, int line,
		       const char *func)
{
	fflush(stdout);
	fprintf(stderr, "%s%s%s:%d: %s%sAssertion `%s' failed.\n",
		program_invocation_short_name ? program_invocation_short_name
					      : "",
		program_invocation_short_name ? ": " : "",
		file, line, func ? func : "", func ? ": " : "", expr);
	abort();
}
