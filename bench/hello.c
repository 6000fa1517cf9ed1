/* hello.c - the smallest useful guest: start-up and exit cost. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
