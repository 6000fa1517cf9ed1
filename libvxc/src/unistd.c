/* unistd.c - read, write, _exit: thin wrappers around the host calls. */
#include <unistd.h>
#include "sys.h"

char **environ;

ssize_t read(int fd, void *buf, size_t count)
{
	return __vxc_syscall_ret(__vxc_sys_read(fd, buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return __vxc_syscall_ret(__vxc_sys_write(fd, buf, count));
}

void _exit(int status)
{
	__vxc_sys_exit(status);
}
