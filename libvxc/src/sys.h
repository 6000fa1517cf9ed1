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

/* Turn a raw result into the C convention: -1 with errno set. */
long __vxc_syscall_ret(long r);

/* stdio: push out every stream's buffered output (called by exit). */
void __vxc_stdio_flush(void);

#endif
