/*
 * rawcall.h - a system call made with int $0x80 itself, so that no libc
 * check or conversion comes first: the hostile tests' way of handing
 * vxlinux (or the kernel) exactly the argument values they mean.
 * Returns the raw result: a value, or -errno.
 */
#ifndef LINUX_RAWCALL_H
#define LINUX_RAWCALL_H

static __attribute__((noinline, unused)) long sys6(long nr, long a, long b,
						    long c, long d, long e,
						    long f)
{
	static long sixth;	/* absolute address: usable after push %ebp */
	long r;

	sixth = f;
	__asm__ volatile("push %%ebp\n\t"
			 "mov %7, %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%ebp"
			 : "=a"(r)
			 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e),
			   "m"(sixth)
			 : "memory");
	return r;
}

#define sys3(nr, a, b, c)	sys6(nr, a, b, c, 0, 0, 0)

#endif
