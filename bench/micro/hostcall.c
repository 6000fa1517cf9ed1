/*
 * hostcall.c - guest -> host -> guest round trips through the C library:
 * N zero-length writes to stdout.  Under vxrun each is an int $0x30 that
 * leaves translated code, is served by vxrun (a real write(2) of 0
 * bytes) and resumes the guest; natively it is the bare system call.
 */
#include <unistd.h>
#include "../bench.h"

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 300000);
	static char buf[1];
	long i, zero = 0;

	for (i = 0; i < n; i++)
		if (write(1, buf, 0) != 0)
			zero++;
	printf("hostcall: %ld calls, %ld nonzero results\n", n, zero);
	return 0;
}
