/*
 * setjmp: setjmp/longjmp across frames, from deep recursion, with every
 * value argument (0 becomes 1), and nested buffers.  Volatile locals must
 * survive; the stack pointer must be restored so that further calls work.
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static volatile int depth_reached;

static void dive(int depth, int limit, int val)
{
	volatile char pad[100];

	pad[0] = (char)depth;
	if (depth == limit) {
		depth_reached = pad[0] == (char)depth ? depth : -1;
		longjmp(outer, val);
	}
	if (depth < limit)
		dive(depth + 1, limit, val);
	pad[1] = 0;	/* not reached */
}

static int nested(void)
{
	volatile int steps = 0;

	if (setjmp(inner) == 0) {
		steps += 1;
		longjmp(inner, 7);
	}
	steps += 10;
	return steps;
}

int main(void)
{
	volatile int count = 0, total = 0;
	int r, vals[] = { 1, 0, 2, -1, 1000 };

	for (count = 0; count < 5; count++) {
		r = setjmp(outer);
		if (r == 0) {
			dive(0, 100 * (count + 1), vals[count]);
			printf("longjmp returned normally\n");
			return 1;
		}
		total += r;
		printf("round %d: setjmp returned %d after depth %d\n",
		       (int)count, r, (int)depth_reached);
	}
	printf("nested: %d\n", nested());
	printf("total %d\n", (int)total);
	/* 1 + 1 (0 becomes 1) + 2 - 1 + 1000 */
	return total == 1003 && nested() == 11 ? 0 : 2;
}
