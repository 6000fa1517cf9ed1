/* getenv.c - look a name up in the environment crt0 was given. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *getenv(const char *name)
{
	size_t len = strlen(name);
	char **e;

	if (!environ || !len || strchr(name, '='))
		return NULL;
	for (e = environ; *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}
