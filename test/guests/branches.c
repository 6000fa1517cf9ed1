/*
 * branches: a known number of each kind of indirect branch, for
 * VX32_COUNT (test/run.sh, vxrun/count).  N passes (argv[1], default
 * 10000) of: two calls of g from two sites (its ret alternates between
 * them, so its learned target misses every other time), one call of f
 * (always back to one site), an indirect call alternating between h1
 * and h2, and one computed goto.  Prints the checksum, so the run is
 * the same with and without counting.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned sink;

/* f and g branch, so no call of them is followed (translated into its
   caller: doc/design.md, "Followed calls"): their rets are real ones. */
static unsigned __attribute__((noinline)) f(unsigned x)
{
	return x & 4 ? x * 3 + sink : x - sink;
}
static unsigned __attribute__((noinline)) g(unsigned x)
{
	return x & 2 ? x ^ sink : x + sink;
}
static unsigned __attribute__((noinline)) h1(unsigned x) { return x + 1 + sink; }
static unsigned __attribute__((noinline)) h2(unsigned x) { return x + 2 + sink; }

static unsigned (*volatile fp[2])(unsigned) = { h1, h2 };

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	static void *const lbl[2] = { &&even, &&odd };
	unsigned sum = 0;

	for (int i = 0; i < n; i++) {
		sum += g(i);
		sink = sum;
		sum += g(sum);
		sum += f(i);
		sum += fp[i & 1](sum);
		goto *lbl[i & 1];
	even:
		sum += 5;
		continue;
	odd:
		sum += 7;
	}
	printf("branches: %d passes, sum %08x\n", n, sum);
	return 0;
}
