/*
 * scanf-gen: sscanf over generated inputs and formats; prints the return
 * value, %n counts and every stored value.  Built with vxcc and natively
 * (glibc); the outputs must match.  Inputs come from a fixed xorshift
 * sequence.  Integer fields stay within 32 bits except %lld/%llx, so
 * that `long` means the same on both sides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t state = 0x2545f4914f6cdd1dULL;

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

static const char *const pieces[] = {
	"0", "1", "-1", "+7", "42", "0x1f", "0X", "0x", "077", "08", "-0",
	"2147483647", "-2147483648", "123456789012", "3.25", "-1e5", "1e+",
	"1e", ".5", "5.", "0x1.8p3", "inf", "-Infinity", "nan", "nan(12)",
	"abc", "Zz", "x", " ", "  ", "\t", "\n", ",", ";", "-", "+", ".",
	"e5", "%", "[", "]", "hello", "a-b", "ABCdef", "999", "1.5e-310",
	"0.1", "12ab", "-x", "0b1", "1,2", "4294967295", "18446744073709551615",
};

static const char *const convs[] = {
	"%d", "%i", "%u", "%x", "%o", "%X", "%hhd", "%hd", "%lld", "%llx",
	"%f", "%lf", "%Lf", "%e", "%g", "%a", "%lg", "%s", "%c", "%3c",
	"%5s", "%2d", "%3i", "%[a-z]", "%[^,]", "%[]a]", "%*d", "%*s", "%n",
	"%%", " ", ",", "x", "%4f", "%2x", "%1s", "%[0-9]", "%[^a-c\n]",
};

union val {
	int i;
	unsigned u;
	signed char hh;
	short h;
	long long ll;
	float f;
	double d;
	long double ld;
	char s[64];
};

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 100000, k;
	char input[256], fmt[128];
	union val v[4];
	int n, i, nconv, types[4], r;

	for (k = 0; k < count; k++) {
		input[0] = fmt[0] = '\0';
		for (i = (int)pick(4) + 1; i > 0; i--)
			strcat(input, pieces[pick(sizeof pieces / sizeof pieces[0])]);
		nconv = 0;
		for (i = (int)pick(4) + 1; i > 0 && nconv < 4; i--) {
			int c = (int)pick(sizeof convs / sizeof convs[0]);
			const char *cv = convs[c];

			strcat(fmt, cv);
			if (cv[0] == '%' && cv[1] != '%' && cv[1] != '*')
				types[nconv++] = c;
		}
		memset(v, 0, sizeof v);
		{
			void *a[4];
			int j;

			for (j = 0; j < 4; j++)
				a[j] = &v[j];
			r = sscanf(input, fmt, a[0], a[1], a[2], a[3]);
		}
		printf("[%s] [%s] -> %d:", input, fmt, r);
		for (i = 0; i < nconv; i++) {
			const char *cv = convs[types[i]];
			char last = cv[strlen(cv) - 1];

			if (strstr(cv, "ll"))
				printf(" %lld", v[i].ll);
			else if (strstr(cv, "hh"))
				printf(" %d", v[i].hh);
			else if (strstr(cv, "h"))
				printf(" %d", v[i].h);
			else if (last == 'n' || last == 'd' || last == 'i')
				printf(" %d", v[i].i);
			else if (last == 'u' || last == 'x' || last == 'o' || last == 'X')
				printf(" %u", v[i].u);
			else if (strstr(cv, "L"))
				printf(" %La", v[i].ld);
			else if (strstr(cv, "l"))
				printf(" %a", v[i].d);
			else if (strchr("fega", last))
				printf(" %a", (double)v[i].f);
			else if (last == 'c')
				printf(" '%.*s'", last == 'c' && cv[1] == '3' ? 3 : 1, v[i].s);
			else
				printf(" '%.63s'", v[i].s);
		}
		putchar('\n');
	}
	(void)n;
	return 0;
}
