/*
 * lz77.c - an LZ77 compressor (hash chains, greedy parsing, 64 KiB
 * window) and its decompressor, run over generated text-like data; the
 * round trip is checked.
 *
 * Format: a sequence of tokens.  A literal run is a byte 0..127 (n-1,
 * n = 1..128) followed by n bytes; a match is a byte 128 + (len - 4)
 * (len = 4..131) followed by a 16-bit little-endian distance 1..65535.
 */
#include "../bench.h"

#define WINDOW		65535
#define MIN_MATCH	4
#define MAX_MATCH	131
#define HASH_BITS	15
#define MAX_CHAIN	32
#define NIL		0xffffffffu

static uint32_t hash4(const unsigned char *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return (v * 2654435761u) >> (32 - HASH_BITS);
}

static unsigned char *flush_literals(unsigned char *out,
				     const unsigned char *lit, size_t n)
{
	while (n > 0) {
		size_t k = n > 128 ? 128 : n, i;

		*out++ = k - 1;
		for (i = 0; i < k; i++)
			*out++ = lit[i];
		lit += k;
		n -= k;
	}
	return out;
}

/* Compress in[0..n) into out (at least n + n / 128 + 16 bytes). */
static size_t compress(const unsigned char *in, size_t n, unsigned char *out,
		       uint32_t *head, uint32_t *prev)
{
	unsigned char *o = out;
	size_t pos = 0, lit = 0, i;

	for (i = 0; i < (1u << HASH_BITS); i++)
		head[i] = NIL;
	while (pos + MIN_MATCH <= n) {
		uint32_t h = hash4(in + pos), cand = head[h];
		size_t best = 0, dist = 0, limit = n - pos;
		int chain = MAX_CHAIN;

		if (limit > MAX_MATCH)
			limit = MAX_MATCH;
		while (cand != NIL && pos - cand <= WINDOW && chain-- > 0) {
			size_t len = 0;

			while (len < limit && in[cand + len] == in[pos + len])
				len++;
			if (len > best) {
				best = len;
				dist = pos - cand;
				if (len == limit)
					break;
			}
			cand = prev[cand & WINDOW];
		}
		prev[pos & WINDOW] = head[h];
		head[h] = pos;
		if (best < MIN_MATCH) {
			pos++;
			continue;
		}
		o = flush_literals(o, in + lit, pos - lit);
		*o++ = 128 + (best - MIN_MATCH);
		*o++ = dist & 0xff;
		*o++ = dist >> 8;
		/* index the matched positions too */
		for (i = 1; i < best && pos + i + MIN_MATCH <= n; i++) {
			uint32_t hh = hash4(in + pos + i);

			prev[(pos + i) & WINDOW] = head[hh];
			head[hh] = pos + i;
		}
		pos += best;
		lit = pos;
	}
	o = flush_literals(o, in + lit, n - lit);
	return o - out;
}

/* Decompress; returns the output length, or -1 on a malformed stream. */
static long decompress(const unsigned char *in, size_t n, unsigned char *out,
		       size_t cap)
{
	const unsigned char *end = in + n;
	size_t o = 0;

	while (in < end) {
		unsigned t = *in++;

		if (t < 128) {
			size_t k = t + 1;

			if ((size_t)(end - in) < k || cap - o < k)
				return -1;
			while (k-- > 0)
				out[o++] = *in++;
		} else {
			size_t len = t - 128 + MIN_MATCH, dist;

			if (end - in < 2)
				return -1;
			dist = in[0] | in[1] << 8;
			in += 2;
			if (dist == 0 || dist > o || cap - o < len)
				return -1;
			for (; len > 0; len--, o++)
				out[o] = out[o - dist];
		}
	}
	return o;
}

/* Text-like input: words of a skewed vocabulary with some noise. */
static void generate(unsigned char *buf, size_t n)
{
	static const char *const words[] = {
		"the ", "of ", "and ", "to ", "in ", "translation ", "guest ",
		"host ", "block ", "cache ", "memory ", "segment ", "register ",
		"instruction ", "sandbox ", "compressor ", "window ", "match ",
		"literal ", "a ", "is ", "that ", "for ", "with ", "\n",
	};
	uint32_t seed = 1234567u;
	size_t i = 0;

	while (i < n) {
		uint32_t r = rng_next(&seed);
		unsigned a = (r >> 8) % 25, b = (r >> 16) % 25;
		const char *w;

		if ((r & 63) == 0) {	/* noise: an incompressible byte */
			buf[i++] = r >> 24;
			continue;
		}
		w = words[a < b ? a : b];	/* skewed to the first words */
		while (*w && i < n)
			buf[i++] = *w++;
	}
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 6 << 20);
	unsigned char *in = bench_alloc(n), *z = bench_alloc(n + n / 128 + 16);
	unsigned char *back = bench_alloc(n);
	uint32_t *head = bench_alloc(sizeof(uint32_t) << HASH_BITS);
	uint32_t *prev = bench_alloc(sizeof(uint32_t) * (WINDOW + 1));
	uint32_t sum = 0;
	size_t zn;
	long m, i;
	int round;

	generate(in, n);
	zn = compress(in, n, z, head, prev);
	for (round = 0; round < 4; round++) {	/* decompression is fast */
		m = decompress(z, zn, back, n);
		if (m != n) {
			printf("lz77: decompressed %ld bytes, want %ld\n", m, n);
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		if (back[i] != in[i]) {
			printf("lz77: round trip differs at byte %ld\n", i);
			return 1;
		}
		sum = sum * 31 + back[i];
	}
	printf("lz77: %ld bytes -> %lu compressed, round trip ok, sum %08x\n",
	       n, (unsigned long)zn, (unsigned)sum);
	return 0;
}
