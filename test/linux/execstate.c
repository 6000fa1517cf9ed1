/*
 * execstate.c - what an execve keeps and what it drops, as Linux does it:
 * descriptors (close-on-exec ones closed), signal dispositions (caught
 * ones back to the default, ignored ones kept), the mask and pending
 * signals (kept), the alternate stack (gone), the memory (gone), the
 * dumpable flag (back to 1), other threads and POSIX timers (gone; an
 * itimer stays), the new program's /proc/self/cmdline and exe; and 100
 * execve in a row.  Descriptors made every way a program makes them:
 * open after a fork (vxlinux learns the numbers in use at a fork and
 * sweeps up to the highest it gave out since), dup2 and dup3 to a number
 * of the program's choosing, F_DUPFD_CLOEXEC above one.
 * vxlinux replaces the guest in its own process, or, with another thread
 * or a POSIX timer alive, executes itself anew: each way is taken here
 * (the "how" argument), and both must give Linux's answers.  Run
 * natively too, where i386 programs run, to confirm them.
 *
 * usage: execstate [plain|timer|thread]     (then it executes itself)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define MARK_ADDR	((void *)0x50000000)

static void on_usr1(int sig)
{
	(void)sig;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* Before: set up everything execve has a rule for, then execute the
   "after" half of this program. */
static int before(const char *how)
{
	static char stack[65536];
	char a1[16], a2[16];

	/* A fork first: what vxlinux knows of the descriptors in use. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, NULL, 0) == pid, "a child, waited for");
	int keep = open("/dev/null", O_RDONLY);
	int drop = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(keep >= 0 && drop >= 0, "two descriptors");
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGHUP);				/* pending, blocked */
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
	CHECK(sigaltstack(&ss, NULL) == 0, "an alternate stack");
	CHECK(prctl(PR_SET_DUMPABLE, 0) == 0, "not dumpable");
	char *m = mmap(MARK_ADDR, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(m == MARK_ADDR, "a page at %p", MARK_ADDR);
	if (m == MARK_ADDR)
		m[0] = 'x';
	/* An itimer stays across execve; it fires after the checks. */
	struct itimerval it = { .it_value = { 5, 0 } };
	setitimer(ITIMER_REAL, &it, NULL);

	if (!strcmp(how, "timer")) {
		timer_t t;
		struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL,
					.sigev_signo = SIGTERM };
		struct itimerspec its = { .it_value = { 0, 50000000 },
					  .it_interval = { 0, 50000000 } };
		CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0 &&
		      timer_settime(t, 0, &its, NULL) == 0,
		      "a POSIX timer sending SIGTERM every 50 ms");
	} else if (!strcmp(how, "thread")) {
		pthread_t th;
		CHECK(pthread_create(&th, NULL, sleeper, NULL) == 0,
		      "a second thread");
	}
	snprintf(a1, sizeof a1, "%d", keep);
	snprintf(a2, sizeof a2, "%d", drop);
	char *av[] = { "execstate-after", "--after", a1, a2, (char *)how,
		       "100", NULL };
	fflush(stdout);
	execv("/proc/self/exe", av);
	CHECK(0, "execv /proc/self/exe");
	return 1;
}

static int after(int argc, char **argv)
{
	int keep = atoi(argv[2]), drop = atoi(argv[3]);
	const char *how = argv[4];
	int left = atoi(argv[5]);
	struct sigaction sa;
	sigset_t set;

	if (left > 0) {
		/* 100 execve in a row, each with a close-on-exec descriptor
		   and a handler of its own: nothing may pile up. */
		char n[16];
		snprintf(n, sizeof n, "%d", left - 1);
		open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (dup2(keep, 150) != 150 ||
		    dup3(keep, 220, O_CLOEXEC) != 220 ||
		    fcntl(keep, F_DUPFD_CLOEXEC, 230) < 230)
			CHECK(0, "dup2 to 150, dup3 to 220, F_DUPFD_CLOEXEC "
			      "from 230");
		signal(SIGUSR1, on_usr1);
		char *av[] = { argv[0], "--after", argv[2], argv[3],
			       argv[4], n, NULL };
		execv("/proc/self/exe", av);
		CHECK(0, "execv number %d", 100 - left);
		return 1;
	}
	printf("after %s:\n", how);
	CHECK(fcntl(keep, F_GETFD) == 0, "a descriptor without "
	      "close-on-exec stays open");
	CHECK(fcntl(drop, F_GETFD) < 0 && errno == EBADF,
	      "a close-on-exec descriptor is closed");
	CHECK(fcntl(150, F_GETFD) == 0, "dup2's 150 stays open");
	CHECK(fcntl(220, F_GETFD) < 0 && fcntl(230, F_GETFD) < 0,
	      "dup3's 220 and F_DUPFD_CLOEXEC's 230 are closed");
	int fd = open("/dev/null", O_RDONLY);
	CHECK(fd == drop, "the lowest free descriptor is the closed one's "
	      "(%d, got %d): nothing else was left open", drop, fd);
	close(fd);
	CHECK(sigaction(SIGUSR1, NULL, &sa) == 0 &&
	      sa.sa_handler == SIG_DFL, "a caught signal is back to SIG_DFL");
	CHECK(sigaction(SIGUSR2, NULL, &sa) == 0 &&
	      sa.sa_handler == SIG_IGN, "an ignored signal stays ignored");
	CHECK(sigprocmask(SIG_BLOCK, NULL, &set) == 0 &&
	      sigismember(&set, SIGHUP) == 1, "the mask stays");
	CHECK(sigpending(&set) == 0 && sigismember(&set, SIGHUP) == 1,
	      "a pending signal stays pending");
	stack_t ss;
	CHECK(sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE),
	      "no alternate stack");
	CHECK(prctl(PR_GET_DUMPABLE) == 1, "dumpable again");
	int tasks = 0;
	DIR *d = opendir("/proc/self/task");
	for (struct dirent *e; d && (e = readdir(d));)
		tasks += e->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK(tasks == 1, "one thread left (%d)", tasks);
	CHECK(msync(MARK_ADDR, 4096, MS_ASYNC) < 0 && errno == ENOMEM,
	      "the old program's page is unmapped");
	char line[256];
	int cfd = open("/proc/self/cmdline", O_RDONLY);
	ssize_t n = cfd >= 0 ? read(cfd, line, sizeof line - 1) : -1;
	close(cfd);
	CHECK(n > 0 && !strcmp(line, "execstate-after") &&
	      !strcmp(line + strlen(line) + 1, "--after"),
	      "/proc/self/cmdline is the new argv");
	n = readlink("/proc/self/exe", line, sizeof line - 1);
	line[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && strstr(line, "execstate"), "/proc/self/exe: %s", line);
	/* The POSIX timer would send SIGTERM within 50 ms. */
	struct timespec ts = { 0, 200000000 };
	while (nanosleep(&ts, &ts) < 0)
		;
	CHECK(1, "no POSIX timer fired in 200 ms");
	struct itimerval it;
	CHECK(getitimer(ITIMER_REAL, &it) == 0 && it.it_value.tv_sec >= 1,
	      "the itimer is still running (%ld s left)",
	      (long)it.it_value.tv_sec);
	printf("%d failures\n", failures);
	return failures;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 6 && !strcmp(argv[1], "--after"))
		return after(argc, argv);
	return before(argc > 1 ? argv[1] : "plain");
}
