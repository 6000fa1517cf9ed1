/*
 * ipc.c - System V IPC: message queues, semaphores, shared memory
 * segments (attached as host shared memory inside the guest's space:
 * vxmem_mapshared), through the old ipc(2) multiplexer and the separate
 * calls.
 *
 * The host's IPC objects are the host's, named by keys and ids that no
 * --root can confine (they are not files; Landlock does not cover them):
 * under --root every System V call is refused with ENOSYS, as on a
 * kernel built without System V IPC, and named under --trace.
 *
 * The i386 structures differ from the host's: ipc64_perm has 32-bit
 * trailing words, times are split into low and high words, counts are
 * 32-bit longs, and a message starts with a 32-bit mtype.  Only the
 * IPC_64 forms are served (every libc since 2.4 uses them); the old
 * layouts are refused with EINVAL, named under --trace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })
#define IPC_64_	0x100

/* Each call's first word: nothing of the host's IPC under --root. */
#define CONFINED()							\
	do {								\
		if (pol.root)						\
			return unsupported("System V IPC under --root "	\
					   "(the host's IPC objects are " \
					   "outside the root)", -ENOSYS); \
	} while (0)

/* i386 struct ipc64_perm: 36 bytes. */
struct gperm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid;
	uint16_t mode, pad1, seq, pad2;
	uint32_t unused1, unused2;
};

struct gsemid_ds {
	struct gperm perm;
	uint32_t otime, otime_high, ctime, ctime_high, nsems, unused3, unused4;
};

struct gmsqid_ds {
	struct gperm perm;
	uint32_t stime, stime_high, rtime, rtime_high, ctime, ctime_high;
	uint32_t cbytes, qnum, qbytes, lspid, lrpid, unused4, unused5;
};

struct gshmid_ds {
	struct gperm perm;
	uint32_t segsz, atime, atime_high, dtime, dtime_high, ctime,
		 ctime_high, cpid, lpid, nattch, unused4, unused5;
};

_Static_assert(sizeof(struct gperm) == 36, "i386 ipc64_perm");
_Static_assert(sizeof(struct gsemid_ds) == 64, "i386 semid64_ds");
_Static_assert(sizeof(struct gmsqid_ds) == 88, "i386 msqid64_ds");
_Static_assert(sizeof(struct gshmid_ds) == 84, "i386 shmid64_ds");

static void perm_out(struct gperm *g, const struct ipc_perm *h)
{
	memset(g, 0, sizeof *g);
	g->key = h->__key;
	g->uid = h->uid;
	g->gid = h->gid;
	g->cuid = h->cuid;
	g->cgid = h->cgid;
	g->mode = (uint16_t)h->mode;
	g->seq = (uint16_t)h->__seq;
}

/* IPC_SET reads only uid, gid and mode. */
static void perm_in(struct ipc_perm *h, const struct gperm *g)
{
	memset(h, 0, sizeof *h);
	h->uid = g->uid;
	h->gid = g->gid;
	h->mode = g->mode;
}

static uint32_t lo(time_t t) { return (uint32_t)(uint64_t)t; }
static uint32_t hi(time_t t) { return (uint32_t)((uint64_t)t >> 32); }

/* ipc(2)'s control commands say their layout with the IPC_64 bit; the
   separate calls (Linux 5.1) always use the 64 one and take the command
   as it is. */
static int ipc_version(uint32_t *cmd)
{
	if (!(*cmd & IPC_64_))
		return 0;
	*cmd &= ~IPC_64_;
	return 1;
}

/* Commands that take no structure. */
static int plain_cmd(int cmd)
{
	return cmd == IPC_RMID || cmd == GETVAL || cmd == GETPID ||
	       cmd == GETNCNT || cmd == GETZCNT || cmd == SETVAL;
}

static long old_layout(const char *call)
{
	return unsupported(call, -EINVAL);
}

/* ------------------------------------------------------------- semaphores */

long sys_semget(uint32_t *a)
{
	CONFINED();
	return RET(semget((key_t)a[0], (int)a[1], (int)a[2]));
}

static long do_semctl(int id, int num, int cmd, uint32_t arg, int v64)
{
	struct semid_ds ds;
	struct gsemid_ds g;
	union semun { int val; struct semid_ds *buf; unsigned short *array;
		      struct seminfo *info; } u;
	long r;

	if (!v64 && !plain_cmd(cmd) && cmd != GETALL && cmd != SETALL)
		return old_layout("semctl without IPC_64");
	switch (cmd) {
	case IPC_RMID: case GETVAL: case GETPID: case GETNCNT: case GETZCNT:
		return RET(semctl(id, num, cmd));
	case SETVAL:
		u.val = (int)arg;
		return RET(semctl(id, num, cmd, u));
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY:
		if (!guest_ptr(arg, sizeof g, VXPERM_WRITE))
			return -EFAULT;
		u.buf = &ds;
		if ((r = semctl(id, num, cmd, u)) < 0)
			return -errno;
		memset(&g, 0, sizeof g);
		perm_out(&g.perm, &ds.sem_perm);
		g.otime = lo(ds.sem_otime);
		g.otime_high = hi(ds.sem_otime);
		g.ctime = lo(ds.sem_ctime);
		g.ctime_high = hi(ds.sem_ctime);
		g.nsems = (uint32_t)ds.sem_nsems;
		copy_out(arg, &g, sizeof g);
		return r;
	case IPC_SET:
		if (copy_in(&g, arg, sizeof g) < 0)
			return -EFAULT;
		memset(&ds, 0, sizeof ds);
		perm_in(&ds.sem_perm, &g.perm);
		u.buf = &ds;
		return RET(semctl(id, num, cmd, u));
	case IPC_INFO: case SEM_INFO: {
		struct seminfo si;	/* ten ints on both */
		if (!guest_ptr(arg, sizeof si, VXPERM_WRITE))
			return -EFAULT;
		u.info = &si;
		if ((r = semctl(id, num, cmd, u)) < 0)
			return -errno;
		copy_out(arg, &si, sizeof si);
		return r;
	}
	case GETALL: case SETALL: {
		/* The set's size, to know the array's. */
		u.buf = &ds;
		if (semctl(id, 0, IPC_STAT, u) < 0)
			return -errno;
		uint32_t bytes = 2u * (uint32_t)ds.sem_nsems;
		void *p = guest_ptr(arg, bytes, cmd == GETALL ? VXPERM_WRITE
							       : VXPERM_READ);
		if (!p && bytes)
			return -EFAULT;
		u.array = p;
		return RET(semctl(id, num, cmd, u));
	}
	}
	return unsupported("semctl command", -EINVAL);
}

long sys_semctl(uint32_t *a)
{
	CONFINED();
	return do_semctl((int)a[0], (int)a[1], (int)a[2], a[3], 1);
}

/* struct sembuf (u16, s16, s16) is the same on both. */
static long do_semtimedop(int id, uint32_t sops, uint32_t nsops,
			  uint32_t timeout, int time64)
{
	struct timespec ts;
	void *p;

	if (nsops > 65536)	/* far over the kernel's semopm */
		return -E2BIG;
	if (!(p = guest_ptr(sops, 6 * nsops, VXPERM_READ)) && nsops)
		return -EFAULT;
	if (timeout) {
		if (time64) {
			int64_t t[2];
			if (copy_in(t, timeout, sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = (int32_t)t[1];
		} else {
			int32_t t[2];
			if (copy_in(t, timeout, sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		}
	}
	return RET(semtimedop(id, p, nsops, timeout ? &ts : NULL));
}

long sys_semtimedop_time64(uint32_t *a)
{
	CONFINED();
	return do_semtimedop((int)a[0], a[1], a[2], a[3], 1);
}

/* --------------------------------------------------------- message queues */

long sys_msgget(uint32_t *a)
{
	CONFINED();
	return RET(msgget((key_t)a[0], (int)a[1]));
}

#define MSG_MAX	(1u << 20)	/* far over msgmax's default of 8 KiB */

/* The i386 message is { u32 mtype; text }, the host's { long; text }. */
static long do_msgsnd(int id, uint32_t msgp, uint32_t size, int flags)
{
	uint32_t mtype;
	long r;

	if ((int32_t)size < 0)
		return -EINVAL;
	if (size > MSG_MAX)
		return -EINVAL;
	if (get_u32(msgp, &mtype) < 0)
		return -EFAULT;
	long *m = malloc(sizeof(long) + size);
	if (!m)
		return -ENOMEM;
	m[0] = (int32_t)mtype;
	/* (copy_in checks the text: a guest thread may unmap it meanwhile;
	   msgp + 4 wraps to page 0 only from the last word, never mapped) */
	r = copy_in(m + 1, msgp + 4, size) < 0 ? -EFAULT :
	    RET(msgsnd(id, m, size, flags));
	free(m);
	return r;
}

static long do_msgrcv(int id, uint32_t msgp, uint32_t size, int32_t type,
		      int flags)
{
	long r;

	if ((int32_t)size < 0)
		return -EINVAL;
	if (size > MSG_MAX)
		size = MSG_MAX;
	if ((uint64_t)msgp + 4 + size > 0x100000000ull ||
	    !guest_ptr(msgp, 4 + size, VXPERM_WRITE))
		return -EFAULT;
	long *m = malloc(sizeof(long) + size);
	if (!m)
		return -ENOMEM;
	if ((r = msgrcv(id, m, size, type, flags)) >= 0) {
		uint32_t t = (uint32_t)m[0];
		copy_out(msgp, &t, 4);
		copy_out(msgp + 4, m + 1, (uint32_t)r);
	} else {
		r = -errno;
	}
	free(m);
	return r;
}

long sys_msgsnd(uint32_t *a)
{
	CONFINED();
	return do_msgsnd((int)a[0], a[1], a[2], (int)a[3]);
}

long sys_msgrcv(uint32_t *a)
{
	CONFINED();
	return do_msgrcv((int)a[0], a[1], a[2], (int32_t)a[3], (int)a[4]);
}

static long do_msgctl(int id, int cmd, uint32_t buf, int v64)
{
	struct msqid_ds ds;
	struct gmsqid_ds g;
	long r;

	if (!v64 && cmd != IPC_RMID)
		return old_layout("msgctl without IPC_64");
	switch (cmd) {
	case IPC_RMID:
		return RET(msgctl(id, cmd, NULL));
	case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
		if (!guest_ptr(buf, sizeof g, VXPERM_WRITE))
			return -EFAULT;
		if ((r = msgctl(id, cmd, &ds)) < 0)
			return -errno;
		memset(&g, 0, sizeof g);
		perm_out(&g.perm, &ds.msg_perm);
		g.stime = lo(ds.msg_stime);
		g.stime_high = hi(ds.msg_stime);
		g.rtime = lo(ds.msg_rtime);
		g.rtime_high = hi(ds.msg_rtime);
		g.ctime = lo(ds.msg_ctime);
		g.ctime_high = hi(ds.msg_ctime);
		g.cbytes = (uint32_t)ds.__msg_cbytes;
		g.qnum = (uint32_t)ds.msg_qnum;
		g.qbytes = (uint32_t)ds.msg_qbytes;
		g.lspid = ds.msg_lspid;
		g.lrpid = ds.msg_lrpid;
		copy_out(buf, &g, sizeof g);
		return r;
	case IPC_SET:
		if (copy_in(&g, buf, sizeof g) < 0)
			return -EFAULT;
		memset(&ds, 0, sizeof ds);
		perm_in(&ds.msg_perm, &g.perm);
		ds.msg_qbytes = g.qbytes;
		return RET(msgctl(id, cmd, &ds));
	case IPC_INFO: case MSG_INFO: {
		struct msginfo mi;	/* seven ints and a short on both */
		if (!guest_ptr(buf, sizeof mi, VXPERM_WRITE))
			return -EFAULT;
		if ((r = msgctl(id, cmd, (struct msqid_ds *)&mi)) < 0)
			return -errno;
		copy_out(buf, &mi, sizeof mi);
		return r;
	}
	}
	return unsupported("msgctl command", -EINVAL);
}

long sys_msgctl(uint32_t *a)
{
	CONFINED();
	return do_msgctl((int)a[0], (int)a[1], a[2], 1);
}

/* ------------------------------------------------ shared memory segments */

long sys_shmget(uint32_t *a)
{
	CONFINED();
	return RET(shmget((key_t)a[0], a[1], (int)a[2]));
}

static long do_shmctl(int id, int cmd, uint32_t buf, int v64)
{
	struct shmid_ds ds;
	struct gshmid_ds g;
	long r;

	if (!v64 && cmd != IPC_RMID && cmd != SHM_LOCK && cmd != SHM_UNLOCK)
		return old_layout("shmctl without IPC_64");
	switch (cmd) {
	case IPC_RMID: case SHM_LOCK: case SHM_UNLOCK:
		return RET(shmctl(id, cmd, NULL));
	case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
		if (!guest_ptr(buf, sizeof g, VXPERM_WRITE))
			return -EFAULT;
		if ((r = shmctl(id, cmd, &ds)) < 0)
			return -errno;
		memset(&g, 0, sizeof g);
		perm_out(&g.perm, &ds.shm_perm);
		g.segsz = (uint32_t)ds.shm_segsz;
		g.atime = lo(ds.shm_atime);
		g.atime_high = hi(ds.shm_atime);
		g.dtime = lo(ds.shm_dtime);
		g.dtime_high = hi(ds.shm_dtime);
		g.ctime = lo(ds.shm_ctime);
		g.ctime_high = hi(ds.shm_ctime);
		g.cpid = ds.shm_cpid;
		g.lpid = ds.shm_lpid;
		g.nattch = (uint32_t)ds.shm_nattch;
		copy_out(buf, &g, sizeof g);
		return r;
	case IPC_SET:
		if (copy_in(&g, buf, sizeof g) < 0)
			return -EFAULT;
		memset(&ds, 0, sizeof ds);
		perm_in(&ds.shm_perm, &g.perm);
		return RET(shmctl(id, cmd, &ds));
	case IPC_INFO: {
		struct shminfo si;
		uint32_t v[9] = { 0 };
		if (!guest_ptr(buf, sizeof v, VXPERM_WRITE))
			return -EFAULT;
		if ((r = shmctl(id, cmd, (struct shmid_ds *)&si)) < 0)
			return -errno;
		v[0] = si.shmmax > 0xffffffffu ? 0xffffffffu : si.shmmax;
		v[1] = si.shmmin;
		v[2] = si.shmmni;
		v[3] = si.shmseg;
		v[4] = si.shmall > 0xffffffffu ? 0xffffffffu : si.shmall;
		copy_out(buf, v, sizeof v);
		return r;
	}
	case SHM_INFO: {
		struct shm_info si;
		uint32_t v[6];
		if (!guest_ptr(buf, sizeof v, VXPERM_WRITE))
			return -EFAULT;
		if ((r = shmctl(id, cmd, (struct shmid_ds *)&si)) < 0)
			return -errno;
		v[0] = si.used_ids;
		v[1] = si.shm_tot;
		v[2] = si.shm_rss;
		v[3] = si.shm_swp;
		v[4] = si.swap_attempts;
		v[5] = si.swap_successes;
		copy_out(buf, v, sizeof v);
		return r;
	}
	}
	return unsupported("shmctl command", -EINVAL);
}

long sys_shmctl(uint32_t *a)
{
	CONFINED();
	return do_shmctl((int)a[0], (int)a[1], a[2], 1);
}

/*
 * shmat: the host attaches the segment itself (shmat with SHM_REMAP) at
 * the host address of the guest's, through vxmem_mapshared; a forked
 * child keeps it attached, an execve detaches it (a host execve does).
 * A segment's size is fixed at shmget, so its pages never lie past its
 * end.  The attachments are remembered for shmdt, which takes the
 * address alone.
 */
#define SHM_RDONLY_	010000
#define SHM_RND_	020000
#define SHM_REMAP_	040000
#define SHM_EXEC_	0100000

struct attach {
	uint32_t addr, len;
};
static struct attach *attached;
static unsigned nattached, maxattached;
static pthread_mutex_t attach_mutex = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void guard_attach(void)
{
	fork_guard(&attach_mutex);	/* thread.c */
}

/* An execve in this process (exec.c): the old memory, and with it every
   attachment, is gone. */
void ipc_exec(void)
{
	nattached = 0;
}

struct shm_place {
	int id, flags;
};

static int place_shm(void *host, size_t n, int prot, void *arg)
{
	struct shm_place *pl = arg;
	void *at = shmat(pl->id, host, pl->flags | SHM_REMAP);

	if (at == (void *)-1)
		return -1;
	if (at != host) {		/* never, with SHM_REMAP: be sure */
		shmdt(at);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static long do_shmat(int id, uint32_t addr, int flg)
{
	struct shm_place pl = { id, (flg & SHM_RDONLY_) ? SHM_RDONLY : 0 };
	struct shmid_ds ds;
	int perm, maxperm;
	long r;

	if (flg & ~(SHM_RDONLY_ | SHM_RND_ | SHM_REMAP_ | SHM_EXEC_))
		return -EINVAL;
	if (addr & (PAGE - 1)) {
		if (!(flg & SHM_RND_))
			return -EINVAL;
		addr &= ~(PAGE - 1);	/* SHMLBA is a page on i386 */
	}
	if (!addr && (flg & SHM_REMAP_))
		return -EINVAL;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return -errno;
	if (ds.shm_segsz > GUEST_TOP)
		return -ENOMEM;
	perm = VXPERM_READ | (flg & SHM_RDONLY_ ? 0 : VXPERM_WRITE) |
	       (flg & SHM_EXEC_ ? VXPERM_EXEC : 0);
	maxperm = VXPERM_READ | VXPERM_EXEC |
		  (flg & SHM_RDONLY_ ? 0 : VXPERM_WRITE);
	pthread_mutex_lock(&attach_mutex);
	if (nattached == maxattached) {
		unsigned n = maxattached ? 2 * maxattached : 16;
		struct attach *t = realloc(attached, n * sizeof *t);
		if (!t) {
			pthread_mutex_unlock(&attach_mutex);
			return -ENOMEM;
		}
		attached = t;
		maxattached = n;
	}
	r = mm_map_shared(addr, (uint32_t)ds.shm_segsz, perm, maxperm,
			  flg & SHM_REMAP_, place_shm, &pl);
	if (r >= 0) {
		/* an attachment replaced at the same place ends there */
		for (unsigned i = 0; i < nattached; i++)
			if (attached[i].addr == (uint32_t)r)
				attached[i--] = attached[--nattached];
		attached[nattached++] = (struct attach){ (uint32_t)r,
			(uint32_t)ds.shm_segsz };
	}
	pthread_mutex_unlock(&attach_mutex);
	return r;
}

static long do_shmdt(uint32_t addr)
{
	long r = -EINVAL;

	pthread_mutex_lock(&attach_mutex);
	for (unsigned i = 0; i < nattached; i++)
		if (attached[i].addr == addr) {
			mm_unmap_shared(addr, attached[i].len);
			attached[i] = attached[--nattached];
			r = 0;
			break;
		}
	pthread_mutex_unlock(&attach_mutex);
	return r;
}

/* shmat(shmid, shmaddr, shmflg): the address. */
long sys_shmat(uint32_t *a)
{
	CONFINED();
	return do_shmat((int)a[0], a[1], (int)a[2]);
}

long sys_shmdt(uint32_t *a)
{
	CONFINED();
	return do_shmdt(a[0]);
}

/* ----------------------------------------------------------------- ipc(2) */

#define SEMOP		1
#define SEMGET		2
#define SEMCTL		3
#define SEMTIMEDOP	4
#define MSGSND		11
#define MSGRCV		12
#define MSGGET		13
#define MSGCTL		14
#define SHMAT		21
#define SHMDT		22
#define SHMGET		23
#define SHMCTL		24

long sys_ipc(uint32_t *a)
{
	uint32_t call = a[0] & 0xffff, version = a[0] >> 16;
	uint32_t first = a[1], second = a[2], third = a[3], ptr = a[4];
	uint32_t fifth = a[5], v[2], cmd;
	int v64;

	CONFINED();
	switch (call) {
	case SEMOP:
		return do_semtimedop((int)first, ptr, second, 0, 0);
	case SEMTIMEDOP:
		return do_semtimedop((int)first, ptr, second, fifth, 0);
	case SEMGET:
		return RET(semget((key_t)first, (int)second, (int)third));
	case SEMCTL:
		/* ptr points at the union semun's value. */
		if (!ptr)
			return -EINVAL;
		if (get_u32(ptr, &v[0]) < 0)
			return -EFAULT;
		cmd = third;
		v64 = ipc_version(&cmd);
		return do_semctl((int)first, (int)second, (int)cmd, v[0], v64);
	case MSGSND:
		return do_msgsnd((int)first, ptr, second, (int)third);
	case MSGRCV:
		if (version == 0) {
			/* struct ipc_kludge { msgp, msgtyp } */
			if (!ptr)
				return -EINVAL;
			if (copy_in(v, ptr, sizeof v) < 0)
				return -EFAULT;
			return do_msgrcv((int)first, v[0], second,
					 (int32_t)v[1], (int)third);
		}
		return do_msgrcv((int)first, ptr, second, (int32_t)fifth,
				 (int)third);
	case MSGGET:
		return RET(msgget((key_t)first, (int)second));
	case MSGCTL:
		cmd = second;
		v64 = ipc_version(&cmd);
		return do_msgctl((int)first, (int)cmd, ptr, v64);
	case SHMAT: {
		/* version 0: the address goes to *third; 1 was iBCS2's */
		long r;
		if (version == 1)
			return -EINVAL;
		if ((r = do_shmat((int)first, ptr, (int)second)) < 0)
			return r;
		return put_u32(third, (uint32_t)r) < 0 ? -EFAULT : 0;
	}
	case SHMDT:
		return do_shmdt(ptr);
	case SHMGET:
		return RET(shmget((key_t)first, second, (int)third));
	case SHMCTL:
		cmd = second;
		v64 = ipc_version(&cmd);
		return do_shmctl((int)first, (int)cmd, ptr, v64);
	}
	return -ENOSYS;
}
