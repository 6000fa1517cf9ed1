/*
 * sysfuzz.c - random system calls with hostile arguments, for vxlinux
 * under a policy (test/suite-linux.sh, linux/sysfuzz/...).
 *
 *   sysfuzz [-n NUMBERS] SEED CALLS [FIRST-BATCH [BATCHES]]
 *
 * NUMBERS (comma-separated) are the calls vxlinux serves, which the
 * suite reads from vxlinux/syscall.c: seven calls in eight are drawn from
 * them, the rest from all numbers (unserved ones must say ENOSYS).
 *
 * ptrargs.c and hostile.c try each pointer argument of each call with
 * each kind of bad value, one at a time; this program throws random
 * calls with random mixtures of them (and of integers, descriptors,
 * flags, paths and structures full of such values) at vxlinux, as a
 * hostile or merely broken program would, and checks what no call may
 * do whatever its arguments:
 *
 *   - kill or hang vxlinux (a host fault in vxlinux is the child's death
 *     by a signal; a call that Linux would have ended on SIGALRM and
 *     vxlinux does not is a hang);
 *   - change a read-only page of the guest (its contents are compared
 *     after every call) or an inaccessible one (every 32 calls);
 *   - change guest memory that no argument pointed to: a canary array,
 *     whose address no argument ever holds.
 *
 * The suite checks the host itself afterwards: nothing outside the root
 * changed.  Calls that end or reshape the calling process whatever
 * vxlinux does (exit, execve, fork, signals to itself, signal handlers
 * and masks, timers that deliver signals, resource limits, TLS
 * descriptors) are never made; memory-management calls get addresses in
 * a zone of their own, so that they cannot unmap the fuzzer's memory.
 *
 * Each batch of calls runs in a child of its own (a fresh copy of the
 * fuzzer), watched by the parent through a shared page where the child
 * notes the call it is in.  The calls depend only on SEED and the batch
 * number (and NUMBERS), so `sysfuzz -n NUMBERS SEED CALLS B 1` replays
 * batch B of a failed run.
 * Output: a FAIL line per bad batch, naming the call and its arguments,
 * and a closing "ok" line with counts; the exit status is the number of
 * bad batches.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "rawcall.h"

#define BATCH		250	/* calls per child */
#define NR_MAX		450	/* numbers drawn from 0..NR_MAX-1 (and some beyond) */
#define TICK_US		4000	/* the SIGALRM that ends a blocking call */
#define HANG_S		4	/* no progress for this long: a hang */

/*
 * Guest memory, at fixed addresses so that a seed means the same calls
 * every time:
 *   SCRATCH    16 KiB of random values, rewritten before every call
 *   PATHS      the path strings, rewritten before every call
 *   RO         a read-only page of random values, the last 16 bytes a
 *              string without its NUL that runs into
 *   NONE       an inaccessible page
 *   ZONE       where memory-management calls are aimed
 *   SHARED     the page the parent reads (never an argument)
 */
#define SCRATCH		0x50000000u
#define SCRATCH_LEN	0x4000u
#define PATHS		(SCRATCH + SCRATCH_LEN)
#define RO		(PATHS + 0x1000u)
#define NONE		(RO + 0x1000u)
#define ZONE		0x58000000u
#define ZONE_LEN	0x10000u
#define SHARED		0x5c000000u

/* ------------------------------------------------------------ the calls */

/* Never made: they end or reshape this process whatever vxlinux does. */
static const uint16_t excluded[] = {
	1,	/* exit */		2,	/* fork */
	11,	/* execve */		27,	/* alarm: the watchdog's */
	36,	/* sync: slow, and the host's */
	37,	/* kill */		48,	/* signal */
	67,	/* sigaction */		72,	/* sigsuspend: SIGALRM masked */
	75,	/* setrlimit */		90,	/* old mmap: addresses in memory */
	104,	/* setitimer */		119,	/* sigreturn */
	120,	/* clone */		126,	/* sigprocmask */
	154,	/* sched_setparam */	156,	/* sched_setscheduler (real time) */
	173,	/* rt_sigreturn */	174,	/* rt_sigaction */
	175,	/* rt_sigprocmask */	178,	/* rt_sigqueueinfo */
	179,	/* rt_sigsuspend */	190,	/* vfork */
	238,	/* tkill */		243,	/* set_thread_area: glibc's TLS */
	252,	/* exit_group */	259,	/* timer_create: signals */
	270,	/* tgkill */		324,	/* fallocate: real disk space */
	335,	/* rt_tgsigqueueinfo */	340,	/* prlimit64 */
	435,	/* clone3 */
};

/* Memory management: addresses from the zone (or plainly bad ones). */
static int is_mm(long nr)
{
	return nr == 91 || nr == 125 || nr == 144 || nr == 163 ||
	       nr == 192 || nr == 219;
}

/* Calls that may wait for good with some arguments (a signal mask that
   blocks SIGALRM, a wait for it that consumes it): a hang there is
   Linux's too. */
static int may_hang(long nr)
{
	return nr == 308 || nr == 309 || nr == 319 || nr == 413 ||
	       nr == 414 || nr == 177 || nr == 421;
}

/* ------------------------------------------------------------- values */

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static const char *const paths[] = {
	"/", ".", "..", "/bin/sysfuzz", "/bin", "/tmp", "/tmp/f", "f", "d",
	"d/e", "/tmp/../../..", "../../../../etc/passwd", "/proc/self/mem",
	"/proc/self/maps", "/proc/self/fd/0", "/proc/self/exe",
	"/proc/self/root", "/proc/1/root", "/proc/self/cwd/..",
	"/proc/self/fd", "/dev/null", "", "/tmp/s", "/etc", "fifo",
	"/tmp/l", "l", "/proc/self/status", "/proc/self/environ",
};
#define NPATHS	(sizeof paths / sizeof paths[0])
static uint32_t path_at[NPATHS + 2];	/* + a long name, a too-long path */
static const char *const xnames[] = {
	"user.fz", "security.capability", "trusted.fz", "system.posix_acl_access",
	"user.", "security.selinux", "user.a.much.longer.name.of.an.attribute",
};
#define NXNAMES	(sizeof xnames / sizeof xnames[0])
static uint32_t xname_at[NXNAMES];

#define NFDS	16
static int fds[NFDS];	/* 10 made at the start, 6 recent small results */
static uint16_t served[NR_MAX];	/* -n */
static unsigned nserved;

/* A pointer: mostly into the scratch area, else somewhere bad. */
static uint32_t pointer(void)
{
	switch (rnd() % 16) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return SCRATCH + (rnd() % SCRATCH_LEN & ~3u);
	case 6:
		return SCRATCH + rnd() % SCRATCH_LEN;
	case 7: case 8:
		return path_at[rnd() % (NPATHS + 2)];
	case 9:
		return RO + (rnd() % 0x1000 & ~3u);
	case 10:
		return NONE + (rnd() % 2 ? 0 : rnd() % 0x1000);
	case 11:
		return RO + 0x1000 - 16;	/* the unterminated string */
	case 12:
		return SCRATCH + SCRATCH_LEN - 4 * (1 + rnd() % 8);
	default: {
		static const uint32_t bad[] = {
			0, 1, 0x1000, ZONE - 0x1000, 0xc0000000u, 0xbffffffcu,
			0xfffffffeu, 0xfffff000u, 0xffffffffu, 0x7ffffff0u,
		};
		return bad[rnd() % (sizeof bad / sizeof bad[0])];
	}
	}
}

static uint32_t integer(void)
{
	static const uint32_t special[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 16, 64, 100, 128, 255, 256, 1024, 4095,
		4096, 4097, 65536, 0x7fffffffu, 0x80000000u, 0xffffffffu,
		0xfffffffeu, 0xfffff000u, 0xffffff9cu /* AT_FDCWD */,
		0x10000000u, 0x40000000u,
	};
	switch (rnd() % 8) {
	case 0: case 1: case 2:
		return special[rnd() % (sizeof special / sizeof special[0])];
	case 3:
		return rnd() % 32;
	case 4:
		return 1u << rnd() % 32;
	case 5:
		return rnd() & 0x000fffff;	/* flag words */
	case 6:
		return rnd();
	default:
		return 1 + rnd() % 64;		/* signal numbers */
	}
}

static uint32_t descriptor(void)
{
	switch (rnd() % 5) {
	case 0: case 1:
		return fds[rnd() % NFDS];
	case 2:
		return rnd() % 16;
	case 3:		/* about where vxlinux keeps its own (fds.c) */
		return (rnd() % 2 ? 1024 : 4096) - 2 + rnd() % 8;
	default:
		return rnd() % 3 ? 0xffffff9cu : integer();
	}
}

static uint32_t value(void)
{
	switch (rnd() % 20) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6:
		return pointer();
	case 7: case 8: case 9:
		return descriptor();
	default:
		return integer();
	}
}

/* An address for a memory-management call: the zone, or bad. */
static uint32_t zone_addr(void)
{
	static const uint32_t other[] = {
		0, 0x1000, 0xc0000000u, 0xfffff000u, 0xffffffffu, ZONE + 1,
	};
	if (rnd() % 5 == 0)
		return other[rnd() % (sizeof other / sizeof other[0])];
	return ZONE + (rnd() % (ZONE_LEN / 0x1000)) * 0x1000;
}

/* Fill the scratch area and the paths with fresh values. */
static void refill(void)
{
	uint32_t *w = (uint32_t *)(uintptr_t)SCRATCH;

	for (unsigned i = 0; i < SCRATCH_LEN / 4; i++)
		w[i] = rnd() % 4 ? value() : rnd();
	char *p = (char *)(uintptr_t)PATHS;
	for (unsigned i = 0; i < NPATHS; i++) {
		path_at[i] = (uint32_t)(uintptr_t)p;
		strcpy(p, paths[i]);
		p += strlen(p) + 1;
	}
	path_at[NPATHS] = (uint32_t)(uintptr_t)p;	/* 300 bytes of name */
	memset(p, 'n', 300);
	p[300] = 0;
	p += 301;
	path_at[NPATHS + 1] = (uint32_t)(uintptr_t)p;	/* 3000: / every 2 */
	for (int i = 0; i < 3000; i += 2)
		p[i] = 'a', p[i + 1] = '/';
	p[2999] = 0;
	p += 3000;
	for (unsigned i = 0; i < NXNAMES; i++) {
		xname_at[i] = (uint32_t)(uintptr_t)p;
		strcpy(p, xnames[i]);
		p += strlen(p) + 1;
	}
}

/*
 * Typed arguments, for the calls below: most of the time a call gets
 * arguments of the kinds it takes (a path, a descriptor, a buffer and a
 * length that fits, a structure built in the scratch area), so that it
 * gets past its first check and into the code behind it; one argument
 * in ten stays random.
 *   P path          F descriptor     D directory descriptor or AT_FDCWD
 *   B buffer        N its length     X flags          I small integer
 *   O open flags    M mode           T timespec       U timespec (64-bit)
 *   V iovec array   Q pollfd array   C their count    E epoll_event
 *   A sockaddr_un   L its length     S xattr name
 */
static const char *const sig[NR_MAX] = {
	[3] = "FBN", [4] = "FBN", [5] = "POM", [6] = "F", [8] = "PM",
	[9] = "PP", [10] = "P", [12] = "P", [14] = "PMI", [15] = "PM",
	[19] = "FII", [33] = "PI", [38] = "PP", [39] = "PM", [40] = "P",
	[41] = "F", [42] = "B", [54] = "FXB", [55] = "FIX", [63] = "FI",
	[83] = "PP", [85] = "PBN", [92] = "PN", [93] = "FN", [94] = "FM",
	[118] = "F", [122] = "B", [133] = "F", [140] = "FIIBI",
	[141] = "FBN", [142] = "IBBBT", [143] = "FI", [145] = "FVC",
	[146] = "FVC", [162] = "TB", [168] = "QCI", [180] = "FBNII",
	[181] = "FBNII", [183] = "BN", [187] = "FFBN", [195] = "PB",
	[196] = "PB", [197] = "FB", [220] = "FBN", [221] = "FIX",
	[226] = "PSBNX", [227] = "PSBNX", [228] = "FSBNX", [229] = "PSBN",
	[230] = "PSBN", [231] = "FSBN", [232] = "PBN", [233] = "PBN",
	[234] = "FBN", [235] = "PS", [236] = "PS", [237] = "FS",
	[239] = "FFBN", [255] = "FIFE", [256] = "FBCI", [268] = "PNB",
	[269] = "FNB", [292] = "FPX", [295] = "DPOM", [296] = "DPM",
	[297] = "DPMI", [298] = "DPIIX", [300] = "DPBX", [301] = "DPX",
	[302] = "DPDP", [303] = "DPDPX", [304] = "PDP", [305] = "DPBN",
	[306] = "DPM", [307] = "DPI", [309] = "QCTBN", [320] = "DPBX",
	[325] = "FXTB", [330] = "FIX", [331] = "BX", [353] = "DPDPX",
	[355] = "BNX", [359] = "III", [360] = "IIIB", [361] = "FAL",
	[362] = "FAL", [363] = "FI", [364] = "FBBX", [365] = "FIIBB",
	[366] = "FIIBN", [367] = "FBB", [368] = "FBB", [369] = "FBNXAL",
	[371] = "FBNXBB", [373] = "FI", [383] = "DPXXB", [407] = "IXUB",
	[414] = "QCUBN", [439] = "DPIX",
};

/* Room for n bytes somewhere in the scratch area. */
static uint32_t place(uint32_t n)
{
	return SCRATCH + (rnd() % (SCRATCH_LEN - n) & ~7u);
}

static uint32_t typed(char kind, uint32_t count)
{
	uint32_t *w, at;

	switch (kind) {
	case 'P':
		return rnd() % 8 ? path_at[rnd() % NPATHS] : pointer();
	case 'F':
		return fds[rnd() % NFDS];
	case 'D':
		return rnd() % 5 < 3 ? 0xffffff9cu : fds[rnd() % NFDS];
	case 'B':
		return SCRATCH + (rnd() % (SCRATCH_LEN / 2) & ~3u);
	case 'N':
		return rnd() % 4 ? rnd() % (SCRATCH_LEN / 2) : 1u << rnd() % 13;
	case 'X':
		return rnd() % 3 ? 0 : rnd() & rnd() & 0xfffff;
	case 'I':
		return rnd() % 3 ? rnd() % 8 : rnd() % 256;
	case 'O': {
		static const uint32_t of[] = {
			O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND,
			O_NONBLOCK, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_PATH,
			O_TMPFILE, O_LARGEFILE, O_NOCTTY, O_SYNC,
		};
		uint32_t f = 0;
		for (unsigned i = rnd() % 4; i; i--)
			f |= of[rnd() % (sizeof of / sizeof of[0])];
		return f;
	}
	case 'M': {
		static const uint32_t type[] = { 0, 0, S_IFREG, S_IFIFO,
						 S_IFSOCK, S_IFCHR, S_IFDIR };
		return type[rnd() % 7] | rnd() % 07777;
	}
	case 'T':
		w = (uint32_t *)(uintptr_t)(at = place(8));
		w[0] = rnd() % 8 ? 0 : 1;
		w[1] = rnd() % 3000000;
		return at;
	case 'U':
		w = (uint32_t *)(uintptr_t)(at = place(16));
		w[0] = w[1] = w[3] = 0;
		w[2] = rnd() % 3000000;
		return at;
	case 'V':	/* count entries of {buffer, length} */
		w = (uint32_t *)(uintptr_t)(at = place(64));
		for (uint32_t i = 0; i < 8; i++) {
			w[2 * i] = typed('B', 0);
			w[2 * i + 1] = rnd() % 2048;
		}
		return at;
	case 'Q':	/* {fd, events, revents} */
		w = (uint32_t *)(uintptr_t)(at = place(64));
		for (uint32_t i = 0; i < 8; i++) {
			w[2 * i] = fds[rnd() % NFDS];
			w[2 * i + 1] = rnd() & 0x3f;
		}
		return at;
	case 'C':
		return rnd() % 8 ? 1 + rnd() % 8 : rnd() % 1024;
	case 'E':
		w = (uint32_t *)(uintptr_t)(at = place(12));
		w[0] = rnd() & 0x8000003f;
		return at;
	case 'A': {	/* AF_UNIX: a path, or an abstract name */
		char *a = (char *)(uintptr_t)(at = place(112));
		a[0] = 1, a[1] = 0;
		strcpy(a + 2, rnd() % 2 ? "/tmp/s" : "s");
		if (rnd() % 3 == 0)
			a[2] = 0;
		return at;
	}
	case 'L':
		return rnd() % 4 ? 2 + 7 + rnd() % 3 : rnd() % 120;
	case 'S':
		return xname_at[rnd() % NXNAMES];
	}
	(void)count;
	return value();
}

/* ------------------------------------------------------------ checking */

/* What the child is doing, for the parent (the SHARED page). */
struct record {
	volatile uint32_t progress;	/* calls made, 0 before the first */
	volatile uint32_t nr, args[6];
	volatile int32_t result;
	volatile uint32_t ncalls, nenosys, nsucceeded;
	volatile char bad[160];		/* what the child found wrong */
	volatile uint8_t succeeded[NR_MAX];
};
#define rec	((struct record *)(uintptr_t)SHARED)

static uint8_t ro_ref[4096];
static uint8_t none_ref[4096];
static uint8_t canary[16384];

static uint8_t canary_byte(unsigned i)
{
	return (uint8_t)(i * 131 + 17);
}

static int unchanged(void)
{
	const char *what = NULL;

	if (memcmp((void *)(uintptr_t)RO, ro_ref, sizeof ro_ref))
		what = "the read-only page changed";
	for (unsigned i = 0; !what && i < sizeof canary; i++)
		if (canary[i] != canary_byte(i))
			what = "guest memory no argument pointed to changed";
	if (!what && rec->progress % 32 == 0) {
		/* (mprotect's own result matters: it fails if a call left
		   the page unmapped or mapped something else there) */
		if (sys6(125, NONE, 0x1000, PROT_READ, 0, 0, 0) != 0)
			what = "the inaccessible page went away";
		else if (memcmp((void *)(uintptr_t)NONE, none_ref, 4096))
			what = "the inaccessible page changed";
		sys6(125, NONE, 0x1000, PROT_NONE, 0, 0, 0);
	}
	if (what)
		snprintf((char *)rec->bad, sizeof rec->bad, "%s", what);
	return !what;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void arm(long us)
{
	struct itimerval t = { .it_value = { 0, us } };

	sys6(104, ITIMER_REAL, (long)&t, 0, 0, 0, 0);
}

/* The child: BATCH calls of batch b. */
static void child(uint64_t seed, unsigned b)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };

	/* Every signal a call could bring on itself is ignored (SIGPIPE,
	   SIGXFSZ, SIGIO, SIGTTOU, ...), but for the SIGALRM that ends a
	   blocking call, without SA_RESTART. */
	for (int s = 1; s < 65; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGALRM)
			sigaction(s, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	/* What calls write to 0, 1 and 2 goes to a file of the root's
	   (under --read-only a pipe nobody reads), not into the suite's
	   output. */
	int junk = open("/tmp/junk", O_RDWR | O_CREAT | O_TRUNC, 0600), p[2];
	if (junk < 0 && pipe(p) == 0) {
		close(p[0]);
		junk = p[1];
	}
	if (junk < 0)
		_exit(4);
	for (int fd = 0; fd < 3; fd++)
		dup2(junk, fd);

	/* Descriptors of each kind for the calls to find (a file with
	   data, a directory, both ends of a pipe, a pair of sockets, an
	   eventfd, an epoll, an inotify, a timerfd), where the policy
	   lets them be made; the rest stay 0, 1, 2. */
	long made[10] = { 0 };
	uint32_t pair[2] = { 0, 0 };
	made[0] = sys6(5, (long)"/tmp/f", O_RDWR | O_CREAT, 0600, 0, 0, 0);
	if (made[0] >= 0)
		sys6(4, made[0], SCRATCH, 4096, 0, 0, 0);
	made[1] = sys6(5, (long)"/", O_RDONLY | O_DIRECTORY, 0, 0, 0, 0);
	if (sys6(42, (long)pair, 0, 0, 0, 0, 0) == 0)
		made[2] = pair[0], made[3] = pair[1];
	if (sys6(360, 1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, (long)pair,
		 0, 0) == 0)
		made[4] = pair[0], made[5] = pair[1];
	made[6] = sys6(328, 0, 0, 0, 0, 0, 0);			/* eventfd2 */
	made[7] = sys6(329, 0, 0, 0, 0, 0, 0);			/* epoll_create1 */
	made[8] = sys6(332, 0, 0, 0, 0, 0, 0);			/* inotify_init1 */
	made[9] = sys6(322, 1 /* CLOCK_MONOTONIC */, 0, 0, 0, 0, 0); /* timerfd */

	rng = seed * 0x9e3779b97f4a7c15ull + b + 1;
	for (int i = 0; i < NFDS; i++)
		fds[i] = i < 10 && made[i] > 2 ? (int)made[i] : i % 3;
	for (unsigned i = 0; i < BATCH; i++) {
		uint32_t a[6], nr;

		refill();
		do {
			if (nserved && rnd() % 8)
				nr = served[rnd() % nserved];
			else
				nr = rnd() % 32 ? rnd() % NR_MAX :
				     rnd() % 2 ? NR_MAX + rnd() % 100 : rnd();
			for (unsigned k = 0; k < sizeof excluded / 2; k++)
				if (nr == excluded[k])
					nr = 0xffffffffu;
		} while (nr == 0xffffffffu);
		const char *t = nr < NR_MAX && rnd() % 4 ? sig[nr] : NULL;
		for (int k = 0; k < 6; k++)
			a[k] = t && k < (int)strlen(t) && rnd() % 10 ?
			       typed(t[k], 0) : value();
		if (is_mm(nr)) {
			a[0] = zone_addr();
			if (a[1] > 0x100000)	/* no gigabytes populated */
				a[1] &= 0xfffff;
			if (nr == 192)		/* mmap2: no MAP_POPULATE, MAP_LOCKED */
				a[3] &= ~0xa000u;
			if (nr == 163)		/* mremap's new size and place */
				a[2] &= 0xfffff, a[4] = zone_addr();
		}
		if ((nr == 55 || nr == 221) && a[1] == 10)	/* F_SETSIG */
			a[1] = 11;
		rec->nr = nr;
		memcpy((void *)rec->args, a, sizeof a);
		rec->progress = i + 1;
		arm(TICK_US);
		long r = sys6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		arm(0);
		rec->result = (int32_t)r;
		rec->ncalls++;
		if (r == -38)
			rec->nenosys++;
		else if (r >= 0 || r < -4095) {
			rec->nsucceeded++;
			if (nr < NR_MAX)
				rec->succeeded[nr] = 1;
		}
		if (r >= 0 && r < 64)
			fds[10 + rnd() % (NFDS - 10)] = (int)r;
		if (!unchanged())
			_exit(3);
	}
	_exit(0);
}

/* ------------------------------------------------------------- parent */

static int map_at(uint32_t addr, uint32_t len, int prot, int flags)
{
	return mmap((void *)(uintptr_t)addr, len, prot,
		    flags | MAP_FIXED | MAP_ANONYMOUS, -1, 0) ==
	       (void *)(uintptr_t)addr;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		for (char *p = argv[2]; *p && nserved < NR_MAX; p++) {
			unsigned long n = strtoul(p, &p, 10);
			if (n < NR_MAX)
				served[nserved++] = (uint16_t)n;
			if (!*p)
				break;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: sysfuzz [-n NUMBERS] SEED CALLS [FIRST-BATCH [BATCHES]]\n");
		return 100;
	}
	uint64_t seed = strtoull(argv[1], NULL, 0);
	unsigned nbatch = (unsigned)(strtoul(argv[2], NULL, 0) + BATCH - 1) / BATCH;
	unsigned first = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 0;
	if (argc > 4)
		nbatch = (unsigned)strtoul(argv[4], NULL, 0);
	setvbuf(stdout, NULL, _IONBF, 0);

	if (!map_at(SCRATCH, SCRATCH_LEN + 0x3000, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE) ||
	    !map_at(SHARED, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED)) {
		printf("FAIL set-up: cannot map the fuzzer's memory\n");
		return 100;
	}
	rng = seed + 0x5eed;
	for (unsigned i = 0; i < 4096; i++) {
		ro_ref[i] = (uint8_t)rnd();
		none_ref[i] = (uint8_t)rnd();
	}
	memset(ro_ref + 4096 - 16, 's', 16);	/* no NUL before NONE */
	memcpy((void *)(uintptr_t)RO, ro_ref, 4096);
	memcpy((void *)(uintptr_t)NONE, none_ref, 4096);
	mprotect((void *)(uintptr_t)RO, 0x1000, PROT_READ);
	mprotect((void *)(uintptr_t)NONE, 0x1000, PROT_NONE);
	for (unsigned i = 0; i < sizeof canary; i++)
		canary[i] = canary_byte(i);

	unsigned bad = 0, hung = 0, calls = 0, enosys = 0, succeeded = 0;
	uint8_t any[NR_MAX] = { 0 };
	for (unsigned b = first; b < first + nbatch; b++) {
		memset((void *)rec, 0, sizeof *rec);
		pid_t pid = fork();
		if (pid < 0) {
			printf("FAIL batch %u: fork: %m\n", b);
			return 100;
		}
		if (pid == 0)
			child(seed, b);

		/* Watch: the child's progress, or its end. */
		int st = 0, killed = 0;
		uint32_t last = 0;
		time_t since = time(NULL);
		struct timespec ms10 = { 0, 10 * 1000 * 1000 };
		while (waitpid(pid, &st, WNOHANG) == 0) {
			if (rec->progress != last) {
				last = rec->progress;
				since = time(NULL);
			} else if (time(NULL) - since > HANG_S) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				killed = 1;
				break;
			}
			nanosleep(&ms10, NULL);
		}
		calls += rec->ncalls;
		enosys += rec->nenosys;
		succeeded += rec->nsucceeded;
		for (int i = 0; i < NR_MAX; i++)
			any[i] |= rec->succeeded[i];
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && !killed)
			continue;
		if (killed && may_hang(rec->nr)) {
			hung++;
			continue;
		}
		if (++bad > 10)
			continue;
		if (!rec->progress) {
			printf("FAIL batch %u: the child ended before its first "
			       "call, status %#x\n", b, st);
			continue;
		}
		printf("FAIL batch %u call %u: %u(%#x, %#x, %#x, %#x, %#x, %#x) ",
		       b, rec->progress - 1, rec->nr, rec->args[0],
		       rec->args[1], rec->args[2], rec->args[3], rec->args[4],
		       rec->args[5]);
		if (killed)
			printf("never returned (%d s without progress)\n",
			       HANG_S);
		else if (WIFSIGNALED(st))
			printf("killed the child: signal %d (%s)\n",
			       WTERMSIG(st), strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st) == 3)
			printf("returned %d, and then %s\n", rec->result,
			       (const char *)rec->bad);
		else
			printf("the child exited with status %d\n",
			       WEXITSTATUS(st));
	}
	unsigned distinct = 0;
	for (int i = 0; i < NR_MAX; i++)
		distinct += any[i];
	printf("%s sysfuzz seed %llu batches %u-%u: %u calls, %u -ENOSYS, "
	       "%u succeeded (%u numbers at least once), %u bad batches, "
	       "%u hung where Linux may too\n", bad ? "FAIL" : "ok",
	       (unsigned long long)seed, first, first + nbatch - 1, calls,
	       enosys, succeeded, distinct, bad, hung);
	return (int)(bad < 100 ? bad : 99);
}
