/*
 * syscall.S - the only place that knows how the guest reaches its host.
 *
 * Built twice: plainly for vxrun (int $0x30 and the call numbers of
 * doc/abi.md) and with -DVXC_LINUX for a Linux i386 kernel (int $0x80),
 * so that the same guest can run natively or under qemu-i386 and serve as
 * a reference.  Every entry returns the raw result: a value, or -errno in
 * -4095..-1.  Setting errno is left to the C wrappers.
 */

#ifdef VXC_LINUX
#define TRAP		int $0x80
#define NR_EXIT		252	/* exit_group */
#define NR_READ		3
#define NR_WRITE	4
#define NR_BRK		45
#define NR_GETPID	20
#define NR_KILL		37
#define NR_IOCTL	54
#define NR_CLOCK	403	/* clock_gettime64: the same 16-byte layout */
#define TCGETS		0x5401
#define ENOTTY		25
#define ENOSYS		38
#else
#define TRAP		int $0x30
#define NR_EXIT		1
#define NR_READ		2
#define NR_WRITE	3
#define NR_BRK		4
#define NR_CLOCK	5
#define NR_ISATTY	6
#define NR_KILL		7
#define NR_PENDING	8
#define NR_CALLBACK	32
#define NR_READY	33
#endif

	.text

/* void __vxc_sys_exit(int status) -- never returns */
	.globl	__vxc_sys_exit
	.type	__vxc_sys_exit, @function
__vxc_sys_exit:
	movl	4(%esp), %ebx
	movl	$NR_EXIT, %eax
	TRAP
	ud2			/* the host did not stop us: trap */
	.size	__vxc_sys_exit, . - __vxc_sys_exit

/* long __vxc_sys_read(int fd, void *buf, size_t n) */
	.globl	__vxc_sys_read
	.type	__vxc_sys_read, @function
__vxc_sys_read:
	movl	$NR_READ, %eax
	jmp	call3
	.size	__vxc_sys_read, . - __vxc_sys_read

/* long __vxc_sys_write(int fd, const void *buf, size_t n) */
	.globl	__vxc_sys_write
	.type	__vxc_sys_write, @function
__vxc_sys_write:
	movl	$NR_WRITE, %eax
	jmp	call3
	.size	__vxc_sys_write, . - __vxc_sys_write

/* long __vxc_sys_clock(int id, struct __vxc_time *t) */
	.globl	__vxc_sys_clock
	.type	__vxc_sys_clock, @function
__vxc_sys_clock:
	movl	$NR_CLOCK, %eax
	jmp	call3
	.size	__vxc_sys_clock, . - __vxc_sys_clock

#ifdef VXC_LINUX
/*
 * long __vxc_sys_isatty(int fd): 1, 0, or -errno.  Linux has no such
 * call: a terminal is what answers TCGETS.
 */
	.globl	__vxc_sys_isatty
	.type	__vxc_sys_isatty, @function
__vxc_sys_isatty:
	pushl	%ebx
	subl	$64, %esp		/* room for a struct termios */
	movl	72(%esp), %ebx
	movl	$TCGETS, %ecx
	movl	%esp, %edx
	movl	$NR_IOCTL, %eax
	TRAP
	addl	$64, %esp
	popl	%ebx
	testl	%eax, %eax
	jnz	1f
	movl	$1, %eax
	ret
1:	cmpl	$-ENOTTY, %eax
	jne	2f
	xorl	%eax, %eax
2:	ret
	.size	__vxc_sys_isatty, . - __vxc_sys_isatty

/* long __vxc_sys_kill(int sig): kill(getpid(), sig). */
	.globl	__vxc_sys_kill
	.type	__vxc_sys_kill, @function
__vxc_sys_kill:
	pushl	%ebx
	movl	$NR_GETPID, %eax
	TRAP
	movl	%eax, %ebx
	movl	8(%esp), %ecx
	movl	$NR_KILL, %eax
	TRAP
	popl	%ebx
	ret
	.size	__vxc_sys_kill, . - __vxc_sys_kill

/* long __vxc_sys_pending(int fd, void *desc): no such thing on Linux. */
	.globl	__vxc_sys_pending
	.type	__vxc_sys_pending, @function
__vxc_sys_pending:
	movl	$-ENOSYS, %eax
	ret
	.size	__vxc_sys_pending, . - __vxc_sys_pending
#else
/* long __vxc_sys_isatty(int fd) */
	.globl	__vxc_sys_isatty
	.type	__vxc_sys_isatty, @function
__vxc_sys_isatty:
	movl	$NR_ISATTY, %eax
	jmp	call3
	.size	__vxc_sys_isatty, . - __vxc_sys_isatty

/* long __vxc_sys_kill(int sig) */
	.globl	__vxc_sys_kill
	.type	__vxc_sys_kill, @function
__vxc_sys_kill:
	movl	$NR_KILL, %eax
	jmp	call3
	.size	__vxc_sys_kill, . - __vxc_sys_kill

/* long __vxc_sys_pending(int fd, void *desc) */
	.globl	__vxc_sys_pending
	.type	__vxc_sys_pending, @function
__vxc_sys_pending:
	movl	$NR_PENDING, %eax
	jmp	call3
	.size	__vxc_sys_pending, . - __vxc_sys_pending
#endif

/*
 * Plug-ins (vxcc -shared; <vxplugin.h>, doc/abi.md calls 32 and 33).  A
 * Linux process has no host to call: -ENOSYS there.
 */
#ifdef VXC_LINUX
	.globl	__vxc_sys_ready
	.type	__vxc_sys_ready, @function
__vxc_sys_ready:
	movl	$-ENOSYS, %eax
	ret
	.size	__vxc_sys_ready, . - __vxc_sys_ready

	.globl	vx_callback
	.type	vx_callback, @function
vx_callback:
	movl	$-ENOSYS, %eax
	movl	$-1, %edx
	ret
	.size	vx_callback, . - vx_callback

	.globl	vx_hostcall
	.type	vx_hostcall, @function
vx_hostcall:
	movl	$-ENOSYS, %eax
	ret
	.size	vx_hostcall, . - vx_hostcall
#else
/* long __vxc_sys_ready(void) */
	.globl	__vxc_sys_ready
	.type	__vxc_sys_ready, @function
__vxc_sys_ready:
	movl	$NR_READY, %eax
	TRAP
	ret
	.size	__vxc_sys_ready, . - __vxc_sys_ready

/*
 * uint64_t vx_callback(unsigned n, ...): call 32 with ebx = n and ecx =
 * the address of the first argument after n; the host's callback n
 * returns in edx:eax.
 */
	.globl	vx_callback
	.type	vx_callback, @function
vx_callback:
	pushl	%ebx
	movl	8(%esp), %ebx
	leal	12(%esp), %ecx
	movl	$NR_CALLBACK, %eax
	TRAP
	popl	%ebx
	ret
	.size	vx_callback, . - vx_callback

/* long vx_hostcall(long nr, long a1, long a2, long a3): int $0x30. */
	.globl	vx_hostcall
	.type	vx_hostcall, @function
vx_hostcall:
	pushl	%ebx
	movl	8(%esp), %eax
	movl	12(%esp), %ebx
	movl	16(%esp), %ecx
	movl	20(%esp), %edx
	TRAP
	popl	%ebx
	ret
	.size	vx_hostcall, . - vx_hostcall
#endif

/* unsigned long __vxc_sys_brk(unsigned long addr) */
	.globl	__vxc_sys_brk
	.type	__vxc_sys_brk, @function
__vxc_sys_brk:
	movl	$NR_BRK, %eax
	/* fall through: the unused argument registers do not matter */

/* Three arguments from the C stack into ebx, ecx, edx; ebx is callee-saved. */
call3:
	pushl	%ebx
	movl	8(%esp), %ebx
	movl	12(%esp), %ecx
	movl	16(%esp), %edx
	TRAP
	popl	%ebx
	ret
	.size	__vxc_sys_brk, . - __vxc_sys_brk

	.section .note.GNU-stack, "", @progbits
