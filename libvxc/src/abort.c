/*
 * abort.c - abnormal termination.  There are no signals in the sandbox;
 * an invalid opcode makes the host report a trap (and qemu a SIGILL),
 * which is the closest thing to "killed by SIGABRT".  Buffered output is
 * deliberately not flushed, as with a real abort.
 */
#include <stdlib.h>

void abort(void)
{
	for (;;)
		__asm__ volatile("ud2");
}
