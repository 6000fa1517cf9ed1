/*
 * brk.c - brk and sbrk.  The host's brk (like Linux's) returns the new
 * break on success and the old, unchanged one on failure, so success is
 * "got what we asked for".
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "sys.h"

static unsigned long cur;	/* 0 until the first call asks the host */

int brk(void *addr)
{
	unsigned long r = __vxc_sys_brk((unsigned long)addr);

	cur = r;
	if (r != (unsigned long)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(intptr_t increment)
{
	unsigned long old, want;

	if (!cur)
		cur = __vxc_sys_brk(0);
	old = cur;
	if (!increment)
		return (void *)old;
	want = old + increment;
	/* Refuse to wrap around the address space in either direction. */
	if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (brk((void *)want) < 0)
		return (void *)-1;
	return (void *)old;
}
