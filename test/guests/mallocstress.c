/*
 * mallocstress: a long deterministic sequence of malloc, calloc, realloc
 * and free on slots of random sizes (1 byte to 1 MiB), filling every block
 * with a pattern and checking it before the block is resized or freed.
 * Prints a summary; the output must equal the reference run's, and any
 * corruption exits with a nonzero status naming the operation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSLOTS	997
#define NOPS	200000

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static struct slot slots[NSLOTS];
static uint32_t rng = 2463534242u;

/* xorshift32: our own generator, so the sequence never depends on libc. */
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Mostly small blocks, some page-sized, a few huge ones. */
static size_t pick_size(void)
{
	uint32_t r = next() % 1000;

	if (r < 900)
		return 1 + next() % 128;
	if (r < 995)
		return 1 + next() % 16384;
	return 1 + next() % (1 << 20);
}

static int check(const struct slot *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s->p[i] != (unsigned char)(s->fill + i))
			return 0;
	return 1;
}

static void fill(struct slot *s)
{
	size_t i;

	s->fill = (unsigned char)next();
	for (i = 0; i < s->size; i++)
		s->p[i] = (unsigned char)(s->fill + i);
}

int main(void)
{
	unsigned long mallocs = 0, callocs = 0, reallocs = 0, frees = 0;
	uint32_t sum = 0;
	size_t i, live = 0, peak = 0;
	int op;

	for (op = 0; op < NOPS; op++) {
		struct slot *s = &slots[next() % NSLOTS];

		if (s->p == NULL) {
			s->size = pick_size();
			if (next() & 1) {
				s->p = calloc(1, s->size);
				callocs++;
				if (s->p == NULL)
					return 10;
				for (i = 0; i < s->size; i++)
					if (s->p[i] != 0)
						return 11;
			} else {
				s->p = malloc(s->size);
				mallocs++;
				if (s->p == NULL)
					return 12;
			}
			/* blocks must be 8-byte aligned for doubles */
			if ((uintptr_t)s->p & 7)
				return 13;
			fill(s);
			live += s->size;
		} else if (!check(s, s->size)) {
			printf("corrupt block after %d operations\n", op);
			return 14;
		} else if (next() % 3 == 0) {
			size_t nsize = pick_size(), keep = nsize < s->size ? nsize : s->size;
			unsigned char *np = realloc(s->p, nsize);

			reallocs++;
			if (np == NULL)
				return 15;
			s->p = np;
			if (!check(s, keep)) {
				printf("realloc lost data after %d operations\n", op);
				return 16;
			}
			live += nsize - s->size;
			s->size = nsize;
			fill(s);
		} else {
			sum = sum * 31 + s->p[s->size - 1];
			free(s->p);
			frees++;
			live -= s->size;
			s->p = NULL;
		}
		if (live > peak)
			peak = live;
	}
	for (i = 0; i < NSLOTS; i++) {
		if (slots[i].p && !check(&slots[i], slots[i].size))
			return 17;
		free(slots[i].p);
	}
	free(NULL);
	printf("malloc %lu calloc %lu realloc %lu free %lu\n",
	       mallocs, callocs, reallocs, frees);
	printf("peak %lu bytes, checksum %08x\n", (unsigned long)peak,
	       (unsigned)sum);
	return 0;
}
