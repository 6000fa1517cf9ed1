/*
 * fsops.c - file operations for the --root and --read-only tests, so that
 * they need no shell from a download: each OP ARG pair on the command
 * line is done in order and prints one line "OP ARG: RESULT", where
 * RESULT is what the operation saw (a file's first line, a sorted
 * directory listing, a link's target, the current directory, a child's
 * exit status) or the errno name of its failure.  Paths are used exactly
 * as given, so that vxlinux (not this program) resolves them.
 *
 *   cat FILE      first line of FILE
 *   ls DIR        names in DIR, sorted, without . and ..
 *   readlink L    target of the symbolic link L
 *   cd DIR        chdir
 *   pwd -         getcwd
 *   exec PROG     fork, execve PROG with argv { PROG, "cat", "/etc/secret" },
 *                 print "exit N" (or the execve errno, from the child)
 *   write FILE    open O_WRONLY|O_TRUNC and write "x\n"
 *   create FILE   open O_CREAT|O_EXCL
 *   mkdir DIR     mkdir 0755
 *   rmdir DIR     rmdir
 *   rm FILE       unlink
 *   mv FILE       rename FILE to FILE.moved
 *   symlink L     symlink("x", L)
 *   link FILE     link FILE to FILE.link
 *   chmod FILE    chmod 0600
 *   touch FILE    utimensat with the current time
 *   truncate F    truncate to 0 bytes
 *
 * Exit status 0 unless the arguments are malformed (2).
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64	/* 32-bit readdir fails on 64-bit d_off */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The result of a call that returns -1 and errno on failure. */
static void result(const char *op, const char *arg, int r)
{
	if (r < 0)
		printf("%s %s: %s\n", op, arg, strerrorname_np(errno));
	else
		printf("%s %s: ok\n", op, arg);
}

static void do_cat(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		result("cat", path, -1);
		return;
	}
	if (!fgets(line, sizeof line, f))
		line[0] = 0;
	line[strcspn(line, "\n")] = 0;
	fclose(f);
	printf("cat %s: %s\n", path, line);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void do_ls(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char *names[256];
	int n = 0;

	if (!d) {
		result("ls", path, -1);
		return;
	}
	errno = 0;
	while ((e = readdir(d)) && n < 256)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	if (errno) {
		result("ls", path, -1);
		closedir(d);
		return;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	printf("ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void do_readlink(const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof buf - 1);

	if (n < 0) {
		result("readlink", path, -1);
		return;
	}
	buf[n] = 0;
	printf("readlink %s: %s\n", path, buf);
}

static void do_pwd(void)
{
	char buf[4096];

	if (!getcwd(buf, sizeof buf))
		result("pwd", "-", -1);
	else
		printf("pwd -: %s\n", buf);
}

/* The child reports an execve failure through a pipe, so that "exit N"
   is only ever the status of the program that ran. */
static void do_exec(const char *path)
{
	char *argv[] = { (char *)path, "cat", "/etc/secret", NULL };
	char *envp[] = { NULL };
	int p[2], err = 0, st;
	pid_t pid;

	fflush(stdout);
	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		result("exec", path, -1);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		execve(path, argv, envp);
		err = errno;
		write(p[1], &err, sizeof err);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof err) != sizeof err)
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	if (err) {
		errno = err;
		result("exec", path, -1);
	} else if (WIFEXITED(st)) {
		printf("exec %s: exit %d\n", path, WEXITSTATUS(st));
	} else {
		printf("exec %s: signal %d\n", path, WTERMSIG(st));
	}
}

static int do_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0)
		return -1;
	int r = write(fd, "x\n", 2) == 2 ? 0 : -1;
	close(fd);
	return r;
}

static int do_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* path with a suffix, for rename and link targets */
static const char *suffixed(const char *path, const char *suffix)
{
	static char buf[4096];

	snprintf(buf, sizeof buf, "%s%s", path, suffix);
	return buf;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: fsops OP ARG [OP ARG]...\n");
		return 2;
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *op = argv[i], *a = argv[i + 1];

		if (!strcmp(op, "cat"))
			do_cat(a);
		else if (!strcmp(op, "ls"))
			do_ls(a);
		else if (!strcmp(op, "readlink"))
			do_readlink(a);
		else if (!strcmp(op, "cd"))
			result(op, a, chdir(a));
		else if (!strcmp(op, "pwd"))
			do_pwd();
		else if (!strcmp(op, "exec"))
			do_exec(a);
		else if (!strcmp(op, "write"))
			result(op, a, do_write(a));
		else if (!strcmp(op, "create"))
			result(op, a, do_create(a));
		else if (!strcmp(op, "mkdir"))
			result(op, a, mkdir(a, 0755));
		else if (!strcmp(op, "rmdir"))
			result(op, a, rmdir(a));
		else if (!strcmp(op, "rm"))
			result(op, a, unlink(a));
		else if (!strcmp(op, "mv"))
			result(op, a, rename(a, suffixed(a, ".moved")));
		else if (!strcmp(op, "symlink"))
			result(op, a, symlink("x", a));
		else if (!strcmp(op, "link"))
			result(op, a, link(a, suffixed(a, ".link")));
		else if (!strcmp(op, "chmod"))
			result(op, a, chmod(a, 0600));
		else if (!strcmp(op, "touch"))
			result(op, a, utimensat(AT_FDCWD, a, NULL, 0));
		else if (!strcmp(op, "truncate"))
			result(op, a, truncate(a, 0));
		else {
			fprintf(stderr, "fsops: unknown operation '%s'\n", op);
			return 2;
		}
	}
	return 0;
}
