/* nullwrite: poke() writes guest address 0x24 (page 0 is never mapped). */
void __attribute__((noinline)) poke(volatile int *p)
{
	p[9] = 1;
}

int main(void)
{
	poke((volatile int *)0);
	return 0;
}
