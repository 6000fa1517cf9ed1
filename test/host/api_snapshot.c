/*
 * api_snapshot.c - vxproc_snapshot and vxproc_reset: after a reset every
 * page the guest can read has the contents and permissions it had at
 * the snapshot (the test copies all of guest memory itself before, and
 * compares after), whatever the guest and the host did in between:
 * stores, heap growth, host writes, maps, unmaps, permission changes,
 * self-modifying code, more dirty pages than are tracked one by one.
 * Registers and the break come back too; translations survive; resets
 * in a call are refused.
 */
#include "check.h"

#define SPACE	(256u << 20)

static char plugin[512];

/* ---------------------------------------------------------------- images */

/* A copy of everything the guest can read, with its permissions. */
struct image {
	uint32_t n;
	uint32_t *page;
	uint8_t *perm;
	uint8_t *data;
	struct vxcpu cpu;
	uint64_t mapped;
};

static int perm_of(vxproc *p, uint32_t a)
{
	int perm = 0;

	for (int b = 1; b <= 4; b <<= 1)
		if (vxmem_checkperm(p, a, 1, b, NULL))
			perm |= b;
	return perm;
}

static void capture(vxproc *p, struct image *im)
{
	uint32_t cap = 256;

	memset(im, 0, sizeof *im);
	im->page = malloc(cap * 4);
	im->perm = malloc(cap);
	im->data = malloc((size_t)cap * 4096);
	for (uint64_t a = 0; a < SPACE; a += 4096) {
		if (!vxmem_checkperm(p, a, 1, VXPERM_READ, NULL))
			continue;
		if (im->n == cap) {
			cap *= 2;
			im->page = realloc(im->page, cap * 4);
			im->perm = realloc(im->perm, cap);
			im->data = realloc(im->data, (size_t)cap * 4096);
		}
		im->page[im->n] = a / 4096;
		im->perm[im->n] = perm_of(p, a);
		vxmem_read(p, im->data + (size_t)im->n * 4096, a, 4096);
		im->n++;
	}
	im->cpu = *p->cpu;
	im->mapped = vxmem_mapped(p);
}

static void release(struct image *im)
{
	free(im->page);
	free(im->perm);
	free(im->data);
}

/* NULL if p's memory is im again, else what differs. */
static const char *differs(vxproc *p, const struct image *im)
{
	static char why[200];
	static uint8_t buf[4096];
	uint32_t i = 0;

	for (uint64_t a = 0; a < SPACE; a += 4096) {
		int readable = vxmem_checkperm(p, a, 1, VXPERM_READ, NULL);
		int listed = i < im->n && im->page[i] == a / 4096;
		if (readable != listed) {
			snprintf(why, sizeof why, "page 0x%llx is %sreadable",
				 (unsigned long long)a, readable ? "" : "not ");
			return why;
		}
		if (!listed)
			continue;
		if (perm_of(p, a) != im->perm[i]) {
			snprintf(why, sizeof why, "page 0x%llx has permissions "
				 "%d, not %d", (unsigned long long)a,
				 perm_of(p, a), im->perm[i]);
			return why;
		}
		vxmem_read(p, buf, a, 4096);
		for (int k = 0; k < 4096; k++) {
			if (buf[k] != im->data[(size_t)i * 4096 + k]) {
				snprintf(why, sizeof why, "byte 0x%llx is %#x, "
					 "not %#x", (unsigned long long)a + k,
					 buf[k], im->data[(size_t)i * 4096 + k]);
				return why;
			}
		}
		i++;
	}
	if (memcmp(p->cpu, &im->cpu, sizeof im->cpu) != 0)
		return "registers differ";
	if (vxmem_mapped(p) != im->mapped) {
		snprintf(why, sizeof why, "%llu bytes mapped, not %llu",
			 (unsigned long long)vxmem_mapped(p),
			 (unsigned long long)im->mapped);
		return why;
	}
	return NULL;
}

/* ---------------------------------------------------------------- guests */

static vxproc *start(const char *name)
{
	vxproc *p = vxproc_alloc();

	if (!p || vxproc_setlimit(p, VXLIMIT_SPACE, SPACE) < 0 ||
	    vxproc_setlimit(p, VXLIMIT_STACK, 256 << 10) < 0)
		die(name, "cannot make a guest");
	if (vxproc_loadplugin(p, plugin) < 0) {
		printf("not ok %s: %s\n", name, vxproc_error(p));
		exit(1);
	}
	return p;
}

static uint32_t call(vxproc *p, const char *fn, int n, uint32_t a,
		     uint32_t b, uint32_t c)
{
	struct vxarg arg[] = { VXARG_U32(a), VXARG_U32(b), VXARG_U32(c) };
	struct vxret r;
	uint32_t f = vxproc_sym(p, fn);

	if (!f || vxproc_call(p, f, arg, n, &r) != 0) {
		printf("not ok call-%s: %s\n", fn, vxproc_error(p));
		exit(1);
	}
	return r.eax;
}

/* Everything a guest and its host can do to memory, then a reset. */
static void test_restore(void)
{
	vxproc *p = start("restore");
	struct image im;
	uint32_t area = vxproc_sym(p, "area"), data = vxproc_sym(p, "data");
	uint32_t b1, b2;
	const char *d;
	int bad = 0;

	check("reset-without-snapshot", vxproc_reset(p) == -1 &&
	      errno == EINVAL, "reset worked without a snapshot");
	call(p, "bump", 0, 0, 0, 0);
	b1 = call(p, "grow", 1, 1000, 0, 0);
	capture(p, &im);
	check("snapshot", vxproc_snapshot(p) == 0, "%s", vxproc_error(p));
	d = differs(p, &im);
	check("snapshot-same", !d, "taking it changed "
	      "the guest: %s", d);

	call(p, "scribble", 3, 1, 20000, 4 << 20);
	call(p, "bump", 0, 0, 0, 0);
	b2 = call(p, "grow", 1, 3 << 20, 0, 0);	/* the heap grows */
	vxmem_write(p, "host was here", data + 100, 13);
	memset(vxmem_hostptr(p, area + 8192, 5000, VXPERM_WRITE), 0xee, 5000);
	vxmem_setperm(p, area, 4096, VXPERM_READ);		/* read-only */
	vxmem_unmap(p, area + 3 * 4096, 2 * 4096);		/* a hole */
	vxmem_map(p, 0x100000, 3 * 4096, VXPERM_READ | VXPERM_WRITE);
	vxmem_write(p, "new", 0x100000, 3);
	check("guest-changed", differs(p, &im) != NULL, "nothing changed");
	check("reset", vxproc_reset(p) == 0, "%s", vxproc_error(p));
	d = differs(p, &im);
	check("reset-memory", !d, "%s", d);
	check("reset-state", call(p, "bump", 0, 0, 0, 0) == 2,
	      "the guest's call counter did not go back");
	vxproc_reset(p);
	b1 = call(p, "grow", 1, 3 << 20, 0, 0);
	check("reset-break", b1 == b2, "the heap did not go back: the same "
	      "malloc gave %#x, before the reset %#x", b1, b2);

	/* Resets over and over, the same and different work in between. */
	for (int i = 0; i < 100 && !bad; i++) {
		vxproc_reset(p);
		call(p, "scribble", 3, i % 7, 3000, (i & 1) ? 64 << 10 : 4 << 20);
		if (i % 10 == 3)
			call(p, "grow", 1, (i + 1) << 16, 0, 0);
		if (i % 10 == 5)
			vxmem_write(p, &i, area + i * 4096, 4);
		vxproc_reset(p);
		if ((d = differs(p, &im)))
			bad = i + 1;
	}
	check("reset-repeated", !bad, "reset %d: %s", bad, d);
	release(&im);
	vxproc_free(p);
}

/* A page the guest may not touch (permission 0) keeps its contents. */
static void test_hidden(void)
{
	vxproc *p = start("hidden");
	uint32_t area = vxproc_sym(p, "area"), v = 0;
	uint32_t page = (area + 8191) & ~4095u;

	vxmem_write(p, "secret", page, 7);
	vxmem_setperm(p, page, 4096, 0);
	vxproc_snapshot(p);
	vxmem_setperm(p, page, 4096, VXPERM_READ | VXPERM_WRITE);
	vxmem_write(p, "public", page, 7);
	vxproc_reset(p);
	check("hidden-perm", !vxmem_checkperm(p, page, 1, VXPERM_READ, NULL),
	      "the page is readable again after the reset");
	vxmem_setperm(p, page, 4096, VXPERM_READ);
	vxmem_read(p, &v, page, 4);
	check("hidden-contents", !memcmp(&v, "secr", 4), "contents %.4s",
	      (char *)&v);
	vxproc_free(p);
}

/* Translations survive a reset: the same calls translate nothing new. */
static void test_code_kept(void)
{
	vxproc *p = start("code-kept");
	struct vxstats s0, s1;

	vxproc_snapshot(p);
	for (int i = 0; i < 3; i++) {
		call(p, "scribble", 3, i, 100, 4096);
		vxproc_reset(p);
	}
	vxproc_getstats(p, &s0);
	for (int i = 0; i < 50; i++) {
		call(p, "scribble", 3, i, 100, 4096);
		vxproc_reset(p);
	}
	vxproc_getstats(p, &s1);
	check("translations-kept", s1.translations == s0.translations &&
	      s1.flushes == s0.flushes, "%llu translations, %llu flushes "
	      "over 50 resets", (unsigned long long)(s1.translations -
	      s0.translations), (unsigned long long)(s1.flushes - s0.flushes));
	vxproc_free(p);
}

/* Self-modifying code: a reset brings the old code back, and that is
   what runs (stale translations are dropped). */
static void test_smc(void)
{
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,		/* mov $1, %eax */
		0xc7, 0x05, 0x01, 0x00, 0x01, 0x00,	/* movl $2, 0x10001 */
		0x02, 0x00, 0x00, 0x00,
		STOP,
	};
	vxproc *p = guest("smc", code, sizeof code);
	int t, first, second, third;

	vxmem_setperm(p, CODE_ADDR, 4096, VXPERM_READ | VXPERM_WRITE |
		      VXPERM_EXEC);
	vxproc_snapshot(p);
	t = vxproc_run(p);
	first = p->cpu->reg[EAX];
	p->cpu->eip = CODE_ADDR;
	vxproc_run(p);
	second = p->cpu->reg[EAX];
	vxproc_reset(p);
	vxproc_run(p);
	third = p->cpu->reg[EAX];
	check("smc-reset", t == VXTRAP_SOFT + 0x30 && first == 1 &&
	      second == 2 && third == 1, "eax %d, %d, then after the reset %d",
	      first, second, third);
	vxproc_free(p);
}

/* More dirty pages than are tracked one by one: all restored. */
static void test_untracked(void)
{
	vxproc *p = start("untracked");
	struct image im;
	const char *d;

	vxproc_setlimit(p, VXLIMIT_MEMORY, 1 << 30);
	capture(p, &im);
	vxproc_snapshot(p);
	call(p, "grow", 1, 40 << 20, 0, 0);		/* 10,240 pages */
	call(p, "scribble", 3, 5, 50000, 4 << 20);
	vxproc_reset(p);
	d = differs(p, &im);
	check("untracked-reset", !d, "%s", d);
	call(p, "scribble", 3, 6, 5000, 4 << 20);
	vxproc_reset(p);
	d = differs(p, &im);
	check("tracked-again", !d, "%s", d);
	release(&im);
	vxproc_free(p);
}

static uint64_t cb_reset(vxproc *p, void *user, const uint32_t *a,
			 uint32_t at)
{
	*(int *)user = vxproc_reset(p) == -1 && errno == EBUSY &&
		       vxproc_snapshot(p) == -1 && errno == EBUSY;
	return 0;
}

static void test_busy(void)
{
	vxproc *p = start("busy");
	int ok = 0;

	vxproc_snapshot(p);
	vxproc_setcallback(p, 0, cb_reset, &ok);
	struct vxarg a = VXARG_U32(0);
	struct vxret r;
	int t = vxproc_call(p, vxproc_sym(p, "callback"), &a, 1, &r);
	check("busy-in-call", t == 0 && ok, "call %d, refused: %d", t, ok);
	vxproc_snapshot_drop(p);
	check("drop", vxproc_reset(p) == -1 && errno == EINVAL,
	      "reset after drop");
	call(p, "scribble", 3, 1, 1000, 4 << 20);
	check("after-drop", call(p, "bump", 0, 0, 0, 0) == 1,
	      "the guest stopped working after the drop");
	vxproc_free(p);
}

int main(void)
{
	const char *dir = getenv("VX32_TEST_OUT");

	if (!dir) {
		printf("skip snapshot: VX32_TEST_OUT not set (run by test/run.sh)\n");
		return 0;
	}
	snprintf(plugin, sizeof plugin, "%s/plugins/snaptest.vxp", dir);
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	guest_space = 16 << 20;
	isolated("restore", test_restore);
	isolated("hidden", test_hidden);
	isolated("code-kept", test_code_kept);
	isolated("smc", test_smc);
	isolated("untracked", test_untracked);
	isolated("busy", test_busy);
	return nfailed != 0;
}
