/*
 * random.c - random(), srandom(), initstate(), setstate(): the classic
 * BSD additive feedback generator, r[i] = r[i-3] + r[i-31] on a 31-word
 * state seeded by the 16807 LCG with 310 outputs discarded, so that a
 * seed gives the same sequence as glibc.  rand() is random(), as in
 * glibc.  Other state sizes (initstate with 8..255 bytes) use the same
 * trinomials as BSD.
 */
#include <stdlib.h>
#include <stdint.h>

struct kind {
	int deg, sep;
};

static const struct kind kinds[5] = {
	{ 0, 0 }, { 7, 3 }, { 15, 1 }, { 31, 3 }, { 63, 1 },
};

static int32_t default_table[32];
static int32_t *table = default_table + 1;	/* word 0 stores the kind */
static int kind = 3, deg = 31, sep = 3;
static int32_t *front, *rear;

static int32_t lcg(int32_t x)
{
	/* 16807 * x mod (2^31 - 1), by Schrage's method, as glibc */
	int32_t hi = x / 127773, lo = x % 127773;

	x = 16807 * lo - 2836 * hi;
	return x < 0 ? x + 2147483647 : x;
}

static void save_position(void)
{
	/* kind and the rear offset in word -1, as BSD does */
	table[-1] = kind == 0 ? 0 : (int32_t)((rear - table) * 5 + kind);
}

void srandom(unsigned int seed)
{
	int i;
	long discard;

	if (!seed)
		seed = 1;
	table[0] = (int32_t)seed;
	if (kind == 0)
		return;
	for (i = 1; i < deg; i++)
		table[i] = lcg(table[i - 1]);
	front = table + sep;
	rear = table;
	for (discard = 10L * deg; discard > 0; discard--)
		random();
	save_position();
}

long random(void)
{
	int32_t r;

	if (kind == 0) {	/* kind 0: a plain LCG in table[0] */
		table[0] = (int32_t)(((uint32_t)table[0] * 1103515245u +
				      12345u) & 0x7fffffff);
		return table[0];
	}
	if (!front) {		/* first use without srandom: seed 1 */
		srandom(1);
	}
	*front += *rear;
	r = (int32_t)((uint32_t)*front >> 1);
	if (++front >= table + deg) {
		front = table;
		rear++;
	} else if (++rear >= table + deg) {
		rear = table;
	}
	save_position();
	return r;
}

char *initstate(unsigned int seed, char *state, size_t n)
{
	char *old = (char *)(table - 1);
	int k;

	if (n < 8)
		return NULL;
	k = n < 32 ? 0 : n < 64 ? 1 : n < 128 ? 2 : n < 256 ? 3 : 4;
	save_position();
	kind = k;
	deg = kinds[k].deg;
	sep = kinds[k].sep;
	table = (int32_t *)(void *)state + 1;
	srandom(seed);
	return old;
}

char *setstate(char *state)
{
	int32_t *t = (int32_t *)(void *)state;
	char *old = (char *)(table - 1);
	int k = t[0] % 5, r = t[0] / 5;

	save_position();
	kind = k;
	deg = kinds[k].deg;
	sep = kinds[k].sep;
	table = t + 1;
	if (k) {
		rear = table + r;
		front = table + (r + sep) % deg;
	}
	return old;
}

int rand(void)
{
	return (int)random();
}

void srand(unsigned int seed)
{
	srandom(seed);
}

int rand_r(unsigned int *seed)
{
	/* glibc's: three LCG steps give 31 bits */
	unsigned int next = *seed;
	int result;

	next = next * 1103515245 + 12345;
	result = (unsigned int)(next / 65536) % 2048;
	next = next * 1103515245 + 12345;
	result <<= 10;
	result ^= (unsigned int)(next / 65536) % 1024;
	next = next * 1103515245 + 12345;
	result <<= 10;
	result ^= (unsigned int)(next / 65536) % 1024;
	*seed = next;
	return result;
}
