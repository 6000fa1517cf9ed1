/*
 * stackoverflow: unbounded recursion must end in a guest page fault just
 * below the stack, never in the host.
 */
static volatile int forever = 1;

int __attribute__((noinline)) recurse(int n)
{
	volatile char frame[1000];

	frame[0] = (char)n;
	if (!forever)
		return 0;
	return recurse(n + 1) + frame[0];
}

int main(void)
{
	return recurse(0);
}
