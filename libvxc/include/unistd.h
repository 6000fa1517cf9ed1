/* unistd.h - the few POSIX calls the sandbox offers. */
#ifndef _VXC_UNISTD_H
#define _VXC_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
void _exit(int status) __attribute__((__noreturn__));
int brk(void *addr);
void *sbrk(intptr_t increment);

extern char **environ;

#endif
