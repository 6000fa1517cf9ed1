/*
 * sysv.c - System V message queues and semaphores: through glibc (which
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
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...) do {						\
	int ok_ = (cond), e_ = errno;					\
	printf("%s ", ok_ ? "ok  " : "FAIL");				\
	printf(__VA_ARGS__);						\
	if (!ok_) {							\
		printf(" (errno %s)", strerrorname_np(e_));		\
		failures++;						\
	}								\
	printf("\n");							\
} while (0)

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

static void segments(void)
{
	int m = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
	CHECK(m >= 0, "shmget");
	struct shmid_ds ds;
	CHECK(shmctl(m, IPC_STAT, &ds) == 0 && ds.shm_segsz == 10000 &&
	      ds.shm_perm.mode == 0600 && ds.shm_cpid == getpid() &&
	      ds.shm_nattch == 0, "shmctl IPC_STAT: segsz %zu",
	      (size_t)ds.shm_segsz);
	CHECK(shmctl(m, IPC_RMID, NULL) == 0, "shmctl IPC_RMID");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	queues();
	semaphores();
	segments();
	printf("%d failures\n", failures);
	return failures;
}
