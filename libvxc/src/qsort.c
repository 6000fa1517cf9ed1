/*
 * qsort.c - introsort: quicksort with a median-of-three pivot, insertion
 * sort for short runs, and heapsort once recursion gets deeper than
 * 2*log2(n), so no input (sorted, reversed, all equal, adversarial) costs
 * more than O(n log n).
 */
#include <stdlib.h>
#include <stdint.h>

typedef int (*cmpfn)(const void *, const void *);

#define INSERTION_MAX	12

/* Swap two elements; word-wise when size and alignment allow. */
static void swap(char *a, char *b, size_t size)
{
	if (a == b)
		return;
	if (!(size % 4) && !(((uintptr_t)a | (uintptr_t)b) % 4)) {
		uint32_t *p = (uint32_t *)a, *q = (uint32_t *)b, t;

		for (size /= 4; size; size--) {
			t = *p;
			*p++ = *q;
			*q++ = t;
		}
		return;
	}
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void insertion_sort(char *base, size_t n, size_t size, cmpfn cmp)
{
	char *i, *j, *end = base + n * size;

	for (i = base + size; i < end; i += size)
		for (j = i; j > base && cmp(j - size, j) > 0; j -= size)
			swap(j - size, j, size);
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      cmpfn cmp)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

static void heap_sort(char *base, size_t n, size_t size, cmpfn cmp)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(base, i, n, size, cmp);
	for (i = n; i-- > 1;) {
		swap(base, base + i * size, size);
		sift_down(base, 0, i, size, cmp);
	}
}

/* Order *a, *b, *c so that the median ends up in b. */
static void sort3(char *a, char *b, char *c, size_t size, cmpfn cmp)
{
	if (cmp(a, b) > 0)
		swap(a, b, size);
	if (cmp(b, c) > 0) {
		swap(b, c, size);
		if (cmp(a, b) > 0)
			swap(a, b, size);
	}
}

static void introsort(char *base, size_t n, size_t size, cmpfn cmp,
		      int depth)
{
	char *lo, *hi, *last;

	while (n > INSERTION_MAX) {
		if (depth-- == 0) {
			heap_sort(base, n, size, cmp);
			return;
		}
		last = base + (n - 1) * size;
		sort3(base, base + (n / 2) * size, last, size, cmp);
		/* Park the pivot at base + size; base and last are sentinels. */
		swap(base + size, base + (n / 2) * size, size);

		/*
		 * Hoare partition; stopping on equal keys splits runs of
		 * equal elements evenly instead of degrading to O(n^2).
		 */
		lo = base + size;
		hi = last;
		for (;;) {
			do
				lo += size;
			while (cmp(lo, base + size) < 0);
			do
				hi -= size;
			while (cmp(hi, base + size) > 0);
			if (lo >= hi)
				break;
			swap(lo, hi, size);
		}
		swap(base + size, hi, size);

		/* Recurse into the smaller side, loop on the larger. */
		{
			size_t nl = (hi - base) / size;
			size_t nr = n - nl - 1;

			if (nl < nr) {
				introsort(base, nl, size, cmp, depth);
				base = hi + size;
				n = nr;
			} else {
				introsort(hi + size, nr, size, cmp, depth);
				n = nl;
			}
		}
	}
	insertion_sort(base, n, size, cmp);
}

void qsort(void *base, size_t nmemb, size_t size, cmpfn cmp)
{
	int depth = 0;
	size_t n;

	if (nmemb < 2 || !size)
		return;
	for (n = nmemb; n; n >>= 1)
		depth += 2;
	introsort(base, nmemb, size, cmp, depth);
}
