/*
 * replay.c - run a harness over saved inputs without libFuzzer, so the
 * test suite can replay the committed corpus with any C compiler.
 *
 * usage: replay-code|replay-elf FILE|DIR...
 *
 * A hang in the translator or loader is caught by the harness's own
 * limit of 2 s of CPU time per input (fuzz_unit_limit), which a loaded
 * machine does not trip; each input also gets REPLAY_TIMEOUT seconds of
 * wall-clock time (SIGALRM's default action kills the process), for a
 * hang that uses no CPU.  The file name is printed before it runs, so a
 * crash or hang names its input.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPLAY_TIMEOUT	60

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned long replayed, skipped;	/* skipped: known bugs */

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	fprintf(stderr, "replay: %s\n", path);
	alarm(REPLAY_TIMEOUT);
	if (LLVMFuzzerTestOneInput(buf, len) < 0)
		skipped++;
	alarm(0);
	free(buf);
	replayed++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	n = scandir(path, &ents, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		char sub[4096];
		if (ents[i]->d_name[0] != '.') {
			snprintf(sub, sizeof sub, "%s/%s", path, ents[i]->d_name);
			replay(sub);
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		replay(argv[i]);
	printf("replayed %lu inputs\n", replayed);
	if (skipped)
		printf("skipped %lu inputs holding a known bug's trigger\n",
		       skipped);
	return 0;
}
