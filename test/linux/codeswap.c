/*
 * codeswap.c - tries to get guest bytes past the translator unchecked.
 * A forked child keeps rewriting one instruction in shared memory between
 * `mov %eax,%eax` (89 c0: registers only) and `mov %eax,(%eax)` (89 00: a
 * store through eax).  The child's stores reach the parent's pages with
 * no fault in the parent's vxlinux, so nothing there can see them come.
 * The parent makes its translation stale (a store of its own to the
 * page) and calls the instruction, again and again: each call must run
 * as one or the other.  A translator that read the bytes twice, decoding
 * one form and copying out the other, would run a store it never made
 * safe: at host address eax, outside the guest's memory.
 *
 * usage: codeswap [CALLS]     exit status: the number of failed checks
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 20000;
	long stores = 0, moves = 0, other = 0;
	static volatile uint32_t cell;
	volatile uint8_t *code;
	pid_t pid;

	code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(code != MAP_FAILED, "shared executable page");
	if (code == MAP_FAILED)
		return 1;
	code[0] = 0x89;
	code[1] = 0xc0;
	code[2] = 0xc3;				/* ret */

	/* Parent and child on CPUs of their own where there are two: on
	   one, the child's stores land only while the parent is
	   descheduled, never during a translation.  (Best effort: an
	   error leaves the scheduler to it.) */
	cpu_set_t cpus;
	int ncpu = 0;
	if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
		ncpu = CPU_COUNT(&cpus);
	int cpu_a = -1, cpu_b = -1;
	for (int c = 0; c < CPU_SETSIZE && ncpu >= 2; c++)
		if (CPU_ISSET(c, &cpus)) {
			if (cpu_a < 0)
				cpu_a = c;
			else if (cpu_b < 0)
				cpu_b = c;
		}

	pid_t parent = getpid();
	pid = fork();
	if (pid == 0) {
		if (cpu_b >= 0) {
			CPU_ZERO(&cpus);
			CPU_SET(cpu_b, &cpus);
			sched_setaffinity(0, sizeof cpus, &cpus);
		}
		/* until the parent is done (or gone, having crashed) */
		/* Each form held for 0 to 31 pauses, in turn: held long,
		   both forms are sure to be read (flipped back to back, 89
		   00 lasted one store and the parent's calls saw it in
		   about 19 runs of 20); flipped fast, a flip often falls
		   between two reads of one translation, which a translator
		   reading the bytes twice turns into a store at a host
		   address (the mutant insn-read-twice: with 16 pauses
		   always, it survived every run). */
		for (unsigned n = 1; !code[128]; n++) {
			int hold = n % 8;
			code[1] = 0x00;
			for (int k = 0; k < hold; k++)
				__asm__ volatile("pause");
			code[1] = 0xc0;
			for (int k = 0; k < hold; k++)
				__asm__ volatile("pause");
			if (n % (1u << 20) == 0 && getppid() != parent)
				_exit(0);
		}
		_exit(0);
	}
	CHECK(pid > 0, "fork");
	if (pid < 0)
		return 1;
	if (cpu_a >= 0) {
		CPU_ZERO(&cpus);
		CPU_SET(cpu_a, &cpus);
		sched_setaffinity(0, sizeof cpus, &cpus);
	}

	for (long i = 0; i < calls; i++) {
		code[64] = (uint8_t)i;		/* the translation is stale */
		cell = 0;
		uint32_t a = (uint32_t)(uintptr_t)&cell;
		__asm__ volatile("call *%1" : "+a"(a) : "r"(code)
				 : "memory", "cc");
		if (cell == (uint32_t)(uintptr_t)&cell)
			stores++;
		else if (cell == 0)
			moves++;
		else
			other++;
	}
	code[128] = 1;
	waitpid(pid, NULL, 0);

	CHECK(other == 0, "%ld calls: %ld stores, %ld register moves, "
	      "%ld else", calls, stores, moves, other);
	/* Both forms ran: the child did write while the parent translated,
	   so the calls above did test the race. */
	CHECK(stores > 0 && moves > 0, "both forms were translated");
	printf("%d failures\n", failures);
	return failures;
}
