/*
 * fopen.c - opening streams.  The sandbox has no file system: every name
 * is refused with EACCES.  fdopen() and freopen(NULL, ...) give back the
 * standard streams on descriptors 0, 1 and 2.
 */
#include <errno.h>
#include <stdio.h>
#include "stdio_impl.h"

FILE *fopen(const char *__restrict name, const char *__restrict mode)
{
	errno = EACCES;
	return NULL;
}

FILE *fdopen(int fd, const char *mode)
{
	FILE *std[3] = { stdin, stdout, stderr };

	if (fd < 0 || fd > 2 || (std[fd]->flags & F_CLOSED)) {
		errno = EBADF;
		return NULL;
	}
	return std[fd];
}

/* freopen(NULL, mode, f) changes f's mode: here, nothing to change. */
FILE *freopen(const char *__restrict name, const char *__restrict mode,
	      FILE *__restrict f)
{
	if (!name && !__vxc_closed(f))
		return f;
	fclose(f);
	errno = EACCES;
	return NULL;
}

FILE *tmpfile(void)
{
	errno = EACCES;
	return NULL;
}

FILE *popen(const char *cmd, const char *mode)
{
	errno = ENOSYS;	/* no processes to run */
	return NULL;
}

int pclose(FILE *f)
{
	errno = ECHILD;
	return -1;
}

int remove(const char *name)
{
	errno = EACCES;
	return -1;
}

int rename(const char *from, const char *to)
{
	errno = EACCES;
	return -1;
}

/* A name is harmless to hand out; nothing can be created under it. */
char *tmpnam(char *buf)
{
	static char name[L_tmpnam];
	static unsigned n;
	char *p = buf ? buf : name;

	snprintf(p, L_tmpnam, "/tmp/vxc%06u", n++ % 1000000);
	return p;
}
