/* bsearch.c - binary search of a sorted array. */
#include <stdlib.h>

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *lo = base;
	const char *mid;
	int c;

	while (nmemb) {
		mid = lo + (nmemb / 2) * size;
		c = cmp(key, mid);
		if (!c)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			nmemb -= nmemb / 2 + 1;
		} else {
			nmemb /= 2;
		}
	}
	return NULL;
}
