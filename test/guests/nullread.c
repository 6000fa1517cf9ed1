/* nullread: peek() reads guest address 0x10 (page 0 is never mapped). */
int __attribute__((noinline)) peek(volatile int *p)
{
	return p[4];
}

int main(void)
{
	return peek((volatile int *)0);
}
