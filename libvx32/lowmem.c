/*
 * lowmem.c - the host's low 4 GiB: reserved once, then handed out.
 *
 * vx32_init() maps PROT_NONE over every free part of the low 4 GiB.  For
 * the flat backend that is a mitigation: translated code keeps the guest
 * esp in %rsp, and should the kernel ever push a signal frame there (a
 * handler installed without SA_ONSTACK), the frame must not land on host
 * data; with the range reserved, delivery fails instead.  For the seg
 * backend it is also the pool that everything 32-bit code must reach
 * comes from: guest address spaces (an LDT base is 32 bits), state
 * blocks, code caches and the trampoline page.  Only ranges this file
 * reserved itself are ever handed out or replaced (MAP_FIXED), so host
 * mappings that were there first are never touched.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include "lowmem.h"

#define LOW_END		(1ull << 32)
#define LOW_START	(64ull << 10)	/* the usual mmap_min_addr */
#define MAX_RANGES	4096

/* Free ranges of our reservation, sorted and never adjacent. */
static struct { uint64_t lo, hi; } fr[MAX_RANGES];
static int nfr;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void vx_low_fork_lock(void)
{
	pthread_mutex_lock(&lock);
}

void vx_low_fork_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

/* Add [lo, hi) to the free list, merging with its neighbours.  Returns
   -1 if the list is full (the range is then just not handed out). */
static int add_free(uint64_t lo, uint64_t hi)
{
	int i = 0;

	while (i < nfr && fr[i].hi < lo)
		i++;
	if (i < nfr && fr[i].hi == lo) {
		fr[i].hi = hi;
		if (i + 1 < nfr && fr[i + 1].lo == hi) {
			fr[i].hi = fr[i + 1].hi;
			memmove(&fr[i + 1], &fr[i + 2], (nfr - i - 2) * sizeof fr[0]);
			nfr--;
		}
		return 0;
	}
	if (i < nfr && fr[i].lo == hi) {
		fr[i].lo = lo;
		return 0;
	}
	if (nfr == MAX_RANGES)
		return -1;
	memmove(&fr[i + 1], &fr[i], (nfr - i) * sizeof fr[0]);
	fr[i].lo = lo;
	fr[i].hi = hi;
	nfr++;
	return 0;
}

/* Take [lo, hi) out of free range i, which contains it. */
static void take(int i, uint64_t lo, uint64_t hi)
{
	if (fr[i].lo == lo && fr[i].hi == hi) {
		memmove(&fr[i], &fr[i + 1], (nfr - i - 1) * sizeof fr[0]);
		nfr--;
	} else if (fr[i].lo == lo) {
		fr[i].lo = hi;
	} else if (fr[i].hi == hi) {
		fr[i].hi = lo;
	} else if (nfr < MAX_RANGES) {
		memmove(&fr[i + 2], &fr[i + 1], (nfr - i - 1) * sizeof fr[0]);
		fr[i + 1].lo = hi;
		fr[i + 1].hi = fr[i].hi;
		fr[i].hi = lo;
		nfr++;
	} else {
		fr[i].hi = lo;		/* the part above is lost, not reused */
	}
}

static int reserve(uint64_t a, uint64_t len)
{
	const int fl = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		       MAP_FIXED_NOREPLACE;
	void *m = mmap((void *)a, len, PROT_NONE, fl, -1, 0);

	if (m == MAP_FAILED)
		return -1;
	if (m != (void *)a) {		/* kernels before 4.17 ignore the flag */
		munmap(m, len);
		return -1;
	}
	add_free(a, a + len);
	return 0;
}

void vx_low_reserve(void)
{
	const uint64_t chunk = 64u << 20, sub = 1u << 20, page = 64u << 10;

	pthread_mutex_lock(&lock);
	/* Usually nothing is there (a PIE host): one mapping does it. */
	if (reserve(LOW_START, LOW_END - LOW_START) == 0)
		goto out;
	/* Big pieces first; around existing mappings, 1 MiB and then
	   64 KiB pieces. */
	for (uint64_t a = LOW_START; a < LOW_END;) {
		uint64_t next = (a + chunk) & ~(chunk - 1);
		if (reserve(a, next - a) < 0) {
			for (uint64_t b = a; b < next;) {
				uint64_t bn = (b + sub) & ~(sub - 1);
				if (reserve(b, bn - b) < 0)
					for (uint64_t c = b; c < bn; c += page)
						reserve(c, page);
				b = bn;
			}
		}
		a = next;
	}
out:
	pthread_mutex_unlock(&lock);
}

void *vx_low_map(uint64_t len, int prot, int high)
{
	uint64_t a = 0;
	int found = -1;

	len = (len + 4095) & ~4095ull;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < nfr; i++) {
		uint64_t lo = fr[i].lo < LOW_MIN ? LOW_MIN : fr[i].lo;
		if (lo >= fr[i].hi || fr[i].hi - lo < len)
			continue;
		found = i;
		a = high ? fr[i].hi - len : lo;
		if (!high)
			break;
	}
	if (found < 0 || mmap((void *)a, len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
			      MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED) {
		pthread_mutex_unlock(&lock);
		return NULL;
	}
	take(found, a, a + len);
	pthread_mutex_unlock(&lock);
	return (void *)a;
}

void vx_low_unmap(void *addr, uint64_t len)
{
	uint64_t a = (uint64_t)(uintptr_t)addr;

	len = (len + 4095) & ~4095ull;
	pthread_mutex_lock(&lock);
	/* Back to a reservation, so nothing else can land there. */
	if (mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
		add_free(a, a + len);
	pthread_mutex_unlock(&lock);
}

uint64_t vx_low_largest(void)
{
	uint64_t best = 0;

	pthread_mutex_lock(&lock);
	for (int i = 0; i < nfr; i++) {
		uint64_t lo = fr[i].lo < LOW_MIN ? LOW_MIN : fr[i].lo;
		if (lo < fr[i].hi && fr[i].hi - lo > best)
			best = fr[i].hi - lo;
	}
	pthread_mutex_unlock(&lock);
	return best;
}
