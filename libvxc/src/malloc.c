/*
 * malloc.c - a boundary-tag allocator over brk.
 *
 * Every chunk starts with two words: the size of the previous chunk
 * (valid only while that chunk is free) and this chunk's size with two
 * flag bits.  Sizes are multiples of 8, so the user pointer, 8 bytes past
 * the chunk, is 8-aligned.  An allocated chunk may use the first word of
 * the following chunk, which is why the overhead is 4 bytes, not 8.
 *
 * Free chunks are coalesced with free neighbours at once, so no two free
 * chunks are ever adjacent, and kept in segregated lists: one list per
 * size below 512 bytes (exact fit, O(1)), and four lists per power of two
 * above.  A bitmap of non-empty lists finds the next larger list with a
 * bit scan.  What no list can satisfy comes from the "top" chunk at the
 * end of the heap, which grows and shrinks with brk.
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <unistd.h>

struct chunk {
	size_t prev_size;	/* size of the previous chunk, if it is free */
	size_t head;		/* size | INUSE | PREV_INUSE */
	struct chunk *next;	/* free list links, only while free */
	struct chunk *prev;
};

#define INUSE		1u
#define PREV_INUSE	2u
#define FLAGS		(INUSE | PREV_INUSE)
#define HDR		(2 * sizeof(size_t))
#define MINCHUNK	16u
#define ALIGN		8u

#define SMALL_LIMIT	512u		/* below: one list per size */
#define NSMALL		(SMALL_LIMIT / ALIGN)
#define NBINS		(NSMALL + 23 * 4)	/* 2^9 .. 2^31, 4 per octave */
#define MAPWORDS	((NBINS + 31) / 32)

#define GROW_MIN	(256u * 1024)	/* grow the heap at least this much */
#define TRIM_ABOVE	(1024u * 1024)	/* give back top beyond this */
#define PAGE		4096u

/* How far to search a large list for a fit before trying larger lists. */
#define SCAN_MAX	16

static struct chunk *bins[NBINS];
static uint32_t binmap[MAPWORDS];
static struct chunk *top;	/* the wilderness; NULL before first use */
static char *heap_end;		/* end of the top chunk == our brk */

static inline size_t csize(const struct chunk *c)
{
	return c->head & ~(size_t)FLAGS;
}

static inline struct chunk *at(void *c, size_t off)
{
	return (struct chunk *)((char *)c + off);
}

static inline void *chunk2mem(struct chunk *c)
{
	return (char *)c + HDR;
}

static inline struct chunk *mem2chunk(void *p)
{
	return (struct chunk *)((char *)p - HDR);
}

static unsigned bin_index(size_t size)
{
	unsigned lg;

	if (size < SMALL_LIMIT)
		return size / ALIGN;
	lg = 31 - __builtin_clz(size);
	return NSMALL + (lg - 9) * 4 + ((size >> (lg - 2)) & 3);
}

static void bin_insert(struct chunk *c)
{
	unsigned i = bin_index(csize(c));

	c->prev = NULL;
	c->next = bins[i];
	if (c->next)
		c->next->prev = c;
	bins[i] = c;
	binmap[i / 32] |= 1u << (i % 32);
}

static void bin_remove(struct chunk *c)
{
	unsigned i;

	if (c->next)
		c->next->prev = c->prev;
	if (c->prev) {
		c->prev->next = c->next;
		return;
	}
	i = bin_index(csize(c));
	bins[i] = c->next;
	if (!bins[i])
		binmap[i / 32] &= ~(1u << (i % 32));
}

/* First non-empty list with index >= i, or -1. */
static int next_bin(unsigned i)
{
	unsigned w = i / 32;
	uint32_t bits;

	if (i >= NBINS)
		return -1;
	bits = binmap[w] & (~0u << (i % 32));
	for (;;) {
		if (bits)
			return w * 32 + __builtin_ctz(bits);
		if (++w == MAPWORDS)
			return -1;
		bits = binmap[w];
	}
}

/* Mark c (of size size) free, tell its successor, and list it. */
static void make_free(struct chunk *c, size_t size)
{
	struct chunk *n = at(c, size);

	c->head = size | (c->head & PREV_INUSE);
	n->prev_size = size;
	n->head &= ~(size_t)PREV_INUSE;
	bin_insert(c);
}

/*
 * c is in use and at least size bytes; cut the tail off into a free chunk
 * if it is big enough to be one.  The tail's successor is never free
 * (coalescing guarantees it), but it may be top.
 */
static void split(struct chunk *c, size_t size)
{
	size_t have = csize(c);
	struct chunk *rest, *n;

	if (have - size < MINCHUNK)
		return;
	rest = at(c, size);
	n = at(c, have);
	c->head = size | (c->head & FLAGS);
	rest->head = (have - size) | PREV_INUSE;
	if (n == top) {
		rest->head += csize(top);
		top = rest;
		return;
	}
	if (!(n->head & INUSE)) {	/* realloc may shrink next to a hole */
		bin_remove(n);
		rest->head += csize(n);
	}
	make_free(rest, csize(rest));
}

/*
 * Make top at least size + MINCHUNK bytes.  If someone else moved the
 * break, the old top is abandoned (left marked in use) and a new heap
 * segment starts at the current break.
 */
static int grow(size_t size)
{
	size_t have = top ? csize(top) : 0;
	size_t need = size + MINCHUNK - have;
	size_t inc = need < GROW_MIN ? GROW_MIN : need;
	char *p, *cur = sbrk(0);

	if (cur == (char *)-1)
		return -1;
	if (!top || cur != heap_end) {
		if (top)
			top->head |= INUSE;
		/* Align the new segment; the gap is simply lost. */
		inc = size + MINCHUNK + ALIGN;
		if (inc < GROW_MIN)
			inc = GROW_MIN;
		inc = (inc + PAGE - 1) & ~(size_t)(PAGE - 1);
		if (inc < size || (p = sbrk(inc)) == (char *)-1)
			return -1;
		heap_end = p + inc;
		p = (char *)(((uintptr_t)p + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1));
		top = (struct chunk *)p;
		top->head = (size_t)(heap_end - p) | PREV_INUSE;
		return csize(top) >= size + MINCHUNK ? 0 : grow(size);
	}
	inc = (inc + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (inc < need || sbrk(inc) == (void *)-1) {
		/* The generous request failed; try the bare minimum. */
		inc = (need + PAGE - 1) & ~(size_t)(PAGE - 1);
		if (inc < need || sbrk(inc) == (void *)-1)
			return -1;
	}
	heap_end += inc;
	top->head += inc;
	return 0;
}

/* Give memory at the end of the heap back to the host. */
static void trim(void)
{
	size_t extra;

	if (csize(top) <= TRIM_ABOVE || sbrk(0) != heap_end)
		return;
	extra = (csize(top) - GROW_MIN) & ~(size_t)(PAGE - 1);
	if (extra && sbrk(-(intptr_t)extra) != (void *)-1) {
		heap_end -= extra;
		top->head -= extra;
	}
}

/* Chunk size for a request of n bytes, or 0 if n is absurd. */
static size_t request_size(size_t n)
{
	size_t size;

	if (n > SIZE_MAX / 2)
		return 0;
	size = (n + sizeof(size_t) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return size < MINCHUNK ? MINCHUNK : size;
}

/* Take a listed free chunk of at least size bytes, or NULL. */
static struct chunk *from_bins(size_t size)
{
	unsigned i = bin_index(size);
	struct chunk *c;
	int b, scan;

	if (size >= SMALL_LIMIT && bins[i]) {
		/* Sizes in a large list vary: look for one that fits. */
		for (c = bins[i], scan = 0; c && scan < SCAN_MAX;
		     c = c->next, scan++)
			if (csize(c) >= size)
				goto found;
		i++;
	}
	/* Any chunk in a list at or above i fits. */
	b = next_bin(i);
	if (b < 0)
		return NULL;
	c = bins[b];
found:
	bin_remove(c);
	c->head |= INUSE;
	at(c, csize(c))->head |= PREV_INUSE;
	split(c, size);
	return c;
}

void *malloc(size_t n)
{
	size_t size = request_size(n);
	struct chunk *c;

	if (!size) {
		errno = ENOMEM;
		return NULL;
	}
	c = from_bins(size);
	if (c)
		return chunk2mem(c);
	if ((!top || csize(top) < size + MINCHUNK) && grow(size) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	c = top;
	top = at(c, size);
	top->head = (csize(c) - size) | PREV_INUSE;
	c->head = size | INUSE | (c->head & PREV_INUSE);
	return chunk2mem(c);
}

void free(void *p)
{
	struct chunk *c, *n;
	size_t size;

	if (!p)
		return;
	c = mem2chunk(p);
	size = csize(c);
	n = at(c, size);
	if (!(c->head & PREV_INUSE)) {
		struct chunk *prev = (struct chunk *)((char *)c - c->prev_size);

		bin_remove(prev);
		size += csize(prev);
		c = prev;
	}
	if (n == top) {
		c->head = (size + csize(top)) | PREV_INUSE;
		top = c;
		trim();
		return;
	}
	if (!(n->head & INUSE)) {
		bin_remove(n);
		size += csize(n);
	}
	c->head = size | PREV_INUSE;
	make_free(c, size);
}

void *calloc(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	size_t size = request_size(n), have;
	struct chunk *c, *next;
	void *q;

	if (!p)
		return malloc(n);
	if (!size) {
		errno = ENOMEM;
		return NULL;
	}
	c = mem2chunk(p);
	have = csize(c);
	next = at(c, have);

	/* Grow in place into the top or a free neighbour when possible. */
	if (have < size && next == top && have + csize(top) >= size + MINCHUNK) {
		size_t rest = have + csize(top) - size;

		top = at(c, size);
		top->head = rest | PREV_INUSE;
		c->head = size | (c->head & FLAGS);
		return p;
	}
	if (have < size && next != top && !(next->head & INUSE) &&
	    have + csize(next) >= size) {
		bin_remove(next);
		have += csize(next);
		c->head = have | (c->head & FLAGS);
		at(c, have)->head |= PREV_INUSE;
	}
	if (have >= size) {
		split(c, size);
		return p;
	}

	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, have - sizeof(size_t));
	free(p);
	return q;
}

/*
 * Aligned allocation: over-allocate, give the misaligned head back as a
 * free chunk of its own and the unused tail as split() does.
 */
static void *aligned(size_t align, size_t n)
{
	size_t size = request_size(n), lead;
	struct chunk *c, *nc;
	uintptr_t a;
	char *p;

	if (align <= ALIGN)
		return malloc(n);
	if (!size || size > SIZE_MAX / 4 - align) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(size + align + MINCHUNK);
	if (!p)
		return NULL;
	c = mem2chunk(p);
	a = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
	if (a == (uintptr_t)p) {
		split(c, size);
		return p;
	}
	if (a - (uintptr_t)p < MINCHUNK)	/* too small to be a chunk */
		a += align;
	nc = mem2chunk((void *)a);
	lead = (size_t)((char *)nc - (char *)c);
	nc->head = (csize(c) - lead) | INUSE | PREV_INUSE;
	c->head = lead | INUSE | (c->head & PREV_INUSE);
	free(chunk2mem(c));
	split(nc, size);
	return (void *)a;
}

static int power_of_two(size_t x)
{
	return x && !(x & (x - 1));
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (!power_of_two(align) || align % sizeof(void *))
		return EINVAL;
	p = aligned(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	if (!power_of_two(align)) {
		errno = EINVAL;
		return NULL;
	}
	return aligned(align, n);
}

void *memalign(size_t align, size_t n)
{
	return aligned_alloc(align, n);
}

void *valloc(size_t n)
{
	return aligned(PAGE, n);
}

size_t malloc_usable_size(void *p)
{
	return p ? csize(mem2chunk(p)) - sizeof(size_t) : 0;
}
