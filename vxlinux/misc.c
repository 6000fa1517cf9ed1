/*
 * misc.c - the rest: uname, resource limits, randomness, scheduling,
 * thread-area (TLS) descriptors and sysinfo.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })

long sys_uname(uint32_t *a)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -errno;
	/* What a 32-bit process sees on an x86-64 kernel with PER_LINUX32;
	   struct new_utsname is the same on both. */
	strcpy(u.machine, "i686");
	return copy_out(a[0], &u, sizeof u);
}

/* i386 getrlimit says 0x7fffffff for infinity (the old ABI), ugetrlimit
   0xffffffff. */
/* The guest's RLIMIT_NOFILE is vxlinux's (fds.c), the others the host's. */
static int guest_getrlimit(int res, struct rlimit *rl)
{
	if (getrlimit(res, rl) < 0)
		return -1;
	if (res == RLIMIT_NOFILE) {
		uint64_t cur, max;
		fd_getlimit(&cur, &max);
		rl->rlim_cur = cur;
		rl->rlim_max = max;
	}
	return 0;
}

static long guest_setrlimit(int res, const struct rlimit *rl)
{
	if (res == RLIMIT_NOFILE)
		return fd_setlimit(rl->rlim_cur, rl->rlim_max);
	return RET(setrlimit(res, rl));
}

static long do_getrlimit(uint32_t res, uint32_t addr, uint32_t inf)
{
	struct rlimit rl;
	uint32_t g[2];

	if (guest_getrlimit((int)res, &rl) < 0)
		return -errno;
	g[0] = rl.rlim_cur > inf ? inf : (uint32_t)rl.rlim_cur;
	g[1] = rl.rlim_max > inf ? inf : (uint32_t)rl.rlim_max;
	return copy_out(addr, g, sizeof g);
}

long sys_getrlimit(uint32_t *a)
{
	return do_getrlimit(a[0], a[1], 0x7fffffffu);
}

long sys_ugetrlimit(uint32_t *a)
{
	return do_getrlimit(a[0], a[1], 0xffffffffu);
}

long sys_setrlimit(uint32_t *a)
{
	struct rlimit rl;
	uint32_t g[2];

	if (copy_in(g, a[1], sizeof g) < 0)
		return -EFAULT;
	rl.rlim_cur = g[0] == 0xffffffffu ? RLIM_INFINITY : g[0];
	rl.rlim_max = g[1] == 0xffffffffu ? RLIM_INFINITY : g[1];
	return guest_setrlimit((int)a[0], &rl);
}

long sys_prlimit64(uint32_t *a)
{
	struct rlimit nl, ol;
	uint64_t g[2];
	long r;

	if (a[0] && (pid_t)a[0] != getpid())
		return unsupported("prlimit64 of another process", -EPERM);
	if (a[2]) {
		if (copy_in(g, a[2], sizeof g) < 0)
			return -EFAULT;
		nl.rlim_cur = g[0];
		nl.rlim_max = g[1];
	}
	if (a[3] && !guest_ptr(a[3], sizeof g, VXPERM_WRITE))
		return -EFAULT;
	if (guest_getrlimit((int)a[1], &ol) < 0)
		return -errno;
	if (a[2] && (r = guest_setrlimit((int)a[1], &nl)) < 0)
		return r;
	if (a[3]) {
		g[0] = ol.rlim_cur;
		g[1] = ol.rlim_max;
		return copy_out(a[3], g, sizeof g);
	}
	return 0;
}

long sys_getrandom(uint32_t *a)
{
	uint32_t n = a[1] > 0x2000000 ? 0x2000000 : a[1];
	void *buf = guest_ptr(a[0], n, VXPERM_WRITE);

	if (!buf)
		return -EFAULT;
	return RET(getrandom(buf, n, a[2]));
}

long sys_sched_yield(uint32_t *a)
{
	sched_yield();
	return 0;
}

/* The thread a sched_set* call changes: this one (0), a negative id
   (EINVAL, the kernel's), or under a policy one of the sandbox's. */
static long sched_target(uint32_t tid)
{
	return (int32_t)tid <= 0 ? 0 : sandbox_member_thread((pid_t)tid);
}

long sys_sched_setaffinity(uint32_t *a)
{
	cpu_set_t set;
	long r = sched_target(a[0]);

	if (r < 0)
		return r;

	/* The i386 mask is an array of 32-bit words: on a little-endian
	   host, the same bits as the host's array of longs. */
	CPU_ZERO(&set);
	if (copy_in(&set, a[2], a[1] < sizeof set ? a[1] : sizeof set) < 0)
		return -EFAULT;
	return RET(sched_setaffinity((pid_t)a[0], sizeof set, &set));
}

/* struct sched_param is one int on both. */
long sys_sched_getparam(uint32_t *a)
{
	struct sched_param sp;

	if (!guest_ptr(a[1], 4, VXPERM_WRITE))
		return -EFAULT;
	if (sched_getparam((pid_t)a[0], &sp) < 0)
		return -errno;
	return put_u32(a[1], (uint32_t)sp.sched_priority);
}

long sys_sched_setparam(uint32_t *a)
{
	uint32_t v;
	long r = sched_target(a[0]);

	if (r < 0)
		return r;
	if (get_u32(a[1], &v) < 0)
		return -EFAULT;
	return RET(sched_setparam((pid_t)a[0],
				  &(struct sched_param){ (int)v }));
}

long sys_sched_getscheduler(uint32_t *a)
{
	return RET(sched_getscheduler((pid_t)a[0]));
}

long sys_sched_setscheduler(uint32_t *a)
{
	uint32_t v;
	long r = sched_target(a[0]);

	if (r < 0)
		return r;
	if (get_u32(a[2], &v) < 0)
		return -EFAULT;
	return RET(sched_setscheduler((pid_t)a[0], (int)a[1],
				      &(struct sched_param){ (int)v }));
}

long sys_sched_get_priority_max(uint32_t *a)
{
	return RET(sched_get_priority_max((int)a[0]));
}

long sys_sched_get_priority_min(uint32_t *a)
{
	return RET(sched_get_priority_min((int)a[0]));
}

long sys_getcpu(uint32_t *a)
{
	unsigned cpu, node;

	if (syscall(SYS_getcpu, &cpu, &node, NULL) < 0)
		return -errno;
	if ((a[0] && put_u32(a[0], cpu) < 0) ||
	    (a[1] && put_u32(a[1], node) < 0))
		return -EFAULT;
	return 0;
}

long sys_sched_getaffinity(uint32_t *a)
{
	cpu_set_t set;
	uint32_t len = a[1];
	long r;

	/* The kernel wants a multiple of the (i386) long size. */
	if (len & 3)
		return -EINVAL;
	if ((r = syscall(SYS_sched_getaffinity, (pid_t)a[0], sizeof set,
			 &set)) < 0)
		return -errno;
	if (len < (uint32_t)r) {
		/* Enough for the CPUs that exist is all it takes. */
		uint32_t need = (CPU_COUNT(&set) ? (uint32_t)
				 (sysconf(_SC_NPROCESSORS_CONF) + 31) / 32 * 4
				 : 4);
		if (len < need)
			return -EINVAL;
		r = len;
	}
	if (copy_out(a[2], &set, r) < 0)
		return -EFAULT;
	return r;
}

/*
 * struct user_desc: entry_number, base_addr, limit, then flag bits
 * (seg_32bit, contents:2, read_exec_only, limit_in_pages,
 * seg_not_present, useable).  libvx32 implements GDT entries 6..8 as
 * flat-limit segments with a base; any descriptor a libc sets for TLS
 * (32-bit, writable data, present) is accepted, an empty one frees the
 * entry.
 */
#define GDT_TLS_MIN	6
#define UD_SEG32	0x01
#define UD_CONTENTS	0x06
#define UD_RDONLY	0x08
#define UD_NOTPRESENT	0x20

/* The descriptor at addr for proc's TLS entries; with writeback, an
   entry number of -1 picks a free one and stores it (set_thread_area;
   clone's CLONE_SETTLS takes the number as given). */
static long settls(vxproc *proc, uint32_t addr, int writeback)
{
	uint32_t ud[4];
	int entry;

	if (copy_in(ud, addr, sizeof ud) < 0)
		return -EFAULT;
	if (ud[0] == 0xffffffffu && writeback) {
		for (entry = 0; entry < VXTLS_ENTRIES; entry++) {
			uint32_t base;
			if (vxproc_gettls(proc, entry, &base) == 0)
				continue;	/* in use */
			break;
		}
		if (entry == VXTLS_ENTRIES)
			return -ESRCH;
		ud[0] = GDT_TLS_MIN + entry;
		if (put_u32(addr, ud[0]) < 0)
			return -EFAULT;
	}
	if (ud[0] < GDT_TLS_MIN || ud[0] >= GDT_TLS_MIN + VXTLS_ENTRIES)
		return -EINVAL;
	entry = ud[0] - GDT_TLS_MIN;
	/* base 0, limit 0, "not present" and read-only: an empty entry. */
	if ((ud[3] & UD_NOTPRESENT) && (ud[3] & UD_RDONLY) && !ud[1] &&
	    !ud[2])
		return RET(vxproc_settls(proc, entry, 0, 0));
	if (!(ud[3] & UD_SEG32) || (ud[3] & UD_NOTPRESENT) ||
	    (ud[3] & UD_CONTENTS) > 2)
		return unsupported("set_thread_area descriptor other than a "
				   "present 32-bit data segment", -EINVAL);
	return RET(vxproc_settls(proc, entry, ud[1], 1));
}

long sys_set_thread_area(uint32_t *a)
{
	return settls(guest, a[0], 1);
}

long thread_settls(vxproc *proc, uint32_t addr)
{
	return settls(proc, addr, 0);
}

long sys_get_thread_area(uint32_t *a)
{
	uint32_t ud[4], base;
	int entry;

	if (copy_in(ud, a[0], 4) < 0)
		return -EFAULT;
	if (ud[0] < GDT_TLS_MIN || ud[0] >= GDT_TLS_MIN + VXTLS_ENTRIES)
		return -EINVAL;
	entry = ud[0] - GDT_TLS_MIN;
	memset(ud + 1, 0, 12);
	if (vxproc_gettls(guest, entry, &base) == 0) {
		ud[1] = base;
		ud[2] = 0xfffff;
		/* seg_32bit, limit_in_pages, useable */
		ud[3] = UD_SEG32 | 0x10 | 0x40;
	} else {
		ud[3] = UD_RDONLY | UD_NOTPRESENT;
	}
	return copy_out(a[0], ud, sizeof ud);
}

/* i386 struct sysinfo: longs are 32 bits; mem_unit scales the sizes. */
long sys_sysinfo(uint32_t *a)
{
	struct sysinfo si;
	uint32_t g[16];
	uint64_t unit = 1;

	if (sysinfo(&si) < 0)
		return -errno;
	uint64_t big = si.totalram + si.totalswap;
	while (big * si.mem_unit / unit > 0xffffffffu)
		unit <<= 1;
	memset(g, 0, sizeof g);
	g[0] = si.uptime;
	g[1] = si.loads[0];
	g[2] = si.loads[1];
	g[3] = si.loads[2];
	g[4] = si.totalram * si.mem_unit / unit;
	g[5] = si.freeram * si.mem_unit / unit;
	g[6] = si.sharedram * si.mem_unit / unit;
	g[7] = si.bufferram * si.mem_unit / unit;
	g[8] = si.totalswap * si.mem_unit / unit;
	g[9] = si.freeswap * si.mem_unit / unit;
	g[10] = si.procs;	/* u16 procs, u16 pad */
	g[11] = 0;		/* totalhigh */
	g[12] = 0;		/* freehigh */
	g[13] = unit;		/* mem_unit */
	return copy_out(a[0], g, 64);
}
