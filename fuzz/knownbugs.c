/*
 * knownbugs.c - keep fuzzing past library bugs already found and
 * reported (doc/fuzzing.md, "Open bugs"; reproducers in
 * fuzz/crashes/open/).  An input holding a bug's trigger bytes is not
 * run: the harness returns -1, so libFuzzer does not add it to the
 * corpus either.  The byte patterns are coarse (they also skip inputs
 * where the bytes are not executed), which costs a little coverage but
 * lets a long run look for the next bug instead of finding the same one
 * again.  VX32_FUZZ_KNOWN=run disables the filter, to check a fix.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

static const struct {
	const char *name;
	const char *bytes;
	size_t len;
} known[] = {
	/* maskmovq/maskmovdqu store to the implicit ds:[edi], which the
	   translator leaves as a host address: the host faults in its
	   reserved low 4 GiB (or writes there, were anything mapped). */
	{ "maskmov-implicit-edi", "\x0f\xf7", 2 },
};

unsigned long known_bug_skips;

const char *known_bug(const uint8_t *data, size_t size)
{
	static int run = -1;

	if (run < 0) {
		const char *e = getenv("VX32_FUZZ_KNOWN");
		run = e && !strcmp(e, "run");
	}
	if (run)
		return NULL;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (memmem(data, size, known[i].bytes, known[i].len)) {
			known_bug_skips++;
			return known[i].name;
		}
	return NULL;
}
