/*
 * memhog: allocate 256 KiB blocks until malloc returns NULL, writing every
 * page, then check that all blocks still hold their pattern.  Under a
 * memory limit (vxrun -m) malloc must fail cleanly rather than the guest
 * or the host crashing.  Prints the number of KiB obtained.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK	(256 * 1024)

struct block {
	struct block *next;
};

int main(void)
{
	struct block *head = NULL, *b;
	unsigned long n = 0, i;
	size_t off;

	while ((b = malloc(BLOCK)) != NULL) {
		for (off = sizeof *b; off < BLOCK; off += 4096)
			((unsigned char *)b)[off] = (unsigned char)n;
		b->next = head;
		head = b;
		n++;
	}
	for (b = head, i = n; b; b = b->next) {
		i--;
		for (off = sizeof *b; off < BLOCK; off += 4096)
			if (((unsigned char *)b)[off] != (unsigned char)i)
				return 3;
	}
	printf("%lu KiB\n", n * (BLOCK / 1024));
	return n > 0 ? 0 : 2;
}
