/*
 * wordfreq.c - word frequencies of a generated text: split into words,
 * lower-case them, count them in a chained hash table, report the most
 * frequent.  String handling is written out here (not the C library's,
 * which differs between the builds; see bench.h).
 */
#include "../bench.h"

#define HASH_SIZE	(1u << 16)
#define TOP		10

struct entry {
	struct entry *next;
	const char *word;	/* points into the text */
	uint32_t len;
	uint32_t hash;
	uint32_t count;
};

static uint32_t hash_word(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u, i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int same_word(const char *a, const char *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/*
 * Text from a vocabulary of syllable combinations with a skewed
 * distribution, mixed case, punctuation and line breaks.
 */
static size_t generate(char *text, size_t size)
{
	static const char *const syl[] = {
		"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "xe", "zu",
		"an", "el", "in", "or", "us", "th", "ch", "qu",
	};
	static const char punct[] = " , . ; \n";
	uint32_t seed = 521288629u;
	size_t i = 0;

	while (i + 64 < size) {
		uint32_t r = rng_next(&seed), k;
		uint32_t n = 1 + (r & 1) + ((r >> 1) & 1) + ((r >> 2) & 1 & (r >> 3));
		char c = punct[(r >> 28) & 7];

		for (k = 0; k < n; k++) {
			/* the lesser of two picks: early syllables are common */
			uint32_t s = rng_next(&seed), a = (s >> 8) % 18;
			uint32_t b = (s >> 20) % 18;
			const char *sy = syl[a < b ? a : b];

			/* an occasional capital, folded back when counting */
			text[i++] = k == 0 && (s & 31) == 0 ? sy[0] - 32 : sy[0];
			text[i++] = sy[1];
		}
		text[i++] = c;
		if (c != ' ')
			text[i++] = ' ';
	}
	text[i] = 0;
	return i;
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* a ranks before b (an empty slot ranks last); ties go by hash */
static int ahead(const struct entry *a, const struct entry *b)
{
	return b == NULL || a->count > b->count ||
	       (a->count == b->count && a->hash < b->hash);
}

int main(int argc, char **argv)
{
	long size = bench_size(argc, argv, 24 << 20);
	char *text = bench_alloc(size + 1);
	struct entry **table = bench_alloc(HASH_SIZE * sizeof *table);
	struct entry *pool = bench_alloc((size / 2 + 1) * sizeof *pool);
	struct entry *top[TOP] = { 0 };
	size_t len = generate(text, size), i = 0, nentries = 0, nwords = 0;
	uint32_t k, check = 0;

	for (k = 0; k < HASH_SIZE; k++)
		table[k] = NULL;
	/* lower-case in place, so equal words compare equal */
	for (i = 0; i < len; i++)
		if (text[i] >= 'A' && text[i] <= 'Z')
			text[i] += 32;
	i = 0;
	while (i < len) {
		size_t start;
		uint32_t wlen, h;
		struct entry *e;

		while (i < len && !is_letter(text[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && is_letter(text[i]))
			i++;
		wlen = i - start;
		h = hash_word(text + start, wlen);
		for (e = table[h & (HASH_SIZE - 1)]; e != NULL; e = e->next)
			if (e->hash == h && e->len == wlen &&
			    same_word(e->word, text + start, wlen))
				break;
		if (e == NULL) {
			e = &pool[nentries++];
			e->word = text + start;
			e->len = wlen;
			e->hash = h;
			e->count = 0;
			e->next = table[h & (HASH_SIZE - 1)];
			table[h & (HASH_SIZE - 1)] = e;
		}
		e->count++;
		nwords++;
	}
	/* the TOP most frequent, by insertion into a sorted short list */
	for (i = 0; i < nentries; i++) {
		struct entry *e = &pool[i];
		int p = TOP, j;

		check = check * 31 + e->count + e->hash;
		while (p > 0 && ahead(e, top[p - 1]))
			p--;
		if (p < TOP) {
			for (j = TOP - 1; j > p; j--)
				top[j] = top[j - 1];
			top[p] = e;
		}
	}
	printf("wordfreq: %lu words, %lu distinct, check %08x\n",
	       (unsigned long)nwords, (unsigned long)nentries, (unsigned)check);
	for (k = 0; k < TOP && top[k] != NULL; k++)
		printf("%8u %.*s\n", (unsigned)top[k]->count, (int)top[k]->len,
		       top[k]->word);
	return 0;
}
