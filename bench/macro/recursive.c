/*
 * recursive.c - recursion-bound code: naive Fibonacci (two calls per
 * call, shallow) and Ackermann's function (deep, irregular).
 */
#include "../bench.h"

static NOINLINE uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static NOINLINE uint32_t ack(uint32_t m, uint32_t n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 38);
	uint32_t m = n > 30 ? n - 28 : 2;	/* ack(3, m): ~4^m calls */
	uint32_t f = fib(n), a = ack(3, m), b = ack(2, 50 * n);

	printf("recursive: fib(%ld) = %u, ack(3, %u) = %u, ack(2, %ld) = %u\n",
	       n, (unsigned)f, (unsigned)m, (unsigned)a, 50 * n, (unsigned)b);
	return 0;
}
