/*
 * crashflush: output still in stdout's buffer when the guest dies
 * (abort, or a bad pointer) must not be lost: vxrun writes it out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("line one\npartial");
	if (argc > 1 && !strcmp(argv[1], "abort"))
		abort();
	*(volatile int *)0 = 1;
	return 0;
}
