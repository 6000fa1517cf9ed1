/*
 * unistd.c - the POSIX descriptor calls.  Only 0, 1 and 2 exist, given
 * by the host; nothing can open a file.  The sandbox is one process with
 * no identity of its own: getpid() is 1 and the user and group ids
 * are those of nobody (65534), which promise nothing.
 */
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
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

static int bad_fd(int fd)
{
	if (fd < 0 || fd > 2) {
		errno = EBADF;
		return 1;
	}
	return 0;
}

int isatty(int fd)
{
	long r = __vxc_sys_isatty(fd);

	if (r < 0) {
		errno = -r == ENOSYS ? ENOTTY : -r;
		return 0;
	}
	if (!r)
		errno = ENOTTY;
	return r == 1;
}

/* The host keeps 0, 1 and 2 open until the guest exits. */
int close(int fd)
{
	return bad_fd(fd) ? -1 : 0;
}

/* To the guest its streams are pipes. */
off_t lseek(int fd, off_t off, int whence)
{
	if (bad_fd(fd))
		return -1;
	errno = ESPIPE;
	return -1;
}

int dup(int fd)
{
	if (!bad_fd(fd))
		errno = EMFILE;
	return -1;
}

int dup2(int fd, int fd2)
{
	if (bad_fd(fd) || bad_fd(fd2))
		return -1;
	if (fd == fd2)
		return fd;
	errno = EBUSY;
	return -1;
}

int open(const char *name, int flags, ...)
{
	errno = EACCES;
	return -1;
}

int creat(const char *name, mode_t mode)
{
	errno = EACCES;
	return -1;
}

int fcntl(int fd, int cmd, ...)
{
	if (bad_fd(fd))
		return -1;
	switch (cmd) {
	case F_GETFD:
	case F_SETFD:
	case F_SETFL:
		return 0;
	case F_GETFL:
		return fd ? O_WRONLY : O_RDONLY;
	}
	errno = EINVAL;
	return -1;
}

int access(const char *name, int mode)
{
	errno = EACCES;
	return -1;
}

int unlink(const char *name)
{
	errno = EACCES;
	return -1;
}

int rmdir(const char *name)
{
	errno = EACCES;
	return -1;
}

int chdir(const char *name)
{
	errno = EACCES;
	return -1;
}

char *getcwd(char *buf, size_t size)
{
	if (!buf || size < 2) {
		errno = buf ? ERANGE : EINVAL;
		return NULL;
	}
	strcpy(buf, "/");
	return buf;
}

pid_t getpid(void)
{
	return 1;
}

pid_t getppid(void)
{
	return 0;
}

uid_t getuid(void)
{
	return 65534;
}

uid_t geteuid(void)
{
	return 65534;
}

gid_t getgid(void)
{
	return 65534;
}

gid_t getegid(void)
{
	return 65534;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return 100;
	case _SC_OPEN_MAX:
		return 3;
	case _SC_NPROCESSORS_ONLN:
		return 1;
	}
	errno = EINVAL;
	return -1;
}

int getpagesize(void)
{
	return 4096;
}
