/*
 * sysv.c - System V message queues, semaphores and shared memory
 * (shmat/shmdt: sharing with a forked child, aliases, SHM_RDONLY,
 * placement, SHM_REMAP, IPC_RMID while attached), and MAP_SHARED
 * anonymous memory across fork: through glibc (which
 * uses the ipc(2) multiplexer on i386) and through the separate calls of
 * Linux 5.1 by raw int $0x80; the i386 structures (msqid64_ds,
 * semid64_ds, the 32-bit mtype) read back as the kernel filled them.
 * Output is deterministic, to compare with qemu-i386 and native runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static __attribute__((noinline)) long raw(long nr, long a, long b, long c,
					  long d, long e)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r)
			 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return r;
}

enum { NR_semget = 393, NR_semctl = 394, NR_msgget = 399, NR_msgsnd = 400,
       NR_msgrcv = 401, NR_msgctl = 402, NR_semtimedop_time64 = 420 };

struct msg {
	long type;
	char text[64];
};

static void queues(void)
{
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK(q >= 0, "msgget");
	struct msg m = { 5, "five" }, n = { 2, "two, then some" }, r;
	CHECK(msgsnd(q, &m, strlen(m.text) + 1, 0) == 0, "msgsnd type 5");
	CHECK(msgsnd(q, &n, strlen(n.text) + 1, 0) == 0, "msgsnd type 2");
	struct msqid_ds ds;
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2 &&
	      ds.msg_cbytes == 5 + 15 && ds.msg_perm.mode == 0600 &&
	      ds.msg_lspid == getpid() && ds.msg_stime > 1000000000,
	      "IPC_STAT: qnum %lu cbytes %lu mode %o", (unsigned long)ds.msg_qnum,
	      (unsigned long)ds.msg_cbytes, ds.msg_perm.mode);
	ssize_t got = msgrcv(q, &r, sizeof r.text, 2, 0);
	CHECK(got == 15 && r.type == 2 && !strcmp(r.text, "two, then some"),
	      "msgrcv type 2: %zd bytes, type %ld, '%s'", got, r.type, r.text);
	got = msgrcv(q, &r, 2, 0, IPC_NOWAIT);
	CHECK(got < 0 && errno == E2BIG, "msgrcv into too small a buffer");
	got = msgrcv(q, &r, 2, 0, IPC_NOWAIT | MSG_NOERROR);
	CHECK(got == 2 && r.type == 5 && !memcmp(r.text, "fi", 2),
	      "msgrcv MSG_NOERROR truncates");
	got = msgrcv(q, &r, sizeof r.text, 0, IPC_NOWAIT);
	CHECK(got < 0 && errno == ENOMSG, "msgrcv of an empty queue");
	ds.msg_qbytes = 1000;
	CHECK(msgctl(q, IPC_SET, &ds) == 0 && msgctl(q, IPC_STAT, &ds) == 0 &&
	      ds.msg_qbytes == 1000, "IPC_SET qbytes");
	/* A message between processes. */
	pid_t pid = fork();
	if (pid == 0) {
		struct msg c = { 9, "from the child" };
		_exit(msgsnd(q, &c, 15, 0) ? 1 : 0);
	}
	got = msgrcv(q, &r, sizeof r.text, 9, 0);
	waitpid(pid, NULL, 0);
	CHECK(got == 15 && !strcmp(r.text, "from the child"),
	      "a message from a child");
	/* The separate calls: i386 mtype is 32 bits, then the text. */
	struct { int32_t type; char text[8]; } g = { 7, "raw" }, h;
	CHECK(raw(NR_msgsnd, q, (long)&g, 4, 0, 0) == 0, "msgsnd (400)");
	CHECK(raw(NR_msgrcv, q, (long)&h, sizeof h.text, 7, IPC_NOWAIT) == 4 &&
	      h.type == 7 && !strcmp(h.text, "raw"), "msgrcv (401)");
	CHECK(raw(NR_msgctl, q, IPC_RMID, 0, 0, 0) == 0, "msgctl IPC_RMID (402)");
	CHECK(msgsnd(q, &m, 4, 0) < 0 && errno == EINVAL, "queue is gone");
	long q2 = raw(NR_msgget, IPC_PRIVATE, 0, 0, 0, 0);
	CHECK(q2 >= 0, "msgget (399)");
	msgctl(q2, IPC_RMID, NULL);
}

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static void semaphores(void)
{
	int s = semget(IPC_PRIVATE, 3, IPC_CREAT | 0640);
	CHECK(s >= 0, "semget of 3");
	unsigned short vals[3] = { 1, 2, 3 }, back[3] = { 0 };
	CHECK(semctl(s, 0, SETALL, (union semun){ .array = vals }) == 0 &&
	      semctl(s, 0, GETALL, (union semun){ .array = back }) == 0 &&
	      back[0] == 1 && back[1] == 2 && back[2] == 3, "SETALL/GETALL");
	CHECK(semctl(s, 1, SETVAL, (union semun){ .val = 7 }) == 0 &&
	      semctl(s, 1, GETVAL) == 7, "SETVAL/GETVAL");
	struct sembuf op[2] = { { 0, -1, 0 }, { 1, 3, 0 } };
	CHECK(semop(s, op, 2) == 0 && semctl(s, 0, GETVAL) == 0 &&
	      semctl(s, 1, GETVAL) == 10 && semctl(s, 0, GETPID) == getpid(),
	      "semop");
	struct sembuf wait0 = { 0, -1, IPC_NOWAIT };
	CHECK(semop(s, &wait0, 1) < 0 && errno == EAGAIN, "semop would block");
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	struct sembuf wait1 = { 0, -1, 0 };
	CHECK(semtimedop(s, &wait1, 1, &ts) < 0 && errno == EAGAIN,
	      "semtimedop times out");
	long long t64[2] = { 0, 10 * 1000 * 1000 };
	CHECK(raw(NR_semtimedop_time64, s, (long)&wait1, 1, (long)t64, 0) ==
	      -EAGAIN, "semtimedop_time64 (420) times out");
	struct semid_ds ds;
	CHECK(semctl(s, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0 &&
	      ds.sem_nsems == 3 && ds.sem_perm.mode == 0640 &&
	      ds.sem_otime > 1000000000, "IPC_STAT: nsems %lu mode %o",
	      (unsigned long)ds.sem_nsems, ds.sem_perm.mode);
	/* A child waits for a semaphore the parent raises. */
	pid_t pid = fork();
	if (pid == 0) {
		struct sembuf down = { 2, -4, 0 };
		_exit(semop(s, &down, 1) ? 1 : 0);
	}
	usleep(20 * 1000);
	struct sembuf up = { 2, 1, 0 };
	semop(s, &up, 1);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && semctl(s, 2, GETVAL) == 0,
	      "a child woken by semop");
	/* The separate calls. */
	CHECK(raw(NR_semctl, s, 2, SETVAL, 9, 0) == 0 &&
	      raw(NR_semctl, s, 2, GETVAL, 0, 0) == 9, "semctl (394)");
	CHECK(semctl(s, 0, IPC_RMID) == 0, "IPC_RMID");
	long s2 = raw(NR_semget, IPC_PRIVATE, 1, IPC_CREAT | 0600, 0, 0);
	CHECK(s2 >= 0, "semget (393)");
	semctl(s2, 0, IPC_RMID);
}

static sigjmp_buf segv_jmp;

static void on_segv(int sig)
{
	siglongjmp(segv_jmp, 1);
}

/* Does a store of v to *p fault? */
static int store_faults(volatile char *p, char v)
{
	struct sigaction sa = { .sa_handler = on_segv }, old;
	int faulted = 0;

	sigaction(SIGSEGV, &sa, &old);
	if (sigsetjmp(segv_jmp, 1))
		faulted = 1;
	else
		*p = v;
	sigaction(SIGSEGV, &old, NULL);
	return faulted;
}

static int nattch(int m)
{
	struct shmid_ds ds;

	return shmctl(m, IPC_STAT, &ds) == 0 ? (int)ds.shm_nattch : -1;
}

static void segments(void)
{
	int m = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
	CHECK(m >= 0, "shmget");
	struct shmid_ds ds;
	CHECK(shmctl(m, IPC_STAT, &ds) == 0 && ds.shm_segsz == 10000 &&
	      ds.shm_perm.mode == 0600 && ds.shm_cpid == getpid() &&
	      ds.shm_nattch == 0, "shmctl IPC_STAT: segsz %zu",
	      (size_t)ds.shm_segsz);

	/* attach, and see a forked child's stores */
	char *p = shmat(m, NULL, 0);
	CHECK(p != (void *)-1 && ((unsigned long)p & 4095) == 0,
	      "shmat: page-aligned");
	CHECK(p[0] == 0 && p[9999] == 0 && nattch(m) == 1,
	      "zero-filled, one attachment");
	strcpy(p, "parent");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(p, "parent") && nattch(m) == 2;
		strcpy(p + 100, "child");
		p[8191] = 'c';		/* second page */
		_exit(ok ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child sees the parent's store, attached twice");
	CHECK(!strcmp(p + 100, "child") && p[8191] == 'c' && nattch(m) == 1,
	      "the parent sees the child's stores; its exit detached it");

	/* a second attachment aliases the first */
	char *q = shmat(m, NULL, 0);
	CHECK(q != (void *)-1 && q != p && !strcmp(q, "parent"),
	      "second attachment: the same bytes");
	q[5000] = 'x';
	CHECK(p[5000] == 'x' && nattch(m) == 2, "a store through one is seen "
	      "through the other");
	CHECK(shmdt(q) == 0 && nattch(m) == 1, "shmdt");
	errno = 0;
	CHECK(shmdt(q) == -1 && errno == EINVAL, "shmdt again: EINVAL");
	CHECK(shmdt(p + 4096) == -1 && errno == EINVAL,
	      "shmdt inside an attachment: EINVAL");

	/* read-only */
	char *r = shmat(m, NULL, SHM_RDONLY);
	CHECK(r != (void *)-1 && r[5000] == 'x', "SHM_RDONLY: readable");
	CHECK(store_faults(r, 'y') && p[0] == 'p', "SHM_RDONLY: a store "
	      "faults");
	errno = 0;
	CHECK(mprotect(r, 4096, PROT_READ | PROT_WRITE) == -1 &&
	      errno == EACCES, "SHM_RDONLY: mprotect writable is EACCES");
	CHECK(store_faults(r, 'y') && r[0] == 'p',
	      "SHM_RDONLY: a store still faults after it");
	CHECK(shmdt(r) == 0, "shmdt read-only");

	/* placement: exact, rounded, over a mapping */
	char *hole = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 8 * 4096);
	char *at = shmat(m, hole, 0);
	CHECK(at == hole && !strcmp(at, "parent"), "shmat at a free address");
	shmdt(at);
	errno = 0;
	CHECK(shmat(m, (void *)0xfffff000, 0) == (void *)-1 && errno == ENOMEM,
	      "shmat running past the top of memory: ENOMEM");
	errno = 0;
	CHECK(shmat(m, (void *)0xfffff000, SHM_REMAP) == (void *)-1 &&
	      errno == ENOMEM, "the same with SHM_REMAP: ENOMEM");
	errno = 0;
	CHECK(shmat(m, hole + 100, 0) == (void *)-1 && errno == EINVAL,
	      "shmat at an unaligned address: EINVAL");
	at = shmat(m, hole + 100, SHM_RND);
	CHECK(at == hole, "SHM_RND rounds down");
	shmdt(at);
	char *busy = mmap(hole, 4 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	busy[0] = 'b';
	errno = 0;
	CHECK(shmat(m, hole, 0) == (void *)-1 && errno == EINVAL &&
	      busy[0] == 'b', "shmat over a mapping: EINVAL, mapping kept");
	at = shmat(m, hole, SHM_REMAP);
	CHECK(at == hole && !strcmp(at, "parent"), "SHM_REMAP replaces it");
	shmdt(at);
	CHECK(store_faults(hole, 'z'), "after shmdt nothing is mapped there");

	/* the separate calls of Linux 5.1 (397 shmat, 398 shmdt) */
	unsigned long a = raw(397, m, 0, 0, 0, 0);
	CHECK(a < -4095ul && !strcmp((char *)a, "parent"), "shmat (397)");
	CHECK(raw(398, a, 0, 0, 0, 0) == 0, "shmdt (398)");
	CHECK(raw(398, a, 0, 0, 0, 0) == -EINVAL, "shmdt (398) again: EINVAL");

	/* removed while attached: there until the last detach */
	CHECK(shmctl(m, IPC_RMID, NULL) == 0, "shmctl IPC_RMID");
	CHECK(!strcmp(p, "parent"), "still attached after IPC_RMID");
	CHECK(shmdt(p) == 0, "last shmdt");
}

/* MAP_SHARED|MAP_ANONYMOUS memory is shared with a forked child. */
static void shared_anon(void)
{
	char *s = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED && s[0] == 0, "mmap MAP_SHARED|MAP_ANONYMOUS");
	strcpy(s, "before");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(s, "before");
		strcpy(s + 4096, "from the child");
		_exit(ok ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	      !strcmp(s + 4096, "from the child"),
	      "a forked child's store is seen by the parent");
	CHECK(madvise(s, 3 * 4096, MADV_DONTNEED) == 0 &&
	      !strcmp(s, "before"), "MADV_DONTNEED keeps shared contents");
	CHECK(mprotect(s, 4096, PROT_READ) == 0 && store_faults(s, 'r') &&
	      mprotect(s, 4096, PROT_READ | PROT_WRITE) == 0 &&
	      (s[0] = 'B') == 'B', "mprotect of shared memory");
	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(priv, "private");
	pid = fork();
	if (pid == 0) {
		strcpy(priv, "changed");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(!strcmp(priv, "private"), "private memory stays private");
	CHECK(munmap(s, 3 * 4096) == 0, "munmap shared");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	queues();
	semaphores();
	segments();
	shared_anon();
	printf("%d failures\n", failures);
	return failures;
}
