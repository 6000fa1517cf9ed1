/*
 * crc32.c - CRC-32 (IEEE 802.3, reflected, as zlib) of a generated
 * buffer, slicing-by-4 tables, several passes.
 */
#include "../bench.h"

#define BUFSIZE (8u << 20)

static uint32_t table[4][256];

static void make_tables(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 4; k++)
			table[k][i] = (table[k - 1][i] >> 8) ^
				      table[0][table[k - 1][i] & 0xff];
}

static uint32_t crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	for (; n >= 4; p += 4, n -= 4) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = table[3][crc & 0xff] ^ table[2][(crc >> 8) & 0xff] ^
		      table[1][(crc >> 16) & 0xff] ^ table[0][crc >> 24];
	}
	while (n-- > 0)
		crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

int main(int argc, char **argv)
{
	long passes = bench_size(argc, argv, 30);
	uint32_t *buf = bench_alloc(BUFSIZE), seed = 88172645u, crc = 0;
	long r;
	size_t i;

	for (i = 0; i < BUFSIZE / 4; i++)
		buf[i] = rng_next(&seed);
	make_tables();
	/* odd lengths reach the byte-wise tail */
	for (r = 0; r < passes; r++)
		crc = crc32(crc, (unsigned char *)buf + (r & 3), BUFSIZE - 7);
	printf("crc32: %ld passes over %u bytes: %08x (\"123456789\" -> %08x)\n",
	       passes, BUFSIZE, (unsigned)crc,
	       (unsigned)crc32(0, (const unsigned char *)"123456789", 9));
	return 0;
}
