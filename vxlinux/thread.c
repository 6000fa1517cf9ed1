/*
 * thread.c - guest threads: one host thread per guest thread, each with
 * its own vxproc over the guest's one memory (vxproc_clone), its own
 * registers, TLS descriptors, signal mask, alternate stack and signal
 * pages, and the host thread's id as its thread id.
 *
 * clone(CLONE_VM | CLONE_THREAD | ...) makes one: glibc's, musl's and
 * Go's old 386 runtime's flag sets.  The new thread's tid goes where
 * CLONE_PARENT_SETTID and CLONE_CHILD_SETTID say, before clone returns;
 * CLONE_SETTLS takes a user_desc as set_thread_area does;
 * CLONE_CHILD_CLEARTID (and set_tid_address) is kept here and done by
 * hand when the thread exits (the host thread's own clear_child_tid
 * belongs to the host C library): the word is zeroed and one waiter
 * woken.  The robust futex list is walked at exit as Linux does.
 *
 * The registry of the guest's threads serves tkill/tgkill of the
 * signals libvx32 uses for faults (they cannot go through the host
 * kernel), fork (the child has one thread left) and exit (the last
 * thread's exit is the process's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vxlinux.h"

#define G_CLONE_VM		0x00000100u
#define G_CLONE_FS		0x00000200u
#define G_CLONE_FILES		0x00000400u
#define G_CLONE_SIGHAND		0x00000800u
#define G_CLONE_VFORK		0x00004000u
#define G_CLONE_THREAD		0x00010000u
#define G_CLONE_SYSVSEM		0x00040000u
#define G_CLONE_SETTLS		0x00080000u
#define G_CLONE_PARENT_SETTID	0x00100000u
#define G_CLONE_CHILD_CLEARTID	0x00200000u
#define G_CLONE_DETACHED	0x00400000u
#define G_CLONE_CHILD_SETTID	0x01000000u

#define HOST_STACK	(2u << 20)	/* for vxlinux's C code, per thread */

struct vxthread {
	pid_t tid;
	vxproc *proc;
	struct sigslots sig;
	uint32_t clear_tid;		/* CLONE_CHILD_CLEARTID */
	uint32_t robust, robust_len;	/* set_robust_list */
	int go;				/* a futex word: may run */
	struct vxthread *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct vxthread *threads;
static int nthreads;
static __thread struct vxthread *self;

static void add(struct vxthread *t)
{
	pthread_mutex_lock(&lock);
	t->next = threads;
	threads = t;
	nthreads++;
	pthread_mutex_unlock(&lock);
}

/* Remove the calling thread; whether it was the last. */
static int remove_self(void)
{
	int last;

	pthread_mutex_lock(&lock);
	for (struct vxthread **p = &threads; *p; p = &(*p)->next)
		if (*p == self) {
			*p = self->next;
			break;
		}
	last = --nthreads == 0;
	pthread_mutex_unlock(&lock);
	return last;
}

/*
 * Locks held across a guest's fork: another thread may be inside
 * mm.c, path.c or dirpos.c, and the child, which has only the forking
 * thread, must get their state whole and their locks free.  The modules
 * register their locks (fork_guard) before main; none is taken while
 * another is held, so taking them in one order cannot deadlock.
 */
#define MAX_GUARDS	8
static pthread_mutex_t *guards[MAX_GUARDS];
static int nguards;

void fork_guard(pthread_mutex_t *m)
{
	if (nguards == MAX_GUARDS)
		abort();	/* a programming error: raise MAX_GUARDS */
	guards[nguards++] = m;
}

static void fork_prepare(void)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < nguards; i++)
		pthread_mutex_lock(guards[i]);
}

static void fork_done(void)
{
	for (int i = nguards; i-- > 0;)
		pthread_mutex_unlock(guards[i]);
	pthread_mutex_unlock(&lock);
}

void thread_init_main(void)
{
	static struct vxthread main_thread;

	pthread_atfork(fork_prepare, fork_done, fork_done);

	self = &main_thread;
	self->tid = (pid_t)syscall(SYS_gettid);
	self->proc = guest;
	signal_thread_slots(&self->sig);
	add(self);
}

/* An execve in this process (exec.c, single-threaded): the new guest,
   and neither the tid address nor the robust list of the old program,
   whose memory is gone (Linux forgets both at execve). */
void thread_exec(void)
{
	self->proc = guest;
	self->clear_tid = 0;
	self->robust = self->robust_len = 0;
}

pid_t thread_tid(void)
{
	return self ? self->tid : (pid_t)syscall(SYS_gettid);
}

int thread_count(void)
{
	return nthreads;
}

/* In a fork's child: only the calling thread is left.  The others'
   vxprocs are let go (libvx32 forgets them first: their threads do not
   exist here). */
void thread_after_fork(void)
{
	vxproc_forked(guest);
	for (struct vxthread *t = threads, *next; t; t = next) {
		next = t->next;
		if (t == self)
			continue;
		vxproc_free(t->proc);
		free(t);
	}
	threads = self;
	self->next = NULL;
	self->tid = (pid_t)syscall(SYS_gettid);
	nthreads = 1;
}

/*
 * tkill/tgkill of one of libvx32's fault signals to another thread of
 * the guest: queued to it here.  1 if tid is one of the guest's other
 * threads (done), 0 if not.
 */
int thread_signal(pid_t tid, int sig)
{
	int found = 0;

	pthread_mutex_lock(&lock);
	for (struct vxthread *t = threads; t; t = t->next)
		if (t->tid == tid && t != self) {
			signal_queue_to(&t->sig, sig, -6 /* SI_TKILL */);
			/* Out of guest code, and out of a host call it may be
			   waiting in (signal.c: HOST_WAKE). */
			vxproc_interrupt(t->proc);
			syscall(SYS_tgkill, getpid(), tid, HOST_WAKE);
			found = 1;
			break;
		}
	pthread_mutex_unlock(&lock);
	return found;
}

/* ------------------------------------------------------------- creation */

struct start {
	vxproc *proc;
	uint32_t flags, ptid, ctid;
	pid_t tid;		/* the new thread's, or -errno */
	struct vxthread *thread;
	int ready;		/* a futex word */
};

static void futex_set(int *w, int v)
{
	__atomic_store_n(w, v, __ATOMIC_RELEASE);
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void futex_await(int *w, int v)
{
	int cur;

	while ((cur = __atomic_load_n(w, __ATOMIC_ACQUIRE)) != v)
		syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, cur, 0, 0, 0);
}

/*
 * The new host thread.  Linux stores the tid for CLONE_PARENT_SETTID
 * before the child runs, and for CLONE_CHILD_SETTID before it returns
 * to user mode, so the child's guest code waits for its creator to have
 * stored it (else a short thread could exit, clearing its tid word, and
 * the parent's late store would leave a joiner waiting for ever).  It
 * waits on a word of its own: struct start, on the creator's stack, is
 * gone once the creator has read the tid.
 */
static void *thread_main(void *arg)
{
	struct start *st = arg;
	struct vxthread *t = calloc(1, sizeof *t);
	uint32_t flags = st->flags, ctid = st->ctid;
	long r = 0;

	guest = st->proc;
	if (!t || (r = signal_thread_init()) < 0) {
		free(t);
		st->tid = r < 0 ? (pid_t)r : -ENOMEM;
		futex_set(&st->ready, 1);
		vxproc_free(guest);
		return NULL;
	}
	self = t;
	t->tid = (pid_t)syscall(SYS_gettid);
	t->proc = guest;
	signal_thread_slots(&t->sig);
	if (flags & G_CLONE_CHILD_CLEARTID)
		t->clear_tid = ctid;
	add(t);
	st->tid = t->tid;
	st->thread = t;
	futex_set(&st->ready, 1);		/* st is gone after this */
	futex_await(&t->go, 1);
	if (flags & G_CLONE_CHILD_SETTID)
		put_u32(ctid, (uint32_t)t->tid);
	run();		/* does not return: the thread ends in thread_exit */
}

long thread_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls,
		  uint32_t ctid)
{
	uint32_t need = G_CLONE_VM | G_CLONE_SIGHAND | G_CLONE_THREAD;
	long r;

	if ((flags & need) != need)
		return unsupported("clone of shared memory without "
				   "CLONE_THREAD and CLONE_SIGHAND", -EINVAL);
	if (!(flags & G_CLONE_FILES) || !(flags & G_CLONE_FS))
		trace("note: clone of a thread without CLONE_FILES or "
		      "CLONE_FS: the descriptors and the directory are "
		      "shared all the same\n");
	vxproc *q = vxproc_clone(guest);
	if (!q)
		return unsupported(vxproc_error(NULL), -EAGAIN);
	q->cpu->reg[EAX] = 0;
	if (newsp)
		q->cpu->reg[ESP] = newsp;
	if ((flags & G_CLONE_SETTLS) && (r = thread_settls(q, tls)) < 0) {
		vxproc_free(q);
		return r;
	}
	struct start st = { .proc = q, .flags = flags, .ctid = ctid };
	pthread_attr_t attr;
	pthread_t th;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, HOST_STACK);
	r = pthread_create(&th, &attr, thread_main, &st);
	pthread_attr_destroy(&attr);
	if (r) {
		vxproc_free(q);
		return -r;
	}
	futex_await(&st.ready, 1);
	pid_t tid = st.tid;
	if (tid < 0)
		return tid;
	if (flags & G_CLONE_PARENT_SETTID)
		put_u32(ptid, (uint32_t)tid);
	futex_set(&st.thread->go, 1);
	return tid;
}

/* ----------------------------------------------------------------- exit */

#define ROBUST_LIST_LIMIT	2048

/* One futex word of a robust lock the dying thread held: owner died,
   and a waiter is woken (as the kernel's handle_futex_death). */
static void futex_death(uint32_t uaddr, pid_t tid)
{
	uint32_t *w = futex_word(uaddr);

	if (!w)
		return;
	uint32_t old = __atomic_load_n(w, __ATOMIC_RELAXED);
	for (;;) {
		if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
		uint32_t nv = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(w, &old, nv, 0,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			break;
	}
	if (old & FUTEX_WAITERS)
		syscall(SYS_futex, w, FUTEX_WAKE, 1, 0, 0, 0);
}

/* The robust list: struct robust_list_head { next; long futex_offset;
   list_op_pending; } of 32-bit words. */
static void robust_exit(void)
{
	uint32_t head[3], entry, next, pending;

	if (!self->robust || copy_in(head, self->robust, sizeof head) < 0)
		return;
	int32_t off = (int32_t)head[1];
	pending = head[2];
	entry = head[0];
	for (int n = 0; entry != self->robust && n < ROBUST_LIST_LIMIT; n++) {
		if (get_u32(entry, &next) < 0)
			break;
		/* (bit 0 of an entry marks a PI futex: the address is
		   the same) */
		if ((entry & ~1u) != pending)
			futex_death((entry & ~1u) + off, self->tid);
		entry = next;
	}
	if (pending)
		futex_death((pending & ~1u) + off, self->tid);
}

void thread_exit(int status)
{
	if (remove_self())
		guest_exit(status);	/* the last thread: the process */
	robust_exit();
	if (self->clear_tid) {
		uint32_t *w = futex_word(self->clear_tid);
		if (w) {
			__atomic_store_n(w, 0, __ATOMIC_SEQ_CST);
			syscall(SYS_futex, w, FUTEX_WAKE, 1, 0, 0, 0);
		}
	}
	signal_thread_exit();
	vxproc *p = guest;
	guest = NULL;
	vxproc_free(p);
	if (self->tid != getpid())
		free(self);
	pthread_exit(NULL);
}

long sys_set_tid_address(uint32_t *a)
{
	self->clear_tid = a[0];
	return self->tid;
}

long sys_set_robust_list(uint32_t *a)
{
	if (a[1] != 12)		/* sizeof(struct robust_list_head) */
		return -EINVAL;
	self->robust = a[0];
	self->robust_len = a[1];
	return 0;
}

long sys_get_robust_list(uint32_t *a)
{
	uint32_t head = 0;
	int found = 0;

	pthread_mutex_lock(&lock);
	for (struct vxthread *t = threads; t; t = t->next)
		if (a[0] == 0 ? t == self : t->tid == (pid_t)a[0]) {
			head = t->robust;
			found = 1;
		}
	pthread_mutex_unlock(&lock);
	if (!found)
		return -ESRCH;
	if (put_u32(a[1], head) < 0 || put_u32(a[2], 12) < 0)
		return -EFAULT;
	return 0;
}
