/*
 * glibc.c - an ordinary static glibc program: TLS, stdio, malloc (brk and
 * mmap paths), qsort, strtod and files.  Its output is compared with the
 * same program under qemu-i386.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __thread int counter = 7;
static __thread char tlsbuf[64] = "tls-initialised";

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	char path[4096];
	double v[6];
	const char *nums[] = { "3.25", "-1e3", "2.5e-3", "42", "0x10", "7.125" };

	counter += 5;
	printf("tls: %d %s\n", counter, tlsbuf);
	strcpy(tlsbuf, "changed");
	printf("tls: %s errno-addr-ok %d\n", tlsbuf, &errno != NULL);

	for (int i = 0; i < 6; i++)
		v[i] = strtod(nums[i], NULL);
	qsort(v, 6, sizeof v[0], cmp);
	for (int i = 0; i < 6; i++)
		printf("%g%c", v[i], i == 5 ? '\n' : ' ');

	/* small allocations come from brk, big ones from mmap */
	size_t total = 0;
	char *small[100];
	for (int i = 0; i < 100; i++) {
		small[i] = malloc(100 + i);
		memset(small[i], i, 100 + i);
		total += 100 + i;
	}
	for (int i = 0; i < 100; i++)
		if (small[i][99] != (char)i)
			printf("small block %d corrupt\n", i);
	for (int i = 0; i < 100; i += 2)
		free(small[i]);
	char *big = malloc(16 << 20);
	if (!big) {
		printf("big malloc failed\n");
		return 1;
	}
	for (size_t i = 0; i < (16u << 20); i += 4096)
		big[i] = (char)(i >> 12);
	unsigned sum = 0;
	for (size_t i = 0; i < (16u << 20); i += 4096)
		sum += (unsigned char)big[i];
	big = realloc(big, 32 << 20);
	printf("malloc: small %zu bytes, big sum %u, realloc %s\n", total, sum,
	       big && big[4096 * 3] == 3 ? "kept" : "lost");
	free(big);

	snprintf(path, sizeof path, "%s/glibc-test.txt", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d %.3f\n", i, i / 7.0);
	fclose(f);
	f = fopen(path, "r");
	char line[100];
	int n = 0;
	double dsum = 0;
	while (fgets(line, sizeof line, f)) {
		n++;
		dsum += strtod(strrchr(line, ' ') + 1, NULL);
	}
	fclose(f);
	printf("file: %d lines, sum %.3f\n", n, dsum);
	if (unlink(path) < 0)
		perror("unlink");
	if (fopen(path, "r") == NULL)
		printf("after unlink: %s\n", strerror(errno));
	return 0;
}
