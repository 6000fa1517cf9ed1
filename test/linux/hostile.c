/*
 * hostile.c - system calls with hostile arguments, made with raw
 * int $0x80 so that no libc check comes first: pointers outside guest
 * memory, ranges that wrap past 4 GiB, strings that run into unmapped
 * memory, absurd counts.  Each must fail with the errno Linux gives
 * (EFAULT or EINVAL), never crash the host.  Prints one line per case and
 * exits with the number of wrong answers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rawcall.h"

static int failures;


static void expect(const char *what, long r, int err)
{
	if (r == -err) {
		printf("ok   %s: -%s\n", what, strerrorname_np(err));
		return;
	}
	printf("FAIL %s: got %ld, want -%s\n", what, r, strerrorname_np(err));
	failures++;
}

/* i386 numbers */
enum {
	NR_read = 3, NR_write = 4, NR_open = 5, NR_close = 6, NR_execve = 11,
	NR_chdir = 12, NR_pipe = 42, NR_ioctl = 54, NR_uname = 122,
	NR_readv = 145, NR_writev = 146, NR_poll = 168,
	NR_rt_sigaction = 174, NR_rt_sigprocmask = 175, NR_getcwd = 183,
	NR_mmap2 = 192, NR_munmap = 91, NR_stat64 = 195, NR_fstat64 = 197,
	NR_getdents64 = 220, NR_clock_gettime = 265, NR_newselect = 142,
	NR_gettimeofday = 78, NR_readlink = 85, NR_statx = 383,
	NR_set_thread_area = 243, NR_clock_gettime64 = 403, NR_mprotect = 125,
	NR_openat = 295, NR_getrandom = 355, NR_nanosleep = 162,
	NR_wait4 = 114, NR_sigaltstack = 186, NR_prlimit64 = 340,
	NR_mremap = 163, NR_madvise = 219, NR_msgsnd = 400, NR_lseek = 19,
	NR_brk = 45,
};

int main(void)
{
	char buf[64];
	long r;

	setvbuf(stdout, NULL, _IONBF, 0);

	/* A read-only page. */
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	/* An inaccessible page, and a string that runs into it. */
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(two + 4096, 4096, PROT_NONE);
	memset(two, 'a', 4096);
	long hole = (long)(two + 4096);
	long tail = (long)(two + 4096 - 16);	/* 16 bytes, no NUL */
	/* A page with nothing mapped: the last mapping change here. */
	char *three = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(three + 4096, 4096);
	long gone = (long)(three + 4096);
	int pfd[2];
	pipe(pfd);
	write(pfd[1], "data", 4);

	expect("write from unmapped page", sys3(NR_write, 1, hole, 10), EFAULT);
	expect("write from top of memory", sys3(NR_write, 1, 0xfffffff0, 16),
	       EFAULT);
	expect("write range wrapping 4 GiB", sys3(NR_write, 1, 0xfffffff0, 0x20),
	       EFAULT);
	expect("write NULL", sys3(NR_write, 1, 0, 1), EFAULT);
	expect("read into read-only page", sys3(NR_read, pfd[0], (long)ro, 4),
	       EFAULT);
	expect("read into unmapped page", sys3(NR_read, pfd[0], hole, 4), EFAULT);
	expect("read into a page never mapped", sys3(NR_read, pfd[0], gone, 4),
	       EFAULT);
	expect("read length wrapping", sys3(NR_read, pfd[0], (long)buf,
					    0xffffffff), EFAULT);
	expect("open unterminated path", sys3(NR_open, tail, 0, 0), EFAULT);
	expect("open path in unmapped page", sys3(NR_open, hole, 0, 0), EFAULT);
	expect("openat path at 0xffffffff", sys6(NR_openat, -100, 0xffffffff,
						 0, 0, 0, 0), EFAULT);
	expect("stat64 unterminated path", sys3(NR_stat64, tail, (long)buf, 0),
	       EFAULT);
	expect("stat64 into read-only page", sys3(NR_stat64, (long)"/",
						  (long)ro, 0), EFAULT);
	expect("fstat64 into unmapped page", sys3(NR_fstat64, 0, hole, 0),
	       EFAULT);
	expect("statx into kernel half", sys6(NR_statx, -100, (long)"/", 0,
					      0x7ff, 0xfffff000, 0), EFAULT);
	expect("chdir unterminated", sys3(NR_chdir, tail, 0, 0), EFAULT);
	expect("readlink into unmapped", sys3(NR_readlink, (long)"/proc/self/exe",
					      hole, 100), EFAULT);
	expect("readlink size 0", sys3(NR_readlink, (long)"/proc/self/exe",
				       (long)buf, 0), EINVAL);
	expect("getcwd into unmapped", sys3(NR_getcwd, hole, 100, 0), EFAULT);
	expect("uname into read-only", sys3(NR_uname, (long)ro, 0, 0), EFAULT);
	expect("pipe into read-only", sys3(NR_pipe, (long)ro, 0, 0), EFAULT);
	uint32_t iov[4] = { (uint32_t)(uintptr_t)buf, 4, 0xfffff000u, 4 };
	expect("writev with a bad iovec", sys3(NR_writev, 1, (long)iov, 2),
	       EFAULT);
	expect("writev iovec array unmapped", sys3(NR_writev, 1, hole, 1),
	       EFAULT);
	expect("writev too many iovecs", sys3(NR_writev, 1, (long)iov, 100000),
	       EINVAL);
	uint32_t neg[2] = { (uint32_t)(uintptr_t)buf, 0x80000000u };
	expect("writev negative length", sys3(NR_writev, 1, (long)neg, 1),
	       EINVAL);
	uint32_t roiov[2] = { (uint32_t)(uintptr_t)ro, 4 };
	expect("readv into read-only", sys3(NR_readv, pfd[0], (long)roiov, 1),
	       EFAULT);
	expect("poll fds unmapped", sys3(NR_poll, hole, 1, 0), EFAULT);
	expect("poll absurd nfds", sys3(NR_poll, (long)buf, 0x40000000, 0),
	       EINVAL);
	expect("select fd_set unmapped", sys6(NR_newselect, 10, hole, 0, 0, 0, 0),
	       EFAULT);
	expect("clock_gettime to unmapped", sys3(NR_clock_gettime, 0, hole, 0),
	       EFAULT);
	expect("clock_gettime64 to read-only",
	       sys3(NR_clock_gettime64, 0, (long)ro, 0), EFAULT);
	expect("gettimeofday to top", sys3(NR_gettimeofday, 0xfffffffc, 0, 0),
	       EFAULT);
	expect("nanosleep from unmapped", sys3(NR_nanosleep, hole, 0, 0), EFAULT);
	int dfd = sys3(NR_open, (long)"/", 0200000 /* O_DIRECTORY */, 0);
	expect("getdents64 into read-only", sys3(NR_getdents64, dfd, (long)ro,
						 4096), EFAULT);
	expect("getrandom wrapping", sys3(NR_getrandom, 0xffffff00, 0x200, 0),
	       EFAULT);
	expect("rt_sigaction bad size", sys6(NR_rt_sigaction, 10, 0, 0, 4, 0, 0),
	       EINVAL);
	expect("rt_sigaction act unmapped", sys6(NR_rt_sigaction, 10, hole, 0, 8,
						 0, 0), EFAULT);
	expect("rt_sigprocmask set unmapped", sys6(NR_rt_sigprocmask, 0, hole,
						   0, 8, 0, 0), EFAULT);
	expect("sigaltstack unmapped", sys3(NR_sigaltstack, hole, 0, 0), EFAULT);
	expect("set_thread_area unmapped", sys3(NR_set_thread_area, hole, 0, 0),
	       EFAULT);
	expect("ioctl FIONREAD to unmapped", sys3(NR_ioctl, pfd[0], 0x541b,
						  hole), EFAULT);
	if (fork() == 0)
		_exit(0);
	expect("wait4 status unmapped", sys6(NR_wait4, -1, hole, 0, 0, 0, 0),
	       EFAULT);
	expect("prlimit64 new unmapped", sys6(NR_prlimit64, 0, 7, hole, 0, 0, 0),
	       EFAULT);
	expect("execve argv unmapped", sys3(NR_execve, (long)"/bin/true", hole,
					    0), EFAULT);
	uint32_t argv[2] = { (uint32_t)tail, 0 };
	expect("execve unterminated argv string",
	       sys3(NR_execve, (long)"/bin/true", (long)argv, 0), EFAULT);
	expect("mmap2 length 0", sys6(NR_mmap2, 0, 0, 3, 0x22, -1, 0), EINVAL);
	expect("mmap2 fixed unaligned", sys6(NR_mmap2, 0x10000001, 4096, 3,
					     0x32, -1, 0), EINVAL);
	expect("mmap2 huge", sys6(NR_mmap2, 0, 0xfffff001, 3, 0x22, -1, 0),
	       ENOMEM);
	expect("munmap unaligned", sys3(NR_munmap, 0x10000001, 4096, 0), EINVAL);
	expect("mprotect unmapped", sys3(NR_mprotect, gone, 4096, 1), ENOMEM);
	/* The i386 kernel's own addresses are no mapping: page 0 (below
	   mmap_min_addr) and everything above the stack, up to the 4 GiB
	   wrap, where a 32-bit end address would be 0. */
	expect("mprotect page 0", sys3(NR_mprotect, 0, 4096, 3), ENOMEM);
	expect("mprotect last page", sys3(NR_mprotect, 0xfffff000, 4096, 3),
	       ENOMEM);
	expect("mprotect wrapping", sys3(NR_mprotect, 0x10000, 0xfffff000, 3),
	       ENOMEM);
	expect("mprotect kernel half", sys3(NR_mprotect, 0xc0000000, 4096, 1),
	       ENOMEM);
	expect("madvise page 0", sys3(NR_madvise, 0, 4096, 4), ENOMEM);
	expect("mremap last page", sys6(NR_mremap, 0xfffff000, 4096, 8192, 1,
					0, 0), EFAULT);
	expect("mremap kernel half", sys6(NR_mremap, 0xc0000000, 4096, 8192, 1,
					  0, 0), EFAULT);
	/* (an old length that rounds to 4 GiB: a 64-bit kernel shrinks,
	   and the unmapping of the rest, past the top, is EINVAL; an i386
	   kernel's rounds to 0, EINVAL for a private mapping) */
	expect("mremap length wrapping", sys6(NR_mremap, (long)two, 0xfffff001,
					      8192, 1, 0, 0), EINVAL);
	expect("munmap last page", sys3(NR_munmap, 0xfffff000, 4096, 0), EINVAL);
	/* MAP_FIXED where an i386 process cannot map: below mmap_min_addr
	   (EPERM), in the kernel half and across its start (ENOMEM) */
	expect("mmap2 fixed at page 0", sys6(NR_mmap2, 0, 4096, 3, 0x32, -1, 0),
	       EPERM);
	expect("mmap2 fixed below 64 KiB", sys6(NR_mmap2, 0xf000, 4096, 3, 0x32,
						-1, 0), EPERM);
	expect("mmap2 fixed kernel half", sys6(NR_mmap2, 0xc0000000, 4096, 3,
					       0x32, -1, 0), ENOMEM);
	expect("mmap2 fixed across 3 GiB", sys6(NR_mmap2, 0xbffff000, 8192, 3,
						0x32, -1, 0), ENOMEM);
	expect("mmap2 fixed wrapping", sys6(NR_mmap2, 0xfffff000, 8192, 3,
					    0x32, -1, 0), ENOMEM);
	expect("mremap unmapped", sys6(NR_mremap, gone, 4096, 8192, 1, 0, 0),
	       EFAULT);
	expect("mremap across two mappings", sys6(NR_mremap, (long)two, 8192,
						  16384, 1, 0, 0), EFAULT);
	expect("close bad fd", sys3(NR_close, 12345, 0, 0), EBADF);
	/* A message whose text runs into an inaccessible page: the whole
	   text must be checked, not its first byte. */
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	memset(two + 4096 - 8, 0, 4);
	two[4096 - 8] = 1;		/* mtype 1, then 4 bytes of text */
	expect("msgsnd text running into an inaccessible page",
	       sys6(NR_msgsnd, q, (long)(two + 4096 - 8), 64, IPC_NOWAIT,
		    0, 0), EFAULT);
	msgctl(q, IPC_RMID, NULL);
	/* Directory positions are vxlinux's small numbers for the host's
	   cookies, handed out as getdents meets them (vxlinux/dirpos.c):
	   one it never gave is not a position.  (Linux on ext4 takes any
	   number; a guest has no other way to know one.)  The largest
	   d_off of a first read is the newest: one more was never given. */
	int rd = sys3(NR_open, (long)"/", 0200000, 0);
	char dents[4096];
	long got = sys3(NR_getdents64, rd, (long)dents, sizeof dents);
	int64_t maxoff = 0, first = 0;
	for (long o = 0; o + 19 <= got;) {
		int64_t off;
		unsigned short reclen;
		memcpy(&off, dents + o + 8, 8);
		memcpy(&reclen, dents + o + 16, 2);
		if (!first)
			first = off;
		if (off > maxoff)
			maxoff = off;
		if (!reclen)
			break;
		o += reclen;
	}
	r = sys3(NR_lseek, rd, (long)first, 0);
	printf("%s lseek to a position getdents gave: %ld, want %lld\n",
	       got > 0 && r == first ? "ok  " : "FAIL", r, (long long)first);
	failures += !(got > 0 && r == first);
	expect("lseek to a directory position never given",
	       sys3(NR_lseek, rd, (long)(maxoff + 1), 0), EINVAL);
	sys3(NR_close, rd, 0, 0);

	/* A string that ends exactly at the top of the stack, the last
	   mapped byte below the kernel half: find the top by asking write()
	   page by page, fill its last 16 bytes, and name it as a path. */
	uintptr_t top = ((uintptr_t)&r | 4095) + 1;
	while (top < 0xfffff000u && sys3(NR_write, pfd[1], top, 1) == 1)
		top += 4096;
	memset((char *)top - 16, 'z', 16);
	expect("open path ending at the top of the stack",
	       sys3(NR_open, top - 16, 0, 0), EFAULT);
	/* Linux writes the accessible part of a buffer that runs off the
	   end of memory. */
	r = sys3(NR_write, pfd[1], top - 16, 32);
	printf("%s write range crossing the stack top: %ld, want 16\n",
	       r == 16 ? "ok  " : "FAIL", r);
	failures += r != 16;

	/* Lengths that page rounding takes past 4 GiB: a break there is
	   refused (the break stays where it was, and the program below it
	   with it), an unmapping is EINVAL. */
	long brk_was = sys3(NR_brk, 0, 0, 0);
	r = sys3(NR_brk, 0xfffffffe, 0, 0);
	printf("%s brk(0xfffffffe) leaves the break: %#lx, want %#lx\n",
	       r == brk_was ? "ok  " : "FAIL", r, brk_was);
	failures += r != brk_was;
	r = sys3(NR_brk, 0xfffff001, 0, 0);
	printf("%s brk(0xfffff001) leaves the break: %#lx, want %#lx\n",
	       r == brk_was ? "ok  " : "FAIL", r, brk_was);
	failures += r != brk_was;
	expect("munmap of a length rounding past 4 GiB",
	       sys3(NR_munmap, (long)two, 0xfffff001, 0), EINVAL);

	/* A result written by the call into a page of code the program
	   has run (its translation write-protects the page on the host):
	   the call succeeds, and the code still runs. */
	uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code[0] = 0xb8, code[1] = 42, code[2] = code[3] = code[4] = 0; /* mov $42, %eax */
	code[5] = 0xc3;						/* ret */
	int (*fn)(void) = (int (*)(void))code;
	int before = fn();
	r = sys3(NR_uname, (long)(code + 512), 0, 0);
	int after = fn();
	printf("%s uname into a page of code that ran: %ld, \"%.5s\", code %d %d\n",
	       r == 0 && !memcmp(code + 512, "Linux", 5) && before == 42 &&
	       after == 42 ? "ok  " : "FAIL", r, (char *)code + 512, before,
	       after);
	failures += !(r == 0 && !memcmp(code + 512, "Linux", 5) &&
		      before == 42 && after == 42);

	/* After all that the process is fine. */
	r = sys3(NR_write, 1, (long)"still alive\n", 12);
	if (r != 12)
		failures++;
	printf("%d failures\n", failures);
	return failures;
}
