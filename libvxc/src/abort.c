/*
 * abort.c - abnormal termination.
 *
 * As C and POSIX say: SIGABRT is raised, so a handler runs; if it
 * returns (or SIGABRT was ignored or blocked), the guest still ends as
 * if killed by SIGABRT.  Under vxrun that is the host's kill call, which
 * reports "guest aborted" and exits 134.  stdio buffers are not flushed
 * here (as glibc); vxrun itself writes out stdout's pending buffer.
 */
#include <signal.h>
#include <stdlib.h>
#include "sys.h"

void abort(void)
{
	sigset_t abrt = 1UL << SIGABRT;

	raise(SIGABRT);
	sigprocmask(SIG_UNBLOCK, &abrt, NULL);
	__vxc_sys_kill(SIGABRT);
	for (;;)		/* a host that ignored the call */
		__asm__ volatile("ud2");
}
