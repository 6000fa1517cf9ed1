/*
 * call-shallow.c - call/ret one level deep: a loop calling a small leaf
 * function that may not be inlined.  Every return goes back to the same
 * call site, the easy case for any return predictor.
 */
#include "../bench.h"

static NOINLINE uint32_t leaf(uint32_t x, uint32_t i)
{
	return x * 33 + i;
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 200000000);
	uint32_t x = 5;
	long i;

	for (i = 0; i < n; i++)
		x = leaf(x, i);
	printf("call-shallow: %ld calls, x = %08x\n", n, (unsigned)x);
	return 0;
}
