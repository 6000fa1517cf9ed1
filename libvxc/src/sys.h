/*
 * sys.h - library-internal declarations shared between source files.
 * Not installed; guests never see these names.
 */
#ifndef _VXC_SYS_H
#define _VXC_SYS_H

#include <stddef.h>

/* syscall.S: raw host calls, returning a value or -errno. */
void __vxc_sys_exit(int status) __attribute__((__noreturn__));
long __vxc_sys_read(int fd, void *buf, size_t n);
long __vxc_sys_write(int fd, const void *buf, size_t n);
unsigned long __vxc_sys_brk(unsigned long addr);

/* What the clock call fills in (doc/abi.md, call 5). */
struct __vxc_time {
	long long sec;
	unsigned int nsec;
	unsigned int pad;
};
long __vxc_sys_clock(int id, struct __vxc_time *t);
long __vxc_sys_isatty(int fd);
long __vxc_sys_kill(int sig);
long __vxc_sys_pending(int fd, void *desc);

/* Plug-ins (plugin.c): start-up done, the host may call (doc/abi.md,
   call 33). */
long __vxc_sys_ready(void);

/* init.c: environment, program name, constructors; for programs and
   plug-ins alike. */
void __vxc_init(int argc, char **argv, char **envp);

/* The program's name, from argv[0] (set by init.c). */
extern char *program_invocation_name;
extern char *program_invocation_short_name;

/* signal.c: the default action of sig (terminate or ignore). */
void __vxc_default_action(int sig);

/* Turn a raw result into the C convention: -1 with errno set. */
long __vxc_syscall_ret(long r);

/* stdio: push out every stream's buffered output (called by exit). */
void __vxc_stdio_flush(void);

#endif
