/*
 * threads.c - POSIX threads under vxlinux, as glibc makes them (clone
 * with CLONE_THREAD, set_thread_area TLS, futexes, robust lists,
 * tgkill): create and join, mutexes and condition variables, TLS per
 * thread, atomics from many threads, thread-directed signals, a thread
 * that faults and recovers, self-modifying code written by one thread
 * while another runs it, robust mutexes of a thread that died, timed
 * waits, cancellation, exit of the main thread alone, fork and
 * exit_group from a thread while the others block.  Self-checking:
 * one line per check and "N failures"; run natively it must agree.
 *
 *   threads [ROUNDS]   (repeats the racy parts ROUNDS times, default 1)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---------------------------------------------------- create and join */

static __thread int tls_value = 7;
static __thread char tls_buf[64];

struct work {
	int index;
	pid_t tid;
	uintptr_t tls_addr;
	long long sum;
};

static void *summer(void *arg)
{
	struct work *w = arg;

	w->tid = gettid_();
	tls_value += w->index;		/* from the initial 7, per thread */
	snprintf(tls_buf, sizeof tls_buf, "thread %d", w->index);
	w->tls_addr = (uintptr_t)&tls_value;
	for (long long i = 0; i <= 100000; i++)
		w->sum += i * (w->index + 1);
	sched_yield();
	if (tls_value != 7 + w->index ||
	    strcmp(tls_buf, "thread") == 0)
		w->sum = -1;
	return (void *)(intptr_t)(w->index * 3);
}

static void create_join(void)
{
	enum { N = 8 };
	pthread_t th[N];
	struct work w[N];
	int ok = 1, distinct = 1, joined = 1;

	memset(w, 0, sizeof w);
	for (int i = 0; i < N; i++) {
		w[i].index = i;
		if (pthread_create(&th[i], NULL, summer, &w[i]) != 0)
			ok = 0;
	}
	CHECK(ok, "pthread_create x%d", N);
	for (int i = 0; i < N; i++) {
		void *ret;
		if (pthread_join(th[i], &ret) != 0 ||
		    (intptr_t)ret != i * 3)
			joined = 0;
	}
	CHECK(joined, "pthread_join: each thread's return value");
	for (int i = 0; i < N; i++) {
		if (w[i].sum != 5000050000LL * (i + 1))
			ok = 0;
		for (int j = 0; j < i; j++)
			if (w[i].tid == w[j].tid ||
			    w[i].tls_addr == w[j].tls_addr)
				distinct = 0;
		if (w[i].tid == getpid())
			distinct = 0;
	}
	CHECK(ok, "each thread computed its own sum, its TLS intact");
	CHECK(distinct, "thread ids and TLS addresses distinct, none the pid");
	CHECK(tls_value == 7, "the main thread's TLS untouched: %d", tls_value);
}

/* Many short-lived threads: nothing leaks (descriptors, stacks, tids). */
static void *nothing(void *arg)
{
	return arg;
}

static void many_threads(void)
{
	int ok = 1;

	for (int i = 0; i < 300 && ok; i++) {
		pthread_t t;
		void *r;
		if (pthread_create(&t, NULL, nothing, (void *)(intptr_t)i) ||
		    pthread_join(t, &r) || (intptr_t)r != i)
			ok = 0;
	}
	CHECK(ok, "300 threads created and joined one after another");

	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 50 && ok; i++) {
		pthread_t t;
		if (pthread_create(&t, &a, nothing, NULL))
			ok = 0;
	}
	pthread_attr_destroy(&a);
	CHECK(ok, "50 detached threads");
}

/* ------------------------------------------- mutexes, condition vars */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t nonfull = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qlen;
static long counter;

#define ITEMS	20000

static void *producer(void *arg)
{
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&mu);
		while (qlen == 16)
			pthread_cond_wait(&nonfull, &mu);
		queue[(qhead + qlen++) % 16] = i;
		pthread_cond_signal(&nonempty);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;

	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&mu);
		while (qlen == 0)
			pthread_cond_wait(&nonempty, &mu);
		sum += queue[qhead];
		qhead = (qhead + 1) % 16;
		qlen--;
		pthread_cond_signal(&nonfull);
		pthread_mutex_unlock(&mu);
	}
	return (void *)sum;
}

static void *incrementer(void *arg)
{
	for (int i = 0; i < 50000; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static volatile int atomic_counter;

static void *atomic_adder(void *arg)
{
	for (int i = 0; i < 100000; i++)
		__atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void locking(void)
{
	pthread_t p, c, t[4];
	void *sum;

	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, &sum);
	CHECK((long)sum == (long)ITEMS * (ITEMS + 1) / 2,
	      "producer and consumer through a condition variable: %ld",
	      (long)sum);

	counter = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, incrementer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(counter == 200000, "4 threads increment under a mutex: %ld",
	      counter);

	atomic_counter = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, atomic_adder, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(atomic_counter == 400000, "4 threads lock xadd one word: %d",
	      atomic_counter);
}

/* A condition variable's timed wait expires; a barrier holds. */
static pthread_barrier_t barrier;
static int arrived;

static void *at_barrier(void *arg)
{
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	int r = pthread_barrier_wait(&barrier);
	/* everyone arrived before anyone left */
	return (void *)(intptr_t)(arrived == 3 &&
				  (r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD));
}

static void timed(void)
{
	struct timespec t0, t1, until;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

	clock_gettime(CLOCK_REALTIME, &t0);
	until = t0;
	until.tv_nsec += 50 * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&mu);
	int r = pthread_cond_timedwait(&cv, &mu, &until);
	pthread_mutex_unlock(&mu);
	clock_gettime(CLOCK_REALTIME, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(r == ETIMEDOUT && ms >= 45 && ms < 5000,
	      "pthread_cond_timedwait times out after 50 ms");

	pthread_t t[2];
	pthread_barrier_init(&barrier, NULL, 3);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, at_barrier, NULL);
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	pthread_barrier_wait(&barrier);
	int ok = 1;
	for (int i = 0; i < 2; i++) {
		void *v;
		pthread_join(t[i], &v);
		ok &= (intptr_t)v == 1;
	}
	CHECK(ok, "a barrier of 3 threads");
	pthread_barrier_destroy(&barrier);
}

/* --------------------------------------------------- directed signals */

static __thread volatile int usr1_here;
static volatile pid_t usr1_tid;

static void on_usr1(int sig)
{
	usr1_here++;
	usr1_tid = gettid_();
}

static volatile int stop_spinning;

static void *waits_for_usr1(void *arg)
{
	while (!usr1_here)
		sched_yield();
	return (void *)(intptr_t)gettid_();
}

static void *spins(void *arg)
{
	while (!stop_spinning)
		;			/* in guest code, never a call */
	return (void *)(intptr_t)usr1_here;
}

static void *blocks_usr1(void *arg)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	while (!stop_spinning)
		sched_yield();
	sigset_t p;
	sigpending(&p);
	int pending = sigismember(&p, SIGUSR1);
	int sig = 0;
	if (pending)
		sigwait(&s, &sig);
	return (void *)(intptr_t)(pending && sig == SIGUSR1);
}

static void *sleeps(void *arg)
{
	/* interrupted by a handled signal: EINTR */
	struct timespec ts = { 10, 0 };
	int r = nanosleep(&ts, NULL);
	return (void *)(intptr_t)(r < 0 && errno == EINTR && usr1_here == 1);
}

static void signals(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pthread_t t;
	void *v;

	sigaction(SIGUSR1, &sa, NULL);
	usr1_tid = 0;
	pthread_create(&t, NULL, waits_for_usr1, NULL);
	usleep(10000);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, &v);
	CHECK(usr1_tid == (pid_t)(intptr_t)v && usr1_here == 0,
	      "pthread_kill: the handler runs in the target thread only");

	stop_spinning = 0;
	pthread_create(&t, NULL, spins, NULL);
	usleep(20000);
	pthread_kill(t, SIGUSR1);
	usleep(20000);
	stop_spinning = 1;
	pthread_join(t, &v);
	CHECK((intptr_t)v == 1,
	      "pthread_kill reaches a thread spinning in guest code");

	stop_spinning = 0;
	pthread_create(&t, NULL, blocks_usr1, NULL);
	usleep(20000);
	pthread_kill(t, SIGUSR1);
	usleep(20000);
	stop_spinning = 1;
	pthread_join(t, &v);
	CHECK((intptr_t)v == 1 && usr1_here == 0,
	      "a signal the thread blocks stays pending to it; sigwait takes it");

	pthread_create(&t, NULL, sleeps, NULL);
	usleep(50000);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, &v);
	CHECK((intptr_t)v == 1, "pthread_kill interrupts nanosleep: EINTR");

	/* A process-directed signal the main thread blocks goes to a
	   thread that does not. */
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	usr1_tid = 0;
	pthread_create(&t, NULL, waits_for_usr1, NULL);
	pthread_sigmask(SIG_BLOCK, &s, &old);	/* (after: it inherits) */
	usleep(10000);
	kill(getpid(), SIGUSR1);
	pthread_join(t, &v);
	CHECK(usr1_tid == (pid_t)(intptr_t)v,
	      "kill(getpid()): a thread not blocking the signal takes it");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	CHECK(usr1_here == 0, "the main thread's handler did not run");
}

/* A thread that faults, with its own alternate signal stack. */
static __thread sigjmp_buf fault_jmp;
static __thread volatile int faulted;
static __thread char *altstack;
static int *volatile bad_pointer = (int *)16;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char here;
	faulted = (si->si_addr == (void *)16) +
		  2 * (&here >= altstack && &here < altstack + 65536);
	siglongjmp(fault_jmp, 1);
}

static void *faults(void *arg)
{
	stack_t ss = { .ss_size = 65536 };

	altstack = ss.ss_sp = malloc(65536);
	sigaltstack(&ss, NULL);
	if (!sigsetjmp(fault_jmp, 1))
		*bad_pointer = 1;
	return (void *)(intptr_t)faulted;
}

static void *faults_other(void *arg)
{
	/* no alternate stack here: the handler runs on this stack */
	altstack = NULL;
	if (!sigsetjmp(fault_jmp, 1))
		*bad_pointer = 1;
	return (void *)(intptr_t)faulted;
}

static void fault(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv,
				.sa_flags = SA_SIGINFO | SA_ONSTACK };
	pthread_t a, b;
	void *va, *vb;

	sigaction(SIGSEGV, &sa, NULL);
	pthread_create(&a, NULL, faults, NULL);
	pthread_create(&b, NULL, faults_other, NULL);
	pthread_join(a, &va);
	pthread_join(b, &vb);
	CHECK((intptr_t)va == 3,
	      "a faulting thread's handler runs on its alternate stack: %d",
	      (int)(intptr_t)va);
	CHECK((intptr_t)vb == 1,
	      "another thread faults, its handler on its own stack: %d",
	      (int)(intptr_t)vb);
	CHECK(faulted == 0, "the main thread saw no fault");
	signal(SIGSEGV, SIG_DFL);
}

/* ------------------------------------------ self-modifying code */

/* mov $imm32, %eax; ret */
static void put_code(volatile unsigned char *p, uint32_t v)
{
	p[0] = 0xb8;
	memcpy((void *)(p + 1), &v, 4);
	p[5] = 0xc3;
}

static volatile unsigned char *smc_page;
static volatile uint32_t smc_written, smc_seen_last;
static volatile int smc_done, smc_bad;

static void *smc_runner(void *arg)
{
	uint32_t (*fn)(void) = (uint32_t (*)(void))smc_page;

	while (!smc_done) {
		uint32_t before = __atomic_load_n(&smc_written,
						  __ATOMIC_ACQUIRE);
		uint32_t v = fn();
		/* the code is never older than what was published before
		   the call began */
		if (v < before)
			smc_bad++;
		smc_seen_last = v;
	}
	return NULL;
}

static void smc(void)
{
	pthread_t t;

	smc_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	put_code(smc_page, 1);
	smc_written = 1;
	pthread_create(&t, NULL, smc_runner, NULL);
	for (uint32_t v = 2; v <= 2000; v++) {
		/* the immediate only: the runner may be in the middle of
		   the instruction's old translation, never its old bytes
		   after this store is published */
		memcpy((void *)(smc_page + 1), &v, 4);
		__atomic_store_n(&smc_written, v, __ATOMIC_RELEASE);
		if (v % 100 == 0)
			usleep(100);
	}
	/* the runner must come to the last code: wait for it, however
	   loaded the machine (a stale translation never gets there) */
	for (int ms = 0; ms < 20000 && smc_seen_last != 2000; ms++)
		usleep(1000);
	uint32_t last = smc_seen_last;
	smc_done = 1;
	pthread_join(t, NULL);
	CHECK(smc_bad == 0 && last == 2000,
	      "code rewritten 2000 times by one thread while another runs it: "
	      "stale %d, last seen %u", smc_bad, last);
	munmap((void *)smc_page, 4096);
}

/* ---------------------------------------------- robust, cancel, exit */

static pthread_mutex_t robust;

static void *dies_holding(void *arg)
{
	pthread_mutex_lock(&robust);
	return NULL;		/* exits with the mutex held */
}

static void robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, dies_holding, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(&robust);
	CHECK(r == EOWNERDEAD, "a robust mutex whose owner died: %s",
	      strerrorname_np(r));
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(&robust);
		pthread_mutex_unlock(&robust);
		r = pthread_mutex_lock(&robust);
		CHECK(r == 0, "made consistent, it locks again");
		pthread_mutex_unlock(&robust);
	}
	pthread_mutexattr_destroy(&a);
}

static volatile int cleanup_ran;

static void cleanup(void *arg)
{
	cleanup_ran = 1;
}

static void *cancelled(void *arg)
{
	pthread_cleanup_push(cleanup, NULL);
	pthread_mutex_lock(&mu);
	for (;;)
		pthread_cond_wait(&nonempty, &mu);	/* cancellation point */
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancelled_async(void *arg)
{
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	for (;;)
		;		/* in guest code: SIGCANCEL interrupts it */
	return NULL;
}

static void cancel(void)
{
	pthread_t t;
	void *v;

	pthread_create(&t, NULL, cancelled, NULL);
	usleep(20000);
	pthread_cancel(t);
	pthread_join(t, &v);
	CHECK(v == PTHREAD_CANCELED && cleanup_ran,
	      "pthread_cancel in pthread_cond_wait: cleanup handler ran");
	/* the cancelled waiter held mu when it unwound: cleanup unlocked?
	   no: so unlock here as its owner died... glibc re-acquires mu
	   before the cleanup; it is now held by a gone thread.  Use a
	   fresh mutex from here on. */
	pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
	mu = fresh;

	pthread_create(&t, NULL, cancelled_async, NULL);
	usleep(20000);
	pthread_cancel(t);
	pthread_join(t, &v);
	CHECK(v == PTHREAD_CANCELED, "asynchronous cancel of a spinning thread");
}

/* fork in a process of several threads: the child has the caller only. */
static void *idles(void *arg)
{
	while (!stop_spinning)
		usleep(1000);
	return NULL;
}

static void fork_threads(void)
{
	pthread_t t;

	stop_spinning = 0;
	pthread_create(&t, NULL, idles, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		/* one thread here; a new one can be made and joined */
		pthread_t u;
		void *r = NULL;
		if (pthread_create(&u, NULL, nothing, (void *)5) ||
		    pthread_join(u, &r))
			_exit(2);
		_exit((intptr_t)r == 5 ? 0 : 3);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	stop_spinning = 1;
	pthread_join(t, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork with 2 threads: the child makes and joins a thread (%#x)",
	      st);
}

/* exit_group from a thread while the main thread blocks in read, and
   the main thread's pthread_exit while others go on: in children. */
static void *exits_process(void *arg)
{
	usleep(20000);
	exit(42);
}

static void *outlives_main(void *arg)
{
	usleep(50000);
	printf("ok   the process goes on after the main thread exits\n");
	fflush(stdout);
	exit(0);
}

static void exits(void)
{
	int fds[2], st;
	pid_t pid;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		char c;
		pthread_create(&t, NULL, exits_process, NULL);
		read(fds[0], &c, 1);	/* blocks until the exit */
		_exit(1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "exit() in a thread ends the process, other threads blocked "
	      "(%#x)", st);
	close(fds[0]);
	close(fds[1]);

	pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, outlives_main, NULL);
		pthread_exit(NULL);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "pthread_exit in main, another thread exits 0 (%#x)", st);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int r = 0; r < rounds; r++) {
		create_join();
		locking();
		smc();
	}
	many_threads();
	timed();
	signals();
	fault();
	robust_mutex();
	cancel();
	fork_threads();
	exits();
	printf("%d failures\n", failures);
	return failures != 0;
}
