/*
 * clock.c - time(), clock() and friends: the clocks the host grants.
 *
 * vxrun answers the clock call only when started with --clock; otherwise
 * it fails with EPERM and these functions report "no clock" the way C
 * allows: (time_t)-1, (clock_t)-1, or -1 with errno set.
 */
#include <time.h>
#include <errno.h>
#include <sys/time.h>
#include "sys.h"

/* The ABI's clock numbers: 0 real, 1 monotonic, 2 CPU time. */
static int host_clock(int id, struct timespec *ts)
{
	struct __vxc_time t;
	long r = __vxc_sys_clock(id, &t);

	if (r < 0) {
		errno = -r;
		return -1;
	}
	ts->tv_sec = t.sec;
	ts->tv_nsec = t.nsec;
	return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	switch (id) {
	case CLOCK_REALTIME:
		return host_clock(0, ts);
	case CLOCK_MONOTONIC:
		return host_clock(1, ts);
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:	/* one thread: the same */
		return host_clock(2, ts);
	}
	errno = EINVAL;
	return -1;
}

time_t time(time_t *t)
{
	struct timespec ts;
	time_t r = clock_gettime(CLOCK_REALTIME, &ts) ? (time_t)-1
						      : ts.tv_sec;

	if (t)
		*t = r;
	return r;
}

clock_t clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts))
		return (clock_t)-1;
	/* As glibc: a 32-bit clock_t wraps after about 36 minutes. */
	return (clock_t)(ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / 1000);
}

int timespec_get(struct timespec *ts, int base)
{
	if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts))
		return 0;
	return base;
}

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts))
		return -1;
	if (tv) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz) {
		struct timezone *z = tz;

		z->tz_minuteswest = 0;
		z->tz_dsttime = 0;
	}
	return 0;
}
