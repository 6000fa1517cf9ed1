/*
 * printf: a table of printf conversions (integers of every size, flags,
 * widths, precisions, strings, characters, floating point).  Its output is
 * compared with the same program's under qemu-i386 and with the host C
 * library's, so it avoids conversions whose output legitimately differs
 * between C libraries (%p, long on LP64, NaN signs).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char buf[64];
	const char *volatile word = "truncate";
	int n;

	printf("[%d] [%d] [%d] [%d]\n", 0, 1, -1, INT_MIN);
	printf("[%i] [%u] [%u]\n", INT_MAX, 0u, UINT_MAX);
	printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d]\n", 42, 42, 42, 42, 42, -42);
	printf("[%.3d] [%8.3d] [%-8.3d] [%.0d]\n", 7, 7, -7, 0);
	printf("[%x] [%X] [%#x] [%#X] [%08x] [%#010x] [%#x]\n",
	       0xbeef, 0xbeef, 0xbeef, 0xbeef, 0xbeef, 0xbeef, 0);
	printf("[%o] [%#o] [%#o] [%.5o]\n", 8, 8, 0, 8);
	printf("[%hd] [%hu] [%hhd] [%hhu] [%hx]\n",
	       (short)-2, (unsigned short)65535, (signed char)-128,
	       (unsigned char)255, (unsigned short)0xabcd);
	printf("[%lld] [%lld] [%llu] [%llx] [%20lld] [%-20llu]\n",
	       LLONG_MIN, LLONG_MAX, ULLONG_MAX, 0x123456789abcdefULL,
	       -1234567890123LL, 98765432109876ULL);
	printf("[%*d] [%-*d] [%.*d] [%*.*d]\n", 6, 1, 6, 2, 4, 3, 7, 5, 4);
	printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%s]\n",
	       "abc", "abc", "abc", "abcdef", "abcdef", "");
	printf("[%c] [%3c] [%-3c] [%%]\n", 'x', 'y', 'z');
	printf("[%f] [%f] [%f] [%.0f] [%.1f] [%.10f]\n",
	       0.0, 1.5, -2.25, 2.5, 0.05, 1.0 / 3);
	printf("[%e] [%E] [%.2e] [%e] [%e]\n", 12345.678, 0.000123, 9.999, 1e300, 1e-300);
	printf("[%g] [%g] [%g] [%g] [%G] [%.3g] [%#g]\n",
	       100000.0, 1000000.0, 0.0001, 0.00001, 1e-10, 3.14159, 1.0);
	printf("[%10.3f] [%-10.3f] [%+.2f] [% .2f] [%010.2f]\n",
	       3.14159, 3.14159, 2.0, 2.0, -3.5);
	printf("[%f] [%.3f] [%g]\n", 1e20, 123456789.0009765625, 1e20);
	printf("[%f] [%F] [%f]\n", 1.0 / 0.0, -1.0 / 0.0, 0x1p-1074);
	n = snprintf(buf, 8, "%s-%d", word, 12345);
	printf("[%s] %d\n", buf, n);
	n = sprintf(buf, "%d%s%c", 12, "ab", 'c');
	printf("[%s] %d %d\n", buf, n, (int)strlen(buf));
	n = printf("%s\n", "count me");
	printf("%d\n", n);
	return 0;
}
