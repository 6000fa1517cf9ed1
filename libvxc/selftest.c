/*
 * selftest.c - libvxc's own checks.  Prints one line per group and a
 * summary; exits 0 only if every check passed.  Output is deterministic,
 * so the test suite can compare it across runners (vxrun, qemu-i386).
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int failures;
static int checks;

#define CHECK(e) check((e), #e, __LINE__)

static void check(int ok, const char *what, int line)
{
	checks++;
	if (!ok) {
		failures++;
		printf("FAIL line %d: %s\n", line, what);
	}
}

/* Report a group of checks: "ok" only if it added no failures. */
static void done(const char *group)
{
	static int before;

	printf("%s: %s\n", group, failures == before ? "ok" : "FAILED");
	before = failures;
}

static int streq(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/* A generator of our own, so results do not depend on rand(). */
static uint32_t seed = 12345;

static uint32_t next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void test_string(void)
{
	char buf[64], *save, *tok;
	char src[] = "a,b,,c";

	CHECK(strlen("") == 0 && strlen("hello") == 5);
	CHECK(strnlen("hello", 3) == 3 && strnlen("hi", 9) == 2);
	CHECK(streq(strcpy(buf, "abc"), "abc"));
	CHECK(streq(strcat(buf, "def"), "abcdef"));
	CHECK(streq(strncat(buf, "ghijk", 2), "abcdefgh"));
	memset(buf, 'x', 10);
	strncpy(buf, "ab", 5);
	CHECK(!memcmp(buf, "ab\0\0\0xxxxx", 10));
	CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0);
	CHECK(strcmp("\xff", "a") > 0);		/* compared unsigned */
	CHECK(strncmp("abcx", "abcy", 3) == 0);
	CHECK(strcasecmp("HeLLo", "hello") == 0);
	CHECK(strncasecmp("ABx", "aby", 2) == 0);
	CHECK(streq(strchr("hello", 'l'), "llo"));
	CHECK(streq(strrchr("hello", 'l'), "lo"));
	CHECK(strchr("hello", '\0') != NULL && !strchr("hello", 'z'));
	CHECK(streq(strstr("hello world", "o w"), "o world"));
	CHECK(!strstr("hello", "lol") && strstr("x", "") != NULL);
	CHECK(strspn("aabbc", "ab") == 4 && strcspn("hello", "lo") == 2);
	CHECK(streq(strpbrk("hello", "ol"), "llo"));

	tok = strtok_r(src, ",", &save);
	CHECK(tok && streq(tok, "a"));
	tok = strtok_r(NULL, ",", &save);
	CHECK(tok && streq(tok, "b"));
	tok = strtok_r(NULL, ",", &save);
	CHECK(tok && streq(tok, "c"));
	CHECK(!strtok_r(NULL, ",", &save));

	/* Overlapping moves in both directions, at odd offsets. */
	strcpy(buf, "0123456789abcdefghij");
	memmove(buf + 3, buf + 1, 15);
	CHECK(!memcmp(buf, "012123456789abcdefij", 20));
	strcpy(buf, "0123456789abcdefghij");
	memmove(buf + 1, buf + 6, 13);
	CHECK(!memcmp(buf, "06789abcdefghiefghij", 20));
	CHECK(memchr("abc", 'c', 3) && !memchr("abc", 'c', 2));

	save = strdup("dup me");
	CHECK(save && streq(save, "dup me"));
	free(save);
	save = strndup("dup me", 3);
	CHECK(save && streq(save, "dup"));
	free(save);
	CHECK(streq(strerror(ENOMEM), "Cannot allocate memory"));
	done("string");
}

static void test_ctype(void)
{
	int c, n = 0;

	for (c = 0; c < 256; c++)
		n += !!isalpha(c) + 2 * !!isdigit(c) + 4 * !!isspace(c) +
		     8 * !!ispunct(c) + 16 * !!isxdigit(c) + 32 * !!isupper(c);
	/* 52 letters, 10 digits, 6 spaces, 32 punct, 22 xdigits, 26 upper. */
	CHECK(n == 52 + 20 + 24 + 256 + 352 + 832);
	CHECK(toupper('a') == 'A' && tolower('Z') == 'z' && toupper('1') == '1');
	CHECK(!isalpha(EOF) && !isprint(EOF));
	done("ctype");
}

static void test_strtol(void)
{
	char *end;

	CHECK(strtol("  -123xyz", &end, 10) == -123 && streq(end, "xyz"));
	CHECK(strtol("0x1fG", &end, 0) == 31 && streq(end, "G"));
	CHECK(strtol("0x", &end, 0) == 0 && streq(end, "x"));
	CHECK(strtol("017", NULL, 0) == 15);
	CHECK(strtol("z", NULL, 36) == 35);
	CHECK(strtol("junk", &end, 10) == 0 && streq(end, "junk"));
	errno = 0;
	CHECK(strtol("2147483647", NULL, 10) == LONG_MAX && !errno);
	CHECK(strtol("2147483648", NULL, 10) == LONG_MAX && errno == ERANGE);
	errno = 0;
	CHECK(strtol("-2147483648", NULL, 10) == LONG_MIN && !errno);
	CHECK(strtol("-2147483649", NULL, 10) == LONG_MIN && errno == ERANGE);
	errno = 0;
	CHECK(strtoul("4294967295", NULL, 10) == ULONG_MAX && !errno);
	CHECK(strtoul("-1", NULL, 10) == ULONG_MAX && !errno);
	CHECK(strtoul("4294967296", NULL, 10) == ULONG_MAX && errno == ERANGE);
	errno = 0;
	CHECK(strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN && !errno);
	CHECK(strtoll("9223372036854775808", NULL, 10) == LLONG_MAX &&
	      errno == ERANGE);
	errno = 0;
	CHECK(strtoull("18446744073709551615", NULL, 0) == ULLONG_MAX && !errno);
	CHECK(strtoull("99999999999999999999", NULL, 0) == ULLONG_MAX &&
	      errno == ERANGE);
	CHECK(atoi("  +42") == 42 && atol("-7") == -7 && atoll("1") == 1);
	CHECK(strtod("1.5e3", &end) == 1500.0 && !*end);
	CHECK(strtod("-0.125", NULL) == -0.125);
	CHECK(strtod("0.1", NULL) == 0.1 && strtod("1e-5", NULL) == 1e-5);
	CHECK(strtod("123456789012345678901234567890", NULL) == 1.2345678901234568e29);
	CHECK(strtod("inf", NULL) > 1e308 && strtod("x", &end) == 0 &&
	      streq(end, "x"));
	CHECK(abs(-3) == 3 && labs(-4L) == 4 && llabs(-5LL) == 5);
	CHECK(div(-7, 2).quot == -3 && div(-7, 2).rem == -1);
	done("strtol");
}

static void test_printf(void)
{
	static char buf[1100];

	sprintf(buf, "%d|%5s|%-4x|%08.3f|%e|%g", -12, "ab", 255, -3.14159,
		1234.5, 0.0001);
	CHECK(streq(buf, "-12|   ab|ff  |-003.142|1.234500e+03|0.0001"));
	sprintf(buf, "%.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, 0.25, 1.005);
	CHECK(streq(buf, "0 2 2 0.2 1.00"));
	sprintf(buf, "%g %g %g %G", 100000.0, 1000000.0, 1e-5, 1.5e-10);
	CHECK(streq(buf, "100000 1e+06 1e-05 1.5E-10"));
	sprintf(buf, "%f %e %g %F", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 1.0 / 0.0);
	CHECK(streq(buf, "inf -inf nan INF") || streq(buf, "inf -inf -nan INF"));
	sprintf(buf, "%.17g %.20f", 0.1, 0.1);
	CHECK(streq(buf, "0.10000000000000001 0.10000000000000000555"));
	sprintf(buf, "%.3e", 5e-324);
	CHECK(streq(buf, "4.941e-324"));
	sprintf(buf, "%lld %llx %hhd %hd %zu", -9223372036854775807LL - 1,
		0xfedcba9876543210ULL, 300, 70000, (size_t)4000000000u);
	CHECK(streq(buf, "-9223372036854775808 fedcba9876543210 44 4464 4000000000"));
	sprintf(buf, "%#o %#x %#X %+d % d %.0d|%*d|%-*d|%.*s", 8, 255, 255, 5,
		5, 0, 4, 1, 3, 2, 2, "xyz");
	CHECK(streq(buf, "010 0xff 0XFF +5  5 |   1|2  |xy"));
	CHECK(snprintf(buf, 4, "%s", "abcdef") == 6 && streq(buf, "abc"));
	CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
	sprintf(buf, "%p %p %s", (void *)0x1234, NULL, (char *)NULL);
	CHECK(streq(buf, "0x1234 (nil) (null)"));
	sprintf(buf, "%.1000f", 1.0);
	CHECK(strlen(buf) == 1002);
	sprintf(buf, "%f", 1e300);
	CHECK(strlen(buf) == 308 && !strncmp(buf, "10000000000000000525", 20));
	done("printf");
}

/* Random allocations, frees and reallocs, each block tagged and checked. */
static void test_malloc(void)
{
	enum { SLOTS = 1000, ROUNDS = 200000 };
	static unsigned char *p[SLOTS];
	static size_t len[SLOTS];
	unsigned char *big;
	volatile size_t huge = 0x10000, toobig = 0xfffffff0u;
	int i, r, bad = 0;
	size_t j, n;

	for (r = 0; r < ROUNDS; r++) {
		i = next() % SLOTS;
		if (p[i]) {
			for (j = 0; j < len[i]; j++)
				bad += p[i][j] != (unsigned char)(i + j);
			if (next() % 2) {
				free(p[i]);
				p[i] = NULL;
				continue;
			}
		}
		/* realloc(p, 0) may free p: keep sizes nonzero. */
		n = 1 + (next() % 8 ? next() % 200 : next() % 70000);
		if (p[i] && next() % 2) {
			unsigned char *q = realloc(p[i], n);

			if (!q) {
				bad++;
				continue;
			}
			for (j = 0; j < len[i] && j < n; j++)
				bad += q[j] != (unsigned char)(i + j);
			p[i] = q;
		} else {
			free(p[i]);
			p[i] = malloc(n);
		}
		if (!p[i]) {
			bad++;
			continue;
		}
		CHECK(((uintptr_t)p[i] & 7) == 0);
		len[i] = n;
		for (j = 0; j < n; j++)
			p[i][j] = i + j;
	}
	for (i = 0; i < SLOTS; i++)
		free(p[i]);
	CHECK(bad == 0);

	/* Large blocks come and go; the heap must not leak them. */
	for (i = 0; i < 20; i++) {
		big = malloc(16 << 20);
		CHECK(big != NULL);
		if (big) {
			big[0] = big[(16 << 20) - 1] = 1;
			free(big);
		}
	}
	big = calloc(1000, 1000);
	CHECK(big && big[0] == 0 && big[999999] == 0);
	free(big);
	CHECK(calloc(huge, huge) == NULL);
	CHECK(malloc(toobig) == NULL && errno == ENOMEM);
	done("malloc");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static long ncmp;

static int cmp_count(const void *a, const void *b)
{
	ncmp++;
	return cmp_int(a, b);
}

struct rec {
	char name[7];
	short key;
};

static int cmp_rec(const void *a, const void *b)
{
	return ((const struct rec *)a)->key - ((const struct rec *)b)->key;
}

static void test_qsort(void)
{
	enum { N = 100000 };
	static int v[N];
	static struct rec recs[1000];
	int i, kind, ok, key, *hit;
	long sum, sum2;

	for (kind = 0; kind < 5; kind++) {
		sum = 0;
		for (i = 0; i < N; i++) {
			switch (kind) {
			case 0: v[i] = next(); break;
			case 1: v[i] = i; break;
			case 2: v[i] = N - i; break;
			case 3: v[i] = 7; break;
			default: v[i] = next() % 10; break;
			}
			sum += v[i] % 1000;
		}
		ncmp = 0;
		qsort(v, N, sizeof(v[0]), cmp_count);
		ok = 1;
		sum2 = 0;
		for (i = 0; i < N; i++) {
			if (i && v[i - 1] > v[i])
				ok = 0;
			sum2 += v[i] % 1000;
		}
		CHECK(ok && sum == sum2);
		/* n log2 n is 1.7 million; quadratic would be 5 billion. */
		CHECK(ncmp < 5000000);
	}
	for (i = 0; i < 1000; i++) {
		recs[i].key = next() % 5000;
		sprintf(recs[i].name, "r%d", i);
	}
	qsort(recs, 1000, sizeof(recs[0]), cmp_rec);
	for (ok = 1, i = 1; i < 1000; i++)
		ok &= recs[i - 1].key <= recs[i].key;
	CHECK(ok);

	for (i = 0; i < N; i++)
		v[i] = 2 * i;
	key = 4242;
	hit = bsearch(&key, v, N, sizeof(v[0]), cmp_int);
	CHECK(hit && *hit == 4242);
	key = 4243;
	CHECK(!bsearch(&key, v, N, sizeof(v[0]), cmp_int));
	key = 0;
	CHECK(bsearch(&key, v, N, sizeof(v[0]), cmp_int) == v);
	key = 2 * (N - 1);
	CHECK(bsearch(&key, v, N, sizeof(v[0]), cmp_int) == v + N - 1);
	done("qsort");
}

static jmp_buf jb;
static int depth;

static void dive(int n)
{
	volatile char pad[64];

	pad[0] = n;
	depth = n + pad[0] - n;
	if (n == 10)
		longjmp(jb, n);
	dive(n + 1);
}

static void test_setjmp(void)
{
	volatile int local = 1;
	int r;

	r = setjmp(jb);
	if (r == 0) {
		local = 2;
		dive(0);
	}
	CHECK(r == 10 && local == 2 && depth == 10);
	r = setjmp(jb);
	if (!r)
		longjmp(jb, 0);		/* 0 becomes 1 */
	CHECK(r == 1);
	done("setjmp");
}

static void test_misc(void)
{
	int a[8], i, same = 1;

	srand(7);
	for (i = 0; i < 8; i++)
		a[i] = rand();
	srand(7);
	for (i = 0; i < 8; i++) {
		same &= a[i] == rand();
		CHECK(a[i] >= 0 && a[i] <= RAND_MAX);
	}
	CHECK(same);
	CHECK(getenv("VXC_SELFTEST_UNSET") == NULL);
	CHECK(sbrk(0) != (void *)-1);
	assert(1 + 1 == 2);
	done("misc");
}

static void test_math(void)
{
	volatile double half = 0.5, two = 2, m = -2.5;
	char buf[64];

	CHECK(sqrt(two) * sqrt(two) > 1.9999999999 && sqrt(4 * half) < 1.5);
	CHECK(floor(m) == -3 && ceil(m) == -2 && trunc(m) == -2 &&
	      round(m) == -3 && round(half) == 1);
	CHECK(fmod(7.5, two) == 1.5 && ldexp(half, 4) == 8);
	CHECK(pow(two, 10) == 1024 && pow(-two, 3) == -8 && exp(0) == 1);
	CHECK(fabs(log(exp(half)) - half) < 1e-15);
	CHECK(fabs(sin(M_PI / 6) - 0.5) < 1e-15 &&
	      fabs(cos(M_PI / 3) - 0.5) < 1e-15);
	CHECK(fabs(atan2(1, 1) - M_PI_4) < 1e-15);
	CHECK(isnan(sqrt(m)) && isinf(HUGE_VAL));
	sprintf(buf, "%.15g %.15g %.15g", exp(1), log(10), atan(1) * 4);
	CHECK(streq(buf, "2.71828182845905 2.30258509299405 3.14159265358979"));
	done("math");
}

static void at_exit(void)
{
	/* Runs after main returns, before stdout is flushed. */
	printf("atexit: ran\n");
}

int main(int argc, char **argv)
{
	CHECK(argc >= 1 && argv[argc] == NULL);
	atexit(at_exit);
	test_string();
	test_ctype();
	test_strtol();
	test_printf();
	test_malloc();
	test_qsort();
	test_setjmp();
	test_misc();
	test_math();
	printf("%d checks, %d failed\n", checks, failures);
	return failures != 0;
}
