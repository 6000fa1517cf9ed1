/*
 * bench.h - what every benchmark program shares.
 *
 * Each benchmark is one C file that builds unchanged three ways: with
 * libvxc (vxcc, for vxrun), with i386 glibc (gcc -m32 -static, for
 * qemu-i386 and vxlinux) and with x86-64 glibc (gcc, native).  To compare
 * the same machine code under every runner, the timed work never calls
 * the C library (whose three versions differ: glibc has vectorised string
 * functions, libvxc does not); the library is used only to allocate
 * memory and to print the result.
 *
 * Guests under vxrun have no clock and no files, so input data comes from
 * a fixed-seed generator, and every program prints a result line that the
 * runner compares across builds: a benchmark can never time a wrong
 * program.  argv[1], when given, sets the problem size (the smoke test in
 * test/suite-bench.sh runs tiny sizes).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A real call that the compiler may neither inline nor specialise. */
#define NOINLINE __attribute__((noinline, noipa))

/* Hides a value from the optimiser, so that loops are not folded away. */
#define OPAQUE(x) __asm__ volatile("" : "+r"(x))

/* Problem size from argv[1], or def. */
static inline long bench_size(int argc, char **argv, long def)
{
	long n;

	if (argc < 2)
		return def;
	n = strtol(argv[1], NULL, 0);
	if (n <= 0) {
		fprintf(stderr, "%s: bad size '%s'\n", argv[0], argv[1]);
		exit(2);
	}
	return n;
}

/* xorshift32: a 32-bit generator, cheap on i386 and x86-64 alike. */
static inline uint32_t rng_next(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* Memory that must exist: a benchmark without it measures nothing. */
static inline void *bench_alloc(size_t size)
{
	void *p = malloc(size);

	if (p == NULL) {
		fprintf(stderr, "out of memory allocating %lu bytes\n",
			(unsigned long)size);
		exit(2);
	}
	return p;
}

/* FNV-1a over a word array: the result checksum of several benchmarks. */
static inline uint32_t fnv1a32(const uint32_t *a, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= a[i];
		h *= 16777619u;
	}
	return h;
}

#endif /* BENCH_H */
