/* exit.c - exit, _Exit and atexit. */
#include <stdlib.h>
#include "sys.h"

/* C requires room for at least 32; a fixed table needs no allocator. */
#define ATEXIT_MAX	64

static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

int atexit(void (*fn)(void))
{
	if (nhandlers == ATEXIT_MAX)
		return -1;
	handlers[nhandlers++] = fn;
	return 0;
}

void exit(int status)
{
	/*
	 * Last registered runs first.  Pop before calling so that a handler
	 * that calls exit() itself does not run again.
	 */
	while (nhandlers > 0)
		handlers[--nhandlers]();
	__vxc_stdio_flush();
	__vxc_sys_exit(status);
}

void _Exit(int status)
{
	__vxc_sys_exit(status);
}

static void (*quick_handlers[ATEXIT_MAX])(void);
static int nquick;

int at_quick_exit(void (*fn)(void))
{
	if (nquick == ATEXIT_MAX)
		return -1;
	quick_handlers[nquick++] = fn;
	return 0;
}

/* C11: the at_quick_exit handlers, then _Exit (no stdio flush). */
void quick_exit(int status)
{
	while (nquick > 0)
		quick_handlers[--nquick]();
	__vxc_sys_exit(status);
}
