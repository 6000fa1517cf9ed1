/*
 * api_thread.c - vxproc_interrupt from another thread and from a signal
 * handler stops a guest spinning forever; many guests in one process, run
 * one after another and on two threads at once, stay independent; guests
 * that fault on one thread do not disturb a guest on another.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "check.h"

static const uint8_t spin_tight[] = { 0xeb, 0xfe };	/* jmp . */
static const uint8_t spin_blocks[] = {
	0x40,			/* 0: inc %eax */
	0x74, 0x02,		/* 1: jz 5 */
	0xeb, 0xfb,		/* 3: jmp 0 */
	0x41,			/* 5: inc %ecx */
	0xeb, 0xf8,		/* 6: jmp 0 */
};

struct killer {
	vxproc *p;
	int delay_ms;
};

static void *interrupt_later(void *arg)
{
	struct killer *k = arg;
	struct timespec ts = { 0, k->delay_ms * 1000000L };

	nanosleep(&ts, NULL);
	vxproc_interrupt(k->p);
	return NULL;
}

static void watchdog(int sig)
{
	static const char msg[] = "not ok watchdog: a guest was not interrupted within 20 s\n";

	(void)sig;
	write(1, msg, sizeof msg - 1);
	_exit(1);
}

/* Interrupt a spinning guest from another thread, twice (resume works). */
static void interrupt_thread(const char *name, const uint8_t *code, size_t len)
{
	vxproc *p = guest(name, code, len);
	struct killer k = { p, 100 };
	pthread_t th;
	int round, t = -1, ok = 1;

	alarm(20);
	for (round = 0; round < 2 && ok; round++) {
		pthread_create(&th, NULL, interrupt_later, &k);
		t = vxproc_run(p);
		pthread_join(th, NULL);
		ok = t == VXTRAP_IRQ && p->cpu->eip >= CODE_ADDR &&
		     p->cpu->eip < CODE_ADDR + len;
	}
	alarm(0);
	check(name, ok, "round %d: trap %#x eip %#x", round, t, p->cpu->eip);
	vxproc_free(p);
}

static void test_interrupt_tight(void)
{
	interrupt_thread("interrupt-tight-loop", spin_tight, sizeof spin_tight);
}

static void test_interrupt_blocks(void)
{
	interrupt_thread("interrupt-block-loop", spin_blocks, sizeof spin_blocks);
}

static vxproc *alarm_target;

static void on_alarm(int sig)
{
	(void)sig;
	vxproc_interrupt(alarm_target);
}

/* A timer signal handler calling vxproc_interrupt: vxrun's CPU limit. */
static void test_interrupt_signal(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	vxproc *p = guest("interrupt-from-signal", spin_blocks, sizeof spin_blocks);
	int t;

	/* SA_ONSTACK: the signal may arrive while rsp holds a guest value */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGPROF, &sa, NULL);
	alarm_target = p;
	setitimer(ITIMER_PROF, &it, NULL);
	alarm(20);
	t = vxproc_run(p);
	alarm(0);
	check("interrupt-from-signal", t == VXTRAP_IRQ, "trap %#x", t);
	vxproc_free(p);
}

/* An interrupt requested before vxproc_run makes it return at once. */
static void test_interrupt_before(void)
{
	vxproc *p = guest("interrupt-before-run", spin_tight, sizeof spin_tight);
	int t;

	alarm(20);
	vxproc_interrupt(p);
	t = vxproc_run(p);
	alarm(0);
	check("interrupt-before-run", t == VXTRAP_IRQ, "trap %#x", t);
	vxproc_free(p);
}

/*
 * A guest that sums 1..n into eax (n in ecx) and stores the result at
 * DATA_ADDR, then stops.  Each instance gets its own n.
 */
static const uint8_t sum_code[] = {
	0x31, 0xc0,				/* xor %eax, %eax */
	0x01, 0xc8,				/* 2: add %ecx, %eax */
	0xe2, 0xfc,				/* loop 2 */
	0xa3, 0x00, 0x00, 0x03, 0x00,		/* mov %eax, DATA_ADDR */
	STOP,
};

static uint32_t expected_sum(uint32_t n)
{
	return (uint32_t)((uint64_t)n * (n + 1) / 2);
}

#define NPROCS	64

static void test_many(void)
{
	vxproc *ps[NPROCS];
	int i, bad = -1, t = 0;
	uint32_t v = 0;

	guest_space = 16 << 20;
	for (i = 0; i < NPROCS; i++) {
		ps[i] = guest("many-procs", sum_code, sizeof sum_code);
		ps[i]->cpu->reg[ECX] = 1000 + i;
	}
	/* run them in an interleaved order; memory must stay separate */
	for (i = 0; i < NPROCS; i++) {
		int j = (i * 37) % NPROCS;

		t = vxproc_run(ps[j]);
		if (t != VXTRAP_SOFT + 0x30 && bad < 0)
			bad = j;
	}
	for (i = 0; i < NPROCS && bad < 0; i++) {
		vxmem_read(ps[i], &v, DATA_ADDR, 4);
		if (v != expected_sum(1000 + i) || ps[i]->cpu->reg[EAX] != v)
			bad = i;
	}
	check("many-procs", bad < 0, "guest %d: trap %#x, result %u", bad, t, v);
	for (i = 0; i < NPROCS; i++)
		vxproc_free(ps[i]);
}

/* Host virtual memory size in KiB (VmSize), or -1. */
static long vmsize_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmSize: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/*
 * Allocating and freeing must give back the 4 GiB reservations: after 300
 * cycles the address space may not have grown by even one reservation.
 */
static void test_alloc_free(void)
{
	vxproc *p;
	long before, after;
	int i;

	p = vxproc_alloc();	/* let one-time set-up happen first */
	vxproc_free(p);
	before = vmsize_kb();
	for (i = 0; i < 300; i++) {
		p = vxproc_alloc();
		if (!p)
			break;
		vxmem_map(p, 0x10000, 0x10000, VXPERM_READ | VXPERM_WRITE);
		vxproc_free(p);
	}
	after = vmsize_kb();
	check("alloc-free", i == 300 && after - before < 4L * 1024 * 1024,
	      "%d cycles; VmSize grew from %ld to %ld KiB", i, before, after);
}

struct worker {
	int id, ok, faults;
	char why[160];
};

/*
 * Each worker runs several guests in turn: a long sum, then a guest that
 * page-faults and one that divides by zero (host signals on this thread),
 * checking every result.
 */
static void *work(void *arg)
{
	static const uint8_t fault[] = { 0xa1, 0x00, 0x50, 0x00, 0x00 };
	static const uint8_t div0[] = { 0x31, 0xc9, 0xf7, 0xf1 };
	struct worker *w = arg;
	int round, t;

	w->ok = 1;
	for (round = 0; round < 40 && w->ok; round++) {
		uint32_t n = 100000 + 1000 * w->id + round, v = 0;
		vxproc *p = guest("threads", sum_code, sizeof sum_code);

		p->cpu->reg[ECX] = n;
		t = vxproc_run(p);
		vxmem_read(p, &v, DATA_ADDR, 4);
		if (t != VXTRAP_SOFT + 0x30 || v != expected_sum(n)) {
			snprintf(w->why, sizeof w->why, "thread %d round %d: trap %#x sum %u",
				 w->id, round, t, v);
			w->ok = 0;
		}
		vxproc_free(p);

		p = guest("threads", round & 1 ? fault : div0,
			  round & 1 ? sizeof fault : sizeof div0);
		t = vxproc_run(p);
		if (t != (round & 1 ? VXTRAP_PAGEFAULT : VXTRAP_DIVIDE)) {
			snprintf(w->why, sizeof w->why, "thread %d round %d: fault guest gave trap %#x",
				 w->id, round, t);
			w->ok = 0;
		}
		w->faults++;
		vxproc_free(p);
	}
	return NULL;
}

static void test_threads(void)
{
	struct worker w[2] = { { .id = 0 }, { .id = 1 } };
	pthread_t th[2];
	int i;

	alarm(60);
	guest_space = 16 << 20;	/* several guests alive at once */
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, work, &w[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	alarm(0);
	check("two-threads", w[0].ok && w[1].ok, "%s", !w[0].ok ? w[0].why : w[1].why);
}

int main(void)
{
	signal(SIGALRM, watchdog);
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("interrupt-tight", test_interrupt_tight);
	isolated("interrupt-blocks", test_interrupt_blocks);
	isolated("interrupt-signal", test_interrupt_signal);
	isolated("interrupt-before", test_interrupt_before);
	isolated("many", test_many);
	isolated("alloc-free", test_alloc_free);
	isolated("threads", test_threads);
	return nfailed != 0;
}
