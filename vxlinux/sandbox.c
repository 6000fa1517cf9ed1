/*
 * sandbox.c - the outer layer: what the kernel enforces on vxlinux itself.
 *
 * vxlinux serves the guest's system calls in the host process, so a bug
 * in that layer is a hole in the sandbox.  Before the first guest
 * instruction the process therefore gives up, for good, what it does not
 * need, so that such a bug becomes a refused call instead of an escape:
 *  - PR_SET_NO_NEW_PRIVS (no gain of privilege through execve), and
 *    PR_SET_DUMPABLE 0, which keeps other processes of the same user
 *    (the guest's own children included) away from this one's memory
 *    through /proc/PID/mem and ptrace;
 *  - Landlock, where the kernel has it and a policy option is given:
 *    the file system is DIR alone under --root (read-only under
 *    --read-only), plus /proc to read, vxlinux's binary to execute and
 *    the data devices standing in for missing ones (path.c) to read
 *    and write;
 *    with --read-only alone, the whole tree read-only; TCP bind and
 *    connect are denied under --no-net; and signals to, and abstract
 *    unix sockets of, processes outside the sandbox are out of reach;
 *  - a seccomp filter that lets through only the host calls vxlinux
 *    makes (serving the guest, and starting up again after an execve),
 *    some only with the arguments it uses; ptrace, process_vm_*, bpf,
 *    mount, kexec, keyctl, module loading, namespaces, io_uring and their
 *    like kill the process; anything else unknown fails with ENOSYS.
 * All of it is inherited by children and kept across execve.  A vxlinux
 * started by a guest's execve finds its predecessor's layer in force
 * (Landlock allows only 16 nested layers, and each would be the same),
 * checks the parts it can see, and adds nothing.
 * See doc/security.md for which promise each layer keeps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "vxlinux.h"

static int active;

int sandbox_active(void)
{
	return active;
}

/* ---------------------------------------------------------- Landlock */

/* Rights and structures newer than some kernel headers. */
#define LL_FS_REFER		(1ull << 13)	/* ABI 2 */
#define LL_FS_TRUNCATE		(1ull << 14)	/* ABI 3 */
#define LL_FS_IOCTL_DEV		(1ull << 15)	/* ABI 5 */
#define LL_NET_BIND_TCP		(1ull << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP	(1ull << 1)
#define LL_SCOPE_ABSTRACT_UNIX	(1ull << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL		(1ull << 1)

#define LL_FS_READ	(LANDLOCK_ACCESS_FS_EXECUTE | \
			 LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_FS_V1	((1ull << 13) - 1)	/* the 13 rights of ABI 1 */
#define LL_FS_MAKE_DEV	(LANDLOCK_ACCESS_FS_MAKE_CHAR | \
			 LANDLOCK_ACCESS_FS_MAKE_BLOCK)
#define LL_FS_FILE	(LANDLOCK_ACCESS_FS_EXECUTE | \
			 LANDLOCK_ACCESS_FS_WRITE_FILE | \
			 LANDLOCK_ACCESS_FS_READ_FILE | LL_FS_TRUNCATE | \
			 LL_FS_IOCTL_DEV)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static int ll_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

/* Allow access beneath path (or to the file path), within handled. */
static void ll_allow(int ruleset, const char *path, int pathfd,
		     uint64_t access, uint64_t handled)
{
	struct ll_path_beneath pb;
	struct stat st;
	int fd = pathfd >= 0 ? pathfd : open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return;		/* nothing there: nothing to allow */
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= LL_FS_FILE;
	pb.allowed_access = access & handled;
	pb.parent_fd = fd;
	if (pb.allowed_access &&
	    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0) < 0)
		die("landlock_add_rule(%s): %s", path, strerror(errno));
	if (pathfd < 0)
		close(fd);
}

/*
 * The guest's standard descriptors may be files outside DIR, which it
 * may reopen through /proc/self/fd/N with the access they have (procfs.c
 * checks that): allow just those files, just that access.
 */
static void ll_allow_stdio(int ruleset, uint64_t handled)
{
	for (int fd = 0; fd <= 2; fd++) {
		struct stat st;
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fstat(fd, &st) < 0 ||
		    !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)))
			continue;
		uint64_t a = 0;
		if ((fl & O_ACCMODE) != O_WRONLY)
			a |= LANDLOCK_ACCESS_FS_READ_FILE;
		if ((fl & O_ACCMODE) != O_RDONLY && !pol.read_only)
			a |= LANDLOCK_ACCESS_FS_WRITE_FILE;
		char link[32];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		int pfd = open(link, O_PATH | O_CLOEXEC);
		if (pfd >= 0) {
			ll_allow(ruleset, link, pfd, a, handled);
			close(pfd);
		}
	}
}

static void landlock(void)
{
	int abi = ll_abi();
	struct ll_ruleset_attr attr = { 0 };
	size_t size;

	if (!policy_any())
		return;
	if (abi < 1) {
		fprintf(stderr, "%s: note: the kernel has no Landlock; the "
			"policy is kept by vxlinux's own checks and the "
			"seccomp filter only (doc/security.md)\n", progname);
		return;
	}
	uint64_t fs_all = LL_FS_V1;
	if (abi >= 2)
		fs_all |= LL_FS_REFER;
	if (abi >= 3)
		fs_all |= LL_FS_TRUNCATE;
	if (abi >= 5)
		fs_all |= LL_FS_IOCTL_DEV;
	if (pol.root || pol.read_only)
		attr.handled_access_fs = fs_all;
	if (pol.no_net && abi >= 4)
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_SIGNAL;
		if (pol.no_net)
			attr.scoped |= LL_SCOPE_ABSTRACT_UNIX;
	}
	size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
	if (!attr.handled_access_fs && !attr.handled_access_net &&
	    !attr.scoped)
		return;
	int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (rs < 0)
		die("landlock_create_ruleset: %s", strerror(errno));
	uint64_t h = attr.handled_access_fs;
	if (h) {
		/* No device node made under --root (fs.c, do_mknodat): a
		   root guest could name a host disk with one. */
		uint64_t rw = pol.read_only ? LL_FS_READ |
				(abi >= 5 ? LL_FS_IOCTL_DEV : 0) :
			pol.root ? fs_all & ~(uint64_t)LL_FS_MAKE_DEV : fs_all;
		ll_allow(rs, pol.root ? pol.root : "/", -1, rw, h);
		/* What vxlinux itself opens: its own /proc files, and its
		   binary to execute again on the guest's execve. */
		ll_allow(rs, "/proc", -1, LANDLOCK_ACCESS_FS_READ_FILE |
			 LANDLOCK_ACCESS_FS_READ_DIR, h);
		ll_allow(rs, "/proc/self/exe", -1,
			 LANDLOCK_ACCESS_FS_EXECUTE |
			 LANDLOCK_ACCESS_FS_READ_FILE, h);
		if (pol.root) {
			ll_allow_stdio(rs, h);
			/* The data devices path.c lets stand in for
			   missing ones inside DIR. */
			for (const char *const *d = path_stand_in_devices();
			     *d; d++)
				ll_allow(rs, *d, -1,
					 LANDLOCK_ACCESS_FS_READ_FILE |
					 LANDLOCK_ACCESS_FS_WRITE_FILE |
					 LL_FS_TRUNCATE, h);
		}
	}
	if (syscall(SYS_landlock_restrict_self, rs, 0) < 0)
		die("landlock_restrict_self: %s", strerror(errno));
	close(rs);
	trace("sandbox: Landlock ABI %d: fs %#llx, net %#llx, scoped %#llx\n",
	      abi, (unsigned long long)attr.handled_access_fs,
	      (unsigned long long)attr.handled_access_net,
	      (unsigned long long)attr.scoped);
}

/* ----------------------------------------------------------- seccomp */

/* Host calls vxlinux makes, whatever the arguments. */
static const int allowed[] = {
	SYS_read, SYS_write, SYS_open, SYS_close, SYS_stat, SYS_fstat,
	SYS_lstat, SYS_poll, SYS_lseek, SYS_mmap, SYS_mprotect, SYS_munmap,
	SYS_brk, SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn,
	SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev, SYS_access,
	SYS_pipe, SYS_select, SYS_sched_yield, SYS_mremap, SYS_msync,
	SYS_madvise, SYS_dup, SYS_dup2, SYS_pause, SYS_nanosleep,
	SYS_getitimer, SYS_alarm, SYS_setitimer, SYS_getpid, SYS_sendfile,
	SYS_connect, SYS_accept, SYS_accept4, SYS_sendto, SYS_recvfrom, SYS_sendmsg,
	SYS_recvmsg, SYS_shutdown, SYS_bind, SYS_listen, SYS_getsockname,
	SYS_getpeername, SYS_setsockopt, SYS_getsockopt, SYS_fork,
	SYS_vfork, SYS_exit, SYS_wait4, SYS_kill, SYS_uname, SYS_fcntl,
	SYS_flock, SYS_fsync, SYS_fdatasync, SYS_truncate, SYS_ftruncate,
	SYS_getdents, SYS_getcwd, SYS_chdir, SYS_fchdir, SYS_rename,
	SYS_mkdir, SYS_rmdir, SYS_creat, SYS_link, SYS_unlink, SYS_symlink,
	SYS_readlink, SYS_chmod, SYS_fchmod, SYS_chown, SYS_fchown,
	SYS_lchown, SYS_umask, SYS_gettimeofday, SYS_getrlimit,
	SYS_getrusage, SYS_sysinfo, SYS_times, SYS_getuid, SYS_getgid,
	SYS_setuid, SYS_setgid, SYS_geteuid, SYS_getegid, SYS_setpgid,
	SYS_getppid, SYS_getpgrp, SYS_setsid, SYS_setreuid, SYS_setregid,
	SYS_getgroups, SYS_setgroups, SYS_setresuid, SYS_getresuid,
	SYS_setresgid, SYS_getresgid, SYS_getpgid, SYS_getsid,
	SYS_rt_sigpending, SYS_rt_sigtimedwait, SYS_rt_sigqueueinfo,
	SYS_rt_sigsuspend, SYS_rt_tgsigqueueinfo, SYS_sigaltstack, SYS_utime, SYS_mknod,
	SYS_statfs, SYS_fstatfs, SYS_getpriority, SYS_setpriority,
	SYS_setrlimit, SYS_sync, SYS_gettid, SYS_tkill, SYS_time, SYS_futex,
	SYS_sched_getaffinity, SYS_sched_setaffinity, SYS_getdents64,
	SYS_set_tid_address, SYS_restart_syscall, SYS_fadvise64,
	SYS_clock_gettime, SYS_clock_getres, SYS_clock_nanosleep,
	SYS_exit_group, SYS_tgkill, SYS_utimes, SYS_waitid, SYS_openat,
	SYS_mkdirat, SYS_mknodat, SYS_fchownat, SYS_newfstatat, SYS_unlinkat,
	SYS_renameat, SYS_linkat, SYS_symlinkat, SYS_readlinkat,
	SYS_fchmodat, SYS_faccessat, SYS_pselect6, SYS_ppoll,
	SYS_set_robust_list, SYS_get_robust_list, SYS_utimensat, SYS_dup3,
	SYS_pipe2, SYS_prlimit64, SYS_renameat2, SYS_getrandom,
	SYS_memfd_create, SYS_statx, SYS_rseq, SYS_openat2, SYS_faccessat2,
	SYS_timer_create, SYS_timer_settime, SYS_timer_gettime,
	SYS_timer_getoverrun, SYS_timer_delete, SYS_sched_getparam,
	SYS_sched_setparam, SYS_sched_getscheduler, SYS_sched_setscheduler,
	SYS_sched_get_priority_max, SYS_sched_get_priority_min, SYS_getcpu,
	SYS_semget, SYS_semctl, SYS_semop, SYS_semtimedop, SYS_msgget,
	SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_shmget, SYS_shmctl, SYS_shmat,
	SYS_shmdt, SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_wait,
	SYS_epoll_pwait, SYS_close_range, SYS_preadv, SYS_pwritev,
	SYS_fallocate, SYS_eventfd2, SYS_timerfd_create, SYS_timerfd_settime,
	SYS_timerfd_gettime, SYS_inotify_init1, SYS_inotify_add_watch,
	SYS_inotify_rm_watch,
	/* Only ever more restrictive: a re-executed vxlinux may add. */
	SYS_seccomp, SYS_landlock_create_ruleset, SYS_landlock_add_rule,
	SYS_landlock_restrict_self,
};

/* Calls no bug in vxlinux may ever make: the process dies. */
static const int forbidden[] = {
	SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
	SYS_kexec_load, SYS_kexec_file_load, SYS_bpf, SYS_mount,
	SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_keyctl, SYS_add_key,
	SYS_request_key, SYS_personality, SYS_open_by_handle_at,
	SYS_name_to_handle_at, SYS_userfaultfd, SYS_perf_event_open,
	SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_unshare,
	SYS_setns, SYS_iopl, SYS_ioperm, SYS_reboot, SYS_swapon, SYS_swapoff,
	SYS_syslog, SYS_acct, SYS_quotactl, SYS_io_uring_setup,
	SYS_io_uring_enter, SYS_io_uring_register, SYS_fsopen, SYS_fsmount,
	SYS_fsconfig, SYS_move_mount, SYS_open_tree, SYS_pidfd_getfd,
	SYS_process_madvise, SYS_kcmp, SYS_vmsplice, SYS_mbind,
	SYS_move_pages, SYS_migrate_pages, SYS_lookup_dcookie,
	SYS_settimeofday, SYS_clock_settime, SYS_adjtimex,
	SYS_clock_adjtime, SYS_sethostname, SYS_setdomainname,
#ifdef SYS_modify_ldt
	SYS_modify_ldt,
#endif
};

/* ioctl requests vxlinux makes (io.c's table; TCGETS for isatty). */
static const uint32_t ioctls[] = {
	TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ, FIONREAD,
	TIOCOUTQ, TIOCGPGRP, TIOCSPGRP, TIOCGSID, FIONBIO, FIOASYNC,
	TIOCGPTN, TIOCSPTLCK, FIOCLEX, FIONCLEX, TIOCNOTTY, TIOCEXCL,
	TIOCNXCL, TCFLSH, TCXONC, TCSBRK, TCSBRKP, TIOCSCTTY,
};

#define ARG_LO(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i)	(ARG_LO(i) + 4)

#define STMT(c, k)		((struct sock_filter)BPF_STMT(c, k))
#define JUMP(c, k, t, f)	((struct sock_filter)BPF_JUMP(c, k, t, f))
#define RET(v)			STMT(BPF_RET | BPF_K, v)
#define LOAD(off)		STMT(BPF_LD | BPF_W | BPF_ABS, off)
#define ALLOW			RET(SECCOMP_RET_ALLOW)
#define KILL			RET(SECCOMP_RET_KILL_PROCESS)
#define ERRNO(e)		RET(SECCOMP_RET_ERRNO | (e))

/*
 * The filter is made in two steps.  The policy is a list of rules, one
 * per system call number, the first for a number winning: a return
 * value, or a block of instructions that looks at the arguments and
 * ends in a return.  filter_compile() then turns the list into a
 * program that finds a call's rule by binary search over ranges of
 * numbers (consecutive numbers with the same return value are one
 * range), so the kernel runs about eight comparisons per call instead
 * of walking some 300 rules, and compiles a program a third as long at
 * start-up.  test/linux/outer/filter.c checks the program against the
 * list for every number.
 */
struct rules {
	struct filter_rule *r;
	size_t n, cap;
};

static void add_rule(struct rules *rs, uint32_t nr, uint32_t ret,
		     const struct sock_filter *blk, size_t nblk)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 512;
		if (!(rs->r = realloc(rs->r, rs->cap * sizeof *rs->r)))
			die("out of memory");
	}
	struct sock_filter *copy = NULL;
	if (nblk) {
		if (!(copy = malloc(nblk * sizeof *copy)))
			die("out of memory");
		memcpy(copy, blk, nblk * sizeof *copy);
	}
	rs->r[rs->n++] = (struct filter_rule){ nr, ret, copy, nblk };
}

/* Allow nr when argument arg is one of vals[] (a 32-bit value: the high
   word 0); otherwise fail. */
static void arg_in(struct rules *rs, int nr, int arg, const uint32_t *vals,
		   size_t nv, uint32_t fail)
{
	struct sock_filter b[64];
	size_t n = 0;

	b[n++] = LOAD(ARG_HI(arg));
	b[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (uint8_t)(nv + 1));
	b[n++] = LOAD(ARG_LO(arg));
	for (size_t i = 0; i < nv; i++)		/* hit: to ALLOW */
		b[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, vals[i],
			      (uint8_t)(nv - i), 0);
	b[n++] = RET(fail);
	b[n++] = ALLOW;
	add_rule(rs, nr, 0, b, n);
}

size_t sandbox_rules(int ldt, struct filter_rule **out)
{
	struct rules rs = { 0 };

	/* prctl: the options vxlinux uses; PR_SET_DUMPABLE only to 0 (a
	   re-executed vxlinux sets that again), never back to 1. */
	static const uint32_t prctls[] = {
		PR_SET_NAME, PR_GET_NAME, PR_SET_PDEATHSIG, PR_GET_PDEATHSIG,
		PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS, PR_GET_DUMPABLE,
		PR_SET_SECCOMP, PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER,
	};
	{
		const size_t nv = sizeof prctls / 4;
		struct sock_filter b[32];
		size_t n = 0;
		b[n++] = LOAD(ARG_LO(0));
		b[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_DUMPABLE,
			      (uint8_t)(nv + 2), 0);
		for (size_t i = 0; i < nv; i++)		/* hit: ALLOW */
			b[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, prctls[i],
				      (uint8_t)(nv - i), 0);
		b[n++] = ERRNO(EPERM);
		b[n++] = ALLOW;
		b[n++] = LOAD(ARG_LO(1));		/* PR_SET_DUMPABLE */
		b[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1);
		b[n++] = ALLOW;
		b[n++] = ERRNO(EPERM);
		add_rule(&rs, SYS_prctl, 0, b, n);
	}
	static const uint32_t arch_prctls[] = {
		0x1001 /* ARCH_SET_GS */, 0x1002 /* ARCH_SET_FS */,
		0x1003 /* ARCH_GET_FS */, 0x1004 /* ARCH_GET_GS */,
	};
	arg_in(&rs, SYS_arch_prctl, 0, arch_prctls, sizeof arch_prctls / 4,
	       SECCOMP_RET_ERRNO | EINVAL);
	arg_in(&rs, SYS_ioctl, 1, ioctls, sizeof ioctls / 4,
	       SECCOMP_RET_ERRNO | ENOTTY);
	/* No new namespaces (CLONE_NEW*).  clone3 keeps its flags in
	   memory, out of the filter's sight: ENOSYS, and glibc uses clone. */
	{
		struct sock_filter b[] = {
			LOAD(ARG_LO(0)),
			JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x7e020000u, 0, 1),
			KILL,
			ALLOW,
		};
		add_rule(&rs, SYS_clone, 0, b, sizeof b / sizeof b[0]);
	}
	add_rule(&rs, SYS_clone3, SECCOMP_RET_ERRNO | ENOSYS, NULL, 0);
	add_rule(&rs, SYS_socket, pol.no_net ? SECCOMP_RET_ERRNO | EACCES :
		 SECCOMP_RET_ALLOW, NULL, 0);
	add_rule(&rs, SYS_socketpair, pol.no_net ?
		 SECCOMP_RET_ERRNO | EACCES : SECCOMP_RET_ALLOW, NULL, 0);
	/* Under a policy vxlinux executes only itself, by descriptor:
	   execveat(self, "", ..., AT_EMPTY_PATH).  Without one the guest
	   may run host programs, as the invoking user could. */
	if (policy_any()) {
		struct sock_filter b[] = {
			LOAD(ARG_LO(0)),
			JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			     (uint32_t)exec_self_fd(), 0, 3),
			LOAD(ARG_LO(4)),
			JUMP(BPF_JMP | BPF_JEQ | BPF_K, AT_EMPTY_PATH, 0, 1),
			ALLOW,
			ERRNO(EACCES),
		};
		add_rule(&rs, SYS_execveat, 0, b, sizeof b / sizeof b[0]);
		add_rule(&rs, SYS_execve, SECCOMP_RET_ERRNO | EACCES, NULL, 0);
	} else {
		add_rule(&rs, SYS_execve, SECCOMP_RET_ALLOW, NULL, 0);
		add_rule(&rs, SYS_execveat, SECCOMP_RET_ALLOW, NULL, 0);
	}

	/* The seg backend writes LDT entries (modify_ldt(0x11), ldt.c) for
	   each guest thread it starts; nothing else of it is allowed, and
	   on the flat backend the call kills (the forbidden list). */
#ifdef SYS_modify_ldt
	if (ldt) {
		static const uint32_t ldt_write[] = { 0x11 };
		arg_in(&rs, SYS_modify_ldt, 0, ldt_write, 1,
		       SECCOMP_RET_KILL_PROCESS);
	}
#else
	(void)ldt;
#endif
	/* Under --root the host's System V IPC objects are out of reach
	   (ipc.c refuses every call): the kernel says so too. */
	if (pol.root) {
		static const int sysv[] = {
			SYS_semget, SYS_semctl, SYS_semop, SYS_semtimedop,
			SYS_msgget, SYS_msgsnd, SYS_msgrcv, SYS_msgctl,
			SYS_shmget, SYS_shmctl, SYS_shmat, SYS_shmdt,
		};
		for (size_t i = 0; i < sizeof sysv / sizeof sysv[0]; i++)
			add_rule(&rs, sysv[i], SECCOMP_RET_ERRNO | ENOSYS,
				 NULL, 0);
	}
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		add_rule(&rs, allowed[i], SECCOMP_RET_ALLOW, NULL, 0);
	for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
		add_rule(&rs, forbidden[i], SECCOMP_RET_KILL_PROCESS, NULL, 0);
	*out = rs.r;
	return rs.n;
}

/* ---- filter_compile ---- */

struct prog {
	struct sock_filter *f;
	size_t n, cap;
};

static void emit(struct prog *p, struct sock_filter ins)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		if (!(p->f = realloc(p->f, p->cap * sizeof *p->f)))
			die("out of memory");
	}
	p->f[p->n++] = ins;
}

static void emit_prog(struct prog *p, const struct prog *q)
{
	for (size_t i = 0; i < q->n; i++)
		emit(p, q->f[i]);
}

/* A range [lo, hi] of numbers and their rule (a return value, or one
   number's block). */
struct range {
	uint32_t lo, hi;
	const struct filter_rule *rule;		/* NULL: ret */
	uint32_t ret;
};

/* Ranges [a, b) of the array as a search tree: A holds the number. */
static void emit_tree(struct prog *p, const struct range *r, size_t a,
		      size_t b)
{
	if (b - a == 1) {
		if (r[a].rule)
			for (size_t i = 0; i < r[a].rule->nblk; i++)
				emit(p, r[a].rule->blk[i]);
		else
			emit(p, RET(r[a].ret));
		return;
	}
	size_t m = a + (b - a) / 2;
	struct prog left = { 0 };
	emit_tree(&left, r, a, m);
	if (left.n <= 255) {
		emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, r[m].lo,
			     (uint8_t)left.n, 0));
	} else {				/* too far for jt: ja */
		emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, r[m].lo, 0, 1));
		emit(p, STMT(BPF_JMP | BPF_JA, (uint32_t)left.n));
	}
	emit_prog(p, &left);
	free(left.f);
	emit_tree(p, r, m, b);
}

/* By number, and for one number in the list's order (the rules are
   one array, so their addresses give it). */
static int by_nr(const void *a, const void *b)
{
	const struct filter_rule *x = *(const struct filter_rule *const *)a;
	const struct filter_rule *y = *(const struct filter_rule *const *)b;

	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x < y ? -1 : x > y;
}

size_t filter_compile(const struct filter_rule *rules, size_t n,
		      struct sock_filter **out)
{
	const struct filter_rule **s = malloc((n ? n : 1) * sizeof *s);
	struct range *r = malloc((2 * n + 1) * sizeof *r);
	struct prog p = { 0 };
	size_t nr = 0;
	uint32_t next = 0;		/* first number not yet covered */

	if (!s || !r)
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		s[i] = &rules[i];
	qsort(s, n, sizeof *s, by_nr);
	for (size_t i = 0; i < n; i++) {
		const struct filter_rule *rule = s[i];
		if (i && rule->nr == s[i - 1]->nr)
			continue;			/* a later rule */
		if (rule->nr >= 0x40000000)
			die("system call number %#x in the filter", rule->nr);
		if (rule->nr > next)			/* a gap: ENOSYS */
			r[nr++] = (struct range){ next, rule->nr - 1, NULL,
				SECCOMP_RET_ERRNO | ENOSYS };
		if (rule->nblk)
			r[nr++] = (struct range){ rule->nr, rule->nr, rule, 0 };
		else
			r[nr++] = (struct range){ rule->nr, rule->nr, NULL,
						  rule->ret };
		next = rule->nr + 1;
	}
	r[nr++] = (struct range){ next, 0x3fffffff, NULL,
				  SECCOMP_RET_ERRNO | ENOSYS };
	/* Neighbours with the same return value are one range. */
	size_t m = 0;
	for (size_t i = 0; i < nr; i++) {
		if (m && !r[i].rule && !r[m - 1].rule &&
		    r[i].ret == r[m - 1].ret)
			r[m - 1].hi = r[i].hi;
		else
			r[m++] = r[i];
	}

	/* x86-64 calls only: an i386 (int $0x80) or x32 call kills. */
	emit(&p, LOAD(offsetof(struct seccomp_data, arch)));
	emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
	emit(&p, KILL);
	emit(&p, LOAD(offsetof(struct seccomp_data, nr)));
	emit(&p, JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
	emit(&p, KILL);
	emit_tree(&p, r, 0, m);
	free(s);
	free(r);
	if (p.n > BPF_MAXINSNS)
		die("seccomp filter of %zu instructions", p.n);
	*out = p.f;
	return p.n;
}

static void seccomp_filter(int ldt)
{
	struct filter_rule *rules;
	struct sock_filter *f;
	size_t nrules = sandbox_rules(ldt, &rules);
	size_t n = filter_compile(rules, nrules, &f);

	struct sock_fprog prog = { .len = (unsigned short)n, .filter = f };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die("cannot install the seccomp filter: %s", strerror(errno));
	trace("sandbox: seccomp filter of %zu instructions (%zu rules)\n",
	      n, nrules);
	free(f);
	for (size_t i = 0; i < nrules; i++)
		free((void *)rules[i].blk);
	free(rules);
}

/* The parts of an inherited outer layer that can be seen. */
static int inherited_ok(void)
{
	char line[256];
	int nnp = 0, filter = 0;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "NoNewPrivs:\t1", 13))
			nnp = 1;
		if (!strncmp(line, "Seccomp:\t2", 10))
			filter = 1;
	}
	fclose(f);
	return nnp && filter;
}

void sandbox_apply(int inherited, int ldt)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die("prctl(PR_SET_DUMPABLE): %s", strerror(errno));
	if (inherited && inherited_ok()) {
		active = 1;
		return;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
	landlock();
	seccomp_filter(ldt);
	active = 1;
}
