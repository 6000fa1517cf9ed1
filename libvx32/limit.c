/*
 * limit.c - the CPU-time limit (VXLIMIT_CPUTIME).
 *
 * A guest stuck in a loop never returns to the runtime on its own, so the
 * limit is enforced from outside: one library-wide watchdog thread, started
 * the first time a limited guest runs, reads the CPU clock of each thread
 * that is inside vxproc_run() with a limit, and calls vxproc_interrupt()
 * (an mprotect of the poll page, safe from any thread) when the guest's
 * budget is spent.  vxproc_run() then returns VXTRAP_LIMIT + VXLIMIT_CPUTIME
 * at an instruction boundary.  No signal is used, so the host keeps all of
 * its signals and timers for itself.
 *
 * The budget counts the CPU time of the running thread inside
 * vxproc_run() and, when consecutive runs are on the same thread, between
 * them: that is the host servicing the guest's requests, and a guest that
 * spins on cheap requests must not escape its limit.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include "priv.h"

/* How often the watchdog looks at a running guest at most. */
#define WATCH_PERIOD_NS	10000000ull

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond = PTHREAD_COND_INITIALIZER;
static struct vxpriv *watch_list;	/* guests running with a limit */
static int watch_started;
static int atfork_set;

uint64_t vx_clock_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* CPU time vp has used so far; call with watch_lock held or from the
   running thread. */
static uint64_t cpu_used(struct vxpriv *vp)
{
	return vp->cpu_used + (vx_clock_ns(vp->run_clock) - vp->run_start);
}

static void *watchdog(void *arg)
{
	pthread_mutex_lock(&watch_lock);
	for (;;) {
		uint64_t wait = WATCH_PERIOD_NS;
		struct vxpriv *vp;
		struct timespec until;

		while (!watch_list)
			pthread_cond_wait(&watch_cond, &watch_lock);
		for (vp = watch_list; vp; vp = vp->watch_next) {
			uint64_t used = cpu_used(vp);
			if (used >= vp->cpu_limit) {
				if (!vp->limit_hit) {
					vp->limit_hit = 1;
					vxproc_interrupt(vp->proc);
				}
			} else if (vp->cpu_limit - used < wait) {
				wait = vp->cpu_limit - used;
			}
		}
		/* CPU time passes no faster than wall time, so sleeping the
		   smallest remaining budget never overshoots by more than
		   the scheduler's latency. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += wait;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&watch_cond, &watch_lock, &until);
	}
	return NULL;
}

/* After fork() only the forking thread exists in the child. */
static void watch_atfork_child(void)
{
	pthread_mutex_init(&watch_lock, NULL);
	pthread_cond_init(&watch_cond, NULL);
	watch_list = NULL;
	watch_started = 0;
}

/*
 * Called by vxproc_run() on entry.  Returns 0, or VXTRAP_LIMIT +
 * VXLIMIT_CPUTIME if the budget is already spent, or -1 if the watchdog
 * cannot be started.
 */
int vx_limit_enter(struct vxpriv *vp)
{
	pthread_t th;

	if (!vp->cpu_limit)
		return 0;
	clockid_t clk;
	if (pthread_getcpuclockid(pthread_self(), &clk) != 0)
		return -1;
	if (vp->left_valid && clk == vp->run_clock)
		vp->cpu_used += vx_clock_ns(clk) - vp->left_at;
	vp->left_valid = 0;
	vp->run_clock = clk;
	if (vp->cpu_used >= vp->cpu_limit)
		return VXTRAP_LIMIT + VXLIMIT_CPUTIME;
	pthread_mutex_lock(&watch_lock);
	if (!atfork_set) {
		pthread_atfork(NULL, NULL, watch_atfork_child);
		atfork_set = 1;
	}
	if (!watch_started) {
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		if (pthread_create(&th, &attr, watchdog, NULL) != 0) {
			pthread_attr_destroy(&attr);
			pthread_mutex_unlock(&watch_lock);
			return -1;
		}
		pthread_attr_destroy(&attr);
		watch_started = 1;
	}
	vp->run_start = vx_clock_ns(vp->run_clock);
	vp->watch_next = watch_list;
	watch_list = vp;
	pthread_cond_signal(&watch_cond);
	pthread_mutex_unlock(&watch_lock);
	return 0;
}

/* Called by vxproc_run() before it returns. */
void vx_limit_leave(struct vxpriv *vp)
{
	struct vxpriv **pp;

	if (!vp->cpu_limit)
		return;
	pthread_mutex_lock(&watch_lock);
	for (pp = &watch_list; *pp; pp = &(*pp)->watch_next) {
		if (*pp == vp) {
			*pp = vp->watch_next;
			vp->cpu_used = cpu_used(vp);
			vp->left_at = vx_clock_ns(vp->run_clock);
			vp->left_valid = 1;
			break;
		}
	}
	pthread_mutex_unlock(&watch_lock);
}

/* A VXTRAP_IRQ that the watchdog caused becomes the limit trap. */
int vx_limit_trap(struct vxpriv *vp, int trap)
{
	if (trap == VXTRAP_IRQ && vp->limit_hit) {
		vp->limit_hit = 0;
		return VXTRAP_LIMIT + VXLIMIT_CPUTIME;
	}
	return trap;
}

int vx_limit_set_cputime(struct vxpriv *vp, uint64_t ns)
{
	/* Only between runs: the watchdog reads the limit of running
	   guests under watch_lock. */
	pthread_mutex_lock(&watch_lock);
	vp->cpu_limit = ns;
	vp->cpu_used = 0;
	vp->left_valid = 0;
	vp->limit_hit = 0;
	pthread_mutex_unlock(&watch_lock);
	return 0;
}
