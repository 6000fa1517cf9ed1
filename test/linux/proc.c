/*
 * proc.c - processes: fork with a pipe between parent and child, vfork,
 * execve of an i386 program (itself, through /proc/self/exe, and by path),
 * a #! script run by an i386 interpreter, posix_spawn (clone with
 * CLONE_VM|CLONE_VFORK), exit statuses through wait4, and execve errors.
 *
 * usage: proc SCRATCH-DIR   (and, as the exec'd child: proc --child ARGS)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL line %d: ", __LINE__); \
		printf(__VA_ARGS__); \
		printf(" (errno %s)\n", strerror(errno)); \
		failures++; \
	} \
} while (0)

static int child_main(int argc, char **argv)
{
	/* Echo what we were given, then exit with a status from argv. */
	printf("child argv0=%s", argv[0]);
	for (int i = 2; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf(" env=%s\n", getenv("PROC_TEST") ? getenv("PROC_TEST") : "-");
	fflush(stdout);
	return argc > 2 ? atoi(argv[argc - 1]) : 0;
}

static int run_wait(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int p[2], status;
	pid_t pid;
	char buf[256], path[512];

	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);
	if (argc < 2) {
		fprintf(stderr, "usage: proc SCRATCH-DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	setenv("PROC_TEST", "inherited", 1);

	/* fork + pipe: the child writes, the parent reads. */
	CHECK(pipe(p) == 0, "pipe");
	if ((pid = fork()) == 0) {
		close(p[0]);
		const char msg[] = "through the pipe";
		write(p[1], msg, sizeof msg);
		_exit(3);
	}
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf);
	close(p[0]);
	CHECK(n == 17 && !strcmp(buf, "through the pipe"), "pipe read %zd", n);
	CHECK(run_wait(pid) == 3, "fork exit status");
	printf("fork: %s\n", buf);

	/* The child's memory is its own copy. */
	static int shared = 1;
	if ((pid = fork()) == 0) {
		shared = 2;
		_exit(shared);
	}
	CHECK(run_wait(pid) == 2 && shared == 1, "copy-on-fork");

	/* vfork + execve of ourselves through /proc/self/exe. */
	if ((pid = vfork()) == 0) {
		char *av[] = { "renamed", "--child", "via-self", "5", NULL };
		execve("/proc/self/exe", av, environ);
		_exit(127);
	}
	CHECK(run_wait(pid) == 5, "vfork+execve status");

	/* posix_spawn by the path of our own program. */
	char *av[] = { "spawned", "--child", "spawn", "0", NULL };
	CHECK(readlink("/proc/self/exe", path, sizeof path - 1) > 0,
	      "readlink /proc/self/exe");
	path[readlink("/proc/self/exe", path, sizeof path - 1)] = 0;
	CHECK(strstr(path, "proc") != NULL, "/proc/self/exe is %s", path);
	CHECK(posix_spawn(&pid, path, NULL, NULL, av, environ) == 0,
	      "posix_spawn");
	CHECK(run_wait(pid) == 0, "posix_spawn status");

	/* A #! script whose interpreter is this i386 program. */
	snprintf(buf, sizeof buf, "%s/script", argv[1]);
	FILE *f = fopen(buf, "w");
	fprintf(f, "#!%s --child\n", path);
	fclose(f);
	chmod(buf, 0755);
	if ((pid = fork()) == 0) {
		char *sv[] = { "script", "arg1", "9", NULL };
		execve(buf, sv, environ);
		_exit(127);
	}
	CHECK(run_wait(pid) == 9, "#! script status");

	/* execve failures come back to the caller. */
	char *nv[] = { "x", NULL };
	errno = 0;
	CHECK(execve("/nonexistent/prog", nv, environ) < 0 && errno == ENOENT,
	      "execve of a missing file");
	CHECK(execve(argv[1], nv, environ) < 0 && errno == EACCES,
	      "execve of a directory");
	snprintf(buf, sizeof buf, "%s/data", argv[1]);
	f = fopen(buf, "w");
	fprintf(f, "not a program\n");
	fclose(f);
	chmod(buf, 0755);
	CHECK(execve(buf, nv, environ) < 0 && errno == ENOEXEC,
	      "execve of a data file");

	/* wait for a child killed by a signal */
	if ((pid = fork()) == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "SIGKILL'd child");
	CHECK(waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD,
	      "no children left");
	printf("%d failures\n", failures);
	return failures != 0;
}
