/* getline.c - read a whole line (or up to any delimiter) into a buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include "stdio_impl.h"

/* Make *line hold at least need bytes, growing geometrically. */
static int reserve(char **line, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 120;
	char *p;

	if (need <= *cap && *line)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2) {
			errno = EOVERFLOW;
			return -1;
		}
		n *= 2;
	}
	if (!(p = realloc(*line, n)))
		return -1;
	*line = p;
	*cap = n;
	return 0;
}

ssize_t getdelim(char **__restrict line, size_t *__restrict cap, int delim,
		 FILE *__restrict f)
{
	size_t len = 0, n;
	unsigned char *end;

	if (!line || !cap) {
		errno = EINVAL;
		return -1;
	}
	if (!*line)
		*cap = 0;
	for (;;) {
		if (f->rpos == f->rend && !__vxc_refill(f))
			break;
		n = f->rend - f->rpos;
		end = memchr(f->rpos, delim, n);
		if (end)
			n = end - f->rpos + 1;
		if (len + n + 1 > SSIZE_MAX) {
			errno = EOVERFLOW;
			f->flags |= F_ERR;
			return -1;
		}
		if (reserve(line, cap, len + n + 1) < 0) {
			f->flags |= F_ERR;
			return -1;
		}
		memcpy(*line + len, f->rpos, n);
		f->rpos += n;
		len += n;
		if (end)
			break;
	}
	if (!len || ferror(f)) {
		/* glibc still leaves a string there */
		if (reserve(line, cap, 1) == 0)
			(*line)[0] = '\0';
		return -1;
	}
	(*line)[len] = '\0';
	return len;
}

ssize_t getline(char **__restrict line, size_t *__restrict cap,
		FILE *__restrict f)
{
	return getdelim(line, cap, '\n', f);
}
