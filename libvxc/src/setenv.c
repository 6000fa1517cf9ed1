/*
 * setenv.c - changing the environment.  The array crt0 was given is
 * never written to: the first change copies it into one of our own,
 * and strings made by setenv are ours to free when replaced.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static char **owned_env;	/* environ, once it is ours */
static char **owned_strs;	/* the strings setenv allocated */
static size_t nowned;

static size_t env_count(void)
{
	size_t n = 0;

	while (environ && environ[n])
		n++;
	return n;
}

/* Make environ an array of ours with room for one more entry. */
static int own_env(size_t extra)
{
	size_t n = env_count();
	char **e = realloc(environ == owned_env ? owned_env : NULL,
			   (n + extra + 1) * sizeof *e);

	if (!e)
		return -1;
	if (environ != owned_env && n)
		memcpy(e, environ, n * sizeof *e);
	e[n] = NULL;
	environ = owned_env = e;
	return 0;
}

static int bad_name(const char *name)
{
	if (!name || !*name || strchr(name, '=')) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

/* Index of name in environ, or -1. */
static long find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; environ && environ[i]; i++)
		if (!strncmp(environ[i], name, len) && environ[i][len] == '=')
			return (long)i;
	return -1;
}

/* Forget (and free) a string setenv made, if s is one. */
static void drop(char *s)
{
	size_t i;

	for (i = 0; i < nowned; i++) {
		if (owned_strs[i] == s) {
			free(s);
			owned_strs[i] = owned_strs[--nowned];
			return;
		}
	}
}

/* Put entry (NAME=VALUE) in place of name's, or at the end. */
static int put_entry(char *entry, size_t len)
{
	long i = find(entry, len);
	size_t n;

	if (own_env(1) < 0)
		return -1;
	if (i >= 0) {
		drop(environ[i]);
		environ[i] = entry;
		return 0;
	}
	n = env_count();
	environ[n] = entry;
	environ[n + 1] = NULL;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t len, vlen;
	char *entry, **strs;

	if (bad_name(name))
		return -1;
	len = strlen(name);
	if (find(name, len) >= 0 && !overwrite)
		return 0;
	vlen = strlen(value);
	strs = realloc(owned_strs, (nowned + 1) * sizeof *strs);
	if (!strs)
		return -1;
	owned_strs = strs;
	entry = malloc(len + vlen + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, len);
	entry[len] = '=';
	memcpy(entry + len + 1, value, vlen + 1);
	if (put_entry(entry, len) < 0) {
		free(entry);
		return -1;
	}
	owned_strs[nowned++] = entry;
	return 0;
}

int putenv(char *string)
{
	char *eq = strchr(string, '=');

	if (!eq)
		return unsetenv(string);
	if (eq == string) {
		errno = EINVAL;
		return -1;
	}
	return put_entry(string, (size_t)(eq - string));
}

int unsetenv(const char *name)
{
	size_t len;
	long i;

	if (bad_name(name))
		return -1;
	len = strlen(name);
	while ((i = find(name, len)) >= 0) {
		if (own_env(0) < 0)
			return -1;
		drop(environ[i]);
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	}
	return 0;
}

int clearenv(void)
{
	while (nowned)
		free(owned_strs[--nowned]);
	free(owned_env);
	owned_env = NULL;
	environ = NULL;
	return 0;
}
