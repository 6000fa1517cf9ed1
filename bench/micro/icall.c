/*
 * icall.c - indirect calls through a table of function pointers.  The
 * targets follow a fixed, irregular sequence of period 16 over eight
 * functions: predictable by a native branch predictor, so the figure is
 * the cost of the indirect transfer itself (a translator must look the
 * guest target up), not of mispredictions.
 */
#include "../bench.h"

typedef uint32_t (*op_fn)(uint32_t);

static NOINLINE uint32_t op0(uint32_t x) { return x + 1; }
static NOINLINE uint32_t op1(uint32_t x) { return x ^ 0x5555; }
static NOINLINE uint32_t op2(uint32_t x) { return x * 3; }
static NOINLINE uint32_t op3(uint32_t x) { return x - 7; }
static NOINLINE uint32_t op4(uint32_t x) { return (x << 1) | (x >> 31); }
static NOINLINE uint32_t op5(uint32_t x) { return x + 0x1234; }
static NOINLINE uint32_t op6(uint32_t x) { return ~x; }
static NOINLINE uint32_t op7(uint32_t x) { return x * 5 + 1; }

static op_fn table[8] = { op0, op1, op2, op3, op4, op5, op6, op7 };
static const unsigned char order[16] = {
	3, 0, 7, 1, 1, 5, 2, 6, 4, 0, 3, 7, 2, 5, 6, 4
};

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 100000000);
	op_fn *volatile tp = table;	/* no devirtualisation */
	op_fn *t = tp;
	uint32_t x = 1;
	long i;

	for (i = 0; i < n; i++)
		x = t[order[i & 15]](x);
	printf("icall: %ld calls, x = %08x\n", n, (unsigned)x);
	return 0;
}
