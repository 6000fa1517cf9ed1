/*
 * forkexec.c - fork, exec and wait for a program N times: the cost of
 * starting a process, as a shell or make pays it.
 *
 *   forkexec N PROGRAM [ARGS...]
 *
 * Each iteration forks; the child execs PROGRAM with its standard output
 * on /dev/null, and the parent waits for it.  Exits non-zero if a child
 * fails; prints "N runs" on success.  bench/real.sh times it from
 * outside (CPU time of the whole tree, children included).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	long n, i;
	int st, null;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: forkexec N PROGRAM [ARGS...]\n");
		return 2;
	}
	n = atol(argv[1]);
	null = open("/dev/null", O_WRONLY);
	if (null < 0) {
		perror("forkexec: /dev/null");
		return 1;
	}
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			perror("forkexec: fork");
			return 1;
		}
		if (pid == 0) {
			dup2(null, 1);
			execv(argv[2], argv + 2);
			perror("forkexec: exec");
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "forkexec: run %ld failed (status %#x)\n",
				i, st);
			return 1;
		}
	}
	printf("%ld runs\n", n);
	return 0;
}
