/*
 * race.c - tries to leave vxlinux --root by a race: a forked child keeps
 * swapping the name "swap" between a directory inside the root and a
 * symbolic link that, followed by the host outside the root, would reach
 * HOSTDIR; the parent keeps opening swap/x.  Under --root the link is
 * resolved inside the root, so the parent may see "inside" or ENOENT but
 * never HOSTDIR's file.
 *
 * usage (inside the root, in a writable directory): race HOSTDIR
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char target[4096], buf[64];
	int inside = 0, missing = 0, escaped = 0;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: race HOSTDIR\n");
		return 2;
	}
	mkdir("A", 0755);
	int fd = open("A/x", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(fd, "inside\n", 7);
	close(fd);
	/* Many ..: above the root they stop at it, on the host they reach /. */
	snprintf(target, sizeof target, "../../../../../../../../../../..%s",
		 argv[1]);
	unlink("L");
	symlink(target, "L");
	rename("A", "swap");

	if ((pid = fork()) == 0) {
		for (;;) {
			rename("swap", "A");
			rename("L", "swap");
			rename("swap", "L");
			rename("A", "swap");
		}
	}
	for (int i = 0; i < 20000; i++) {
		fd = open("swap/x", O_RDONLY);
		if (fd < 0) {
			missing++;
			continue;
		}
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		if (!strcmp(buf, "inside\n"))
			inside++;
		else
			escaped++;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("inside %d, missing %d, escaped %d\n", inside, missing, escaped);
	printf("%s\n", escaped ? "ESCAPED" : "confined");
	return escaped != 0;
}
