/*
 * canary.c - detect host memory written by a guest or by the library on
 * its behalf.
 *
 * The flat backend's guest reservation is [base, base + 4 GiB + guard).
 * Pages mapped right below and right above it hold a known pattern: a
 * translation or helper bug that lets a guest address escape by a little
 * (a 33rd address bit, a wrapped offset, a long string or fxsave store)
 * lands in them.  The seg backend's address space lies in the library's
 * own reservation of the low 4 GiB, where no canary can be placed: what
 * is next to it is PROT_NONE (a stray access faults outside the guest
 * and crashes the harness) or another of the library's mappings.
 * Further canaries in the harness's globals, heap and stack catch writes
 * that land in host data.  Everything is compared after every input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "fuzz.h"

#define PAGE		4096u
#define CANARY_PAGES	2		/* on each side of the reservation */
#define HEAP_CANARY	(64u << 10)
#define GUEST_SPAN	(1ull << 32)

static uint8_t pattern[PAGE];
static uint8_t global_canary[PAGE];
static uint8_t *heap_canary;
static uint64_t guard_size;		/* learned from /proc/self/maps */
static uint8_t *below, *above;		/* our pages, or NULL */
static int seg_guest;			/* the last guest armed was seg */
unsigned canary_pages_placed, canary_pages_missed;

static void fill(uint8_t *m, size_t n)
{
	for (size_t off = 0; off < n; off += PAGE)
		memcpy(m + off, pattern, n - off < PAGE ? n - off : PAGE);
}

static int intact(const uint8_t *m, size_t n)
{
	for (size_t off = 0; off < n; off += PAGE)
		if (memcmp(m + off, pattern, n - off < PAGE ? n - off : PAGE))
			return 0;
	return 1;
}

void canary_init(void)
{
	for (unsigned i = 0; i < PAGE; i++)
		pattern[i] = (uint8_t)(0xa5 ^ (i * 131 + (i >> 8)));
	fill(global_canary, sizeof global_canary);
	heap_canary = malloc(HEAP_CANARY);
	if (!heap_canary)
		fuzz_fail("cannot allocate the heap canary");
	fill(heap_canary, HEAP_CANARY);
}

/* The guest address space starts where guest address 0 would be. */
static uint8_t *guest_base(vxproc *p)
{
	const uint32_t probe = 0x10000;
	uint8_t *h;

	if (vxmem_checkperm(p, probe, 1, VXPERM_READ, NULL)) {
		h = vxmem_hostptr(p, probe, 1, VXPERM_READ);
		return h ? h - probe : NULL;
	}
	/* An empty guest (before ELF loading): map a page just to ask, and
	   unmap it again so the guest stays empty. */
	if (vxmem_map(p, probe, PAGE, VXPERM_READ) < 0)
		fuzz_fail("vxmem_map for the base probe: %s", vxproc_error(p));
	h = vxmem_hostptr(p, probe, 1, VXPERM_READ);
	if (vxmem_unmap(p, probe, PAGE) < 0 || vxmem_mapped(p) != 0)
		fuzz_fail("vxmem_unmap of the base probe left memory mapped");
	return h ? h - probe : NULL;
}

/* Length of the guard tail: the PROT_NONE mapping that starts at
   base + 4 GiB (the guest can never map it, so it stays one piece). */
static uint64_t learn_guard(uint8_t *base)
{
	uint64_t want = (uint64_t)(uintptr_t)base + GUEST_SPAN;
	unsigned long long lo, hi;
	char line[512], perms[8];
	FILE *f = fopen("/proc/self/maps", "r");
	uint64_t guard = 0;

	if (!f)
		fuzz_fail("cannot read /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%llx-%llx %7s", &lo, &hi, perms) == 3 &&
		    lo <= want && want < hi) {
			if (strcmp(perms, "---p"))
				fuzz_fail("guard tail at %#llx is %s, not ---p",
					  (unsigned long long)want, perms);
			guard = hi - want;
		}
	fclose(f);
	if (guard < PAGE || guard > (64u << 20))
		fuzz_fail("cannot find the guard tail after the reservation "
			  "(found %llu bytes)", (unsigned long long)guard);
	return guard;
}

static uint8_t *place(uint8_t *at)
{
	size_t n = CANARY_PAGES * PAGE;
	uint8_t *m = mmap(at, n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			  MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (m == MAP_FAILED) {
		canary_pages_missed += CANARY_PAGES;	/* something is there */
		return NULL;
	}
	if (m != at) {			/* kernels before 4.17 ignore the flag */
		munmap(m, n);
		canary_pages_missed += CANARY_PAGES;
		return NULL;
	}
	fill(m, n);
	canary_pages_placed += CANARY_PAGES;
	return m;
}

void canary_arm(vxproc *p)
{
	uint8_t *base;

	below = above = NULL;
	seg_guest = vxproc_backend(p) == VX32_BACKEND_SEG;
	if (seg_guest)
		return;
	base = guest_base(p);
	if (!base || ((uintptr_t)base & (GUEST_SPAN - 1)))
		fuzz_fail("guest base %p is not 4 GiB-aligned", (void *)base);
	if (!guard_size)
		guard_size = learn_guard(base);
	below = place(base - CANARY_PAGES * PAGE);
	above = place(base + GUEST_SPAN + guard_size);
}

void canary_disarm(vxproc *p)
{
	canary_check("before vxproc_free");
	if (below)
		munmap(below, CANARY_PAGES * PAGE);
	if (above)
		munmap(above, CANARY_PAGES * PAGE);
	below = above = NULL;
}

/*
 * Self-test of the checks (test/suite-fuzz.sh): VX32_FUZZ_SELFTEST names
 * a place to damage the way a bug would; the next check must catch it
 * ("slow": the input hangs in host code; its CPU-time limit must end it).
 */
void fuzz_selftest(void)
{
	static const char *what;
	sigset_t set;

	if (!what && !(what = getenv("VX32_FUZZ_SELFTEST")))
		what = "";
	if (!strncmp(what, "canary-", 7) && seg_guest) {
		fprintf(stderr, "vx32-fuzz: no canary pages next to a seg "
			"backend guest\n");
		exit(77);
	}
	if (!strcmp(what, "canary-below") && below)
		below[CANARY_PAGES * PAGE - 1] ^= 1;
	else if (!strcmp(what, "canary-above") && above)
		above[0] ^= 1;
	else if (!strcmp(what, "segregs"))
		/* es = the 64-bit user code segment (readable, so loadable;
		   32-bit user code, 0x23, is not present on a kernel
		   without IA32 emulation) */
		__asm__ volatile("mov %0, %%es" : : "r"(0x33));
	else if (!strcmp(what, "heap"))
		heap_canary[HEAP_CANARY / 2] ^= 1;
	else if (!strcmp(what, "sigmask")) {
		sigemptyset(&set);
		sigaddset(&set, SIGUSR2);
		sigprocmask(SIG_BLOCK, &set, NULL);
	} else if (!strcmp(what, "slow")) {
		/* a hang: the input's CPU-time limit must end it */
		for (volatile unsigned long spin = 0;; spin++)
			;
	}
}

void canary_check(const char *when)
{
	if (below && !intact(below, CANARY_PAGES * PAGE))
		fuzz_fail("%s: canary below the guest reservation written", when);
	if (above && !intact(above, CANARY_PAGES * PAGE))
		fuzz_fail("%s: canary above the guest guard tail written", when);
	if (!intact(global_canary, sizeof global_canary))
		fuzz_fail("%s: global canary written", when);
	if (!intact(heap_canary, HEAP_CANARY))
		fuzz_fail("%s: heap canary written", when);
}
