/*
 * api_xcache.c - translations shared through a vx32_xcache (vx32.h), in
 * one process: guests given the same xcache.  A block translated a
 * second time is stored; a third guest with the same code takes it and
 * translates nothing (vxstats.translations counts only what a guest
 * translated itself); a guest with other bytes at the same address, or
 * the same bytes under another TLS base, translates its own and gets
 * its own results.  Sizes out of range and a pointer that is no xcache
 * are refused.  On seg nothing is shared (vxproc_setxcache does
 * nothing there), and the results are the same.  (Processes sharing
 * one across fork: test/linux/xcache.c.)
 */
#include "check.h"

/* mov $imm, %eax; mov %fs:0, %ecx; int $0x30 */
static void code_for(uint8_t *c, uint32_t imm)
{
	static const uint8_t tail[] = { 0x64, 0x8b, 0x0d, 0, 0, 0, 0, STOP };

	c[0] = 0xb8;
	memcpy(c + 1, &imm, 4);
	memcpy(c + 5, tail, sizeof tail);
}

/* A guest with that code, its TLS entry 0 (fs 0x33) at tls, given xc;
   runs it once.  Returns its translations; *eax, *ecx its results. */
static uint64_t run_one(const char *name, vx32_xcache *xc, uint32_t imm,
			uint32_t tls, uint32_t *eax, uint32_t *ecx)
{
	uint8_t code[16];
	struct vxstats s;

	code_for(code, imm);
	vxproc *p = guest(name, code, 5 + 7 + 2);
	uint32_t v[2] = { 0x11110000 | imm, 0x22220000 | imm };
	if (vxmem_write(p, v, DATA_ADDR, sizeof v) != sizeof v ||
	    vxproc_settls(p, 0, tls, 1) < 0 || vxproc_setsel(p, 4, VXTLS_SELECTOR(0)) < 0)
		die(name, "cannot set the guest up");
	if (vxproc_setxcache(p, xc) < 0)
		die(name, "vxproc_setxcache");
	int trap = vxproc_run(p);
	if (trap != VXTRAP_SOFT + 0x30)
		die(name, "the guest did not reach int $0x30");
	*eax = p->cpu->reg[EAX];
	*ecx = p->cpu->reg[ECX];
	vxproc_getstats(p, &s);
	vxproc_free(p);
	return s.translations;
}

static int seg;

/* Sizes out of range, a pointer that is no xcache, NULL. */
static void test_api(void)
{
	errno = 0;
	check("xcache-size-too-small", !vx32_xcache_new(1 << 20) &&
	      errno == EINVAL, "errno %d", errno);
	errno = 0;
	check("xcache-size-too-big", !vx32_xcache_new((size_t)3 << 30) &&
	      errno == EINVAL, "errno %d", errno);

	{
		static uint64_t not_one[8];
		vxproc *p = vxproc_alloc();
		if (!p)
			die("xcache-not-one", "vxproc_alloc");
		errno = 0;
		int r = vxproc_setxcache(p, (vx32_xcache *)not_one);
		check("xcache-not-one-refused", r == -1 && errno == EINVAL,
		      "returned %d, errno %d", r, errno);
		check("xcache-null-accepted", vxproc_setxcache(p, NULL) == 0,
		      "errno %d", errno);
		vxproc_free(p);
	}
}

static void test_sharing(void)
{
	uint32_t eax, ecx;
	vx32_xcache *xc = vx32_xcache_new(8 << 20);

	if (!xc)
		die("xcache-new", "vx32_xcache_new(8 MiB)");
	/* The same code three times: marked, stored, taken. */
	uint64_t t1 = run_one("xcache-first", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-first-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	uint64_t t2 = run_one("xcache-second", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-second-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	uint64_t t3 = run_one("xcache-third", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-third-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	if (seg)
		check("xcache-seg-translates-each-time", t1 > 0 && t2 == t1 &&
		      t3 == t1, "translations %llu %llu %llu",
		      (unsigned long long)t1, (unsigned long long)t2,
		      (unsigned long long)t3);
	else
		check("xcache-third-translates-nothing", t1 > 0 && t2 == t1 &&
		      t3 == 0, "translations %llu %llu %llu",
		      (unsigned long long)t1, (unsigned long long)t2,
		      (unsigned long long)t3);

	/* Other bytes at the same address: its own translation. */
	uint64_t t4 = run_one("xcache-other-bytes", xc, 9, DATA_ADDR, &eax,
			      &ecx);
	check("xcache-other-bytes-own-code", eax == 9 && ecx == 0x11110009 &&
	      t4 > 0, "eax %#x ecx %#x, translations %llu", eax, ecx,
	      (unsigned long long)t4);
	/* The same bytes under another TLS base: its own translation. */
	uint64_t t5 = run_one("xcache-other-tls", xc, 7, DATA_ADDR + 4, &eax,
			      &ecx);
	check("xcache-other-tls-own-code", eax == 7 && ecx == 0x22220007 &&
	      t5 > 0, "eax %#x ecx %#x, translations %llu", eax, ecx,
	      (unsigned long long)t5);
	vx32_xcache_free(xc);
}

int main(void)
{
	vxproc *p = vxproc_alloc();

	if (!p)
		die("xcache", "vxproc_alloc");
	seg = vxproc_backend(p) == VX32_BACKEND_SEG;
	vxproc_free(p);
	isolated("xcache-api", test_api);
	isolated("xcache-sharing", test_sharing);
	return nfailed != 0;
}
