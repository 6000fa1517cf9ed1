/*
 * calls.c - system calls real i386 programs were seen to need, each
 * checked against what Linux does: the old sigsuspend (klibc's shells),
 * rt_sigtimedwait (tini; also a signal vxlinux's library handles, and
 * the sigset size), POSIX timers (the old setting, SIGEV_THREAD_ID), the
 * scheduler calls, getcpu,
 * PR_SET_CHILD_SUBREAPER, epoll, close_range, eventfd, timerfd,
 * inotify, preadv/pwritev, fallocate, and readdir/telldir/seekdir of a large
 * directory by a program built without _FILE_OFFSET_BITS=64 (32-bit
 * directory positions).  Self-checking: prints one line per check and
 * "N failures"; the same binary run natively must agree.
 *
 *   calls DIR    (DIR: scratch directory on the file system to test)
 */
#undef _FILE_OFFSET_BITS	/* the non-LFS interfaces, on purpose */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1++;
}

static void old_sigsuspend(void)
{
	sigset_t all;
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigaction(SIGUSR1, &sa, NULL);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	kill(getpid(), SIGUSR1);
	/* sigsuspend(0, 0, mask): the 32-bit mask of the old call, here
	   everything but SIGUSR1. */
	long r;
	__asm__ volatile("int $0x80" : "=a"(r)
			 : "0"(72), "b"(0), "c"(0),
			   "d"(~(1ul << (SIGUSR1 - 1)))
			 : "memory");
	CHECK(r == -EINTR && got_usr1 == 1, "old sigsuspend: %ld, handler ran %d",
	      r, (int)got_usr1);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}

static void sigtimedwait_calls(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int r = sigtimedwait(&set, &si, &ts);
	CHECK(r < 0 && errno == EAGAIN, "sigtimedwait times out: %d", r);
	union sigval v = { .sival_int = 4242 };
	sigqueue(getpid(), SIGUSR2, v);
	r = sigtimedwait(&set, &si, &ts);
	CHECK(r == SIGUSR2 && si.si_signo == SIGUSR2 && si.si_code == SI_QUEUE &&
	      si.si_value.sival_int == 4242 && si.si_pid == getpid(),
	      "sigtimedwait takes a queued SIGUSR2: %d, code %d, value %d", r,
	      si.si_code, si.si_value.sival_int);
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	r = sigwaitinfo(&set, &si);
	CHECK(r == SIGCHLD && si.si_pid == pid && si.si_status == 7 &&
	      si.si_code == CLD_EXITED, "sigwaitinfo gets SIGCHLD: %d, "
	      "status %d, code %d", r, si.si_status, si.si_code);
	waitpid(pid, NULL, 0);
	/* A signal vxlinux itself handles (its library catches SIGFPE for
	   the guest's faults) queued to the process while blocked: taken
	   once, then gone. */
	sigaddset(&set, SIGFPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGFPE);
	struct timespec zero = { 0, 0 };
	r = sigtimedwait(&set, &si, &zero);
	int again = sigtimedwait(&set, &si, &zero);
	CHECK(r == SIGFPE && si.si_code == SI_USER && again < 0 &&
	      errno == EAGAIN, "sigtimedwait takes a queued SIGFPE once: %d, "
	      "then %d", r, again);
	/* The kernel's sigset is 8 bytes: any other size is EINVAL. */
	uint64_t raw = 1ull << (SIGUSR2 - 1);
	long e4 = syscall(SYS_rt_sigtimedwait, &raw, NULL, &zero, 4);
	int err4 = errno;
	long e8 = syscall(SYS_rt_sigtimedwait, &raw, NULL, &zero, 8);
	CHECK(e4 < 0 && err4 == EINVAL && e8 < 0 && errno == EAGAIN,
	      "rt_sigtimedwait sigsetsize 4: %s, 8: %s", strerrorname_np(err4),
	      strerrorname_np(errno));
	sigdelset(&set, SIGFPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGFPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void timers(void)
{
	timer_t t;
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL,
				.sigev_signo = SIGRTMIN + 1,
				.sigev_value.sival_int = 99 };
	sigset_t set;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "timer_create");
	struct itimerspec its = { .it_value = { 0, 30 * 1000 * 1000 },
				  .it_interval = { 0, 10 * 1000 * 1000 } };
	CHECK(timer_settime(t, 0, &its, NULL) == 0, "timer_settime");
	struct itimerspec cur;
	CHECK(timer_gettime(t, &cur) == 0 && cur.it_interval.tv_nsec ==
	      10 * 1000 * 1000 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_nsec > 0, "timer_gettime: interval %ld",
	      cur.it_interval.tv_nsec);
	int r = sigwaitinfo(&set, &si);
	CHECK(r == SIGRTMIN + 1 && si.si_code == SI_TIMER &&
	      si.si_value.sival_int == 99, "timer signal: %d code %d value %d",
	      r, si.si_code, si.si_value.sival_int);
	CHECK(timer_getoverrun(t) >= 0, "timer_getoverrun");
	/* A new setting gives back the old one. */
	struct itimerspec off = { { 0, 0 }, { 0, 0 } }, old;
	memset(&old, 0x55, sizeof old);
	CHECK(timer_settime(t, 0, &off, &old) == 0 &&
	      old.it_interval.tv_sec == 0 &&
	      old.it_interval.tv_nsec == 10 * 1000 * 1000 &&
	      old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 &&
	      old.it_value.tv_nsec <= 10 * 1000 * 1000,
	      "timer_settime gives the old setting: interval %ld.%09ld, "
	      "value %ld.%09ld", (long)old.it_interval.tv_sec,
	      old.it_interval.tv_nsec, (long)old.it_value.tv_sec,
	      old.it_value.tv_nsec);
	CHECK(timer_delete(t) == 0, "timer_delete");
	CHECK(timer_delete(t) < 0 && errno == EINVAL, "timer_delete twice");
	while (sigtimedwait(&set, &si, &(struct timespec){ 0, 0 }) > 0)
		;
	/* SIGEV_THREAD_ID: the signal goes to the thread named. */
	struct sigevent tev = { .sigev_notify = SIGEV_THREAD_ID,
				.sigev_signo = SIGRTMIN + 1,
				.sigev_value.sival_int = 77 };
	tev._sigev_un._tid = gettid();
	r = timer_create(CLOCK_MONOTONIC, &tev, &t);
	CHECK(r == 0, "timer_create SIGEV_THREAD_ID");
	if (r == 0) {
		struct itimerspec once = { .it_value = { 0, 5 * 1000 * 1000 } };
		timer_settime(t, 0, &once, NULL);
		r = sigwaitinfo(&set, &si);
		CHECK(r == SIGRTMIN + 1 && si.si_code == SI_TIMER &&
		      si.si_value.sival_int == 77, "thread timer signal: %d "
		      "code %d value %d", r, si.si_code, si.si_value.sival_int);
		timer_delete(t);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void scheduler(void)
{
	cpu_set_t set, back;

	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0,
	      "sched_getaffinity");
	int first = 0;
	while (!CPU_ISSET(first, &set))
		first++;
	CPU_ZERO(&back);
	CPU_SET(first, &back);
	CHECK(sched_setaffinity(0, sizeof back, &back) == 0, "sched_setaffinity");
	CPU_ZERO(&back);
	sched_getaffinity(0, sizeof back, &back);
	CHECK(CPU_COUNT(&back) == 1 && CPU_ISSET(first, &back),
	      "affinity took: %d cpus", CPU_COUNT(&back));
	unsigned cpu = 99999;
	CHECK(syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 && cpu == (unsigned)first,
	      "getcpu on the one allowed cpu");
	sched_setaffinity(0, sizeof set, &set);
	CHECK(sched_getscheduler(0) == SCHED_OTHER, "sched_getscheduler");
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99 &&
	      sched_get_priority_min(SCHED_FIFO) == 1, "sched_get_priority_max/min");
	struct sched_param sp = { 5 };
	CHECK(sched_getparam(0, &sp) == 0 && sp.sched_priority == 0,
	      "sched_getparam");
}

static void subreaper(void)
{
	int v = -1, pfd[2];

	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 &&
	      prctl(PR_GET_CHILD_SUBREAPER, &v) == 0 && v == 1,
	      "child subreaper set");
	pipe(pfd);
	pid_t child = fork();
	if (child == 0) {
		pid_t g = fork();
		if (g == 0) {
			usleep(50 * 1000);	/* outlives its parent */
			_exit(5);
		}
		write(pfd[1], &g, sizeof g);
		_exit(0);
	}
	pid_t grandchild = 0;
	read(pfd[0], &grandchild, sizeof grandchild);
	waitpid(child, NULL, 0);
	/* Orphaned, it is reparented to us, the subreaper, to reap. */
	int st;
	pid_t reaped = wait(&st);
	CHECK(reaped == grandchild && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	      "the orphaned grandchild is ours to reap");
	close(pfd[0]);
	close(pfd[1]);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory of n entries, read by a non-LFS readdir with telldir and
   seekdir. */
static void big_dir(const char *base, int n)
{
	char dir[4096], path[4200];

	snprintf(dir, sizeof dir, "%s/big%d", base, n);
	mkdir(dir, 0755);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/file-%05d", dir, i);
		close(open(path, O_WRONLY | O_CREAT, 0644));
	}
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = calloc(n + 2, sizeof *names);
	long *pos = calloc(n + 2, sizeof *pos);
	int count = 0, overflow = 0;
	errno = 0;
	while (d && count < n + 2) {
		long here = telldir(d);
		if (!(e = readdir(d)))
			break;
		if (e->d_name[0] == '.')
			continue;
		pos[count] = here;
		names[count++] = strdup(e->d_name);
	}
	overflow = errno == EOVERFLOW;
	CHECK(!overflow && count == n, "readdir of %d entries (non-LFS): %d read%s",
	      n, count, overflow ? ", EOVERFLOW" : "");
	/* seekdir back to a few recorded positions reads the same name. */
	int good = 0, tries = 0;
	for (int i = 0; i < count; i += count / 7 + 1, tries++) {
		seekdir(d, pos[i]);
		e = readdir(d);
		while (e && e->d_name[0] == '.')
			e = readdir(d);
		good += e && !strcmp(e->d_name, names[i]);
	}
	CHECK(good == tries, "seekdir/telldir: %d of %d", good, tries);
	rewinddir(d);
	int again = 0;
	while ((e = readdir(d)))
		again += e->d_name[0] != '.';
	CHECK(again == n, "rewinddir and read again: %d", again);
	qsort(names, count, sizeof *names, cmp);
	int inorder = 1;
	for (int i = 0; i < count; i++) {
		char want[32];
		snprintf(want, sizeof want, "file-%05d", i);
		inorder &= !strcmp(names[i], want);
	}
	CHECK(inorder, "every name once");
	closedir(d);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/file-%05d", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

/* epoll: readiness, the guest's 64-bit data back intact, level
   triggering, EPOLLONESHOT, removal, timeouts, a signal mask; the bad
   arguments Linux refuses. */
static void on_usr2(int sig)
{
	(void)sig;
}

static void epoll_calls(void)
{
	int p[2], q[2];
	struct epoll_event ev, out[4];

	CHECK(pipe(p) == 0 && pipe(q) == 0, "pipes");
	int ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK(ep >= 0 && (fcntl(ep, F_GETFD) & FD_CLOEXEC), "epoll_create1 "
	      "EPOLL_CLOEXEC");
	ev.events = EPOLLIN;
	ev.data.u64 = 0x1122334455667788ull;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "epoll_ctl ADD");
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 0xfeedfacecafebeefull;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev) == 0, "epoll_ctl ADD "
	      "oneshot");
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST,
	      "epoll_ctl ADD twice: EEXIST");
	CHECK(epoll_wait(ep, out, 4, 0) == 0, "nothing ready: 0 at once");
	write(p[1], "x", 1);
	int n = epoll_wait(ep, out, 4, 1000);
	CHECK(n == 1 && out[0].events == EPOLLIN &&
	      out[0].data.u64 == 0x1122334455667788ull,
	      "one ready, its data intact");
	CHECK(epoll_wait(ep, out, 4, 0) == 1, "level-triggered: still ready");
	write(q[1], "y", 1);
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 2, "two ready");
	CHECK(epoll_wait(ep, out, 4, 0) == 1, "the oneshot one reported once");
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0 &&
	      epoll_wait(ep, out, 4, 0) == 0, "epoll_ctl DEL");
	errno = 0;
	CHECK(epoll_wait(ep, out, 0, 0) == -1 && errno == EINVAL,
	      "maxevents 0: EINVAL");
	errno = 0;
	CHECK(syscall(SYS_epoll_create, 0) == -1 && errno == EINVAL,
	      "epoll_create(0): EINVAL");
	errno = 0;
	CHECK(epoll_wait(p[0], out, 1, 0) == -1 && errno == EINVAL,
	      "epoll_wait on a pipe: EINVAL");

	/* a blocked signal is let in for the wait alone */
	struct sigaction sa = { .sa_handler = on_usr2 };
	sigset_t blk, open_mask;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&blk);
	sigaddset(&blk, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	raise(SIGUSR2);
	sigemptyset(&open_mask);
	errno = 0;
	CHECK(epoll_pwait(ep, out, 4, 5000, &open_mask) == -1 &&
	      errno == EINTR, "epoll_pwait: the pending signal interrupts it");
	sigprocmask(SIG_UNBLOCK, &blk, NULL);
	close(ep);

	/* close_range: the guest's range only, or CLOEXEC */
	int a = dup2(p[0], 200), b = dup2(p[0], 201), c = dup2(p[0], 205);
	CHECK(a == 200 && b == 201 && c == 205, "descriptors 200, 201, 205");
	CHECK(close_range(201, 210, CLOSE_RANGE_CLOEXEC) == 0 &&
	      !(fcntl(200, F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(201, F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(205, F_GETFD) & FD_CLOEXEC), "close_range CLOEXEC");
	CHECK(close_range(200, ~0u, 0) == 0 && fcntl(200, F_GETFD) == -1 &&
	      fcntl(205, F_GETFD) == -1 && fcntl(p[0], F_GETFD) >= 0 &&
	      fflush(stdout) == 0, "close_range to ~0: those closed, the "
	      "rest (and vxlinux) unharmed");
	int self = open("/proc/self/exe", O_RDONLY);
	char elf[4] = "";
	CHECK(self >= 0 && read(self, elf, 4) == 4 && !memcmp(elf, "\177ELF", 4),
	      "after it the program's own file still opens");
	close(self);
	errno = 0;
	CHECK(close_range(5, 4, 0) == -1 && errno == EINVAL,
	      "close_range first > last: EINVAL");
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
}

/* Descriptors for kernel objects (eventfd, timerfd, inotify), and the
   vectored and allocating I/O forms.  dir: a scratch directory. */
static void fd_objects(const char *dir)
{
	uint64_t v = 0;
	char path[512], buf[4096];

	/* eventfd: a counter; in semaphore mode one at a time */
	int e = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
	CHECK(e >= 0 && (fcntl(e, F_GETFD) & FD_CLOEXEC), "eventfd");
	v = 4;
	CHECK(write(e, &v, 8) == 8 && read(e, &v, 8) == 8 && v == 7,
	      "eventfd adds and reads back 7");
	errno = 0;
	CHECK(read(e, &v, 8) == -1 && errno == EAGAIN, "eventfd empty: EAGAIN");
	close(e);
	e = eventfd(2, EFD_SEMAPHORE);
	CHECK(read(e, &v, 8) == 8 && v == 1 && read(e, &v, 8) == 8 && v == 1,
	      "eventfd semaphore: one at a time");
	close(e);
	errno = 0;
	CHECK(eventfd(0, 0x40000000) == -1 && errno == EINVAL,
	      "eventfd bad flags: EINVAL");

	/* timerfd: 32-bit and time64 settings, expirations read */
	int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = { { 0, 2000000 }, { 0, 5000000 } }, old;
	CHECK(t >= 0 && timerfd_settime(t, 0, &its, NULL) == 0, "timerfd");
	v = 0;
	CHECK(read(t, &v, 8) == 8 && v >= 1, "timerfd expires (count >= 1)");
	CHECK(timerfd_gettime(t, &old) == 0 && old.it_interval.tv_nsec ==
	      2000000 && old.it_value.tv_sec == 0, "timerfd_gettime");
	int32_t its32[4] = { 0, 0, 100, 0 }, old32[4];
	CHECK(syscall(325, t, 0, its32, old32) == 0 && old32[1] == 2000000,
	      "timerfd_settime (325): the old interval back");
	int64_t g64[4];
	CHECK(syscall(410, t, g64) == 0 && g64[0] == 0 && g64[1] == 0 &&
	      g64[2] > 98 && g64[2] <= 100, "timerfd_gettime64 (410)");
	errno = 0;
	its32[3] = 1000000000;
	CHECK(syscall(325, t, 0, its32, NULL) == -1 && errno == EINVAL,
	      "timerfd_settime, nanoseconds out of range: EINVAL");
	close(t);

	/* inotify on a directory: a file created in it */
	snprintf(path, sizeof path, "%s/watched", dir);
	mkdir(path, 0700);
	int in = inotify_init1(IN_NONBLOCK);
	int wd = inotify_add_watch(in, path, IN_CREATE | IN_DELETE);
	CHECK(in >= 0 && wd >= 0, "inotify_add_watch");
	snprintf(path, sizeof path, "%s/watched/newfile", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	ssize_t n = read(in, buf, sizeof buf);
	struct inotify_event *ie = (struct inotify_event *)buf;
	CHECK(n >= (ssize_t)sizeof *ie && ie->wd == wd &&
	      (ie->mask & IN_CREATE) && ie->len > 0 &&
	      !strcmp(ie->name, "newfile"), "inotify: IN_CREATE with the name");
	unlink(path);
	CHECK(inotify_rm_watch(in, wd) == 0, "inotify_rm_watch");
	errno = 0;
	snprintf(path, sizeof path, "%s/no-such", dir);
	CHECK(inotify_add_watch(in, path, IN_CREATE) == -1 && errno == ENOENT,
	      "inotify_add_watch of a missing path: ENOENT");
	errno = 0;
	snprintf(path, sizeof path, "%s/watched", dir);
	CHECK(inotify_add_watch(in, "/dev/null", IN_ONLYDIR | IN_OPEN) ==
	      -1 && errno == ENOTDIR, "IN_ONLYDIR on a file: ENOTDIR");
	close(in);
	rmdir(path);

	/* preadv/pwritev at an offset; fallocate */
	snprintf(path, sizeof path, "%s/vec", dir);
	int f = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	char a1[] = "abc", a2[] = "defg", r1[4] = "", r2[5] = "";
	struct iovec w[2] = { { a1, 3 }, { a2, 4 } };
	struct iovec r[2] = { { r1, 3 }, { r2, 4 } };
	CHECK(pwritev(f, w, 2, 10) == 7 && lseek(f, 0, SEEK_CUR) == 0,
	      "pwritev at 10, the position unchanged");
	CHECK(preadv(f, r, 2, 10) == 7 && !memcmp(r1, "abc", 3) &&
	      !memcmp(r2, "defg", 4), "preadv at 10");
	errno = 0;
	CHECK(syscall(333, f, r, 2, -1, -1) == -1 && errno == EINVAL,
	      "preadv at a negative position: EINVAL");
	struct stat st;
	CHECK(fallocate(f, 0, 0, 65536) == 0 && fstat(f, &st) == 0 &&
	      st.st_size == 65536, "fallocate grows the file");
	CHECK(fallocate(f, FALLOC_FL_KEEP_SIZE, 65536, 65536) == 0 &&
	      fstat(f, &st) == 0 && st.st_size == 65536,
	      "fallocate FALLOC_FL_KEEP_SIZE");
	close(f);
	unlink(path);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	old_sigsuspend();
	sigtimedwait_calls();
	timers();
	scheduler();
	subreaper();
	epoll_calls();
	if (argc > 1) {
		fd_objects(argv[1]);
		big_dir(argv[1], 10000);
		big_dir(argv[1], 40);
	}
	if (argc > 2)
		big_dir(argv[2], 2000);
	printf("%d failures\n", failures);
	return failures;
}
