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

	pid_t parent = getpid();
	pid = fork();
	if (pid == 0) {
		/* until the parent is done (or gone, having crashed) */
		/* Each form held for a few pauses: flipped back to back,
		   89 00 lasted one store and the parent's calls read it
		   too rarely to be sure to see both forms (none in 1 run
		   of about 20); held, the flips still come every microsecond
		   or so, often enough to fall between two reads of one
		   translation (the old translator crashed in a few calls). */
		for (unsigned n = 1; !code[128]; n++) {
			code[1] = 0x00;
			for (int k = 0; k < 16; k++)
				__asm__ volatile("pause");
			code[1] = 0xc0;
			for (int k = 0; k < 16; k++)
				__asm__ volatile("pause");
			if (n % (1u << 20) == 0 && getppid() != parent)
				_exit(0);
		}
		_exit(0);
	}
	CHECK(pid > 0, "fork");
	if (pid < 0)
		return 1;

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
