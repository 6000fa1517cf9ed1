/*
 * sort: sort the lines of stdin bytewise, like LC_ALL=C sort.  A last line
 * without a newline gets one; lines may hold any byte, NUL included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct line {
	const char *p;
	size_t len;
};

static int cmp(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

int main(void)
{
	size_t cap = 1 << 16, len = 0, nlines = 0, maxlines = 1024, i;
	char *data = malloc(cap);
	struct line *lines = malloc(maxlines * sizeof *lines);
	const char *p, *end, *nl;
	ssize_t n;

	if (!data || !lines)
		return 2;
	for (;;) {
		if (len == cap) {
			cap *= 2;
			if (!(data = realloc(data, cap)))
				return 2;
		}
		n = read(0, data + len, cap - len);
		if (n < 0)
			return 1;
		if (n == 0)
			break;
		len += n;
	}
	for (p = data, end = data + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (nlines == maxlines) {
			maxlines *= 2;
			lines = realloc(lines, maxlines * sizeof *lines);
			if (!lines)
				return 2;
		}
		lines[nlines].p = p;
		lines[nlines].len = nl - p;
		nlines++;
	}
	qsort(lines, nlines, sizeof *lines, cmp);
	for (i = 0; i < nlines; i++) {
		fwrite(lines[i].p, 1, lines[i].len, stdout);
		putchar('\n');
	}
	return fflush(stdout) != 0;
}
