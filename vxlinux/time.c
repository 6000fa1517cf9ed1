/*
 * time.c - clocks, sleeps and POSIX timers, with the 32-bit time_t calls (which say
 * EOVERFLOW for times past 2038, as Linux's compat layer does) and the
 * time64 ones.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/timerfd.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
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

/*
 * POSIX timers.  The i386 struct sigevent: sigev_value (4), sigev_signo,
 * sigev_notify, then a union whose first word is the thread id of
 * SIGEV_THREAD_ID (SIGEV_THREAD's function and attribute pointers are
 * libc's business: the kernel only signals).  The host's timer ids are
 * small integers, the same on both.
 */
static int timers;		/* made and not deleted: exec.c asks */

long sys_timer_create(uint32_t *a)
{
	uint32_t g[4];
	struct sigevent sev, *sevp = NULL;
	int id = 0;		/* the kernel's timer_t is an int */

	if (a[1]) {
		if (copy_in(g, a[1], sizeof g) < 0)
			return -EFAULT;
		memset(&sev, 0, sizeof sev);
		sev.sigev_value.sival_int = (int)g[0];
		sev.sigev_signo = (int)g[1];
		sev.sigev_notify = (int)g[2];
		sev._sigev_un._tid = (int)g[3];
		sevp = &sev;
	}
	if (!guest_ptr(a[2], 4, VXPERM_WRITE))
		return -EFAULT;
	if (syscall(SYS_timer_create, (clockid_t)a[0], sevp, &id) < 0)
		return -errno;
	long r = put_u32(a[2], (uint32_t)(uintptr_t)id);
	if (r < 0)
		syscall(SYS_timer_delete, (timer_t)(uintptr_t)id);
	else
		__atomic_add_fetch(&timers, 1, __ATOMIC_RELAXED);
	return r;
}

static long put_its(uint32_t addr, const struct itimerspec *it, int time64)
{
	if (time64) {
		int64_t g[4] = { it->it_interval.tv_sec, it->it_interval.tv_nsec,
				 it->it_value.tv_sec, it->it_value.tv_nsec };
		return copy_out(addr, g, sizeof g);
	}
	int32_t g[4] = { (int32_t)it->it_interval.tv_sec,
			 (int32_t)it->it_interval.tv_nsec,
			 (int32_t)it->it_value.tv_sec,
			 (int32_t)it->it_value.tv_nsec };
	if (g[0] != it->it_interval.tv_sec || g[2] != it->it_value.tv_sec)
		return -EOVERFLOW;
	return copy_out(addr, g, sizeof g);
}

static long get_its(uint32_t addr, struct itimerspec *it, int time64)
{
	struct timespec *t[2] = { &it->it_interval, &it->it_value };
	long r;

	for (int i = 0; i < 2; i++) {
		r = time64 ? get_ts64(addr + 16 * i, t[i])
			   : get_ts32(addr + 8 * i, t[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The host's setters and getters of a POSIX timer (its id) and of a
   timerfd (its descriptor), behind one i386 conversion each. */
typedef int settime_fn(uint32_t id, int flags, const struct itimerspec *nv,
		       struct itimerspec *ov);
typedef int gettime_fn(uint32_t id, struct itimerspec *it);

static int posix_settime(uint32_t id, int flags, const struct itimerspec *nv,
			 struct itimerspec *ov)
{
	return syscall(SYS_timer_settime, (timer_t)(uintptr_t)id, flags, nv, ov);
}

static int posix_gettime(uint32_t id, struct itimerspec *it)
{
	return syscall(SYS_timer_gettime, (timer_t)(uintptr_t)id, it);
}

static int fd_settime(uint32_t id, int flags, const struct itimerspec *nv,
		      struct itimerspec *ov)
{
	return timerfd_settime((int)id, flags, nv, ov);
}

static int fd_gettime(uint32_t id, struct itimerspec *it)
{
	return timerfd_gettime((int)id, it);
}

/* settime(id, flags, new, old) */
static long do_settime(uint32_t *a, int time64, settime_fn *set)
{
	struct itimerspec nv, ov;
	long r;

	if ((r = get_its(a[2], &nv, time64)) < 0)
		return r;
	if (a[3] && !guest_ptr(a[3], time64 ? 32 : 16, VXPERM_WRITE))
		return -EFAULT;
	if (set(a[0], (int)a[1], &nv, a[3] ? &ov : NULL) < 0)
		return -errno;
	return a[3] ? put_its(a[3], &ov, time64) : 0;
}

/* gettime(id, cur) */
static long do_gettime(uint32_t *a, int time64, gettime_fn *get)
{
	struct itimerspec it;

	if (!guest_ptr(a[1], time64 ? 32 : 16, VXPERM_WRITE))
		return -EFAULT;
	if (get(a[0], &it) < 0)
		return -errno;
	return put_its(a[1], &it, time64);
}

long sys_timer_settime(uint32_t *a) { return do_settime(a, 0, posix_settime); }
long sys_timer_settime64(uint32_t *a) { return do_settime(a, 1, posix_settime); }
long sys_timer_gettime(uint32_t *a) { return do_gettime(a, 0, posix_gettime); }
long sys_timer_gettime64(uint32_t *a) { return do_gettime(a, 1, posix_gettime); }

long sys_timer_getoverrun(uint32_t *a)
{
	long r = syscall(SYS_timer_getoverrun, (timer_t)(uintptr_t)a[0]);

	return r < 0 ? -errno : r;
}

long sys_timer_delete(uint32_t *a)
{
	long r = syscall(SYS_timer_delete, (timer_t)(uintptr_t)a[0]);

	if (r < 0)
		return -errno;
	__atomic_sub_fetch(&timers, 1, __ATOMIC_RELAXED);
	return r;
}

int timers_alive(void)
{
	return __atomic_load_n(&timers, __ATOMIC_RELAXED) > 0;
}

/* A fork's child has none of its parent's POSIX timers (Linux). */
void timers_forked(void)
{
	timers = 0;
}

/* timerfd: a descriptor whose reads give the 8-byte count of
   expirations; the settings are i386 itimerspecs (32- or 64-bit). */
long sys_timerfd_create(uint32_t *a)
{
	long fd;

	if (a[1] & ~(uint32_t)(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	fd = timerfd_create((int)a[0], (int)a[1]);
	return fd_new(fd < 0 ? -errno : fd);
}

long sys_timerfd_settime(uint32_t *a) { return do_settime(a, 0, fd_settime); }
long sys_timerfd_settime64(uint32_t *a) { return do_settime(a, 1, fd_settime); }
long sys_timerfd_gettime(uint32_t *a) { return do_gettime(a, 0, fd_gettime); }
long sys_timerfd_gettime64(uint32_t *a) { return do_gettime(a, 1, fd_gettime); }
