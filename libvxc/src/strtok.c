/* strtok.c - split a string into tokens, in place. */
#include <string.h>

char *strtok_r(char *__restrict s, const char *__restrict delim,
	       char **__restrict save)
{
	char *tok;

	if (!s)
		s = *save;
	s += strspn(s, delim);
	if (!*s) {
		*save = s;
		return NULL;
	}
	tok = s;
	s += strcspn(s, delim);
	if (*s)
		*s++ = '\0';
	*save = s;
	return tok;
}

char *strtok(char *__restrict s, const char *__restrict delim)
{
	static char *save;

	return strtok_r(s, delim, &save);
}
