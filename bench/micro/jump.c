/*
 * jump.c - direct unconditional jumps.  Each `jmp 1f; 1:` ends a basic
 * block, so a translator must chain eight blocks per iteration; the
 * arithmetic in between keeps the blocks from being empty.  The asm is
 * the same text for i386 and x86-64.
 */
#include "../bench.h"

#define HOP(x) do { (x) = (x) * 5 + 1; \
	__asm__ volatile("jmp 1f\n1:" : "+r"(x)); } while (0)

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 50000000);
	uint32_t x = 1;
	long i;

	for (i = 0; i < n; i++) {
		HOP(x); HOP(x); HOP(x); HOP(x);
		HOP(x); HOP(x); HOP(x); HOP(x);
	}
	printf("jump: %ld iterations, x = %08x\n", n, (unsigned)x);
	return 0;
}
