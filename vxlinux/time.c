/*
 * time.c - clocks and sleeps, with the 32-bit time_t calls (which say
 * EOVERFLOW for times past 2038, as Linux's compat layer does) and the
 * time64 ones.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include "vxlinux.h"

static long put_ts32(uint32_t addr, const struct timespec *ts)
{
	int32_t g[2] = { (int32_t)ts->tv_sec, (int32_t)ts->tv_nsec };

	if (ts->tv_sec != g[0])
		return -EOVERFLOW;
	return copy_out(addr, g, sizeof g);
}

static long put_ts64(uint32_t addr, const struct timespec *ts)
{
	int64_t g[2] = { ts->tv_sec, ts->tv_nsec };

	return copy_out(addr, g, sizeof g);
}

static long get_ts32(uint32_t addr, struct timespec *ts)
{
	int32_t g[2];

	if (copy_in(g, addr, sizeof g) < 0)
		return -EFAULT;
	ts->tv_sec = g[0];
	ts->tv_nsec = g[1];
	return 0;
}

static long get_ts64(uint32_t addr, struct timespec *ts)
{
	int64_t g[2];

	if (copy_in(g, addr, sizeof g) < 0)
		return -EFAULT;
	ts->tv_sec = g[0];
	ts->tv_nsec = (long)(int32_t)g[1];	/* compat ignores the top */
	return 0;
}

long sys_clock_gettime(uint32_t *a)
{
	struct timespec ts;

	if (!guest_ptr(a[1], 8, VXPERM_WRITE))
		return -EFAULT;
	if (clock_gettime((clockid_t)a[0], &ts) < 0)
		return -errno;
	return put_ts32(a[1], &ts);
}

long sys_clock_gettime64(uint32_t *a)
{
	struct timespec ts;

	if (!guest_ptr(a[1], 16, VXPERM_WRITE))
		return -EFAULT;
	if (clock_gettime((clockid_t)a[0], &ts) < 0)
		return -errno;
	return put_ts64(a[1], &ts);
}

long sys_clock_getres(uint32_t *a)
{
	struct timespec ts;

	if (clock_getres((clockid_t)a[0], &ts) < 0)
		return -errno;
	return a[1] ? put_ts32(a[1], &ts) : 0;
}

long sys_clock_getres_time64(uint32_t *a)
{
	struct timespec ts;

	if (clock_getres((clockid_t)a[0], &ts) < 0)
		return -errno;
	return a[1] ? put_ts64(a[1], &ts) : 0;
}

long sys_gettimeofday(uint32_t *a)
{
	struct timeval tv;

	if (gettimeofday(&tv, NULL) < 0)
		return -errno;
	if (a[0]) {
		int32_t g[2] = { (int32_t)tv.tv_sec, (int32_t)tv.tv_usec };
		if (tv.tv_sec != g[0])
			return -EOVERFLOW;
		if (copy_out(a[0], g, sizeof g) < 0)
			return -EFAULT;
	}
	if (a[1]) {
		int32_t tz[2] = { 0, 0 };	/* the kernel's sys_tz */
		if (copy_out(a[1], tz, sizeof tz) < 0)
			return -EFAULT;
	}
	return 0;
}

long sys_time(uint32_t *a)
{
	time_t t = time(NULL);
	int32_t g = (int32_t)t;

	if (t != g)
		return -EOVERFLOW;
	if (a[0] && copy_out(a[0], &g, 4) < 0)
		return -EFAULT;
	return g;
}

/* Sleeps: the remaining time goes back when a signal interrupts. */
static long do_sleep(clockid_t clk, int flags, const struct timespec *req,
		     uint32_t rem, long (*put)(uint32_t, const struct timespec *))
{
	struct timespec left;
	int r;

	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0)
		return -EINVAL;
	r = clock_nanosleep(clk, flags, req, &left);
	if (r == EINTR && rem && !(flags & TIMER_ABSTIME))
		put(rem, &left);
	return -r;
}

long sys_nanosleep(uint32_t *a)
{
	struct timespec ts;

	if (get_ts32(a[0], &ts) < 0)
		return -EFAULT;
	return do_sleep(CLOCK_MONOTONIC, 0, &ts, a[1], put_ts32);
}

long sys_clock_nanosleep(uint32_t *a)
{
	struct timespec ts;

	if (get_ts32(a[2], &ts) < 0)
		return -EFAULT;
	return do_sleep((clockid_t)a[0], (int)a[1], &ts, a[3], put_ts32);
}

long sys_clock_nanosleep_time64(uint32_t *a)
{
	struct timespec ts;

	if (get_ts64(a[2], &ts) < 0)
		return -EFAULT;
	return do_sleep((clockid_t)a[0], (int)a[1], &ts, a[3], put_ts64);
}
