/*
 * ttybuf: stdout line-buffered on a terminal, fully buffered on a pipe.
 * "a" then "b" on stderr then "c": a terminal shows a b c, a pipe
 * (stdout written at exit) b a c.
 */
#include <stdio.h>

int main(void)
{
	printf("a\n");
	fprintf(stderr, "b\n");
	printf("c\n");
	return 0;
}
