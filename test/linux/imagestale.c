/*
 * imagestale.c - a program file rewritten in place between the runs of
 * a process tree.  vxlinux keeps the images of the programs a tree runs
 * in its xcache and maps them again instead of reading the file (vx32.h:
 * vxproc_setimageid): only while the file is the same.  This program
 * copies itself into DIR, runs the copy three times from forked
 * children (the third may be the stored image), rewrites a marker
 * string in the copy in place (same size, same headers), and runs it
 * again: the child must print the new marker.  Once with a file that
 * had settled (older than VX32_IMAGEID_SETTLE, 4 s: a stored image is
 * then taken on the file's identity alone, which the rewrite changes),
 * once right after a rewrite (the identity is then not trusted and the
 * bytes are compared).  Each run also finds its code and data named as
 * its own file in /proc/self/maps, wherever vxlinux took their pages
 * from.  Linux runs the file as it is now, so run it natively too.
 *
 * usage: imagestale DIR      exit status: the number of failed checks
 *        imagestale --print  (the copy, as a child) prints its marker
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

/* In the file once, in .data (nothing else in it ends in "-A": the
   search below compares with this array itself, not a literal). */
static char marker[] = "imagestale-marker-A";

/* Run path --print in a child; its output into out. */
static void run_copy(const char *path, char *out, size_t size)
{
	int p[2];
	ssize_t n = 0, k;

	out[0] = 0;
	if (pipe(p) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execl(path, path, "--print", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (n < (ssize_t)size - 1 && (k = read(p[0], out + n,
						   size - 1 - n)) > 0)
		n += k;
	out[n > 0 ? n : 0] = 0;
	close(p[0]);
	waitpid(pid, NULL, 0);
}

/* The offset of the marker in the file at path: -1 if it is not there
   exactly once. */
static off_t find_marker(const char *path)
{
	static char buf[4 << 20];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);

	if (fd >= 0)
		close(fd);
	off_t at = -1;
	for (ssize_t i = 0; i + (ssize_t)sizeof marker <= n; i++)
		if (!memcmp(buf + i, marker, sizeof marker - 1)) {
			if (at >= 0)
				return -1;
			at = i;
		}
	return at;
}

/* Put letter c into the marker of the file at path, in place. */
static int set_marker(const char *path, off_t at, char c)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && pwrite(fd, &c, 1, at + 18) == 1;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* Three runs, then a rewrite to letter c and a fourth: the new marker? */
static void round_trip(const char *path, off_t at, char was, char c,
		       const char *what)
{
	char out[64], want[32];

	snprintf(want, sizeof want, "imagestale-marker-%c\n", was);
	for (int i = 0; i < 3; i++) {
		run_copy(path, out, sizeof out);
		CHECK(!strcmp(out, want), "%s: run %d prints %s (%.40s)", what,
		      i + 1, want, out);
	}
	CHECK(set_marker(path, at, c), "%s: rewrite the marker in place",
	      what);
	snprintf(want, sizeof want, "imagestale-marker-%c\n", c);
	run_copy(path, out, sizeof out);
	CHECK(!strcmp(out, want), "%s: after the rewrite the program prints "
	      "%s (%.40s)", what, want, out);
}

int main(int argc, char **argv)
{
	static char buf[4 << 20];
	char path[4096];

	if (argc == 2 && !strcmp(argv[1], "--print")) {
		printf("%s\n", marker);
		/* (anything more printed fails the parent's comparison) */
		FILE *f = fopen("/proc/self/maps", "r");
		char line[512];
		uintptr_t code = (uintptr_t)main, data = (uintptr_t)marker;
		int named = 0;
		while (f && fgets(line, sizeof line, f)) {
			unsigned long lo, hi;
			if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 ||
			    !((code >= lo && code < hi) ||
			      (data >= lo && data < hi)))
				continue;
			if (strstr(line, "/imagestale.copy\n"))
				named++;
			else
				printf("maps: %s", line);
		}
		if (named != 2)
			printf("maps: %d of code and data named\n", named);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: imagestale DIR\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/imagestale.copy", argv[1]);

	/* The copy: this program, byte for byte. */
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n = in < 0 ? -1 : read(in, buf, sizeof buf);
	CHECK(n > 0 && n < (ssize_t)sizeof buf && out >= 0 &&
	      write(out, buf, n) == n, "copy the program (%zd bytes)", n);
	close(in);
	close(out);
	off_t at = find_marker(path);
	CHECK(at >= 0, "the marker is in the copy, once");
	if (failures)
		goto done;

	/* Settled: older than the settling time when stored. */
	sleep(5);
	round_trip(path, at, 'A', 'B', "settled file");
	/* Just rewritten: stored while fresh. */
	round_trip(path, at, 'B', 'C', "fresh file");
done:
	unlink(path);
	printf("%d failures\n", failures);
	return failures;
}
