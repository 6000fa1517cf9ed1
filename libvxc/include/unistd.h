/*
 * unistd.h - the POSIX calls the sandbox offers: I/O on descriptors 0, 1
 * and 2, the heap, the exit, isatty, getopt.  Calls that name files exist
 * so that portable programs build, and fail with EACCES.
 */
#ifndef _VXC_UNISTD_H
#define _VXC_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif

#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4

#define _SC_PAGESIZE		30
#define _SC_PAGE_SIZE		_SC_PAGESIZE
#define _SC_CLK_TCK		2
#define _SC_OPEN_MAX		4
#define _SC_NPROCESSORS_ONLN	84

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int isatty(int fd);
void _exit(int status) __attribute__((__noreturn__));
int brk(void *addr);
void *sbrk(intptr_t increment);
pid_t getpid(void);
pid_t getppid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
long sysconf(int name);
int getpagesize(void);
int access(const char *name, int mode);
int unlink(const char *name);
int rmdir(const char *name);
int chdir(const char *name);
char *getcwd(char *buf, size_t size);
int dup(int fd);
int dup2(int fd, int fd2);

extern char **environ;

extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

#endif
