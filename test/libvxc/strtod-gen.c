#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
/*
 * strtod-gen: strtod, strtof and strtold on edge cases and generated
 * strings (random doubles in %g and %a, 17-40 digit near-halfway
 * decimals, long doubles, huge exponents); prints the bits, the end
 * offset and errno of each.  With an argument N it prints N generated
 * strings instead (made natively, so the inputs do not depend on the
 * printf under test); "strtod-gen 0 x < strings" parses them.
 */
static uint64_t s = 88172645463325252ULL;
static uint64_t rnd(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
static void one(const char *str) {
	char *e; union { double d; uint64_t u; } d; union { float f; uint32_t u; } f;
	union { long double l; struct { uint64_t m; uint16_t se; } b; } l;
	memset(&l, 0, sizeof l);
	errno = 0; d.d = strtod(str, &e); int ed = errno; long od = e - str;
	errno = 0; f.f = strtof(str, &e); int ef = errno; long of = e - str;
	errno = 0; l.l = strtold(str, &e); int el = errno; long ol = e - str;
	printf("%s|%016llx %ld %d|%08x %ld %d|%016llx %04x %ld %d\n", str, (unsigned long long)d.u, od, ed, (unsigned)f.u, of, ef,
		(unsigned long long)l.b.m, (unsigned)l.b.se, ol, el);
}
int main(int argc, char **argv) {
	char buf[2000]; int n = argc > 1 ? atoi(argv[1]) : 20000;
	const char *fixed[] = { "0", "-0", "1", "0.1", "1e23", "2.2250738585072011e-308", "2.2250738585072014e-308",
	 "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e400", "-1e400",
	 "0x1p-1074", "0x1p-1075", "0x1.8p-1075", "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7ffp1023", "inf", "-Infinity", "nan", "nan(0x123)", "NAN(abc)",
	 "  +12.5e+3xyz", "0x", "0x.", "0x.8", ".e5", "1e", "1e+", "1.5E-3", "0x1P", "0X1p+4", "1.7976931348623157e308", "1.7976931348623158e308",
	 "1.7976931348623159e308", "3.4028235e38", "3.4028236e38", "1.18973149535723176502e+4932", "1.18973149535723176508e+4932", "3.6451995318824746025e-4951",
	 "1.8225997659412373012e-4951", "1.8225997659412373013e-4951", "9007199254740993", "9007199254740993.0000000000000000000000000000000001", "", "-", "e5", "0e99999999999", "1e-99999999999", "1e99999999999", "1e080774294967295", "-1e999999999999999999999",
	 "123456789012345678901234567890e-30", "0.000000000000000000000000000000000000000000001e45"};
	for (unsigned i = 0; i < sizeof fixed / sizeof *fixed; i++) one(fixed[i]);
	if (argc > 2) { while (fgets(buf, sizeof buf, stdin)) { buf[strcspn(buf, "\n")] = 0; one(buf); } return 0; }
	for (int i = 0; i < n; i++) {
		uint64_t r = rnd(); int kind = r % 6; union { double d; uint64_t u; } v; v.u = rnd();
		switch (kind) {
		case 0: snprintf(buf, sizeof buf, "%.*g", (int)(rnd() % 25) + 1, v.d); break;
		case 1: snprintf(buf, sizeof buf, "%a", v.d); break;
		case 2: { /* near halfway: 17..40 digits */
			int nd = 17 + rnd() % 24; int p = 0; buf[p++] = '1' + rnd() % 9;
			for (int k = 1; k < nd; k++) buf[p++] = '0' + rnd() % 10;
			sprintf(buf + p, "e%d", (int)(rnd() % 700) - 350); break; }
		case 3: { long double x = v.d * (1.0L + (rnd() % 1000) / 7.0L); snprintf(buf, sizeof buf, "%.*Lg", (int)(rnd() % 30) + 1, x); break; }
		case 4: { int e = (int)(rnd() % 9900) - 4950; snprintf(buf, sizeof buf, "%llu.%llue%d", (unsigned long long)(rnd() % 100000), (unsigned long long)rnd(), e); break; }
		default: { union { float f; uint32_t u; } fv; fv.u = (uint32_t)rnd(); snprintf(buf, sizeof buf, "%.*e", (int)(rnd() % 12), fv.f); break; }
		}
		puts(buf);
	}
	return 0;
}
