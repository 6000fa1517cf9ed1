/*
 * upper - a sample vxrun guest: copy stdin to stdout in upper case and
 * report the counts on stderr.  Build: libvxc/vxcc -O2 -o upper upper.c
 */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
	char buf[8192];
	size_t n, bytes = 0, lines = 0;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		for (size_t i = 0; i < n; i++) {
			buf[i] = toupper((unsigned char)buf[i]);
			lines += buf[i] == '\n';
		}
		fwrite(buf, 1, n, stdout);
		bytes += n;
	}
	fflush(stdout);
	fprintf(stderr, "upper: %zu bytes, %zu lines\n", bytes, lines);
	return 0;
}
