/*
 * system.c - what needs a shell or a file system, which the sandbox has
 * not: system(NULL) says there is no command processor (0), a command
 * fails with ENOSYS, and temporary files fail with EACCES.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>

int system(const char *command)
{
	if (!command)
		return 0;
	errno = ENOSYS;
	return -1;
}

int mkstemp(char *template)
{
	size_t n = strlen(template);

	if (n < 6 || strcmp(template + n - 6, "XXXXXX")) {
		errno = EINVAL;
		return -1;
	}
	errno = EACCES;
	return -1;
}

char *mktemp(char *template)
{
	size_t n = strlen(template);

	if (n < 6 || strcmp(template + n - 6, "XXXXXX")) {
		errno = EINVAL;
		template[0] = '\0';
		return template;
	}
	memcpy(template + n - 6, "vxc000", 6);
	return template;
}

char *realpath(const char *__restrict name, char *__restrict resolved)
{
	errno = EACCES;
	return NULL;
}

char *secure_getenv(const char *name)
{
	return getenv(name);
}

void *reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, nmemb * size);
}
