/*
 * syscall.c - the i386 system-call table and dispatcher.
 *
 * int $0x80 comes back from vxproc_run() with the call number in eax and
 * the arguments in ebx, ecx, edx, esi, edi, ebp (the i386 order); the
 * result, or -errno, goes back in eax.  Numbers not in the table are
 * answered -ENOSYS and named under --trace.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include "vxlinux.h"

/* number, name, argument count (for the trace) */
#define SYSCALLS \
	X(1, exit, 1) X(2, fork, 0) X(3, read, 3) X(4, write, 3) \
	X(5, open, 3) X(6, close, 1) X(7, waitpid, 3) X(8, creat, 2) \
	X(9, link, 2) X(10, unlink, 1) X(11, execve, 3) X(12, chdir, 1) \
	X(13, time, 1) X(14, mknod, 3) X(15, chmod, 2) X(19, lseek, 3) \
	X(20, getpid, 0) X(24, getuid, 0) X(27, alarm, 1) X(29, pause, 0) \
	X(30, utime, 2) X(33, access, 2) X(36, sync, 0) X(37, kill, 2) \
	X(38, rename, 2) X(39, mkdir, 2) X(40, rmdir, 1) X(41, dup, 1) \
	X(42, pipe, 1) X(43, times, 1) X(45, brk, 1) X(47, getgid, 0) \
	X(49, geteuid, 0) X(50, getegid, 0) X(54, ioctl, 3) \
	X(55, fcntl, 3) X(57, setpgid, 2) X(60, umask, 1) X(63, dup2, 2) \
	X(64, getppid, 0) X(65, getpgrp, 0) X(66, setsid, 0) \
	X(67, sigaction, 3) X(75, setrlimit, 2) X(76, getrlimit, 2) \
	X(77, getrusage, 2) X(78, gettimeofday, 2) X(83, symlink, 2) \
	X(85, readlink, 3) X(90, mmap, 1) X(91, munmap, 2) \
	X(92, truncate, 2) X(93, ftruncate, 2) X(94, fchmod, 2) \
	X(102, socketcall, 2) X(104, setitimer, 3) X(105, getitimer, 2) \
	X(114, wait4, 4) X(116, sysinfo, 1) X(118, fsync, 1) \
	X(119, sigreturn, 0) X(120, clone, 5) X(122, uname, 1) \
	X(125, mprotect, 3) X(126, sigprocmask, 3) X(132, getpgid, 1) \
	X(133, fchdir, 1) X(136, personality, 1) X(140, _llseek, 5) \
	X(141, getdents, 3) X(142, _newselect, 5) X(143, flock, 2) \
	X(144, msync, 3) X(145, readv, 3) X(146, writev, 3) \
	X(147, getsid, 1) X(148, fdatasync, 1) X(158, sched_yield, 0) \
	X(162, nanosleep, 2) X(163, mremap, 5) X(168, poll, 3) \
	X(172, prctl, 5) X(173, rt_sigreturn, 0) X(174, rt_sigaction, 4) \
	X(175, rt_sigprocmask, 4) X(176, rt_sigpending, 2) \
	X(179, rt_sigsuspend, 2) X(180, pread64, 5) X(181, pwrite64, 5) \
	X(183, getcwd, 2) X(186, sigaltstack, 2) X(187, sendfile, 4) \
	X(190, vfork, 0) X(191, ugetrlimit, 2) X(192, mmap2, 6) \
	X(193, truncate64, 3) X(194, ftruncate64, 3) X(195, stat64, 2) \
	X(196, lstat64, 2) X(197, fstat64, 2) X(198, lchown32, 3) \
	X(199, getuid32, 0) X(200, getgid32, 0) X(201, geteuid32, 0) \
	X(202, getegid32, 0) X(205, getgroups32, 2) X(207, fchown32, 3) \
	X(209, getresuid32, 3) X(211, getresgid32, 3) X(212, chown32, 3) \
	X(219, madvise, 3) X(220, getdents64, 3) X(221, fcntl64, 3) \
	X(224, gettid, 0) X(238, tkill, 2) X(239, sendfile64, 4) \
	X(240, futex, 6) X(242, sched_getaffinity, 3) \
	X(243, set_thread_area, 1) X(244, get_thread_area, 1) \
	X(252, exit_group, 1) X(258, set_tid_address, 1) \
	X(265, clock_gettime, 2) X(266, clock_getres, 2) \
	X(267, clock_nanosleep, 4) X(268, statfs64, 3) \
	X(269, fstatfs64, 3) X(270, tgkill, 3) X(271, utimes, 2) \
	X(272, fadvise64_64, 6) X(295, openat, 4) X(296, mkdirat, 3) \
	X(297, mknodat, 4) X(298, fchownat, 5) X(300, fstatat64, 4) \
	X(301, unlinkat, 3) X(302, renameat, 4) X(303, linkat, 5) \
	X(304, symlinkat, 3) X(305, readlinkat, 4) X(306, fchmodat, 3) \
	X(307, faccessat, 3) X(308, pselect6, 6) X(309, ppoll, 5) \
	X(311, set_robust_list, 2) X(320, utimensat, 4) X(330, dup3, 3) \
	X(331, pipe2, 2) X(340, prlimit64, 4) X(353, renameat2, 5) \
	X(355, getrandom, 3) X(359, socket, 3) X(360, socketpair, 4) \
	X(361, bind, 3) X(362, connect, 3) X(363, listen, 2) \
	X(364, accept4, 4) X(365, getsockopt, 5) \
	X(366, setsockopt, 5) X(367, getsockname, 3) X(368, getpeername, 3) \
	X(369, sendto, 6) X(370, sendmsg, 3) X(371, recvfrom, 6) \
	X(372, recvmsg, 3) X(373, shutdown, 2) X(383, statx, 5) \
	X(403, clock_gettime64, 2) X(406, clock_getres_time64, 2) \
	X(407, clock_nanosleep_time64, 4) X(412, utimensat_time64, 4) \
	X(413, pselect6_time64, 6) X(414, ppoll_time64, 5) \
	X(422, futex_time64, 6) X(439, faccessat2, 4) \
	X(96, getpriority, 2) X(97, setpriority, 3) X(99, statfs, 2) \
	X(100, fstatfs, 2) X(106, stat, 2) X(107, lstat, 2) X(108, fstat, 2) \
	X(203, setreuid32, 2) X(204, setregid32, 2) X(206, setgroups32, 2) \
	X(208, setresuid32, 3) X(210, setresgid32, 3) X(213, setuid32, 1) \
	X(214, setgid32, 1) X(284, waitid, 5) \
	X(72, sigsuspend, 3) X(177, rt_sigtimedwait, 4) \
	X(421, rt_sigtimedwait_time64, 4) X(241, sched_setaffinity, 3) \
	X(154, sched_setparam, 2) X(155, sched_getparam, 2) \
	X(156, sched_setscheduler, 3) X(157, sched_getscheduler, 1) \
	X(159, sched_get_priority_max, 1) X(160, sched_get_priority_min, 1) \
	X(318, getcpu, 3) X(259, timer_create, 3) X(260, timer_settime, 4) \
	X(261, timer_gettime, 2) X(262, timer_getoverrun, 1) \
	X(263, timer_delete, 1) X(408, timer_gettime64, 2) \
	X(409, timer_settime64, 4) X(178, rt_sigqueueinfo, 3) \
	X(335, rt_tgsigqueueinfo, 4) X(117, ipc, 6) X(393, semget, 3) \
	X(394, semctl, 4) X(395, shmget, 3) X(396, shmctl, 3) \
	X(397, shmat, 3) X(398, shmdt, 1) X(399, msgget, 2) \
	X(400, msgsnd, 4) X(401, msgrcv, 5) X(402, msgctl, 3) \
	X(420, semtimedop_time64, 4) X(312, get_robust_list, 3) \
	X(226, setxattr, 5) X(227, lsetxattr, 5) X(228, fsetxattr, 5) \
	X(229, getxattr, 4) X(230, lgetxattr, 4) X(231, fgetxattr, 4) \
	X(232, listxattr, 3) X(233, llistxattr, 3) X(234, flistxattr, 3) \
	X(235, removexattr, 2) X(236, lremovexattr, 2) \
	X(237, fremovexattr, 2) X(254, epoll_create, 1) \
	X(255, epoll_ctl, 4) X(256, epoll_wait, 4) \
	X(319, epoll_pwait, 6) X(329, epoll_create1, 1) \
	X(436, close_range, 3) X(333, preadv, 5) X(334, pwritev, 5) \
	X(324, fallocate, 6) X(323, eventfd, 1) X(328, eventfd2, 2) \
	X(322, timerfd_create, 2) X(325, timerfd_settime, 4) \
	X(326, timerfd_gettime, 2) X(411, timerfd_settime64, 4) \
	X(410, timerfd_gettime64, 2) X(291, inotify_init, 0) \
	X(332, inotify_init1, 1) X(292, inotify_add_watch, 3) \
	X(293, inotify_rm_watch, 2)

/* Calls Linux has that vxlinux leaves out, named for the trace. */
#define NAMED_ONLY \
	Y(16, lchown) Y(18, oldstat) Y(28, oldfstat) Y(51, acct) \
	Y(82, select) Y(84, oldlstat) Y(109, olduname) \
	Y(123, modify_ldt) Y(150, mlock) \
	Y(384, arch_prctl) Y(386, rseq) \
	Y(435, clone3)

/*
 * The arguments that are descriptors, as a bit mask (bit i: argument i).
 * The guest's descriptors are all below fd_base (fds.c); one at or above
 * it is vxlinux's own, and the call gets EBADF without reaching the host.
 * (socketcall, mmap and SCM_RIGHTS carry theirs in memory: net.c and
 * mm.c check those.)
 */
#define FD_ARGS \
	F(3, 1) F(4, 1) F(6, 1) F(19, 1) F(41, 1) F(54, 1) F(55, 1) \
	F(63, 3) F(93, 1) F(94, 1) F(100, 1) F(108, 1) F(118, 1) \
	F(133, 1) F(140, 1) F(141, 1) F(143, 1) F(145, 1) F(146, 1) \
	F(148, 1) F(180, 1) F(181, 1) F(187, 3) F(194, 1) F(197, 1) \
	F(207, 1) F(220, 1) F(221, 1) F(239, 3) F(269, 1) F(272, 1) \
	F(295, 1) F(296, 1) F(297, 1) F(298, 1) F(300, 1) F(301, 1) \
	F(302, 5) F(303, 5) F(304, 2) F(305, 1) F(306, 1) F(307, 1) \
	F(320, 1) F(330, 3) F(353, 5) F(361, 1) F(362, 1) F(363, 1) \
	F(364, 1) F(365, 1) F(366, 1) F(367, 1) F(368, 1) F(369, 1) \
	F(370, 1) F(371, 1) F(372, 1) F(373, 1) F(383, 1) F(412, 1) \
	F(439, 1) F(255, 5) F(256, 1) F(319, 1) F(333, 1) F(334, 1) \
	F(324, 1) F(325, 1) F(326, 1) F(411, 1) F(410, 1) F(292, 1) \
	F(293, 1)

#define X(nr, name, n) long sys_##name(uint32_t *a);
SYSCALLS
#undef X

struct syscall {
	const char *name;
	syscall_fn fn;
	int nargs;
};

#define NSYSCALLS 450
static const struct syscall table[NSYSCALLS] = {
#define X(nr, name, n) [nr] = { #name, sys_##name, n },
#define Y(nr, name) [nr] = { #name, NULL, 0 },
	SYSCALLS
	NAMED_ONLY
#undef X
#undef Y
};

static const uint8_t fdargs[NSYSCALLS] = {
#define F(nr, mask) [nr] = mask,
	FD_ARGS
#undef F
};

/* A descriptor argument names one of vxlinux's own. */
static int reserved_fd_arg(uint32_t nr, const uint32_t *a)
{
	uint8_t m = fdargs[nr];

	for (int i = 0; m; i++, m >>= 1)
		if ((m & 1) && (int32_t)a[i] >= fd_base)
			return 1;
	return 0;
}

const char *syscall_name(uint32_t nr)
{
	return nr < NSYSCALLS ? table[nr].name : NULL;
}

long unsupported(const char *what, long err)
{
	trace("unsupported: %s\n", what);
	return err;
}

/* Which argument of a call is a path name (-1: none), for the trace. */
static int path_arg(uint32_t nr)
{
	switch (nr) {
	case 5: case 8: case 9: case 10: case 11: case 12: case 14: case 15:
	case 30: case 33: case 38: case 39: case 40: case 83: case 85:
	case 92: case 99: case 106: case 107: case 193: case 195: case 196:
	case 198: case 212: case 268: case 271:
	case 226: case 227: case 229: case 230: case 232: case 233:
	case 235: case 236:
		return 0;
	case 295: case 296: case 297: case 298: case 300: case 301:
	case 302: case 303: case 305: case 306: case 307: case 320:
	case 353: case 383: case 439:
		return 1;
	case 304:
		return 2;
	}
	return -1;
}

static void trace_call(uint32_t nr, const struct syscall *s,
		       const uint32_t *a)
{
	char buf[256];
	int len = 0, p = path_arg(nr);

	for (int i = 0; i < s->nargs && len < (int)sizeof buf - 1; i++) {
		const char *str;
		if (i == p && guest_str(a[i], PATH_MAX - 1, &str) >= 0)
			len += snprintf(buf + len, sizeof buf - len,
					"%s\"%.100s\"", i ? ", " : "", str);
		else
			len += snprintf(buf + len, sizeof buf - len, "%s%#x",
					i ? ", " : "", a[i]);
	}
	buf[len < (int)sizeof buf ? len : (int)sizeof buf - 1] = 0;
	trace("%s(%s)\n", s->name, buf);
}

/* Calls that fail with EINTR after a handler ran even with SA_RESTART,
   as on Linux (sleeps, multiplexers, pause and sigsuspend). */
static int never_restarted(uint32_t nr)
{
	switch (nr) {
	case 29: case 142: case 162: case 168: case 179: case 267:
	case 308: case 309: case 407: case 413: case 414:
	case 72: case 177: case 421: case 117: case 420: case 256:
	case 319:
		return 1;
	}
	return 0;
}

/*
 * Calls that can wait.  A caught signal that arrived after the guest
 * stopped but before such a call would block must interrupt it, as on
 * Linux, where the pending signal is seen before sleeping; otherwise the
 * call could wait for something that the handler was to bring about.
 */
static int may_block(uint32_t nr)
{
	switch (nr) {
	case 3: case 4: case 7: case 29: case 114: case 142: case 145:
	case 146: case 162: case 168: case 179: case 180: case 181:
	case 187: case 239: case 240: case 267: case 284: case 308:
	case 309: case 407: case 413: case 414: case 422:
	case 72: case 177: case 421: case 117: case 400: case 401: case 420:
	case 102: case 362: case 364: case 369: case 370: case 371:
	case 372: case 256: case 319:
		return 1;
	}
	return 0;
}

/* Reads and writes of regular files do not wait, and Linux does not
   interrupt them. */
static int regular_file_io(uint32_t nr, const uint32_t *a)
{
	struct stat st;

	switch (nr) {
	case 3: case 4: case 145: case 146: case 180: case 181:
		return fstat((int)a[0], &st) == 0 && S_ISREG(st.st_mode);
	}
	return 0;
}

void syscall_dispatch(void)
{
	struct vxcpu *c = guest->cpu;
	uint32_t nr = c->reg[EAX];
	uint32_t a[6] = {
		c->reg[EBX], c->reg[ECX], c->reg[EDX],
		c->reg[ESI], c->reg[EDI], c->reg[EBP],
	};
	const struct syscall *s = nr < NSYSCALLS ? &table[nr] : NULL;
	long r;

	if (s && s->fn) {
		if (pol.trace)
			trace_call(nr, s, a);
		if (reserved_fd_arg(nr, a))
			r = -EBADF;
		else if (may_block(nr) && signal_deliverable() &&
			 !regular_file_io(nr, a))
			r = -EINTR;
		else
			r = s->fn(a);
		path_release();
		/* An execve in this process replaced the guest (exec.c):
		   its eax is the new program's, 0 as Linux starts it. */
		c = guest->cpu;
	} else {
		char what[64];
		if (s && s->name)
			snprintf(what, sizeof what, "system call %s (%u)",
				 s->name, nr);
		else
			snprintf(what, sizeof what, "system call %u", nr);
		r = unsupported(what, -ENOSYS);
	}
	if (r == -EINTR && !never_restarted(nr) && signal_restart()) {
		/* Run the int $0x80 again after the handler returns. */
		c->eip -= 2;
		c->reg[EAX] = nr;
		trace("  = restart\n");
		return;
	}
	c->reg[EAX] = (uint32_t)r;
	if (pol.trace) {
		if (r < 0 && r >= -4095)
			trace("  = -%ld\n", -r);
		else
			trace("  = %#lx\n", (unsigned long)(uint32_t)r);
	}
}
