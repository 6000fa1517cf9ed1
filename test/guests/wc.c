/*
 * wc: count lines, words and bytes of stdin and print them as GNU wc does
 * for standard input in the C locale ("%7lu %7lu %7lu\n").  A word is a
 * run of bytes containing a printable character, delimited by white space;
 * non-printable bytes neither start nor end a word (GNU wc's rule).
 */
#include <stdio.h>
#include <unistd.h>

static char buf[65536];

int main(void)
{
	unsigned long long lines = 0, words = 0, bytes = 0;
	int in_word = 0;
	ssize_t n, i;

	while ((n = read(0, buf, sizeof buf)) > 0) {
		bytes += n;
		for (i = 0; i < n; i++) {
			unsigned char c = buf[i];
			switch (c) {
			case '\n':
				lines++;
				/* fall through */
			case ' ': case '\t': case '\r': case '\f': case '\v':
				words += in_word;
				in_word = 0;
				break;
			default:
				if (c >= 0x20 && c < 0x7f)
					in_word = 1;
			}
		}
	}
	if (n < 0)
		return 1;
	words += in_word;
	printf("%7llu %7llu %7llu\n", lines, words, bytes);
	return 0;
}
