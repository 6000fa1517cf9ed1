/*
 * futex.c - futexes, by the host's own: the guest's memory is host
 * memory, shared by all the guest's threads (one host process), so a
 * futex word's host address is a key that works between the guest's
 * threads exactly as on Linux, private or not, PI included (a PI futex
 * holds thread ids, and a guest thread's id is its host thread's).
 * vxlinux only checks and translates the addresses and converts the
 * i386 timeouts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "vxlinux.h"

#define CMD(op)	((op) & FUTEX_CMD_MASK)

/* The ops whose fourth argument is a timeout, and those that write the
   futex word (a page holding translated code is made writable for
   them first: vxmem_hostptr with VXPERM_WRITE). */
static int takes_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
	       cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

static int writes_word(int cmd)
{
	return cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	       cmd == FUTEX_UNLOCK_PI || cmd == FUTEX_TRYLOCK_PI;
}

static int has_uaddr2(int cmd)
{
	return cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE ||
	       cmd == FUTEX_WAKE_OP || cmd == FUTEX_WAIT_REQUEUE_PI ||
	       cmd == FUTEX_CMP_REQUEUE_PI;
}

/* Host address of the futex word at uaddr, or NULL with -err. */
static uint32_t *word(uint32_t uaddr, int write, long *err)
{
	uint32_t *p;

	if (uaddr & 3) {
		*err = -EINVAL;
		return NULL;
	}
	p = guest_ptr(uaddr, 4, write ? VXPERM_READ | VXPERM_WRITE
				      : VXPERM_READ);
	if (!p)
		*err = -EFAULT;
	return p;
}

uint32_t *futex_word(uint32_t uaddr)
{
	long err;

	return word(uaddr, 1, &err);
}

static long do_futex(uint32_t *a, int time64)
{
	int op = (int)a[1], cmd = CMD(op);
	struct timespec ts, *tsp = NULL;
	uint32_t *w, *w2 = NULL;
	long err = 0, r;
	unsigned long arg4 = a[3];

	switch (cmd) {
	case FUTEX_WAIT: case FUTEX_WAKE: case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE: case FUTEX_WAKE_OP: case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2: case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
	case FUTEX_WAIT_BITSET: case FUTEX_WAKE_BITSET:
	case FUTEX_WAIT_REQUEUE_PI: case FUTEX_CMP_REQUEUE_PI:
		break;
	default:
		return unsupported("futex operation", -ENOSYS);
	}
	if (!(w = word(a[0], writes_word(cmd), &err)))
		return err;
	if (has_uaddr2(cmd) &&
	    !(w2 = word(a[4], cmd == FUTEX_WAKE_OP ||
			      cmd == FUTEX_CMP_REQUEUE_PI, &err)))
		return err;
	if (takes_timeout(cmd)) {
		arg4 = 0;
		if (a[3]) {
			if (time64) {
				int64_t g[2];
				if (copy_in(g, a[3], sizeof g) < 0)
					return -EFAULT;
				ts.tv_sec = g[0];
				ts.tv_nsec = (int32_t)g[1];
			} else {
				int32_t g[2];
				if (copy_in(g, a[3], sizeof g) < 0)
					return -EFAULT;
				ts.tv_sec = g[0];
				ts.tv_nsec = g[1];
			}
			tsp = &ts;
			arg4 = (unsigned long)tsp;
		}
	}
	r = syscall(SYS_futex, w, op, a[2], arg4, w2, a[5]);
	return r < 0 ? -errno : r;
}

long sys_futex(uint32_t *a)
{
	return do_futex(a, 0);
}

long sys_futex_time64(uint32_t *a)
{
	return do_futex(a, 1);
}
