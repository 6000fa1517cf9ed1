/* errno.c - the error variable and the raw-result convention. */
#include <errno.h>
#include "sys.h"

int errno;

/* Host calls report failure as -errno in -4095..-1. */
long __vxc_syscall_ret(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = -r;
		return -1;
	}
	return r;
}
