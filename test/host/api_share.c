/*
 * api_share.c - the threads of one guest: vxprocs that share a memory
 * (vxproc_clone).  Mappings, contents and limits are shared; CPU state
 * is copied, then each its own; several run at once on host threads
 * (atomic increments from all of them add up); code one thread changes
 * (by a guest store or by the host) is what another thread runs at its
 * next block boundary; the memory outlives whichever vxproc is freed
 * first; many threads come and go without leaking.  And memory the
 * host shares with other processes (vxmem_mapshared).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

#include "check.h"

#define STOP_BYTES	0xcd, 0x30	/* int $0x30 */

static void watchdog(int sig)
{
	static const char msg[] =
		"not ok watchdog: a thread of the guest did not finish in 30 s\n";

	(void)sig;
	write(1, msg, sizeof msg - 1);
	_exit(1);
}

/* Mappings and contents are one; registers are each its own. */
static void test_basics(void)
{
	static const uint8_t code[] = { 0x40, STOP_BYTES };	/* inc %eax */
	vxproc *p = guest("share-basics", code, sizeof code);
	uint32_t v = 0x5eed, got = 0;

	vxmem_write(p, &v, DATA_ADDR, 4);
	p->cpu->reg[EAX] = 41;
	vxproc_settls(p, 1, 0x30100, 1);
	vxproc *q = vxproc_clone(p);
	if (!q)
		die("share-basics", "vxproc_clone");
	check("clone-sees-memory", vxmem_read(q, &got, DATA_ADDR, 4) == 4 &&
	      got == v, "read %#x", got);
	uint32_t base = 0;
	check("clone-copies-state", q->cpu->reg[EAX] == 41 &&
	      q->cpu->eip == CODE_ADDR && q->cpu->reg[ESP] == p->cpu->reg[ESP] &&
	      vxproc_gettls(q, 1, &base) == 0 && base == 0x30100,
	      "eax %u eip %#x tls %#x", q->cpu->reg[EAX], q->cpu->eip, base);
	int r = vxmem_map(q, 0x50000, 0x2000, VXPERM_READ | VXPERM_WRITE);
	check("mapping-is-shared", r == 0 &&
	      vxmem_checkperm(p, 0x50000, 0x2000, VXPERM_WRITE, NULL) &&
	      vxmem_mapped(p) == vxmem_mapped(q), "returned %d, mapped %llu %llu",
	      r, (unsigned long long)vxmem_mapped(p),
	      (unsigned long long)vxmem_mapped(q));
	vxproc_setlimit(p, VXLIMIT_MEMORY, vxmem_mapped(p));
	errno = 0;
	r = vxmem_map(q, 0x60000, 0x1000, VXPERM_READ);
	check("memory-limit-is-shared", r == -1 && errno == ENOMEM &&
	      vxproc_getlimit(q, VXLIMIT_MEMORY) == vxmem_mapped(p),
	      "returned %d", r);
	int t1 = vxproc_run(p), t2 = vxproc_run(q);
	check("own-registers", t1 == VXTRAP_SOFT + 0x30 &&
	      t2 == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == 42 &&
	      q->cpu->reg[EAX] == 42, "traps %#x %#x, eax %u %u", t1, t2,
	      p->cpu->reg[EAX], q->cpu->reg[EAX]);
	errno = 0;
	r = vxproc_setlimit(q, VXLIMIT_SPACE, 16 << 20);
	check("space-fixed-once-shared", r == -1 && errno == EBUSY,
	      "returned %d", r);
	/* Snapshots (plug-ins) need a memory of their own, both ways. */
	errno = 0;
	r = vxproc_snapshot(q);
	check("no-snapshot-when-shared", r == -1 && errno == EBUSY,
	      "returned %d", r);
	/* The memory outlives the vxproc that made it. */
	vxproc_free(p);
	v = 77;
	got = 0;
	check("outlives-the-first", vxmem_write(q, &v, DATA_ADDR, 4) == 4 &&
	      vxmem_read(q, &got, DATA_ADDR, 4) == 4 && got == 77 &&
	      (q->cpu->eip = CODE_ADDR, vxproc_run(q)) == VXTRAP_SOFT + 0x30,
	      "read %u", got);
	vxproc_free(q);

	p = guest("share-snapshot", code, sizeof code);
	r = vxproc_snapshot(p);
	errno = 0;
	q = vxproc_clone(p);
	check("no-clone-of-a-snapshot", r == 0 && !q && errno == EBUSY,
	      "snapshot %d, clone %p", r, (void *)q);
	vxproc_snapshot_drop(p);
	q = vxproc_clone(p);
	check("clone-after-snapshot-drop", q != NULL, "%s", vxproc_error(p));
	if (q)
		vxproc_free(q);
	vxproc_free(p);
}

/* Guest: n times lock incl (DATA_ADDR), then stop. */
static const uint8_t incr[] = {
	0xf0, 0xff, 0x05, 0x00, 0x00, 0x03, 0x00,	/* lock incl 0x30000 */
	0x49,						/* dec %ecx */
	0x75, 0xf6,					/* jnz 0 */
	STOP_BYTES,
};

static void *run_thread(void *arg)
{
	vxproc *p = arg;

	return (void *)(intptr_t)vxproc_run(p);
}

/* Threads running at once share memory for real: atomics add up. */
static void test_concurrent(void)
{
	enum { NT = 8, N = 200000 };
	vxproc *p = guest("share-concurrent", incr, sizeof incr);
	vxproc *t[NT];
	pthread_t th[NT];
	uint32_t zero = 0, sum = 0;
	int bad = 0;

	alarm(30);
	vxmem_write(p, &zero, DATA_ADDR, 4);
	t[0] = p;
	for (int i = 1; i < NT; i++)
		if (!(t[i] = vxproc_clone(p)))
			die("share-concurrent", "vxproc_clone");
	for (int i = 0; i < NT; i++) {
		t[i]->cpu->reg[ECX] = N;
		pthread_create(&th[i], NULL, run_thread, t[i]);
	}
	for (int i = 0; i < NT; i++) {
		void *r;
		pthread_join(th[i], &r);
		bad += (intptr_t)r != VXTRAP_SOFT + 0x30 || t[i]->cpu->reg[ECX];
	}
	vxmem_read(p, &sum, DATA_ADDR, 4);
	check("atomics-add-up", !bad && sum == NT * N, "sum %u, want %u, %d "
	      "threads wrong", sum, NT * N, bad);
	for (int i = NT - 1; i >= 0; i--)
		vxproc_free(t[i]);
}

/*
 * Thread B calls the function at FN until it returns 2; thread A, or
 * the host, changes "mov $1" to "mov $2" there.  B must see it.
 */
#define FN	(CODE_ADDR + 0x800)
static const uint8_t caller[] = {
	0xe8, 0xfb, 0x07, 0x00, 0x00,	/* 0: call FN (0x800) */
	0x83, 0xf8, 0x02,		/* 5: cmp $2, %eax */
	0x75, 0xf6,			/* 8: jne 0 */
	STOP_BYTES,			/* a: */
	[0x800] = 0xb8, 0x01, 0x00, 0x00, 0x00,	/* FN: mov $1, %eax */
	0xc3,					/* ret */
};
/* Thread A: one guest store over FN's immediate, then stop. */
static const uint8_t patcher[] = {
	0xc6, 0x05, 0x01, 0x08, 0x01, 0x00, 0x02,	/* movb $2, FN+1 */
	STOP_BYTES,
};

static void cross_smc(const char *name, int by_host)
{
	vxproc *b = guest(name, caller, sizeof caller);
	pthread_t th;
	struct timespec ms50 = { 0, 50 * 1000 * 1000 };

	alarm(30);
	/* The code is writable (guests that patch themselves ask for it). */
	vxmem_setperm(b, CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE |
		      VXPERM_EXEC);
	vxproc *a = vxproc_clone(b);
	if (!a)
		die(name, "vxproc_clone");
	pthread_create(&th, NULL, run_thread, b);
	nanosleep(&ms50, NULL);		/* B runs its translation of FN */
	int ta = 0;
	if (by_host) {
		uint8_t two = 2;
		ta = vxmem_write(a, &two, FN + 1, 1) == 1 ? VXTRAP_SOFT + 0x30 : -1;
	} else {
		vxmem_map(a, 0x40000, 0x1000, VXPERM_READ | VXPERM_WRITE);
		vxmem_write(a, patcher, 0x40000, sizeof patcher);
		vxmem_setperm(a, 0x40000, 0x1000, VXPERM_READ | VXPERM_EXEC);
		a->cpu->eip = 0x40000;
		ta = vxproc_run(a);
	}
	void *r;
	pthread_join(th, &r);
	check(name, ta == VXTRAP_SOFT + 0x30 &&
	      (intptr_t)r == VXTRAP_SOFT + 0x30 && b->cpu->reg[EAX] == 2,
	      "patcher %#x, caller %#lx with eax %u", ta, (long)(intptr_t)r,
	      b->cpu->reg[EAX]);
	vxproc_free(a);
	vxproc_free(b);
}

static void test_smc_guest(void) { cross_smc("cross-thread-smc", 0); }
static void test_smc_host(void) { cross_smc("host-write-other-thread", 1); }

/* A thread that unmaps code another thread runs: the runner faults on
   the unmapped page at its next block, not in stale code forever. */
static void test_unmap_running(void)
{
	static const uint8_t spin[] = { 0x41, 0xeb, 0xfd };	/* inc ecx; jmp */
	vxproc *b = guest("unmap-running", spin, sizeof spin);
	pthread_t th;
	struct timespec ms50 = { 0, 50 * 1000 * 1000 };

	alarm(30);
	vxproc *a = vxproc_clone(b);
	pthread_create(&th, NULL, run_thread, b);
	nanosleep(&ms50, NULL);
	vxmem_unmap(a, CODE_ADDR, 0x1000);
	void *r;
	pthread_join(th, &r);
	check("unmap-running", (intptr_t)r == VXTRAP_PAGEFAULT &&
	      b->cpu->trapva == CODE_ADDR && b->cpu->reg[ECX] > 0,
	      "trap %#lx at %#x", (long)(intptr_t)r, b->cpu->trapva);
	vxproc_free(b);
	vxproc_free(a);
}

/* Threads come and go: nothing leaks (file descriptors, LDT entries on
   the seg backend, mappings), and the memory goes with the last. */
static void test_churn(void)
{
	static const uint8_t code[] = { 0x40, STOP_BYTES };
	vxproc *p = guest("share-churn", code, sizeof code);
	int bad = 0;

	for (int round = 0; round < 300 && !bad; round++) {
		vxproc *t[8];
		for (int i = 0; i < 8; i++) {
			if (!(t[i] = vxproc_clone(p))) {
				bad = 1;
				break;
			}
			t[i]->cpu->eip = CODE_ADDR;
			bad |= vxproc_run(t[i]) != VXTRAP_SOFT + 0x30;
		}
		for (int i = 0; i < 8 && t[i]; i++)
			vxproc_free(t[i]);
	}
	check("clone-free-churn", !bad, "a clone failed to run");
	/* 64 at once. */
	vxproc *many[64];
	int made = 0;
	for (; made < 64; made++)
		if (!(many[made] = vxproc_clone(p)))
			break;
	check("sixty-four-threads", made == 64, "only %d: %s", made,
	      vxproc_error(NULL));
	vxproc_free(p);		/* the first goes first */
	int ran = 0;
	for (int i = 0; i < made; i++) {
		many[i]->cpu->eip = CODE_ADDR;
		ran += vxproc_run(many[i]) == VXTRAP_SOFT + 0x30;
		vxproc_free(many[i]);
	}
	check("threads-outlive-the-first", ran == made, "%d of %d ran", ran,
	      made);
}

/* ------------------------------------------------ shared memory */

static int place_fd(void *host, size_t n, int prot, void *arg)
{
	return mmap(host, n, prot, MAP_SHARED | MAP_FIXED, *(int *)arg, 0) ==
	       MAP_FAILED ? -1 : 0;
}

static int place_fails(void *host, size_t n, int prot, void *arg)
{
	(void)host, (void)n, (void)prot, (void)arg;
	errno = ENODEV;
	return -1;
}

#define SHM_ADDR	0x50000u

/* Pages the host shares (vxmem_mapshared): guest stores are seen through
   the host's own mapping of the object and by a forked host process's
   guest; maxperm holds; a failed place leaves nothing; snapshots and
   shared pages exclude each other; vxmem_map ends the sharing. */
static void test_mapshared(void)
{
	/* incl SHM_ADDR; int $0x30 */
	static const uint8_t code[] = { 0xff, 0x05, 0x00, 0x00, 0x05, 0x00,
					STOP_BYTES };
	vxproc *p = guest("mapshared", code, sizeof code);
	int fd = memfd_create("api_share", 0);
	uint32_t v = 0;

	if (fd < 0 || ftruncate(fd, 0x3000) < 0)
		die("mapshared", "memfd");
	volatile uint32_t *host = mmap(NULL, 0x3000, PROT_READ | PROT_WRITE,
				       MAP_SHARED, fd, 0);
	if (host == MAP_FAILED)
		die("mapshared", "mmap");
	host[0] = 41;
	uint64_t before = vxmem_mapped(p);
	int r = vxmem_mapshared(p, SHM_ADDR, 0x3000, VXPERM_READ | VXPERM_WRITE,
				VXPERM_READ | VXPERM_WRITE, place_fd, &fd);
	check("mapshared-maps", r == 0 && vxmem_mapped(p) == before + 0x3000 &&
	      vxmem_read(p, &v, SHM_ADDR, 4) == 4 && v == 41,
	      "returned %d, read %u", r, v);
	int t = vxproc_run(p);
	check("mapshared-guest-store-seen", t == VXTRAP_SOFT + 0x30 &&
	      host[0] == 42, "trap %#x, host sees %u", t, host[0]);
	pid_t pid = fork();
	if (pid == 0) {
		v = 7;
		_exit(vxmem_write(p, &v, SHM_ADDR + 0x1000, 4) == 4 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	v = 0;
	check("mapshared-across-fork", WIFEXITED(st) && !WEXITSTATUS(st) &&
	      vxmem_read(p, &v, SHM_ADDR + 0x1000, 4) == 4 && v == 7,
	      "read %u", v);
	errno = 0;
	r = vxproc_snapshot(p);
	check("mapshared-no-snapshot", r == -1 && errno == EBUSY,
	      "returned %d", r);

	/* at most readable: no vxmem_setperm makes it writable */
	r = vxmem_mapshared(p, SHM_ADDR, 0x1000, VXPERM_READ, VXPERM_READ,
			    place_fd, &fd);
	errno = 0;
	int w = vxmem_setperm(p, SHM_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE);
	check("mapshared-maxperm", r == 0 && w == -1 && errno == EACCES &&
	      !vxmem_checkperm(p, SHM_ADDR, 4, VXPERM_WRITE, NULL) &&
	      vxmem_setperm(p, SHM_ADDR, 0x1000, VXPERM_READ |
			    VXPERM_EXEC) == 0,
	      "mapshared %d, setperm %d", r, w);
	p->cpu->eip = CODE_ADDR;
	t = vxproc_run(p);
	check("mapshared-maxperm-store-faults", t == VXTRAP_PAGEFAULT &&
	      host[0] == 42, "trap %#x, host sees %u", t, host[0]);

	/* a place that fails leaves the range unmapped */
	before = vxmem_mapped(p);
	errno = 0;
	r = vxmem_mapshared(p, SHM_ADDR, 0x3000, VXPERM_READ, VXPERM_READ,
			    place_fails, NULL);
	check("mapshared-place-fails", r == -1 && errno == ENODEV &&
	      !vxmem_checkperm(p, SHM_ADDR, 1, VXPERM_READ, NULL) &&
	      vxmem_mapped(p) == before - 0x3000,
	      "returned %d, mapped %llu -> %llu", r,
	      (unsigned long long)before, (unsigned long long)vxmem_mapped(p));

	/* map over it: private again; then snapshots work */
	vxmem_mapshared(p, SHM_ADDR, 0x3000, VXPERM_READ | VXPERM_WRITE,
			VXPERM_READ | VXPERM_WRITE, place_fd, &fd);
	vxmem_map(p, SHM_ADDR, 0x3000, VXPERM_READ | VXPERM_WRITE);
	host[0] = 99;
	v = 1;
	check("map-ends-sharing", vxmem_read(p, &v, SHM_ADDR, 4) == 4 &&
	      v == 0 && vxproc_snapshot(p) == 0, "read %u", v);
	errno = 0;
	r = vxmem_mapshared(p, SHM_ADDR, 0x1000, VXPERM_READ, VXPERM_READ,
			    place_fd, &fd);
	check("snapshot-no-mapshared", r == -1 && errno == EBUSY,
	      "returned %d", r);
	vxproc_free(p);
	close(fd);
}

int main(void)
{
	signal(SIGALRM, watchdog);
	/* On the seg backend every thread's code cache lies below 4 GiB
	   beside the guest's memory: small ones let 64 threads fit. */
	guest_space = 16 << 20;
	if (vx32_init() < 0) {
		printf("not ok init: vx32_init failed (errno %d)\n", errno);
		return 1;
	}
	isolated("basics", test_basics);
	isolated("concurrent", test_concurrent);
	isolated("cross-thread-smc", test_smc_guest);
	isolated("host-write-other-thread", test_smc_host);
	isolated("unmap-running", test_unmap_running);
	isolated("churn", test_churn);
	isolated("mapshared", test_mapshared);
	return nfailed != 0;
}
