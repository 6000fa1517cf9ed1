/*
 * segv.c - dies of a fault it does not handle: vxlinux must report it in
 * one line and end with status 128+SIGSEGV.
 */
int main(void)
{
	*(volatile int *)0x10 = 1;
	return 0;
}
