/*
 * loop: never ends, for CPU time limits and interrupts.  "tight" spins on
 * a single self-jump (one fragment chained to itself); the default loop
 * does work across several blocks and calls.
 */
#include <string.h>

static volatile unsigned counter;

static void __attribute__((noinline)) work(void)
{
	counter += 3;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "tight") == 0)
		__asm__ volatile("1: jmp 1b");
	for (;;) {
		work();
		if (counter % 7 == 0)
			counter++;
	}
}
