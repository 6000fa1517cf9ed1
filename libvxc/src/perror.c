/* perror.c - print the message for errno to stderr. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, msg);
	else
		fprintf(stderr, "%s\n", msg);
}
