/*
 * call-deep.c - call/ret through deep recursion: descend 300 frames and
 * return, over and over.  Deeper than any hardware return-stack buffer
 * (16-64 entries) and than a small return cache in a translator, so
 * returns are predicted only as far as the mechanism reaches.
 */
#include "../bench.h"

#define DEPTH 300

static NOINLINE uint32_t down(int depth, uint32_t x)
{
	uint32_t r;

	if (depth == 0)
		return x;
	r = down(depth - 1, x * 3 + depth);
	/* work after the call: not a tail call, not an accumulator */
	OPAQUE(r);
	return r ^ (r >> 7);
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 300000);
	uint32_t x = 1;
	long i;

	for (i = 0; i < n; i++)
		x = down(DEPTH, x + i);
	printf("call-deep: %ld descents of %d, x = %08x\n", n, DEPTH,
	       (unsigned)x);
	return 0;
}
