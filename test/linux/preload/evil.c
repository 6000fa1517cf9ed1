/*
 * evil.c - a host (x86-64) shared object a hostile guest leaves for a
 * host loader to find through LD_PRELOAD: if its constructor ever runs,
 * guest-chosen native code ran in the host, and it says so in the file
 * EVIL_MARK names.  (test/suite-linux.sh, linux/escape/reexec.)
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void evil(void)
{
	const char *mark = getenv("EVIL_MARK");

	if (mark) {
		int fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			write(fd, "native code ran\n", 16);
			close(fd);
		}
	}
}
