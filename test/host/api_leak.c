/*
 * api_leak.c - 10^6 calls and 10^4 resets leak nothing: the process's
 * resident set, its virtual size and its number of memory mappings
 * (/proc/self/status, /proc/self/maps), and the guest's mapped bytes,
 * are the same after the loop as after a warm-up, and did not grow
 * between its middle and its end.  The calls mix every path: plain
 * returns, callbacks, heap growth, scribbling, traps, host writes.
 */
#include "check.h"

#define SPACE	(256u << 20)

struct usage {
	long rss_kb, size_kb, maps;
	uint64_t mapped;
};

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static void measure(vxproc *p, struct usage *u)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int c;

	u->maps = 0;
	while (f && (c = getc(f)) != EOF)
		u->maps += c == '\n';
	if (f)
		fclose(f);
	u->rss_kb = status_kb("VmRSS:");
	u->size_kb = status_kb("VmSize:");
	u->mapped = vxmem_mapped(p);
}

static uint64_t cb(vxproc *p, void *user, const uint32_t *a, uint32_t at)
{
	return ++*(int *)user;
}

/* One round: 100 calls of every kind, then a reset. */
static int round_(vxproc *p, const uint32_t *fn, int i)
{
	struct vxarg a[3];
	struct vxret r;
	int bad = 0;

	for (int k = 0; k < 100; k++) {
		switch (k < 20 ? k % 10 : 9) {
		case 0:
			a[0] = VXARG_U32(7);	/* the same request each round */
			a[1] = VXARG_U32(50);
			a[2] = VXARG_U32(k ? 64 << 10 : 1 << 20);
			bad |= vxproc_call(p, fn[2], a, 3, &r) != 0;
			break;
		case 1:
		case 5:
		case 6:
		case 7:
		case 8:
			a[0] = VXARG_U32(0);
			bad |= vxproc_call(p, fn[3], a, 1, &r) != 0;
			break;
		case 2:
			a[0] = VXARG_U32(((i + k) % 5 + 1) << 13);
			bad |= vxproc_call(p, fn[4], a, 1, &r) != 0;
			break;
		case 3:		/* a trap: checksum of an unmapped address */
			a[0] = VXARG_U32(0x1000);
			a[1] = VXARG_U32(16);
			bad |= vxproc_call(p, fn[5], a, 2, &r) != 1;
			break;
		case 4:
			vxmem_write(p, &i, fn[6] + 4 * (i % 1000), 4);
			/* fall through */
		default:
			bad |= vxproc_call(p, fn[k & 1], NULL, 0, &r) != 0;
			break;
		}
	}
	return bad | (vxproc_reset(p) != 0);
}

static void test_leak(void)
{
	const char *dir = getenv("VX32_TEST_OUT");
	char path[600];
	static const char *const names[] = { "nothing", "bump", "scribble",
		"callback", "grow", "checksum", "area" };
	uint32_t fn[7];
	struct usage u0, u1, u2;
	vxproc *p = vxproc_alloc();
	int n = 0, bad = 0;

	snprintf(path, sizeof path, "%s/plugins/snaptest.vxp", dir);
	vxproc_setlimit(p, VXLIMIT_SPACE, SPACE);
	vxproc_setlimit(p, VXLIMIT_STACK, 256 << 10);
	if (vxproc_loadplugin(p, path) < 0)
		die("leak", vxproc_error(p));
	for (int i = 0; i < 7; i++)
		if (!(fn[i] = vxproc_sym(p, names[i])))
			die("leak", names[i]);
	vxproc_setcallback(p, 0, cb, &n);
	vxproc_snapshot(p);
	for (int i = 0; i < 200; i++)		/* warm-up */
		bad |= round_(p, fn, i);
	measure(p, &u0);
	for (int i = 0; i < 5000; i++)
		bad |= round_(p, fn, i);
	measure(p, &u1);
	for (int i = 0; i < 5000; i++)
		bad |= round_(p, fn, i);
	measure(p, &u2);
	check("leak-calls-work", !bad && n == 102000, "a call or reset failed "
	      "(%s), %d callbacks", vxproc_error(p), n);
	check("leak-rss", u2.rss_kb - u0.rss_kb <= 1024 &&
	      u2.rss_kb - u1.rss_kb <= 256, "resident %ld kB after warm-up, "
	      "%ld kB halfway, %ld kB after 10^6 calls and 10^4 resets",
	      u0.rss_kb, u1.rss_kb, u2.rss_kb);
	check("leak-vmsize", u2.size_kb == u0.size_kb, "virtual size %ld kB, "
	      "then %ld kB, then %ld kB", u0.size_kb, u1.size_kb, u2.size_kb);
	check("leak-mappings", u2.maps <= u0.maps + 2 && u2.maps <= u1.maps,
	      "%ld memory mappings, then %ld, then %ld", u0.maps, u1.maps,
	      u2.maps);
	check("leak-guest-mapped", u2.mapped == u0.mapped && u1.mapped ==
	      u0.mapped, "guest mapped %llu, %llu, %llu bytes",
	      (unsigned long long)u0.mapped, (unsigned long long)u1.mapped,
	      (unsigned long long)u2.mapped);
	printf("# rss %ld/%ld/%ld kB, size %ld/%ld/%ld kB, maps %ld/%ld/%ld\n",
	       u0.rss_kb, u1.rss_kb, u2.rss_kb, u0.size_kb, u1.size_kb,
	       u2.size_kb, u0.maps, u1.maps, u2.maps);
	vxproc_free(p);
}

int main(void)
{
	if (!getenv("VX32_TEST_OUT")) {
		printf("skip leak: VX32_TEST_OUT not set (run by test/run.sh)\n");
		return 0;
	}
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("leak", test_leak);
	return nfailed != 0;
}
