/*
 * nullcall.c - the cost of a null guest call: guest -> host -> guest.
 *
 *   nullcall [N]
 *
 * A hand-made guest runs `1: int $0x30; jmp 1b`; the host calls
 * vxproc_run() N times, each returning at the int $0x30 with eip past
 * it, and resumes immediately.  A second guest runs the same number of
 * iterations of `1: dec %ecx; jnz 1b` in one vxproc_run(), the cost of a
 * guest-side loop step, which is subtracted.  Prints
 *
 *   nullcall: N round trips: RAW ns each, guest loop LOOP ns, net NET ns
 *
 * timed with CLOCK_MONOTONIC; the best of five batches (the least
 * disturbed by other work on the machine).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vx32.h"

#define CODE_ADDR	0x10000u
#define STACK_ADDR	0x20000u
#define BATCHES		5

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what, vxproc *p)
{
	fprintf(stderr, "nullcall: %s%s%s\n", what, p ? ": " : "",
		p ? vxproc_error(p) : "");
	exit(1);
}

/* A guest with code at CODE_ADDR and a stack page, eip at the code. */
static vxproc *make_guest(const unsigned char *code, uint32_t len)
{
	vxproc *p = vxproc_alloc();

	if (p == NULL)
		die("vxproc_alloc failed", NULL);
	/* Two guests live at once: small address spaces, so that both fit
	   below 4 GiB on the seg backend. */
	if (vxproc_setlimit(p, VXLIMIT_SPACE, 16 << 20) < 0 ||
	    vxmem_map(p, CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_write(p, code, CODE_ADDR, len) != (int)len ||
	    vxmem_setperm(p, CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_EXEC) < 0 ||
	    vxmem_map(p, STACK_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0)
		die("cannot set up guest memory", p);
	p->cpu->eip = CODE_ADDR;
	p->cpu->reg[ESP] = STACK_ADDR + 0x1000;
	return p;
}

/* Seconds for n round trips through int $0x30. */
static double round_trips(vxproc *p, long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		int t = vxproc_run(p);

		if (t != VXTRAP_SOFT + 0x30 || p->cpu->eip != CODE_ADDR + 2) {
			fprintf(stderr, "nullcall: trap %#x at eip %#x, want "
				"%#x at %#x\n", t, p->cpu->eip,
				VXTRAP_SOFT + 0x30, CODE_ADDR + 2);
			exit(1);
		}
	}
	return now() - t0;
}

/* Seconds for n guest-side loop iterations. */
static double guest_loop(vxproc *p, long n)
{
	double t0, t1;
	int t;

	p->cpu->eip = CODE_ADDR;
	p->cpu->reg[ECX] = n;
	t0 = now();
	t = vxproc_run(p);
	t1 = now();
	if (t != VXTRAP_SOFT + 0x30 || p->cpu->reg[ECX] != 0)
		die("the loop guest did not finish its loop", p);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	static const unsigned char call_code[] = {
		0xcd, 0x30,		/* 1: int $0x30 */
		0xeb, 0xfc,		/*    jmp 1b */
	};
	static const unsigned char loop_code[] = {
		0x49,			/* 1: dec %ecx */
		0x75, 0xfd,		/*    jnz 1b */
		0xcd, 0x30,		/*    int $0x30 */
	};
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	double best_call = 1e30, best_loop = 1e30;
	vxproc *call, *loop;
	int b;

	if (n < 1) {
		fprintf(stderr, "usage: nullcall [N]\n");
		return 2;
	}
	if (vx32_init() < 0)
		die("vx32_init failed", NULL);
	call = make_guest(call_code, sizeof call_code);
	loop = make_guest(loop_code, sizeof loop_code);
	round_trips(call, 1000);	/* translate, warm the caches */
	guest_loop(loop, 1000);
	for (b = 0; b < BATCHES; b++) {
		double c = round_trips(call, n) / n, l = guest_loop(loop, n) / n;

		if (c < best_call)
			best_call = c;
		if (l < best_loop)
			best_loop = l;
	}
	printf("nullcall: %ld round trips: %.1f ns each, guest loop %.2f ns, "
	       "net %.1f ns\n", n, best_call * 1e9, best_loop * 1e9,
	       (best_call - best_loop) * 1e9);
	vxproc_free(call);
	vxproc_free(loop);
	return 0;
}
