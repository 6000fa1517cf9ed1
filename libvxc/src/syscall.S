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
#else
#define TRAP		int $0x30
#define NR_EXIT		1
#define NR_READ		2
#define NR_WRITE	3
#define NR_BRK		4
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
