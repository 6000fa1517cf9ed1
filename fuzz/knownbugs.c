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

/* Byte patterns of open bugs; none at the moment.  (maskmov*'s store
   to an implicit ds:[edi] was one, fixed in 4d297f4: its reproducers are
   regression tests in fuzz/crashes/.) */
static const struct {
	const char *name;
	const char *bytes;
	size_t len;
} known[] = {
	{ NULL, NULL, 0 }
};

unsigned long known_bug_skips, known_bug_avoided;

static int filter_on(void)
{
	static int on = -1;

	if (on < 0) {
		const char *e = getenv("VX32_FUZZ_KNOWN");
		on = !(e && !strcmp(e, "run"));
	}
	return on;
}

/*
 * Self-modifying code (fuzz-code's option 0x01) once reached a bug with
 * no byte pattern (a call pushing onto its own code page left the trap
 * flag set into vx_exit; fixed after the 30-minute run of 2026-11-23, its
 * reproducers are regression tests in fuzz/crashes/).  No open bug needs
 * writable code to be avoided now; the hook stays for the next one.
 */
const char *known_bug_smc(void)
{
	return NULL;
}

const char *known_bug(const uint8_t *data, size_t size)
{
	if (!filter_on())
		return NULL;
	for (size_t i = 0; known[i].name; i++)
		if (memmem(data, size, known[i].bytes, known[i].len)) {
			known_bug_skips++;
			return known[i].name;
		}
	return NULL;
}
