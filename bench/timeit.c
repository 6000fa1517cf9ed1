/*
 * timeit.c - run a command and measure it from outside.
 *
 *   timeit [-n RUNS] [-i IN] [-o OUT] [-e ERR] [-t SECONDS] CMD [ARGS...]
 *
 * Runs CMD RUNS times (default 1), one after the other, with stdin, stdout
 * and stderr redirected to the given files (default /dev/null for all
 * three; OUT and ERR are truncated by each run), and prints one line per
 * run:
 *
 *   CPU WALL STATUS
 *
 * CPU is the user + system time of the child (wait4, which includes its
 * threads and any children it waited for), WALL the elapsed time from
 * fork to reaping, both in seconds; STATUS the exit status, or 128 +
 * signal number for a child killed by a signal, or "timeout" when the
 * limit (default 300 s) killed it.  The guest under test sees no clock:
 * all timing is here, on the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile sig_atomic_t timed_out;
static volatile pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (child > 0)
		kill(child, SIGKILL);
}

static void usage(void)
{
	fprintf(stderr, "usage: timeit [-n RUNS] [-i IN] [-o OUT] [-e ERR] "
		"[-t SECONDS] CMD [ARGS...]\n");
	exit(2);
}

static double seconds(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* In the child: put path on fd (opened with flags) or die saying why. */
static void redirect(int fd, const char *path, int flags)
{
	int f = open(path, flags, 0644);

	if (f < 0) {
		fprintf(stderr, "timeit: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
}

/* One run; prints its line.  Returns 0, or -1 if it could not be run. */
static int run_once(char **cmd, const char *in, const char *out,
		    const char *err, unsigned limit)
{
	struct timespec t0, t1;
	struct rusage ru;
	int st;
	pid_t pid;

	timed_out = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return -1;
	}
	if (pid == 0) {
		redirect(0, in, O_RDONLY);
		redirect(1, out, O_WRONLY | O_CREAT | O_TRUNC);
		redirect(2, err, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(cmd[0], cmd);
		fprintf(stderr, "timeit: cannot run %s: %s\n", cmd[0],
			strerror(errno));
		_exit(127);
	}
	child = pid;
	alarm(limit);
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("timeit: wait4");
			return -1;
		}
	}
	alarm(0);
	child = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f %.6f ", seconds(ru.ru_utime) + seconds(ru.ru_stime),
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (timed_out)
		printf("timeout\n");
	else if (WIFSIGNALED(st))
		printf("%d\n", 128 + WTERMSIG(st));
	else
		printf("%d\n", WEXITSTATUS(st));
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null", *err = "/dev/null";
	unsigned limit = 300;
	long runs = 1, i;
	struct sigaction sa;
	int opt;

	while ((opt = getopt(argc, argv, "+n:i:o:e:t:")) != -1) {
		switch (opt) {
		case 'n': runs = atol(optarg); break;
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		case 't': limit = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind >= argc || runs < 1 || limit < 1)
		usage();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	for (i = 0; i < runs; i++)
		if (run_once(argv + optind, in, out, err, limit) < 0)
			return 1;
	return 0;
}
