/*
 * api_limit.c - resource limits enforced by the library: VXLIMIT_CPUTIME
 * stops a looping guest (also one that spins on host calls, and in two
 * threads at once) with VXTRAP_LIMIT + VXLIMIT_CPUTIME; a guest that
 * needs far more translated code than VXLIMIT_CODECACHE allows, or that
 * rewrites its own code on every iteration, still computes the right
 * answer (the cache is flushed, never an error) and is stopped by the CPU
 * limit when it never ends; VXLIMIT_MEMORY refuses mappings beyond it.
 */
#include <pthread.h>
#include <time.h>
#include "check.h"

#define LIMIT_TRAP	(VXTRAP_LIMIT + VXLIMIT_CPUTIME)

static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const uint8_t spin[] = { 0xeb, 0xfe };		/* jmp . */

static void test_loop(void)
{
	vxproc *p = guest("cputime-loop", spin, sizeof spin);
	struct vxstats s;
	double t0 = thread_cpu(), used;
	int t;

	vxproc_setlimit(p, VXLIMIT_CPUTIME, 100000000);	/* 100 ms */
	t = vxproc_run(p);
	used = thread_cpu() - t0;
	check("cputime-loop", t == LIMIT_TRAP && p->cpu->eip == CODE_ADDR &&
	      used >= 0.095 && used < 1.0,
	      "trap %#x at eip %#x after %.3f s of CPU", t, p->cpu->eip, used);
	vxproc_getstats(p, &s);
	check("cputime-stats", s.cpu_ns >= 100000000 && s.cpu_ns < 1000000000,
	      "charged %llu ns", (unsigned long long)s.cpu_ns);

	t0 = thread_cpu();
	t = vxproc_run(p);
	used = thread_cpu() - t0;
	check("cputime-spent", t == LIMIT_TRAP && used < 0.05,
	      "second run: trap %#x after %.3f s", t, used);

	check("cputime-get", vxproc_getlimit(p, VXLIMIT_CPUTIME) == 100000000,
	      "getlimit %llu",
	      (unsigned long long)vxproc_getlimit(p, VXLIMIT_CPUTIME));
	vxproc_setlimit(p, VXLIMIT_CPUTIME, 50000000);	/* fresh 50 ms */
	t0 = thread_cpu();
	t = vxproc_run(p);
	used = thread_cpu() - t0;
	check("cputime-renew", t == LIMIT_TRAP && used >= 0.045 && used < 1.0,
	      "after a new budget: trap %#x after %.3f s", t, used);
	vxproc_free(p);
}

/* A guest that does nothing but ask the host for service. */
static void test_service_spin(void)
{
	static const uint8_t code[] = { 0xcd, 0x30, 0xeb, 0xfc }; /* int $0x30; jmp .-4 */
	vxproc *p = guest("cputime-service", code, sizeof code);
	double t0 = thread_cpu();
	long calls = 0;
	int t;

	vxproc_setlimit(p, VXLIMIT_CPUTIME, 100000000);
	while ((t = vxproc_run(p)) == VXTRAP_SOFT + 0x30) {
		/* the host's service: some CPU time outside vxproc_run */
		volatile unsigned x = 0;
		for (int i = 0; i < 2000; i++)
			x += i;
		if (++calls > 100000000 || thread_cpu() - t0 > 5)
			break;
	}
	check("cputime-service", t == LIMIT_TRAP && thread_cpu() - t0 < 1.0,
	      "trap %#x after %ld calls and %.3f s", t, calls,
	      thread_cpu() - t0);
	vxproc_free(p);
}

/* Without a limit nothing interrupts the guest. */
static void test_unlimited(void)
{
	static const uint8_t code[] = {
		0xb9, 0x00, 0x00, 0x00, 0x10,	/* mov $0x10000000, %ecx */
		0xe2, 0xfe,			/* loop . */
		STOP,
	};
	vxproc *p = guest("cputime-none", code, sizeof code);
	int t = vxproc_run(p);

	check("cputime-none", t == VXTRAP_SOFT + 0x30 && p->cpu->reg[ECX] == 0,
	      "trap %#x ecx %#x", t, p->cpu->reg[ECX]);
	vxproc_free(p);
}

struct spinner {
	uint64_t ns;
	int trap;
	double used;
};

static void *spin_thread(void *arg)
{
	struct spinner *sp = arg;
	vxproc *p = guest("cputime-threads", spin, sizeof spin);
	double t0 = thread_cpu();

	vxproc_setlimit(p, VXLIMIT_CPUTIME, sp->ns);
	sp->trap = vxproc_run(p);
	sp->used = thread_cpu() - t0;
	vxproc_free(p);
	return NULL;
}

static void test_threads(void)
{
	struct spinner a = { 60000000, -2, 0 }, b = { 120000000, -2, 0 };
	pthread_t ta, tb;

	guest_space = 16 << 20;	/* two guests alive at once */
	pthread_create(&ta, NULL, spin_thread, &a);
	pthread_create(&tb, NULL, spin_thread, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check("cputime-threads", a.trap == LIMIT_TRAP && b.trap == LIMIT_TRAP &&
	      a.used >= 0.055 && a.used < 1.0 && b.used >= 0.115 && b.used < 1.2,
	      "thread a: trap %#x after %.3f s; b: trap %#x after %.3f s",
	      a.trap, a.used, b.trap, b.used);
}

/*
 * NBLOCKS blocks of "add $1, %eax; jmp next", walked three times: about
 * 3 MiB of translated code through a 256 KiB cache.
 */
#define NBLOCKS 65536
#define THRASH_ADDR 0x01000000u	/* clear of guest()'s stack and data */
static void test_cache_thrash(void)
{
	size_t len = NBLOCKS * 8 + 16;
	uint8_t *code = malloc(len), *q = code;
	struct vxstats s;
	int t;

	*q++ = 0xb9; *q++ = 3; *q++ = 0; *q++ = 0; *q++ = 0;	/* mov $3, %ecx */
	uint8_t *top = q;
	for (int i = 0; i < NBLOCKS; i++) {
		*q++ = 0x83; *q++ = 0xc0; *q++ = 0x01;		/* add $1, %eax */
		*q++ = 0xe9; memset(q, 0, 4); q += 4;		/* jmp next */
	}
	*q++ = 0x49;						/* dec %ecx */
	*q++ = 0x0f; *q++ = 0x85;				/* jnz top */
	int32_t rel = (int32_t)(top - (q + 4));
	memcpy(q, &rel, 4); q += 4;
	*q++ = 0xcd; *q++ = 0x30;

	vxproc *p = guest_at("cache-thrash", THRASH_ADDR, code, q - code);
	vxproc_setlimit(p, VXLIMIT_CODECACHE, 256 * 1024);
	t = vxproc_run(p);
	vxproc_getstats(p, &s);
	check("cache-thrash", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EAX] == 3 * NBLOCKS && s.flushes >= 3 &&
	      s.cache_used <= 256 * 1024,
	      "trap %#x eax %u (want %u), %llu flushes, %llu translations, "
	      "%llu bytes cached", t, p->cpu->reg[EAX], 3 * NBLOCKS,
	      (unsigned long long)s.flushes,
	      (unsigned long long)s.translations,
	      (unsigned long long)s.cache_used);

	/* The same walk forever, under a CPU limit. */
	code[1] = 0xff; code[2] = 0xff; code[3] = 0xff; code[4] = 0x7f;
	vxproc_free(p);
	p = guest_at("cache-thrash-limit", THRASH_ADDR, code, q - code);
	vxproc_setlimit(p, VXLIMIT_CODECACHE, 256 * 1024);
	vxproc_setlimit(p, VXLIMIT_CPUTIME, 200000000);
	t = vxproc_run(p);
	check("cache-thrash-limit", t == LIMIT_TRAP &&
	      p->cpu->eip >= THRASH_ADDR &&
	      p->cpu->eip < THRASH_ADDR + (q - code),
	      "trap %#x at eip %#x", t, p->cpu->eip);
	vxproc_free(p);
	free(code);
}

/*
 * Code that rewrites the immediate of its own mov on every iteration:
 * every iteration must run the new bytes (sum 0+1+...+999), and the
 * endless version is stopped by the CPU limit.
 */
static void test_smc_thrash(void)
{
	uint8_t code[] = {
		0xb9, 0xe8, 0x03, 0x00, 0x00,	/* 0: mov $1000, %ecx */
		0x31, 0xdb,			/* 5: xor %ebx, %ebx */
		0xb8, 0x00, 0x00, 0x00, 0x00,	/* 7: mov $imm, %eax */
		0x01, 0xc3,			/* 12: add %eax, %ebx */
		0xff, 0x05, 0x08, 0x00, 0x01, 0x00, /* 14: incl CODE+8 */
		0x49,				/* 20: dec %ecx */
		0x75, 0xf0,			/* 21: jnz 7 */
		STOP,				/* 23 */
	};
	vxproc *p = guest("smc-thrash", code, sizeof code);
	int t;

	vxmem_setperm(p, CODE_ADDR, 0x1000,
		      VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	t = vxproc_run(p);
	check("smc-thrash", t == VXTRAP_SOFT + 0x30 &&
	      p->cpu->reg[EBX] == 499500,
	      "trap %#x ebx %u (want 499500)", t, p->cpu->reg[EBX]);
	vxproc_free(p);

	code[20] = 0x90;			/* nop */
	code[21] = 0xeb;			/* jmp 7 */
	p = guest("smc-thrash-limit", code, sizeof code);
	vxmem_setperm(p, CODE_ADDR, 0x1000,
		      VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	vxproc_setlimit(p, VXLIMIT_CPUTIME, 200000000);
	t = vxproc_run(p);
	check("smc-thrash-limit", t == LIMIT_TRAP &&
	      p->cpu->eip >= CODE_ADDR + 7 && p->cpu->eip < CODE_ADDR + 23,
	      "trap %#x at eip %#x", t, p->cpu->eip);
	vxproc_free(p);
}

static void test_memory(void)
{
	vxproc *p = vxproc_alloc();
	int r1, r2, e2;

	vxproc_setlimit(p, VXLIMIT_MEMORY, 1 << 20);
	r1 = vxmem_map(p, 0x100000, 1 << 20, VXPERM_READ | VXPERM_WRITE);
	errno = 0;
	r2 = vxmem_map(p, 0x300000, 4096, VXPERM_READ | VXPERM_WRITE);
	e2 = errno;
	check("memory-cap", r1 == 0 && r2 < 0 && e2 == ENOMEM &&
	      strstr(vxproc_error(p), "limit") != NULL,
	      "map 1 MiB: %d; one more page: %d errno %d (%s)", r1, r2, e2,
	      vxproc_error(p));
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("cputime-loop", test_loop);
	isolated("cputime-service", test_service_spin);
	isolated("cputime-none", test_unlimited);
	isolated("cputime-threads", test_threads);
	isolated("cache-thrash", test_cache_thrash);
	isolated("smc-thrash", test_smc_thrash);
	isolated("memory-cap", test_memory);
	return nfailed != 0;
}
