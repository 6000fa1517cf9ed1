/*
 * qsort.c - sorting a large array through a qsort(3)-style interface:
 * element size and comparison function given at run time, so every
 * comparison is an indirect call and every swap a byte loop of unknown
 * length.  The sort is here rather than the C library's because libvxc
 * and glibc sort with different algorithms, which would make the builds
 * do different work.  Quicksort, median of three, insertion sort below
 * 16 elements, recursion on the smaller side.
 */
#include "../bench.h"

typedef int (*cmp_fn)(const void *, const void *);

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size-- > 0) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void insertion_sort(char *base, size_t n, size_t size, cmp_fn cmp)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
			swap_bytes(base + (j - 1) * size, base + j * size, size);
}

static void sort(void *vbase, size_t n, size_t size, cmp_fn cmp)
{
	char *base = vbase;

	while (n > 16) {
		char *lo = base, *mid = base + (n / 2) * size;
		char *hi = base + (n - 1) * size;
		size_t i, j, left;

		/* median of three into lo */
		if (cmp(mid, lo) < 0)
			swap_bytes(mid, lo, size);
		if (cmp(hi, mid) < 0) {
			swap_bytes(hi, mid, size);
			if (cmp(mid, lo) < 0)
				swap_bytes(mid, lo, size);
		}
		swap_bytes(lo, mid, size);
		/* Hoare partition around the pivot at lo */
		i = 0;
		j = n;
		for (;;) {
			do i++; while (i < n && cmp(base + i * size, lo) < 0);
			do j--; while (cmp(base + j * size, lo) > 0);
			if (i >= j)
				break;
			swap_bytes(base + i * size, base + j * size, size);
		}
		swap_bytes(lo, base + j * size, size);
		left = j;
		if (left < n - left - 1) {
			sort(base, left, size, cmp);
			base += (left + 1) * size;
			n -= left + 1;
		} else {
			sort(base + (left + 1) * size, n - left - 1, size, cmp);
			n = left;
		}
	}
	insertion_sort(base, n, size, cmp);
}

struct rec {
	uint32_t key;
	uint32_t id;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 700000);
	uint32_t *a = bench_alloc(n * sizeof *a), seed = 362436069u;
	struct rec *r = bench_alloc(n * sizeof *r);
	long i, bad = 0;

	for (i = 0; i < n; i++) {
		a[i] = rng_next(&seed);
		r[i].key = rng_next(&seed) % 1000;	/* many equal keys */
		r[i].id = i;
	}
	sort(a, n, sizeof *a, cmp_u32);
	sort(r, n, sizeof *r, cmp_rec);
	for (i = 1; i < n; i++)
		bad += a[i - 1] > a[i] || cmp_rec(&r[i - 1], &r[i]) >= 0;
	printf("qsort: %ld words, %ld records, %ld out of order, "
	       "hashes %08x %08x\n", n, n, bad, (unsigned)fnv1a32(a, n),
	       (unsigned)fnv1a32((uint32_t *)r, 2 * n));
	return 0;
}
