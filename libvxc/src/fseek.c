/*
 * fseek.c - positioning.  The standard streams are pipes as far as the
 * guest knows (the host offers no seek), so every seek fails with ESPIPE,
 * as on a Linux pipe.
 */
#include <errno.h>
#include "stdio_impl.h"

int fseeko(FILE *f, off_t off, int whence)
{
	if (__vxc_closed(f))
		return -1;
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
		errno = EINVAL;
		return -1;
	}
	errno = ESPIPE;
	return -1;
}

int fseek(FILE *f, long off, int whence)
{
	return fseeko(f, off, whence);
}

off_t ftello(FILE *f)
{
	if (!__vxc_closed(f))
		errno = ESPIPE;
	return -1;
}

long ftell(FILE *f)
{
	return (long)ftello(f);
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->flags &= ~(F_EOF | F_ERR);
}

int fgetpos(FILE *__restrict f, fpos_t *__restrict pos)
{
	off_t off = ftello(f);

	if (off < 0)
		return -1;
	*pos = off;
	return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
	return fseeko(f, *pos, SEEK_SET);
}
