/*
 * arith64.c - 64-bit add, multiply and divide.  On i386 these are
 * add/adc pairs, three-multiply sequences and calls to libgcc's
 * __udivdi3/__umoddi3 (the same libgcc in every i386 build); on x86-64
 * single instructions, so the vx32/native ratio here is mostly the ISA.
 */
#include "../bench.h"

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 60000000);
	uint64_t x = 0x0123456789abcdefull, sum = 0, q = 0;
	long i;

	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		sum += x >> 7;
		q += x / ((x >> 40) | 3);
		q ^= sum % 1000003;
	}
	printf("arith64: %ld steps, sum = %016llx, q = %016llx\n", n,
	       (unsigned long long)sum, (unsigned long long)q);
	return 0;
}
