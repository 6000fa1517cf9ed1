/*
 * sig.c - signals: faults delivered to handlers (with siginfo), handlers
 * that return (rt_sigreturn and the old sigreturn), masks, pending
 * signals, timers, SA_RESTART, the alternate stack, SIGCHLD, and a child
 * that dies of a fault.  Prints what it saw; exits non-zero on a mismatch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;
static sigjmp_buf jb;
static volatile int got_sig, got_code, hits;
static void *volatile got_addr;
static volatile char *page;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL line %d: ", __LINE__); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		failures++; \
	} \
} while (0)

static void jump_handler(int sig, siginfo_t *si, void *uc)
{
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	siglongjmp(jb, 1);
}

static void fix_handler(int sig, siginfo_t *si, void *uc)
{
	/* Make the page writable and return: the store is retried. */
	hits++;
	got_addr = si->si_addr;
	mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
}

static void count_handler(int sig)
{
	hits++;
	got_sig = sig;
}

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void on_plain(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void faults(void)
{
	volatile int zero = 0;

	on(SIGSEGV, jump_handler, 0);
	if (!sigsetjmp(jb, 1))
		*(volatile int *)0x1234 = 1;
	CHECK(got_sig == SIGSEGV && got_code == SEGV_MAPERR &&
	      got_addr == (void *)0x1234, "SIGSEGV sig %d code %d addr %p",
	      got_sig, got_code, got_addr);
	printf("segv: sig %d code %d addr %p\n", got_sig, got_code, got_addr);

	on(SIGFPE, jump_handler, 0);
	if (!sigsetjmp(jb, 1))
		zero = 10 / zero;
	CHECK(got_sig == SIGFPE && got_code == FPE_INTDIV, "SIGFPE %d %d",
	      got_sig, got_code);
	printf("fpe: sig %d code %d\n", got_sig, got_code);

	on(SIGILL, jump_handler, 0);
	if (!sigsetjmp(jb, 1))
		__asm__ volatile("ud2");
	CHECK(got_sig == SIGILL, "SIGILL %d", got_sig);
	printf("ill: sig %d\n", got_sig);

	/* A handler that returns: the faulting store runs again. */
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__asm__ volatile("" ::: "memory");
	on(SIGSEGV, fix_handler, 0);
	hits = 0;
	page[100] = 42;
	CHECK(hits == 1 && page[100] == 42 && got_addr == page + 100,
	      "retried store: hits %d", hits);
	printf("segv-return: hits %d value %d\n", hits, page[100]);

	/* int3: SIGTRAP, and execution continues after it. */
	on_plain(SIGTRAP, count_handler, 0);
	hits = 0;
	__asm__ volatile("int3");
	CHECK(hits == 1 && got_sig == SIGTRAP, "SIGTRAP");
	printf("trap: hits %d\n", hits);
}

/* The old i386 sigaction (67) without SA_SIGINFO or a restorer: the
   kernel-provided return path and sigreturn (119). */
static void old_sigaction(void)
{
	struct { uint32_t handler, mask, flags, restorer; } sa = {
		(uint32_t)(uintptr_t)count_handler, 0, 0, 0
	};
	int r;

	__asm__ volatile("int $0x80" : "=a"(r)
			 : "0"(67), "b"(SIGUSR2), "c"(&sa), "d"(0) : "memory");
	CHECK(r == 0, "sigaction(67) = %d", r);
	hits = 0;
	kill(getpid(), SIGUSR2);
	CHECK(hits == 1 && got_sig == SIGUSR2, "old-style handler hits %d",
	      hits);
	printf("old sigreturn: hits %d\n", hits);
}

static void masks(void)
{
	sigset_t set, old, pend;

	on_plain(SIGUSR1, count_handler, 0);
	hits = 0;
	raise(SIGUSR1);
	CHECK(hits == 1, "raise");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	CHECK(hits == 1, "blocked signal ran");
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1) == 1, "not pending");
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(hits == 2, "unblocked signal not delivered: %d", hits);
	printf("mask: hits %d\n", hits);

	/* sigsuspend waits with a temporary mask. */
	sigprocmask(SIG_BLOCK, &set, &old);
	on_plain(SIGALRM, count_handler, 0);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	hits = 0;
	sigset_t wait;
	sigemptyset(&wait);
	int r = sigsuspend(&wait);
	CHECK(r == -1 && errno == EINTR && hits == 1 && got_sig == SIGALRM,
	      "sigsuspend");
	sigprocmask(SIG_SETMASK, NULL, &set);
	CHECK(sigismember(&set, SIGUSR1) == 1, "mask after sigsuspend");
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("sigsuspend: hits %d\n", hits);
}

static int restart_pipe[2];

static void write_handler(int sig)
{
	hits++;
	write(restart_pipe[1], "r", 1);
}

static void restart(void)
{
	char c;
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };

	pipe(restart_pipe);
	on_plain(SIGALRM, write_handler, SA_RESTART);
	hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	ssize_t n = read(restart_pipe[0], &c, 1);
	CHECK(n == 1 && c == 'r' && hits == 1, "SA_RESTART read: %zd", n);

	on_plain(SIGALRM, count_handler, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(restart_pipe[0], &c, 1);
	CHECK(n == -1 && errno == EINTR, "read without SA_RESTART: %zd", n);
	printf("restart: ok\n");
}

static char altstack[65536];
static volatile uintptr_t handler_sp;

static void alt_handler(int sig)
{
	int local;
	handler_sp = (uintptr_t)&local;
}

static void alternate(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };

	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	on_plain(SIGUSR1, alt_handler, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK(handler_sp >= (uintptr_t)altstack &&
	      handler_sp < (uintptr_t)altstack + sizeof altstack,
	      "handler not on the alternate stack");
	printf("altstack: ok\n");
}

static int run_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

static void children(void)
{
	int status;
	pid_t pid;

	on_plain(SIGCHLD, count_handler, 0);
	hits = 0;
	if ((pid = fork()) == 0)
		_exit(7);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7, "child exit status");
	CHECK(hits == 1 && got_sig == SIGCHLD, "SIGCHLD hits %d", hits);

	signal(SIGSEGV, SIG_DFL);
	if ((pid = fork()) == 0) {
		close(2);	/* the report line is not ours to show */
		*(volatile int *)0 = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "child killed by SIGSEGV: status %#x", status);

	if ((pid = fork()) == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	      "child killed by SIGTERM: status %#x", status);
	/* kill(0, SIGTRAP) in a process group of its own: the guest's own
	   copy reaches its handler, not the host's fault machinery. */
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		on_plain(SIGTRAP, count_handler, 0);
		hits = 0;
		kill(0, SIGTRAP);
		_exit(hits == 1 && got_sig == SIGTRAP ? 0 : 1);
	}
	CHECK(run_status(pid) == 0, "kill(0, SIGTRAP) to own group");
	printf("children: ok\n");
}

static volatile sig_atomic_t async_flag;

static void async_handler(int sig)
{
	async_flag = sig;
}

/* A signal from another process while the guest computes without making
   system calls: it must reach the handler at an instruction boundary. */
static void asynchronous(void)
{
	struct timespec t0, t;
	pid_t pid;
	unsigned long spins = 0;

	on_plain(SIGINT, async_handler, 0);
	async_flag = 0;
	if ((pid = fork()) == 0) {
		struct timespec d = { 0, 20000000 };
		nanosleep(&d, NULL);
		kill(getppid(), SIGINT);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!async_flag) {
		if (++spins % 1000000 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec > 10)
				break;
		}
	}
	CHECK(async_flag == SIGINT, "SIGINT to a computing guest not delivered");
	waitpid(pid, NULL, 0);
	printf("async: sig %d\n", async_flag);
}

static volatile int fpu_hits;

__attribute__((target("sse2"))) static void fpu_handler(int sig)
{
	/* Clobber what the interrupted loop keeps live. */
	__asm__ volatile("pxor %%xmm2, %%xmm2; fldz; fstp %%st(0)" ::: "xmm2");
	fpu_hits++;
}

/* The x87/SSE state of interrupted code survives a handler that uses
   the same registers (saved in the frame's fpstate, restored by
   sigreturn). */
__attribute__((target("sse2"))) static void fpu_state(void)
{
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } }, off = { 0 };
	int bad = 0, runs = 0;

	on_plain(SIGALRM, fpu_handler, 0);
	fpu_hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	while (fpu_hits < 20 && runs < 1000000) {
		unsigned int out[4];
		/* xmm2 accumulates across loop iterations, i.e. across the
		   points where a signal can be delivered. */
		__asm__ volatile("pxor %%xmm2, %%xmm2\n\t"
				 "movl $1, %%eax\n\t"
				 "movd %%eax, %%xmm3\n\t"
				 "movl $20000, %%ecx\n"
				 "1:\tpaddd %%xmm3, %%xmm2\n\t"
				 "decl %%ecx\n\t"
				 "jnz 1b\n\t"
				 "movdqu %%xmm2, %0"
				 : "=m"(out) : : "eax", "ecx", "xmm2", "xmm3");
		bad += out[0] != 20000;
		runs++;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	CHECK(fpu_hits >= 20 && bad == 0, "SSE state lost in %d of %d runs "
	      "(%d signals)", bad, runs, fpu_hits);
	printf("fpu: ok\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	faults();
	old_sigaction();
	masks();
	restart();
	alternate();
	children();
	asynchronous();
	fpu_state();
	printf("%d failures\n", failures);
	return failures != 0;
}
