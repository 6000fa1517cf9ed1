/*
 * dirpos.c - directory positions as a 32-bit process gets them.
 *
 * A directory's position (d_off, telldir, the offset lseek takes) is a
 * cookie of the file system's.  ext4 gives a 64-bit process 64-bit hash
 * cookies and a 32-bit one 31-bit cookies; vxlinux is the former, its
 * guest the latter, and a non-LFS i386 program (glibc's readdir without
 * _FILE_OFFSET_BITS=64) fails with EOVERFLOW on a cookie over 31 bits.
 * So the guest sees small numbers that stand for the host's cookies:
 * each host cookie met in getdents or lseek gets the next number, kept
 * for the life of the process (and its forked children), so telldir and
 * seekdir work across the whole directory; 0, the start, is itself.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "vxlinux.h"

#define GUEST_MAX	0x7fffffffu

static int64_t *host_of;	/* guest cookie -> host cookie */
static uint32_t nguest = 1, cap;
static struct slot {
	int64_t host;
	uint32_t guest;
} *table;			/* open addressing, host cookie -> guest */
static uint32_t tsize, tused;

static uint32_t hash(int64_t h)
{
	uint64_t x = (uint64_t)h * 0x9e3779b97f4a7c15ull;

	return (uint32_t)(x >> 32);
}

static int grow(void)
{
	uint32_t n = tsize ? 2 * tsize : 1024;
	struct slot *t = calloc(n, sizeof *t);

	if (!t)
		return -1;
	for (uint32_t i = 0; i < tsize; i++) {
		if (!table[i].guest)
			continue;
		uint32_t j = hash(table[i].host) & (n - 1);
		while (t[j].guest)
			j = (j + 1) & (n - 1);
		t[j] = table[i];
	}
	free(table);
	table = t;
	tsize = n;
	return 0;
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void guard_dirpos(void)
{
	fork_guard(&mutex);	/* thread.c */
}

static int64_t to_guest(int64_t host)
{
	if (host == 0)
		return 0;
	if (2 * (tused + 1) > tsize && grow() < 0)
		return -ENOMEM;
	uint32_t j = hash(host) & (tsize - 1);
	for (; table[j].guest; j = (j + 1) & (tsize - 1))
		if (table[j].host == host)
			return table[j].guest;
	if (nguest > GUEST_MAX)
		return -EOVERFLOW;
	if (nguest >= cap) {
		uint32_t c = cap ? 2 * cap : 1024;
		int64_t *h = realloc(host_of, c * sizeof *h);
		if (!h)
			return -ENOMEM;
		host_of = h;
		cap = c;
	}
	host_of[nguest] = host;
	table[j].host = host;
	table[j].guest = nguest;
	tused++;
	return nguest++;
}

int64_t dirpos_to_guest(int64_t host)
{
	pthread_mutex_lock(&mutex);
	int64_t g = to_guest(host);
	pthread_mutex_unlock(&mutex);
	return g;
}

int64_t dirpos_to_host(int64_t guest)
{
	int64_t h;

	if (guest == 0)
		return 0;
	pthread_mutex_lock(&mutex);
	h = guest < 0 || guest >= nguest ? -EINVAL : host_of[guest];
	pthread_mutex_unlock(&mutex);
	return h;
}
