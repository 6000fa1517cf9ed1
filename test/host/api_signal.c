/*
 * api_signal.c - the library's signal handlers and the host's (security
 * invariants 9 and 11, doc/security.md).
 *
 * Invariant 11: a fault is the guest's only if it comes from the current
 * thread's guest code (translated code or the string routines) and, for
 * SIGSEGV/SIGBUS, at an address of that guest's reservation, guard tail
 * or poll page; every other SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP
 * goes to the handler the host had installed before vx32_init() (or, with
 * none, kills the host as the default action would).  The host's own
 * faults here: reading a PROT_NONE page of its own, reading a guest's
 * unmapped page through a raw pointer (inside the reservation, but not
 * guest code), dividing by zero, ud2, int3, touching a file mapping past
 * its end (SIGBUS), in the thread that runs guests and in another thread
 * while a guest runs.
 *
 * Invariant 9: after vx32_init() no 64 KiB block of the host's low 4 GiB
 * (above 64 KiB) is free for the kernel to place a signal frame or
 * anything else in.
 *
 * The handlers are installed before vx32_init(), in main().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include "check.h"

static sigjmp_buf env;
static volatile sig_atomic_t got_sig, got_plain;
static void *volatile got_addr;

/* The host's own handler: records the signal, returns to the check. */
static void host_handler(int sig, siginfo_t *si, void *uc)
{
	got_sig = sig;
	got_addr = si->si_addr;
	siglongjmp(env, 1);
}

/* A handler of the old kind (no SA_SIGINFO), for SIGBUS. */
static void plain_handler(int sig)
{
	got_plain = sig;
	siglongjmp(env, 1);
}

static void install(void)
{
	struct sigaction sa;
	static const int sigs[] = { SIGSEGV, SIGFPE, SIGILL, SIGTRAP };

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = host_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = plain_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGBUS, &sa, NULL);
}

/* Run fault(arg); 1 if the host handler saw signal sig (at addr, if
   addr is not NULL). */
static int host_gets(void (*fault)(void *), void *arg, int sig, void *addr)
{
	got_sig = 0;
	got_addr = NULL;
	if (sigsetjmp(env, 1) == 0) {
		fault(arg);
		return 0;		/* no signal at all */
	}
	return got_sig == sig && (!addr || got_addr == addr);
}

static void read_at(void *p) { (void)*(volatile char *)p; }

/* (in assembly: a compiler may turn 1 / x into a comparison) */
static void divide(void *p)
{
	__asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\tdivl %0"
			 : : "r"(0) : "eax", "edx");
}

static void ud2(void *p) { __asm__ volatile("ud2"); }
static void int3(void *p) { __asm__ volatile("int3"); }

/* A guest that ran (so the library's state exists) and is between runs. */
static vxproc *ran_guest(const char *name)
{
	static const uint8_t code[] = { 0x90, STOP };
	vxproc *p = guest(name, code, sizeof code);

	if (vxproc_run(p) != VXTRAP_SOFT + 0x30)
		die(name, "the guest did not run");
	return p;
}

static void test_host_faults(void)
{
	vxproc *p = ran_guest("chain");
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	alarm(10);	/* an unchained fault would repeat for ever */
	int ok = host_gets(read_at, none, SIGSEGV, none);
	check("chain-segv-host-page", ok,
	      "a host read of its own PROT_NONE page: the host handler saw "
	      "signal %d at %p", got_sig, got_addr);

	/* Inside the guest's reservation, but from host code. */
	char *host = vxmem_hostptr(p, DATA_ADDR, 4096, VXPERM_READ);
	char *hole = host ? host + 0x10000 : NULL;	/* 0x40000: unmapped */
	ok = hole && host_gets(read_at, hole, SIGSEGV, hole);
	check("chain-segv-in-reservation", ok,
	      "a host read of an unmapped guest page: the host handler saw "
	      "signal %d at %p (want %p)", got_sig, got_addr, (void *)hole);
	ok = host_gets(divide, NULL, SIGFPE, NULL);
	check("chain-fpe", ok,
	      "host division by zero: the host handler saw signal %d", got_sig);
	ok = host_gets(ud2, NULL, SIGILL, NULL);
	check("chain-ill", ok,
	      "host ud2: the host handler saw signal %d", got_sig);
	ok = host_gets(int3, NULL, SIGTRAP, NULL);
	check("chain-trap", ok,
	      "host int3: the host handler saw signal %d", got_sig);

	/* SIGBUS: a file mapping touched past the end of the file, to a
	   handler of the old kind. */
	char path[] = "/tmp/vx32sigbusXXXXXX";
	int fd = mkstemp(path);
	char *m = fd >= 0 ? mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) :
		  MAP_FAILED;
	unlink(path);
	got_plain = 0;
	if (m != MAP_FAILED && sigsetjmp(env, 1) == 0)
		read_at(m);
	check("chain-bus-plain-handler", got_plain == SIGBUS,
	      "a host SIGBUS: the host's sa_handler saw %d", got_plain);

	/* The guest's own fault stays the guest's. */
	static const uint8_t rd[] = { 0xa1, 0x00, 0x00, 0x05, 0x00 };
	vxproc *g = guest("guest-fault", rd, sizeof rd);	/* mov 0x50000 */
	got_sig = 0;
	int t = vxproc_run(g);
	check("guest-fault-not-chained", t == VXTRAP_PAGEFAULT && got_sig == 0 &&
	      g->cpu->trapva == 0x50000,
	      "trap %#x trapva %#x, host handler saw %d", t, g->cpu->trapva,
	      got_sig);
	vxproc_free(g);
	vxproc_free(p);
	alarm(0);
}

/* Another thread runs a guest in a loop while this one faults. */
static vxproc *looper;
static volatile int loop_trap = -1;

static void *run_loop(void *arg)
{
	loop_trap = vxproc_run(looper);
	return NULL;
}

static void test_other_thread(void)
{
	static const uint8_t loop[] = { 0x40, 0xeb, 0xfd };	/* inc; jmp */
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	pthread_t th;

	alarm(10);
	looper = guest("chain-thread", loop, sizeof loop);
	pthread_create(&th, NULL, run_loop, NULL);
	usleep(50000);		/* the guest is running */
	int ok = host_gets(read_at, none, SIGSEGV, none);
	vxproc_interrupt(looper);
	pthread_join(th, NULL);
	check("chain-while-guest-runs", ok && loop_trap == VXTRAP_IRQ,
	      "host fault in another thread while a guest runs: handler saw "
	      "%d at %p; the guest stopped with %#x", got_sig, got_addr,
	      loop_trap);
	vxproc_free(looper);
	alarm(0);
}

/* With no handler of the host's, a host fault kills the host with the
   signal (the library must not swallow or loop on it).  Run in a fresh
   process: `api_signal --default-child`. */
static int default_child(void)
{
	signal(SIGSEGV, SIG_DFL);
	if (vx32_init() < 0)
		return 3;
	vxproc *p = ran_guest("default");
	(void)p;
	alarm(10);
	read_at(mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	return 4;		/* survived a fault */
}

static void test_default_action(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/proc/self/exe", "api_signal", "--default-child",
		      (char *)NULL);
		_exit(5);
	}
	waitpid(pid, &st, 0);
	check("chain-default-kills", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "a host fault without a host handler: status %#x, want death "
	      "by SIGSEGV", st);
}

/* Whole 64 KiB blocks in the gap [from, to). */
static long blocks(unsigned long from, unsigned long to)
{
	from = (from + 0xffff) & ~0xfffful;
	to &= ~0xfffful;
	return to > from ? (long)((to - from) / 0x10000) : 0;
}

/* Free 64 KiB blocks of [64 KiB, 4 GiB) according to /proc/self/maps. */
static long free_low_blocks(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, at = 0x10000;
	long n = 0;
	char line[512];

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f) &&
	       sscanf(line, "%lx-%lx", &lo, &hi) == 2 && at < 0x100000000ul) {
		n += blocks(at, lo < 0x100000000ul ? lo : 0x100000000ul);
		if (hi > at)
			at = hi;
	}
	fclose(f);
	return n + blocks(at, 0x100000000ul);
}

static long free_before;

/* A host mapping below 4 GiB made before vx32_init(): the reservation
   must go around it, never over it. */
#define HOST_LOW	((void *)0x50000000)
static uint8_t *host_low;

static void map_host_low(void)
{
	void *m = mmap(HOST_LOW, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		       MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (m != HOST_LOW)
		return;		/* something of the host's is there already */
	host_low = m;
	for (int i = 0; i < 4096; i++)
		host_low[i] = (uint8_t)(i * 7 + 1);
}

/* Is the host's page still there, readable and writable, as it was?
   (Through a pipe, so that a page replaced by the reservation is an
   EFAULT here, not a crash.) */
static int host_low_intact(void)
{
	uint8_t back[4096];
	int fd[2], ok = 1;

	if (pipe(fd) < 0)
		return 0;
	for (int i = 0; i < 4096 && ok; i += 1024)
		ok = write(fd[1], host_low + i, 1024) == 1024 &&
		     read(fd[0], back + i, 1024) == 1024 &&
		     write(fd[1], back + i, 1024) == 1024 &&
		     read(fd[0], host_low + i, 1024) == 1024;
	close(fd[0]);
	close(fd[1]);
	for (int i = 0; i < 4096 && ok; i++)
		ok = back[i] == (uint8_t)(i * 7 + 1);
	return ok;
}

static void test_low4g(void)
{
	long after = free_low_blocks();

	/* the measurement sees free memory where there is some */
	check("low4g-free-before-init", free_before > 1000,
	      "%ld free 64 KiB blocks below 4 GiB before vx32_init()",
	      free_before);
	check("low4g-reserved", after == 0,
	      "%ld free 64 KiB blocks below 4 GiB after vx32_init()", after);
	void *m = mmap((void *)0x40000000, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check("low4g-mmap-refused", m == MAP_FAILED && errno == EEXIST,
	      "mmap at 1 GiB after vx32_init() gave %p (errno %d)", m, errno);
	check("low4g-host-mapping-kept", host_low && host_low_intact(),
	      host_low ? "the host's page at %p was replaced or changed by "
	      "vx32_init()" : "could not map a host page at %p before "
	      "vx32_init()", HOST_LOW);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--default-child"))
		return default_child();
	map_host_low();
	free_before = free_low_blocks();
	guest_space = 16 << 20;	/* two guests alive at once (seg: both fit) */
	install();
	if (vx32_init() < 0) {
		printf("not ok init: vx32_init failed (errno %d)\n", errno);
		return 1;
	}
	isolated("host-faults", test_host_faults);
	isolated("other-thread", test_other_thread);
	isolated("default-action", test_default_action);
	isolated("low4g", test_low4g);
	return nfailed != 0;
}
