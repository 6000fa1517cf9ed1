/*
 * unmaprace.c - system calls that read or write guest memory while
 * another thread keeps unmapping and remapping it.
 *
 * vxlinux checks a buffer's pages and then copies; a page unmapped in
 * between must make the call fail with EFAULT (or, remapped in time,
 * succeed), as on Linux, and never take vxlinux down: before libvx32's
 * recoverable copies (guestcopy.S) this program died of SIGSEGV within
 * a second.  Self-checking: a FAIL line per wrong answer, then
 * "N failures".
 *
 * usage: unmaprace [SECONDS]   (default 1)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static char *page;
static volatile int stop;

static void *flipper(void *unused)
{
	(void)unused;
	while (!stop) {
		munmap(page, 4096);
		mmap(page, 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 1;
	if (seconds < 1)
		seconds = 1;
	long n[3][2] = { { 0 } }, wrong[3] = { 0 }, last[3] = { 0 };
	static const char *const what[3] = {
		"uname (written)", "getrusage (written)", "nanosleep (read)",
	};
	pthread_t th;

	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || pthread_create(&th, NULL, flipper, NULL)) {
		printf("FAIL set-up\n1 failures\n");
		return 1;
	}
	time_t end = time(NULL) + seconds;
	while (time(NULL) < end) {
		for (int i = 0; i < 300; i++) {
			long r[3];
			/* (a remapped page is zeros: nanosleep's {0, 0}) */
			r[0] = syscall(SYS_uname, page);
			r[0] = r[0] < 0 ? -errno : r[0];
			r[1] = syscall(SYS_getrusage, RUSAGE_SELF, page + 1024);
			r[1] = r[1] < 0 ? -errno : r[1];
			r[2] = syscall(SYS_nanosleep, page + 2048, NULL);
			r[2] = r[2] < 0 ? -errno : r[2];
			for (int k = 0; k < 3; k++) {
				if (r[k] == 0 || r[k] == -EFAULT)
					n[k][r[k] != 0]++;
				else
					wrong[k]++, last[k] = r[k];
			}
		}
	}
	stop = 1;
	pthread_join(th, NULL);
	for (int k = 0; k < 3; k++)
		CHECK(!wrong[k], "%s: %ld done, %ld EFAULT, %ld other "
		      "answers (the last %ld)", what[k], n[k][0], n[k][1],
		      wrong[k], last[k]);
	printf("%d failures\n", failures);
	return failures;
}
