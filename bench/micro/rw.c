/*
 * rw.c - read and write throughput through the host: copy N MiB from
 * stdin to stdout with a 64 KiB buffer (the runner feeds /dev/zero and
 * discards the output).  The result line goes to stderr, since stdout is
 * the data.
 */
#include <unistd.h>
#include "../bench.h"

#define BUFSIZE 65536

int main(int argc, char **argv)
{
	long mib = bench_size(argc, argv, 4096);
	uint64_t want = (uint64_t)mib << 20, moved = 0;
	static unsigned char buf[BUFSIZE];
	uint32_t sum = 0;

	while (moved < want) {
		size_t chunk = want - moved < BUFSIZE ? want - moved : BUFSIZE;
		long got = read(0, buf, chunk), off;

		if (got <= 0) {
			fprintf(stderr, "rw: read returned %ld after %llu bytes\n",
				got, (unsigned long long)moved);
			return 1;
		}
		sum += buf[0] + buf[got - 1];
		for (off = 0; off < got; ) {
			long put = write(1, buf + off, got - off);

			if (put <= 0) {
				fprintf(stderr, "rw: write returned %ld\n", put);
				return 1;
			}
			off += put;
		}
		moved += got;
	}
	fprintf(stderr, "rw: %llu bytes, edge sum %u\n",
		(unsigned long long)moved, (unsigned)sum);
	return 0;
}
