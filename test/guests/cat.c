/*
 * cat: copy stdin to stdout with raw read/write calls, binary-safe.  The
 * optional argument is the buffer size (default 1 MiB), so the tests can
 * exercise tiny, odd and big transfers through the host call gate.
 */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t size = argc > 1 ? strtoul(argv[1], NULL, 0) : 1 << 20;
	char *buf = malloc(size);
	ssize_t n, w, off;

	if (buf == NULL || size == 0)
		return 2;
	while ((n = read(0, buf, size)) > 0) {
		/* write may be partial: loop until all n bytes are out */
		for (off = 0; off < n; off += w) {
			w = write(1, buf + off, n - off);
			if (w <= 0)
				return 3;
		}
	}
	return n < 0 ? 4 : 0;
}
