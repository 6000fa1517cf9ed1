/* abort: abort() must stop the guest with a trap, not a normal exit. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("before abort\n");
	fflush(stdout);
	abort();
}
