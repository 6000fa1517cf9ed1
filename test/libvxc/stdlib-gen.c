/*
 * stdlib-gen: the string, stdlib and getopt functions added for ported
 * programs, on generated inputs; prints every result.  Built with vxcc
 * and natively (glibc); the outputs must match.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <getopt.h>
#include <unistd.h>
#include <errno.h>

static uint64_t state = 0x0123456789abcdefULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void gen_str(char *s, int n, const char *alpha)
{
	int len = (int)pick((unsigned)n), i, k = (int)strlen(alpha);

	for (i = 0; i < len; i++)
		s[i] = alpha[pick((unsigned)k)];
	s[len] = '\0';
}

static long off(const void *p, const void *base)
{
	return p ? (long)((const char *)p - (const char *)base) : -1;
}

static void strings(void)
{
	char a[64], b[16], buf[80], *p, *tok;
	int i;

	for (i = 0; i < 20000; i++) {
		gen_str(a, 40, "abcAB,;");
		gen_str(b, 4, "abcAB,");
		printf("[%s][%s] memmem %ld memrchr %ld strcasestr %ld "
		       "strchrnul %ld", a, b,
		       off(memmem(a, strlen(a), b, strlen(b)), a),
		       off(memrchr(a, b[0] ? b[0] : 'a', strlen(a)), a),
		       off(strcasestr(a, b), a),
		       off(strchrnul(a, b[0] ? b[0] : ','), a));
		p = stpcpy(buf, a);
		printf(" stpcpy %ld", off(p, buf));
		memset(buf, 'x', sizeof buf);
		p = stpncpy(buf, a, 10);	/* may cut a: that is the point */
		printf(" stpncpy %ld %.12s", off(p, buf), buf);
		p = strndup(a, 7);
		printf(" strndup [%s]", p);
		free(p);
		strcpy(buf, a);
		p = buf;
		printf(" strsep");
		while ((tok = strsep(&p, b[0] ? b : ",;")) != NULL)
			printf(" <%s>", tok);
		printf(" ffs %d %d\n", ffs((int)i), ffsll((long long)i << 33));
	}
	for (i = 0; i < 140; i++)
		printf("%d: %s\n", i, strerror(i));
	printf("%s|%s\n", strsignal(6), strsignal(99));
}

static void randoms(void)
{
	static char st8[8], st32[32], st64[64], st128[128], st256[256];
	char *sizes[] = { st8, st32, st64, st128, st256 };
	unsigned seeds[] = { 0, 1, 42, 0x80000000u, 0xffffffffu };
	unsigned s, seed;
	int i, k;

	for (k = 0; k < 5; k++) {
		srandom(seeds[k]);
		printf("srandom %u:", seeds[k]);
		for (i = 0; i < 40; i++)
			printf(" %ld", random());
		printf("\nsrand %u:", seeds[k]);
		srand(seeds[k]);
		for (i = 0; i < 10; i++)
			printf(" %d", rand());
		seed = seeds[k];
		printf("\nrand_r:");
		for (i = 0; i < 10; i++)
			printf(" %d", rand_r(&seed));
		putchar('\n');
	}
	for (k = 0; k < 5; k++) {
		initstate(7 + k, sizes[k], 8u << k);
		printf("initstate %d:", 8 << k);
		for (i = 0; i < 20; i++)
			printf(" %ld", random());
		putchar('\n');
	}
	s = 3;
	setstate(sizes[2]);
	printf("setstate back to 32:");
	for (i = 0; i < 5; i++)
		printf(" %ld", random() + s);
	putchar('\n');
}

/* getopt: argument vectors of options, operands and their mixtures. */
static void getopts(void)
{
	static const struct option lo[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "color", optional_argument, NULL, 'C' },
		{ "verify", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const words[] = {
		"-a", "-b", "-bfoo", "-ab", "-c", "-cx", "--", "-", "x", "y",
		"--verbose", "--verb", "--ver", "--output=f", "--output",
		"--color", "--color=red", "--nope", "-o", "-z", "--verbose=1",
		"-vo", "file",
	};
	static const char *const optstrings[] = {
		"ab:c::vo:", "+ab:c::vo:", "-ab:c::vo:", ":ab:c::vo:",
		"+:ab:", "ab:c::vo:V",
	};
	char *argv[12], store[12][16];
	int i, k, n, c, idx, mode;

	opterr = 0;	/* messages differ only in the program name */
	for (i = 0; i < 3000; i++) {
		n = (int)pick(7) + 1;
		strcpy(store[0], "prog");
		argv[0] = store[0];
		for (k = 1; k < n; k++) {
			strcpy(store[k], words[pick(sizeof words / sizeof words[0])]);
			argv[k] = store[k];
		}
		argv[n] = NULL;
		const char *os = optstrings[pick(6)];

		mode = (int)pick(3);
		optind = 0;
		printf("%s %d:", os, mode);
		for (k = 1; k < n; k++)
			printf(" %s", argv[k]);
		printf(" =>");
		for (;;) {
			idx = -1;
			if (mode == 0)
				c = getopt(n, argv, os);
			else if (mode == 1)
				c = getopt_long(n, argv, os, lo, &idx);
			else
				c = getopt_long_only(n, argv, os, lo, &idx);
			if (c == -1)
				break;
			printf(" %c(%s,%d,%d)", c < 32 ? '#' : c,
			       optarg ? optarg : "-", idx, c == '?' || c == ':' ? optopt : 0);
		}
		printf(" | optind %d:", optind);
		for (k = 1; k < n; k++)
			printf(" %s", argv[k]);
		putchar('\n');
	}
}

static void envs(void)
{
	char name[8];
	int i;

	clearenv();
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "V%u", pick(6));
		switch (pick(3)) {
		case 0:
			setenv(name, pick(2) ? "one" : "", (int)pick(2));
			break;
		case 1:
			unsetenv(name);
			break;
		default:
			break;
		}
		printf("%s=%s ", name, getenv(name) ? getenv(name) : "(unset)");
	}
	printf("\nerrors: %d %d %d\n", setenv("", "x", 1), setenv("A=B", "x", 1),
	       unsetenv("A=B"));
}

static void aligned(void)
{
	void *p[40];
	size_t al;
	int i, r;

	for (i = 0; i < 40; i++) {
		al = (size_t)1 << (3 + pick(10));
		r = posix_memalign(&p[i], al, pick(5000));
		printf("%d%s", r, r == 0 && ((uintptr_t)p[i] & (al - 1)) ? "MISALIGNED" : "");
		if (!r)
			memset(p[i], i, 1);
	}
	for (i = 0; i < 40; i++)
		free(p[i]);
	printf(" %d %d\n", posix_memalign(&p[0], 3, 10), posix_memalign(&p[0], 2, 10));
	p[0] = aligned_alloc(64, 100);
	printf("aligned_alloc %d\n", p[0] && !((uintptr_t)p[0] & 63));
	free(p[0]);
}

int main(void)
{
	strings();
	randoms();
	getopts();
	envs();
	aligned();
	return 0;
}
