/*
 * rand.c - a small pseudo-random generator.  The sequence is fixed by the
 * seed (default 1, as C requires) and identical on every host, which keeps
 * guest output reproducible for differential tests.  xorshift32 mixed
 * through a multiply gives 31 good bits.
 */
#include <stdlib.h>
#include <stdint.h>

static uint32_t state = 1;

void srand(unsigned int seed)
{
	/* xorshift has a fixed point at zero; avoid it. */
	state = seed ? seed : 0x9e3779b9u;
}

int rand(void)
{
	uint32_t x = state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	state = x;
	return (int)((x * 0x2545f491u) >> 1);
}
