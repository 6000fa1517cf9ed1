/*
 * epoll.c - epoll, by the host's own: struct epoll_event is 12 bytes on
 * i386 and, packed, on x86-64 too (a 32-bit event mask, then the 64-bit
 * data the guest chose), so the host fills the guest's array in place.
 * The descriptors are the guest's (syscall.c refuses vxlinux's own as
 * arguments); an epoll instance only ever reports on descriptors the
 * guest added.  The waits are never restarted after a handler, as on
 * Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include "vxlinux.h"

_Static_assert(sizeof(struct epoll_event) == 12,
	       "struct epoll_event must have the i386 layout");

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })
#define MAX_EVENTS	(INT32_MAX / 12)	/* Linux's EP_MAX_EVENTS */

long sys_epoll_create(uint32_t *a)
{
	if ((int32_t)a[0] <= 0)
		return -EINVAL;
	return fd_new(RET(epoll_create1(0)));
}

long sys_epoll_create1(uint32_t *a)
{
	if (a[0] & ~(uint32_t)EPOLL_CLOEXEC)
		return -EINVAL;
	return fd_new(RET(epoll_create1((int)a[0])));
}

/* epoll_ctl(epfd, op, fd, event) */
long sys_epoll_ctl(uint32_t *a)
{
	struct epoll_event ev, *evp = NULL;

	if ((int)a[1] != EPOLL_CTL_DEL) {
		if (copy_in(&ev, a[3], sizeof ev) < 0)
			return -EFAULT;
		evp = &ev;
	}
	return RET(epoll_ctl((int)a[0], (int)a[1], (int)a[2], evp));
}

/* The guest's array of maxevents events, or NULL with *err set. */
static struct epoll_event *events(uint32_t addr, uint32_t maxevents,
				  long *err)
{
	struct epoll_event *ev;

	if ((int32_t)maxevents <= 0 || maxevents > MAX_EVENTS) {
		*err = -EINVAL;
		return NULL;
	}
	ev = guest_ptr(addr, maxevents * 12u, VXPERM_WRITE);
	if (!ev)
		*err = -EFAULT;
	return ev;
}

/* epoll_wait(epfd, events, maxevents, timeout) */
long sys_epoll_wait(uint32_t *a)
{
	struct epoll_event *ev;
	long r;

	if (!(ev = events(a[1], a[2], &r)))
		return r;
	return RET(epoll_wait((int)a[0], ev, (int)a[2], (int)a[3]));
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
long sys_epoll_pwait(uint32_t *a)
{
	struct epoll_event *ev;
	sigset_t mask, *maskp = NULL;
	long r;

	if (!(ev = events(a[1], a[2], &r)))
		return r;
	if (a[4]) {
		if ((r = signal_temp_mask(a[4], a[5], &mask)) < 0)
			return r;
		maskp = &mask;
	}
	r = RET(epoll_pwait((int)a[0], ev, (int)a[2], (int)a[3], maskp));
	if (maskp)
		signal_end_temp_mask(r);
	return r;
}
