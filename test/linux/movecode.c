/*
 * movecode.c - code moved by mremap over code another thread runs.  A
 * worker thread calls a function in an executable page over and over; the
 * main thread writes other code into a second page and moves that page,
 * with mremap(MREMAP_FIXED), onto the first (one step: the worker never
 * finds the address empty), then raises a flag.  Once the worker has seen
 * the flag, its calls must run the new code (returns 2), never a
 * translation of the old (returns 1).  Linux does it so on any x86 (run
 * natively too where i386 programs run); under vxlinux the move must drop
 * the worker's translations of the page it replaces and make the worker
 * leave the code it is running.  First, mremap(MREMAP_FIXED)'s rules on
 * their own (refusals, growing onto a mapping, shrinking while moving),
 * and the other side: a thread spinning in a page another thread moves
 * away must fault there.
 *
 * usage: movecode [ROUNDS]     exit status: the number of failed checks
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

typedef int fn(void);

static uint8_t *volatile code;		/* the page the worker calls */
static volatile int flag, stop, seen_new, stale_after_flag;
static volatile long calls;

/* mov $v, %eax; ret */
static void put_code(uint8_t *p, int v)
{
	p[0] = 0xb8;
	p[1] = (uint8_t)v;
	p[2] = p[3] = p[4] = 0;
	p[5] = 0xc3;
}

static void *worker(void *arg)
{
	(void)arg;
	while (!stop) {
		int f = flag;
		int r = ((fn *)(uintptr_t)code)();
		calls++;
		if (f && r != 2)
			stale_after_flag++;
		if (f && r == 2)
			seen_new = 1;
	}
	return NULL;
}

/* mremap(MREMAP_FIXED) alone: its rules, as Linux has them. */
static void fixed_rules(void)
{
	uint8_t *a = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *b = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED || b == MAP_FAILED) {
		CHECK(0, "mmap");
		return;
	}
	for (int i = 0; i < 4; i++)
		a[i * 4096] = 'a' + i, b[i * 4096] = 'x';
	CHECK(mremap(a, 4096, 4096, MREMAP_FIXED, b) == MAP_FAILED &&
	      errno == EINVAL, "MREMAP_FIXED without MREMAP_MAYMOVE: EINVAL");
	CHECK(mremap(a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, b + 1) ==
	      MAP_FAILED && errno == EINVAL, "an unaligned target: EINVAL");
	CHECK(mremap(a, 2 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED,
		     a + 4096) == MAP_FAILED && errno == EINVAL,
	      "overlapping ranges: EINVAL");
	/* Hostile ranges, refused: a target ending past the top of memory
	   or wrapping there, a length of nearly 4 GiB, a source not
	   mapped.  (A source running past its mapping is left out: Linux
	   6.17 and later move several mappings at once there.) */
	CHECK(mremap(a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED,
		     (void *)0xfffff000) == MAP_FAILED && errno == EINVAL &&
	      mremap(a, 4096, 0x20000, MREMAP_MAYMOVE | MREMAP_FIXED,
		     (void *)0xffff0000) == MAP_FAILED && errno == EINVAL &&
	      mremap(a, 4096, 0xfffff000, MREMAP_MAYMOVE | MREMAP_FIXED,
		     (void *)0x10000000) == MAP_FAILED && errno == EINVAL,
	      "targets at and past the top of memory: EINVAL");
	/* (Linux unmaps the target before it looks at the source, so the
	   target here is a throwaway mapping; vxlinux checks first.) */
	uint8_t *t = mmap(NULL, 8 * 4096, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *hole = mmap(NULL, 4096, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 4096);
	CHECK(mremap(hole, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, t) ==
	      MAP_FAILED && errno == EFAULT && a[0] == 'a',
	      "an unmapped source: EFAULT");
	munmap(t, 8 * 4096);
	/* Grow onto b: b's pages are replaced, the tail is fresh zeros. */
	uint8_t *m = mremap(a, 2 * 4096, 3 * 4096,
			    MREMAP_MAYMOVE | MREMAP_FIXED, b);
	CHECK(m == b && b[0] == 'a' && b[4096] == 'b' && b[2 * 4096] == 0 &&
	      b[3 * 4096] == 'x', "growing onto a mapping: %c %c %d %c",
	      b[0], b[4096], b[2 * 4096], b[3 * 4096]);
	CHECK(msync(a, 4096, MS_ASYNC) < 0 && errno == ENOMEM &&
	      a[2 * 4096] == 'c', "the old pages are unmapped, the rest kept");
	/* Shrink while moving back: the tail goes. */
	m = mremap(b, 3 * 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, a);
	CHECK(m == a && a[0] == 'a' && msync(b, 4096, MS_ASYNC) < 0 &&
	      msync(b + 4096, 4096, MS_ASYNC) < 0 && b[3 * 4096] == 'x',
	      "shrinking while moving");
	munmap(a, 4 * 4096);
	munmap(b, 4 * 4096);
}

/* The source side: a thread spinning inside a page that another thread
   moves away faults at its next fetch there, at an address in the page
   (its translations must not outlive the move). */
static sigjmp_buf spin_jmp;
static volatile uintptr_t fault_addr;
static volatile int spinning;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	fault_addr = (uintptr_t)si->si_addr;
	siglongjmp(spin_jmp, 1);
}

static void *spinner(void *arg)
{
	static volatile int never;
	uint8_t *p = arg;

	if (sigsetjmp(spin_jmp, 1))
		return NULL;
	spinning = 1;
	/* p: 1: mov (%ecx),%eax; test %eax,%eax; je 1b; ret */
	__asm__ volatile("call *%1" : : "c"(&never), "r"(p) : "eax", "memory",
			 "cc");
	return NULL;
}

static void moved_away(void)
{
	static const uint8_t loop[] = { 0x8b, 0x01, 0x85, 0xc0, 0x74, 0xfa,
					0xc3 };
	struct sigaction sa = { .sa_sigaction = on_segv,
				.sa_flags = SA_SIGINFO };
	pthread_t th;

	sigaction(SIGSEGV, &sa, NULL);
	uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		CHECK(0, "mmap");
		return;
	}
	memcpy(p, loop, sizeof loop);
	fault_addr = 0;
	if (pthread_create(&th, NULL, spinner, p) != 0) {
		CHECK(0, "pthread_create");
		return;
	}
	while (!spinning)
		sched_yield();
	usleep(20000);				/* in the loop by now */
	uint8_t *m = mremap(p, 4096, 2 * 4096, MREMAP_MAYMOVE);
	for (int i = 0; i < 200 && !fault_addr; i++)
		usleep(10000);
	if (!fault_addr) {
		/* Still spinning in code that is no longer there. */
		CHECK(0, "a thread spinning in a page moved away faults "
		      "there (it spins on after 2 s)");
		printf("%d failures\n", failures);
		_exit(failures);
	}
	pthread_join(th, NULL);
	CHECK(m != MAP_FAILED && m != p && fault_addr >= (uintptr_t)p &&
	      fault_addr < (uintptr_t)p + sizeof loop,
	      "a thread spinning in a page moved away faults there "
	      "(at %#lx, the page was at %p)", (unsigned long)fault_addr, p);
	signal(SIGSEGV, SIG_DFL);
	if (m != MAP_FAILED)
		munmap(m, 2 * 4096);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	pthread_t th;

	setvbuf(stdout, NULL, _IONBF, 0);
	fixed_rules();
	moved_away();

	for (int round = 0; round < rounds; round++) {
		uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE |
				  PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint8_t *n = mmap(NULL, 4096, PROT_READ | PROT_WRITE |
				  PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || n == MAP_FAILED) {
			CHECK(0, "round %d: mmap", round);
			break;
		}
		put_code(p, 1);
		put_code(n, 2);
		code = p;
		flag = stop = 0;
		calls = 0;
		if (pthread_create(&th, NULL, worker, NULL) != 0) {
			CHECK(0, "pthread_create");
			break;
		}
		while (calls < 100)			/* translated, running */
			sched_yield();
		uint8_t *m = mremap(n, 4096, 4096,
				    MREMAP_MAYMOVE | MREMAP_FIXED, p);
		if (m != p) {
			CHECK(0, "round %d: mremap", round);
			stop = 1;
			pthread_join(th, NULL);
			break;
		}
		flag = 1;
		long c0 = calls;
		while (calls < c0 + 100)
			sched_yield();
		stop = 1;
		pthread_join(th, NULL);
		munmap(p, 4096);
	}
	CHECK(stale_after_flag == 0, "%d rounds: no call after the move ran "
	      "the old code at the old address (%d did)", rounds,
	      stale_after_flag);
	CHECK(seen_new, "the new code ran");
	printf("%d failures\n", failures);
	return failures;
}
