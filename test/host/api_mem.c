/*
 * api_mem.c - the guest memory calls with hostile arguments: unmapped and
 * partly mapped ranges, ranges that wrap past 4 GiB, huge lengths, missing
 * permissions.  Every refusal must be -1/EFAULT (or NULL) and copy nothing.
 * And vxmem_move(): pages moved whole, refusals moving nothing.
 */
#include "check.h"

static vxproc *p;
/* The last byte of the guest address space (0xffffffff on the flat
   backend, 0xbfffffff on seg) and its page. */
static uint32_t last, top_page;

#define PAGE	0x10000u	/* a mapped read+write page */
#define RO	0x20000u	/* a mapped read-only page */

static void refused(const char *name, int r, int want_errno)
{
	int e = errno;

	check(name, r == -1 && e == want_errno, "returned %d, errno %d (want -1, %d)",
	      r, e, want_errno);
}

static void test_read_write(void)
{
	uint8_t buf[64], orig[64], big[0x2000];
	int r;

	memset(buf, 0xaa, sizeof buf);
	memcpy(orig, buf, sizeof buf);
	errno = 0;
	refused("read-unmapped", vxmem_read(p, buf, 0x5000, 4), EFAULT);
	errno = 0;
	refused("write-unmapped", vxmem_write(p, buf, 0x5000, 4), EFAULT);

	/* straddling the end of the mapped page: nothing copied */
	errno = 0;
	r = vxmem_read(p, buf, PAGE + 0xff0, 32);
	refused("read-straddle", r, EFAULT);
	check("read-straddle-copies-nothing", memcmp(buf, orig, sizeof buf) == 0,
	      "buffer changed by a refused read");
	vxmem_write(p, "\x11\x11\x11\x11", PAGE + 0xffc, 4);
	errno = 0;
	refused("write-straddle", vxmem_write(p, buf, PAGE + 0xffc, 8), EFAULT);
	r = vxmem_read(p, buf, PAGE + 0xffc, 4);
	check("write-straddle-writes-nothing", r == 4 && memcmp(buf, "\x11\x11\x11\x11", 4) == 0,
	      "refused write changed guest memory");

	/* wrapping past 4 GiB, even with both ends mapped */
	errno = 0;
	refused("read-wrap", vxmem_read(p, big, 0xfffff000, 0x2000), EFAULT);
	errno = 0;
	refused("write-wrap", vxmem_write(p, big, 0xfffffffc, 8), EFAULT);
	errno = 0;
	refused("read-huge-len", vxmem_read(p, big, PAGE, 0xffffffff), EFAULT);
	errno = 0;
	refused("write-huge-len", vxmem_write(p, big, PAGE, 0xfffff000), EFAULT);
	errno = 0;
	refused("read-len-wraps-to-small", vxmem_read(p, big, 0xffffffff, 2), EFAULT);

	/* permissions */
	errno = 0;
	refused("write-readonly", vxmem_write(p, buf, RO, 4), EFAULT);
	check("read-readonly", vxmem_read(p, buf, RO, 4) == 4, "cannot read a read-only page");

	/* the top of the address space works when mapped */
	r = vxmem_write(p, "\x42", last, 1);
	check("write-last-byte", r == 1, "vxmem_write at %#x returned %d", last, r);
	r = vxmem_read(p, buf, last - 15, 16);
	check("read-last-bytes", r == 16 && buf[15] == 0x42, "returned %d, byte %#x", r, buf[15]);
	check("zero-length", vxmem_read(p, buf, 0xdead0000, 0) == 0 &&
	      vxmem_write(p, buf, 0xdead0000, 0) == 0, "zero-length copy on unmapped memory refused");
}

static void test_checkperm(void)
{
	uint32_t fa = 0;
	int r;

	r = vxmem_checkperm(p, PAGE, 0x1000, VXPERM_READ | VXPERM_WRITE, &fa);
	check("checkperm-ok", r == 1, "returned %d for a mapped page", r);
	fa = 0;
	r = vxmem_checkperm(p, PAGE + 0x800, 0x1000, VXPERM_READ, &fa);
	check("checkperm-straddle", r == 0 && fa == PAGE + 0x1000,
	      "returned %d, fault address %#x (want %#x)", r, fa, PAGE + 0x1000);
	fa = 0;
	r = vxmem_checkperm(p, RO - 0x10, 0x20, VXPERM_WRITE, &fa);
	check("checkperm-perm", r == 0 && fa == RO - 0x10,
	      "returned %d, fault address %#x (want %#x)", r, fa, RO - 0x10);
	r = vxmem_checkperm(p, RO + 4, 4, VXPERM_WRITE, &fa);
	check("checkperm-readonly", r == 0 && fa == RO + 4, "returned %d, fault %#x", r, fa);
	r = vxmem_checkperm(p, 0xfffff000, 0x2000, VXPERM_READ, NULL);
	check("checkperm-wrap", r == 0, "a range wrapping past 4 GiB passed");
	r = vxmem_checkperm(p, 0x5000, 0, VXPERM_READ, NULL);
	check("checkperm-zero-length", r == 1, "len 0 returned %d", r);
	r = vxmem_checkperm(p, PAGE, 0xffffffff, VXPERM_READ, &fa);
	check("checkperm-huge", r == 0 && fa == PAGE + 0x1000, "returned %d, fault %#x", r, fa);
}

static void test_hostptr_strlen(void)
{
	void *hp;
	long n;

	errno = 0;
	hp = vxmem_hostptr(p, PAGE + 0xff0, 0x20, VXPERM_READ);
	check("hostptr-straddle", hp == NULL && errno == EFAULT, "got %p errno %d", hp, errno);
	hp = vxmem_hostptr(p, 0xfffffff0, 0x20, VXPERM_READ);
	check("hostptr-wrap", hp == NULL, "got %p for a wrapping range", hp);
	hp = vxmem_hostptr(p, RO, 4, VXPERM_WRITE);
	check("hostptr-readonly", hp == NULL, "got a writable pointer to a read-only page");
	hp = vxmem_hostptr(p, PAGE, 0x1000, VXPERM_READ | VXPERM_WRITE);
	if (hp)
		memset(hp, 'x', 0x1000);
	check("hostptr-ok", hp != NULL, "no pointer to a mapped page");

	/* an unterminated string running into the unmapped page */
	n = vxmem_strlen(p, PAGE + 0xf00, 0x10000);
	check("strlen-unterminated", n == -1, "returned %ld", n);
	vxmem_write(p, "", PAGE + 0xfff, 1);
	n = vxmem_strlen(p, PAGE + 0xf00, 0x10000);
	check("strlen-ok", n == 0xff, "returned %ld (want 255)", n);
	n = vxmem_strlen(p, PAGE + 0xf00, 0x10);
	check("strlen-max", n == -1, "returned %ld with max 16", n);
	n = vxmem_strlen(p, 0x5000, 10);
	check("strlen-unmapped", n == -1, "returned %ld", n);
	/* "B" in the last byte, then (page 0 is mapped) a NUL at address 0:
	   guest ranges never wrap past the end of the address space, so this
	   string is unterminated */
	vxmem_write(p, "B", last, 1);
	vxmem_write(p, "", 0, 1);
	n = vxmem_strlen(p, last, 100);
	check("strlen-wrap", n == -1, "string running past the end returned %ld", n);
}

static void test_map(void)
{
	vxproc *q = vxproc_alloc();
	int r;

	if (!q || vxproc_setlimit(q, VXLIMIT_SPACE, 16 << 20) < 0)
		die("map", "vxproc_alloc");	/* (small: p is alive) */
	errno = 0;
	r = vxmem_map(q, 0xfffff000, 0x2000, VXPERM_READ);
	check("map-wrap", r == -1, "mapping past 4 GiB returned %d", r);
	errno = 0;
	r = vxmem_unmap(q, 0xfffff000, 0x2000);
	check("unmap-wrap", r == -1 && errno == EINVAL,
	      "unmapping a range that wraps past 4 GiB returned %d (errno %d)",
	      r, errno);
	r = vxmem_map(q, 0x1800, 0x10, VXPERM_READ);
	check("map-rounds", r == 0 && vxmem_checkperm(q, 0x1000, 0x1000, VXPERM_READ, NULL) == 1 &&
	      vxmem_mapped(q) == 0x1000, "returned %d, mapped %llu", r,
	      (unsigned long long)vxmem_mapped(q));
	r = vxmem_unmap(q, 0x1000, 0x1000);
	check("unmap", r == 0 && vxmem_checkperm(q, 0x1000, 1, VXPERM_READ, NULL) == 0 &&
	      vxmem_mapped(q) == 0, "returned %d, still mapped %llu", r,
	      (unsigned long long)vxmem_mapped(q));
	/* setperm on unmapped pages: refused, or if it maps them, they must
	   be accounted for like any mapping */
	r = vxmem_setperm(q, 0x40000, 0x1000, VXPERM_READ);
	check("setperm-unmapped", r == -1 ||
	      (vxmem_mapped(q) == 0x1000) == (vxmem_checkperm(q, 0x40000, 0x1000, VXPERM_READ, NULL) == 1),
	      "returned %d; page %saccessible but %llu bytes mapped", r,
	      vxmem_checkperm(q, 0x40000, 0x1000, VXPERM_READ, NULL) ? "" : "not ",
	      (unsigned long long)vxmem_mapped(q));
	vxproc_free(q);
}

/* perm 0 is mprotect(PROT_NONE): inaccessible, but mapped and kept. */
static void test_noaccess(void)
{
	static const char code[] = { 0x8b, 0x03, 0xcd, 0x30 };	/* mov (%ebx),%eax */
	vxproc *q = vxproc_alloc();
	uint32_t v = 0x12345678, got = 0;
	int r;

	if (!q || vxproc_setlimit(q, VXLIMIT_SPACE, 16 << 20) < 0)
		die("noaccess", "vxproc_alloc");	/* (small: p is alive) */
	vxmem_map(q, 0x10000, 0x2000, VXPERM_READ | VXPERM_WRITE);
	vxmem_write(q, &v, 0x11000, 4);
	r = vxmem_setperm(q, 0x11000, 0x1000, 0);
	check("noaccess-mapped", r == 0 && vxmem_mapped(q) == 0x2000 &&
	      vxmem_checkperm(q, 0x11000, 1, VXPERM_READ, NULL) == 0 &&
	      vxmem_read(q, &got, 0x11000, 4) == -1,
	      "returned %d, mapped %llu, read %#x", r,
	      (unsigned long long)vxmem_mapped(q), got);
	/* The guest faults on it, at the address. */
	vxmem_write(q, code, 0x10000, sizeof code);
	vxmem_setperm(q, 0x10000, 0x1000, VXPERM_READ | VXPERM_EXEC);
	q->cpu->eip = 0x10000;
	q->cpu->reg[EBX] = 0x11008;
	r = vxproc_run(q);
	check("noaccess-faults", r == VXTRAP_PAGEFAULT &&
	      q->cpu->trapva == 0x11008 && q->cpu->eip == 0x10000,
	      "trap %#x at eip %#x, address %#x", r, q->cpu->eip,
	      q->cpu->trapva);
	r = vxmem_setperm(q, 0x11000, 0x1000, VXPERM_READ);
	check("noaccess-kept", r == 0 && vxmem_read(q, &got, 0x11000, 4) == 4 &&
	      got == v, "returned %d, read %#x", r, got);
	/* vxmem_map with perm 0: a fresh, inaccessible mapping. */
	r = vxmem_map(q, 0x11000, 0x1000, 0);
	vxmem_setperm(q, 0x11000, 0x1000, VXPERM_READ);
	got = 1;
	check("noaccess-map-fresh", r == 0 && vxmem_read(q, &got, 0x11000, 4) == 4 &&
	      got == 0 && vxmem_mapped(q) == 0x2000, "returned %d, read %#x, mapped %llu",
	      r, got, (unsigned long long)vxmem_mapped(q));
	/* The memory limit counts inaccessible pages too. */
	vxproc_setlimit(q, VXLIMIT_MEMORY, 0x3000);
	r = vxmem_map(q, 0x20000, 0x2000, 0);
	check("noaccess-limit", r == -1 && errno == ENOMEM && vxmem_mapped(q) == 0x2000,
	      "returned %d, mapped %llu", r, (unsigned long long)vxmem_mapped(q));
	vxmem_unmap(q, 0x10000, 0x2000);
	check("noaccess-unmap", vxmem_mapped(q) == 0, "still mapped %llu",
	      (unsigned long long)vxmem_mapped(q));
	vxproc_free(q);
}

/*
 * vxmem_move: contents, permissions and the memory count go with the
 * pages, the old range is unmapped, and code that ran at the old address
 * runs at the new one (its translations go with the move); bad ranges
 * are refused with nothing moved.
 */
static void test_move(void)
{
	/* mov (%ebx),%eax; int $0x30 */
	static const uint8_t code[] = { 0x8b, 0x03, 0xcd, 0x30 };
	vxproc *q = vxproc_alloc();
	uint32_t v = 0xfeedf00d, got = 0;
	int r;

	if (!q || vxproc_setlimit(q, VXLIMIT_SPACE, 64 << 20) < 0)
		die("move", "vxproc_alloc");	/* (small: p is alive) */
	/* 64 pages, each holding its number, then code on the first */
	vxmem_map(q, 0x100000, 64 * 0x1000, VXPERM_READ | VXPERM_WRITE);
	for (uint32_t i = 1; i < 64; i++)
		vxmem_write(q, &i, 0x100000 + i * 0x1000 + 8, 4);
	vxmem_write(q, code, 0x100000, sizeof code);
	vxmem_write(q, &v, 0x100000 + 0x800, 4);
	vxmem_setperm(q, 0x100000, 0x1000, VXPERM_READ | VXPERM_EXEC);
	q->cpu->eip = 0x100000;
	q->cpu->reg[EBX] = 0x100800;
	r = vxproc_run(q);
	check("move-before", r == VXTRAP_SOFT + 0x30 &&
	      q->cpu->reg[EAX] == v, "trap %#x, eax %#x", r, q->cpu->reg[EAX]);

	errno = 0;
	refused("move-overlap", vxmem_move(q, 0x100000, 0x110000,
					   64 * 0x1000), EINVAL);
	errno = 0;
	refused("move-from-unmapped", vxmem_move(q, 0x200000, 0x300000,
						 0x1000), EINVAL);
	vxmem_map(q, 0x300000, 0x1000, VXPERM_READ);
	errno = 0;
	refused("move-onto-mapped", vxmem_move(q, 0x100000, 0x2ff000,
					       0x2000), EINVAL);
	errno = 0;
	refused("move-wraps", vxmem_move(q, 0x100000, 0xfffff000, 0x2000),
		EINVAL);
	check("move-refused-nothing-moved",
	      vxmem_read(q, &got, 0x100000 + 0x800, 4) == 4 && got == v &&
	      vxmem_checkperm(q, 0x2ff000, 1, VXPERM_READ, NULL) == 0 &&
	      vxmem_mapped(q) == 65 * 0x1000, "read %#x, mapped %llu", got,
	      (unsigned long long)vxmem_mapped(q));

	r = vxmem_move(q, 0x100000, 0x400000, 64 * 0x1000);
	int same = 1;
	for (uint32_t i = 1; i < 64; i++)
		same &= vxmem_read(q, &got, 0x400000 + i * 0x1000 + 8, 4) == 4 &&
			got == i;
	check("move", r == 0 && same && vxmem_mapped(q) == 65 * 0x1000 &&
	      vxmem_checkperm(q, 0x100000, 1, VXPERM_READ, NULL) == 0 &&
	      vxmem_checkperm(q, 0x400000, 0x1000, VXPERM_READ | VXPERM_EXEC,
			      NULL) == 1 &&
	      vxmem_checkperm(q, 0x400000, 1, VXPERM_WRITE, NULL) == 0 &&
	      vxmem_checkperm(q, 0x401000, 63 * 0x1000, VXPERM_WRITE,
			      NULL) == 1,
	      "returned %d (errno %d), contents %s, mapped %llu", r, errno,
	      same ? "kept" : "differ", (unsigned long long)vxmem_mapped(q));
	q->cpu->eip = 0x400000;
	q->cpu->reg[EBX] = 0x400800;
	r = vxproc_run(q);
	check("move-code-runs-there", r == VXTRAP_SOFT + 0x30 &&
	      q->cpu->reg[EAX] == v, "trap %#x, eax %#x", r, q->cpu->reg[EAX]);
	q->cpu->eip = 0x100000;
	r = vxproc_run(q);
	check("move-old-code-gone", r == VXTRAP_PAGEFAULT &&
	      q->cpu->trapva == 0x100000, "trap %#x at %#x", r, q->cpu->trapva);
	vxproc_free(q);
}

/* VXLIMIT_SPACE: the same on both backends below the smaller maximum. */
static void test_space(void)
{
	vxproc *q = vxproc_alloc();
	uint64_t max;
	int r;

	if (!q)
		die("space", "vxproc_alloc");
	max = vxproc_getlimit(q, VXLIMIT_SPACE);
	check("space-default", max == (vxproc_backend(q) == VX32_BACKEND_SEG ?
				       0xc0000000ull : 0x100000000ull),
	      "%s backend: VXLIMIT_SPACE %#llx",
	      vx32_backendname(vxproc_backend(q)), (unsigned long long)max);
	errno = 0;
	r = vxproc_setlimit(q, VXLIMIT_SPACE, max + 0x1000);
	check("space-too-big", r == -1 && errno == EINVAL, "returned %d", r);
	r = vxproc_setlimit(q, VXLIMIT_SPACE, 0x12345);
	check("space-unaligned", r == -1, "0x12345 accepted");
	r = vxproc_setlimit(q, VXLIMIT_SPACE, 16 << 20);
	check("space-set", r == 0 && vxproc_getlimit(q, VXLIMIT_SPACE) == 16 << 20,
	      "returned %d", r);
	errno = 0;
	r = vxmem_map(q, 16 << 20, 0x1000, VXPERM_READ);
	check("space-map-beyond", r == -1 && errno == ENOMEM &&
	      vxmem_mapped(q) == 0, "returned %d errno %d", r, errno);
	r = vxmem_map(q, (16 << 20) - 0x1000, 0x1000, VXPERM_READ | VXPERM_WRITE);
	check("space-map-last", r == 0 && vxmem_write(q, "x", (16 << 20) - 1, 1) == 1,
	      "returned %d", r);
	errno = 0;
	r = vxproc_setlimit(q, VXLIMIT_SPACE, 32 << 20);
	check("space-busy", r == -1 && errno == EBUSY, "returned %d", r);
	vxproc_free(q);
}

int main(void)
{
	if (vx32_init() < 0 || !(p = vxproc_alloc()))
		die("init", "vx32_init/vxproc_alloc failed");
	last = (uint32_t)(vxproc_getlimit(p, VXLIMIT_SPACE) - 1);
	top_page = last & ~0xfffu;
	if (vxmem_map(p, PAGE, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, RO, 0x1000, VXPERM_READ) < 0 ||
	    vxmem_map(p, top_page, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0)
		die("init", "vxmem_map failed");
	isolated("read-write", test_read_write);
	isolated("checkperm", test_checkperm);
	isolated("hostptr-strlen", test_hostptr_strlen);
	isolated("map", test_map);
	isolated("noaccess", test_noaccess);
	isolated("space", test_space);
	isolated("move", test_move);
	vxproc_free(p);
	return nfailed != 0;
}
