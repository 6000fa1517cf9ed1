/*
 * net.c - a socket call: prints the errno it got.  vxlinux says EACCES
 * under --no-net and ENOSYS otherwise (no socket translation yet).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);

	printf("socket: %s\n", s < 0 ? strerrorname_np(errno) : "ok");
	return 0;
}
