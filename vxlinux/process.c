/*
 * process.c - processes: exit, fork/vfork/clone, execve, wait, ids, kill.
 *
 * A guest fork is a host fork: guest memory is private anonymous memory,
 * so the child vxlinux has its own copy of the guest.  (execve is
 * exec.c's.)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })

#define G_CLONE_VM		0x00000100u
#define G_CLONE_FS		0x00000200u
#define G_CLONE_FILES		0x00000400u
#define G_CLONE_SIGHAND		0x00000800u
#define G_CLONE_VFORK		0x00004000u
#define G_CLONE_THREAD		0x00010000u
#define G_CLONE_SETTLS		0x00080000u
#define G_CLONE_PARENT_SETTID	0x00100000u
#define G_CLONE_CHILD_CLEARTID	0x00200000u
#define G_CLONE_CHILD_SETTID	0x01000000u
#define G_CLONE_NAMESPACES	0x7e020000u	/* CLONE_NEW* */

/* Write end of the pipe a vfork parent waits on (-1: none). */
int vfork_pipe = -1;

long sys_exit_group(uint32_t *a)
{
	guest_exit(a[0] & 0xff);
}

long sys_exit(uint32_t *a)
{
	/* The thread; the last one's exit is the process's. */
	thread_exit(a[0] & 0xff);
}

static long do_fork(uint32_t flags, uint32_t newsp, uint32_t ptid,
		    uint32_t ctid)
{
	int pfd[2] = { -1, -1 };
	pid_t pid;

	if ((flags & G_CLONE_VFORK) && pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	xcache_prefork();
	fd_learn();
	if ((pid = fork()) < 0) {
		int e = errno;
		if (pfd[0] >= 0) {
			close(pfd[0]);
			close(pfd[1]);
		}
		return -e;
	}
	xcache_forked();
	if (pid == 0) {
		signal_after_fork();
		procfs_after_fork();
		thread_after_fork();
		timers_forked();
		if (vfork_pipe >= 0)
			close(vfork_pipe);
		vfork_pipe = pfd[1];
		if (pfd[0] >= 0)
			close(pfd[0]);
		if (newsp)
			guest->cpu->reg[ESP] = newsp;
		if (flags & G_CLONE_CHILD_SETTID)
			put_u32(ctid, getpid());
		if (flags & G_CLONE_PARENT_SETTID)
			put_u32(ptid, getpid());
		return 0;
	}
	if (flags & G_CLONE_PARENT_SETTID)
		put_u32(ptid, pid);
	if (pfd[0] >= 0) {
		/* vfork: the parent waits until the child has exec'd or
		   exited, which closes the write end. */
		char c;
		close(pfd[1]);
		while (read(pfd[0], &c, 1) < 0 && errno == EINTR)
			;
		close(pfd[0]);
	}
	return pid;
}

long sys_fork(uint32_t *a)
{
	return do_fork(0, 0, 0, 0);
}

long sys_vfork(uint32_t *a)
{
	return do_fork(G_CLONE_VFORK, 0, 0, 0);
}

/* clone(flags, newsp, parent_tid, tls, child_tid), the i386 order. */
long sys_clone(uint32_t *a)
{
	uint32_t flags = a[0];

	if (flags & G_CLONE_NAMESPACES)
		return unsupported("clone with namespace flags", -EINVAL);
	if (flags & G_CLONE_THREAD)
		return thread_clone(flags, a[1], a[2], a[3], a[4]);
	if ((flags & (G_CLONE_VM | G_CLONE_FS | G_CLONE_FILES |
		      G_CLONE_SIGHAND)) && !(flags & G_CLONE_VFORK))
		return unsupported("clone of shared state without "
				   "CLONE_THREAD or CLONE_VFORK (a process "
				   "sharing memory)", -EINVAL);
	if (flags & G_CLONE_SETTLS)
		return unsupported("clone of a process with CLONE_SETTLS",
				   -EINVAL);
	/* CLONE_VM|CLONE_VFORK (posix_spawn) runs as a vfork on a copy. */
	return do_fork(flags, a[1], a[2], a[4]);
}

/* i386 struct rusage: two timevals of 32-bit longs, 14 longs. */
static void put_rusage(uint32_t *g, const struct rusage *ru)
{
	const long *rest = &ru->ru_maxrss;

	g[0] = ru->ru_utime.tv_sec;
	g[1] = ru->ru_utime.tv_usec;
	g[2] = ru->ru_stime.tv_sec;
	g[3] = ru->ru_stime.tv_usec;
	for (int i = 0; i < 14; i++)
		g[4 + i] = (uint32_t)rest[i];
}

long sys_wait4(uint32_t *a)
{
	struct rusage ru;
	uint32_t g[18];
	int status;
	pid_t r;

	if (a[1] && !guest_ptr(a[1], 4, VXPERM_WRITE))
		return -EFAULT;
	if (a[3] && !guest_ptr(a[3], sizeof g, VXPERM_WRITE))
		return -EFAULT;
	if ((r = wait4((pid_t)a[0], &status, (int)a[2], &ru)) < 0)
		return -errno;
	if (a[1] && r > 0)
		put_u32(a[1], status);
	if (a[3]) {
		put_rusage(g, &ru);
		copy_out(a[3], g, sizeof g);
	}
	return r;
}

long sys_waitpid(uint32_t *a)
{
	uint32_t b[4] = { a[0], a[1], a[2], 0 };

	return sys_wait4(b);
}

long sys_getrusage(uint32_t *a)
{
	struct rusage ru;
	uint32_t g[18];

	if (getrusage((int)a[0], &ru) < 0)
		return -errno;
	put_rusage(g, &ru);
	return copy_out(a[1], g, sizeof g);
}

long sys_times(uint32_t *a)
{
	struct tms t;
	clock_t r = times(&t);
	uint32_t g[4] = { t.tms_utime, t.tms_stime, t.tms_cutime,
			  t.tms_cstime };

	if (a[0] && copy_out(a[0], g, sizeof g) < 0)
		return -EFAULT;
	return (uint32_t)r;
}

long sys_getpid(uint32_t *a) { return getpid(); }
long sys_gettid(uint32_t *a) { return thread_tid(); }
long sys_getppid(uint32_t *a) { return getppid(); }
long sys_getuid32(uint32_t *a) { return getuid(); }
long sys_getgid32(uint32_t *a) { return getgid(); }
long sys_geteuid32(uint32_t *a) { return geteuid(); }
long sys_getegid32(uint32_t *a) { return getegid(); }

/* The 16-bit id calls say 65534 (overflowuid) for ids that do not fit. */
static long id16(unsigned id)
{
	return id > 0xffff ? 65534 : (long)id;
}

long sys_getuid(uint32_t *a) { return id16(getuid()); }
long sys_getgid(uint32_t *a) { return id16(getgid()); }
long sys_geteuid(uint32_t *a) { return id16(geteuid()); }
long sys_getegid(uint32_t *a) { return id16(getegid()); }

long sys_getresuid32(uint32_t *a)
{
	uid_t r, e, s;

	getresuid(&r, &e, &s);
	if (put_u32(a[0], r) < 0 || put_u32(a[1], e) < 0 ||
	    put_u32(a[2], s) < 0)
		return -EFAULT;
	return 0;
}

long sys_getresgid32(uint32_t *a)
{
	gid_t r, e, s;

	getresgid(&r, &e, &s);
	if (put_u32(a[0], r) < 0 || put_u32(a[1], e) < 0 ||
	    put_u32(a[2], s) < 0)
		return -EFAULT;
	return 0;
}

long sys_getgroups32(uint32_t *a)
{
	gid_t g[65536];
	int n = getgroups((int)a[0] ? (int)a[0] : 0, (int)a[0] ? g : NULL);

	if ((int)a[0] < 0)
		return -EINVAL;
	if (n < 0)
		return -errno;
	if (a[0] && copy_out(a[1], g, 4u * n) < 0)
		return -EFAULT;
	return n;
}

long sys_setpgid(uint32_t *a) { return RET(setpgid(a[0], a[1])); }
long sys_getpgid(uint32_t *a) { return RET(getpgid(a[0])); }
long sys_getpgrp(uint32_t *a) { return getpgrp(); }
long sys_setsid(uint32_t *a) { return RET(setsid()); }
long sys_getsid(uint32_t *a) { return RET(getsid(a[0])); }

/* Signals the host kernel cannot carry for the guest within this
   process: libvx32's fault signals, and 32 and 33, which the host C
   library keeps (the guest's uses them for thread cancellation and
   set*id).  They are queued here. */
static int internal_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGTRAP || sig == 32 || sig == 33;
}

static int lib_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGTRAP;
}

/* ------------------------------------------------- the sandbox's own */

/*
 * Under a policy the guest acts (signals, renices, reschedules) on the
 * sandbox's own processes only.  Landlock scopes signals so from ABI 6
 * (Linux 6.12) on; before that nothing did, and a guest under --root
 * could kill every process of the invoking user with kill(-1, ...), of
 * every user when vxlinux ran as root.  A member is this process, one
 * of its descendants, or a descendant of the sandbox's first process
 * (pol.top) while that is still this one's ancestor (so a pid the first
 * process left behind and the host reused is no member).  All members
 * are vxlinux processes: under a policy no host program runs.  Children
 * orphaned by a member's exit go to init and out of reach.  The answer
 * is read from /proc; a process that exits and whose pid the host
 * reuses between the check and the call is the one race left, and the
 * guest can only aim it at pids it cannot choose.
 */

/* pid's parent (and process group), from /proc/PID/stat; -1: none. */
static pid_t parent_of(pid_t pid, pid_t *pgrp)
{
	char path[64], buf[256];
	int ppid, pg;
	char state;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = fd_reserve(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	/* the name in parentheses may hold anything, ')' too */
	char *p = memrchr(buf, ')', (size_t)n);
	if (!p || sscanf(p + 1, " %c %d %d", &state, &ppid, &pg) != 3)
		return -1;
	if (pgrp)
		*pgrp = pg;
	return ppid;
}

/* Is anc on the chain of parents from pid (pid itself included)? */
static int descends(pid_t pid, pid_t anc)
{
	for (int depth = 0; depth < 4096 && pid > 0; depth++) {
		if (pid == anc)
			return 1;
		pid = parent_of(pid, NULL);
	}
	return 0;
}

/* The process whose descendants are the sandbox's, as this one (self)
   sees it: the first one while it is still self's ancestor, else self
   (either way self's descendants are among them). */
static pid_t sandbox_root(pid_t self)
{
	return pol.top > 0 && pol.top != self && descends(self, pol.top) ?
	       pol.top : self;
}

/* 0 when the guest may act on process pid; -ESRCH (no such process) or
   -EPERM (one outside the sandbox) otherwise. */
long sandbox_member(pid_t pid)
{
	pid_t self = getpid();

	if (!policy_any() || pid == self)
		return 0;
	if (pid <= 0 || parent_of(pid, NULL) < 0)
		return -ESRCH;
	return descends(pid, sandbox_root(self)) ? 0 : -EPERM;
}

/* The same for a thread id: its process's membership. */
long sandbox_member_thread(pid_t tid)
{
	char path[64], line[128];
	int tgid = -1;

	if (!policy_any())
		return 0;
	if (tid <= 0)
		return -ESRCH;
	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	int fd = fd_reserve(open(path, O_RDONLY | O_CLOEXEC));
	FILE *f = fd < 0 ? NULL : fdopen(fd, "re");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -ESRCH;
	}
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid > 0 ? sandbox_member(tgid) : -ESRCH;
}

static long kill_self(int sig);

/*
 * kill(0), kill(-pgrp) and kill(-1) under a policy: each member of the
 * group (each member but this process, for -1) in turn, this process
 * last.  Processes outside the sandbox are passed over as if they were
 * not there: none left is ESRCH, as for an empty group.
 */
static long kill_members(pid_t pid, int sig)
{
	pid_t self = getpid(), want = pid == 0 ? getpgrp() : -pid;
	pid_t root = sandbox_root(self);
	int found = 0, sent = 0, self_too = 0, err = ESRCH;
	int fd = fd_reserve(open("/proc", O_RDONLY | O_DIRECTORY |
				 O_CLOEXEC));
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return -EAGAIN;
	}
	while ((de = readdir(d))) {
		char *end;
		long p = strtol(de->d_name, &end, 10);
		pid_t pg, pp;

		if (*end || p <= 1 || (pp = parent_of((pid_t)p, &pg)) < 0 ||
		    (pid != -1 && pg != want))
			continue;
		if (p == self) {
			self_too = pid != -1;
			continue;
		}
		/* a member: root's descendant (from p's parent on, whose
		   line was just read) */
		if (p != root && !descends(pp, root))
			continue;
		found = 1;
		if (kill((pid_t)p, sig) == 0)
			sent = 1;
		else
			err = errno;
	}
	closedir(d);
	if (self_too) {
		long r = kill_self(sig);
		if (r == 0)
			sent = 1;
		else
			err = (int)-r;
		found = 1;
	}
	return sent ? 0 : found ? -err : -ESRCH;
}

static long kill_self(int sig)
{
	if (sig == 0)
		return 0;
	if (internal_signal(sig)) {
		signal_queue_self(sig, 0 /* SI_USER */);
		return 0;
	}
	return RET(kill(getpid(), sig));
}

/*
 * kill of a group that may include the guest itself (pid 0 or -1, or a
 * negative process group), with one of libvx32's fault signals: the copy
 * that reaches this process must be the guest's signal, not a host fault,
 * so it is caught here while blocked and queued.
 */
static long kill_group(pid_t pid, int sig)
{
	sigset_t set, old;
	struct timespec zero = { 0, 0 };
	long r;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, &old);
	r = RET(kill(pid, sig));
	if (sigtimedwait(&set, NULL, &zero) == sig)
		signal_queue_self(sig, 0 /* SI_USER */);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

long sys_kill(uint32_t *a)
{
	pid_t pid = (pid_t)a[0];
	int sig = (int)a[1];

	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (pid == getpid())
		return kill_self(sig);
	if (policy_any()) {
		long r = pid <= 0 ? kill_members(pid, sig) :
			 sandbox_member(pid);
		if (pid <= 0 || r < 0)
			return r;
	}
	if (pid <= 0 && lib_signal(sig))
		return kill_group(pid, sig);
	return RET(kill(pid, sig));
}

/* A signal to one thread: to this one, or one of libvx32's fault signals
   to another of the guest's, is queued here; others go through the
   host kernel to the host thread. */
static long kill_thread(pid_t tgid, pid_t tid, int sig)
{
	long r;

	if (tid == thread_tid() && (tgid < 0 || tgid == getpid()))
		return kill_self(sig);
	if ((r = tgid < 0 ? sandbox_member_thread(tid) :
		 sandbox_member(tgid)) < 0)
		return r;
	if (sig && internal_signal(sig) && (tgid < 0 || tgid == getpid()) &&
	    thread_signal(tid, sig))
		return 0;
	if (tgid < 0)
		return RET(syscall(SYS_tkill, tid, sig));
	return RET(syscall(SYS_tgkill, tgid, tid, sig));
}

long sys_tkill(uint32_t *a)
{
	int sig = (int)a[1];

	if ((int)a[0] <= 0 || sig < 0 || sig > 64)
		return -EINVAL;
	return kill_thread(-1, (pid_t)a[0], sig);
}

long sys_tgkill(uint32_t *a)
{
	int sig = (int)a[2];

	if ((int)a[0] <= 0 || (int)a[1] <= 0 || sig < 0 || sig > 64)
		return -EINVAL;
	return kill_thread((pid_t)a[0], (pid_t)a[1], sig);
}

static int guest_dumpable = 1;

/*
 * An execve in this process (exec.c), past its point of no return: a
 * vfork parent waiting for it goes on, and the new program is dumpable,
 * as on Linux after an execve of a program that is not set-id.
 */
void process_exec(void)
{
	if (vfork_pipe >= 0) {
		close(vfork_pipe);
		vfork_pipe = -1;
	}
	guest_dumpable = 1;
}

long sys_prctl(uint32_t *a)
{
	char name[16];

	switch (a[0]) {
	case PR_SET_NAME:
		if (copy_in(name, a[1], 1) < 0)
			return -EFAULT;
		memset(name, 0, sizeof name);
		for (int i = 0; i < 15; i++) {
			if ((uint64_t)a[1] + i >= 0x100000000ull ||
			    copy_in(name + i, a[1] + i, 1) < 0)
				return -EFAULT;
			if (!name[i])
				break;
		}
		return RET(prctl(PR_SET_NAME, name));
	case PR_GET_NAME:
		if (prctl(PR_GET_NAME, name) < 0)
			return -errno;
		return copy_out(a[1], name, 16);
	case PR_SET_PDEATHSIG:
	case PR_SET_NO_NEW_PRIVS: case PR_GET_NO_NEW_PRIVS:
	case PR_SET_CHILD_SUBREAPER:
		return RET(prctl(a[0], (unsigned long)a[1], 0, 0, 0));
	case PR_GET_PDEATHSIG: case PR_GET_CHILD_SUBREAPER: {
		int v;
		if (!guest_ptr(a[1], 4, VXPERM_WRITE))
			return -EFAULT;
		if (prctl(a[0], &v, 0, 0, 0) < 0)
			return -errno;
		return put_u32(a[1], (uint32_t)v);
	}
	/* The host process stays non-dumpable (sandbox.c): that keeps its
	   memory from other processes of the user, through /proc/PID/mem
	   and ptrace.  The guest's flag is its own. */
	case PR_GET_DUMPABLE:
		return guest_dumpable;
	case PR_SET_DUMPABLE:
		if (a[1] > 1)
			return -EINVAL;
		guest_dumpable = (int)a[1];
		return 0;
	}
	return unsupported("prctl option", -EINVAL);
}

long sys_personality(uint32_t *a)
{
	/* PER_LINUX, and that is all there is. */
	if (a[0] != 0xffffffffu && a[0] != 0)
		return unsupported("personality other than PER_LINUX",
				   -EINVAL);
	return 0;
}

/*
 * Identity changes act on the calling thread's host thread, as the
 * system calls do on Linux: the host C library's set*id would signal
 * every thread of vxlinux with its own handler, on whatever stack a
 * guest thread has.  The guest's C library makes them process-wide
 * itself (signal 33 to each thread, which calls them in turn).
 */
long sys_setuid32(uint32_t *a) { return RET(syscall(SYS_setuid, a[0])); }
long sys_setgid32(uint32_t *a) { return RET(syscall(SYS_setgid, a[0])); }
long sys_setreuid32(uint32_t *a)
{
	return RET(syscall(SYS_setreuid, a[0], a[1]));
}
long sys_setregid32(uint32_t *a)
{
	return RET(syscall(SYS_setregid, a[0], a[1]));
}
long sys_setresuid32(uint32_t *a)
{
	return RET(syscall(SYS_setresuid, a[0], a[1], a[2]));
}
long sys_setresgid32(uint32_t *a)
{
	return RET(syscall(SYS_setresgid, a[0], a[1], a[2]));
}

long sys_setgroups32(uint32_t *a)
{
	gid_t *g;
	long r;

	if (a[0] > 65536)
		return -EINVAL;
	if (!(g = malloc(4u * a[0] + 4)))
		return -ENOMEM;
	if (copy_in(g, a[1], 4u * a[0]) < 0)
		r = -EFAULT;
	else
		r = RET(syscall(SYS_setgroups, a[0], g));
	free(g);
	return r;
}

/* The raw kernel values: getpriority says 20 - nice. */
long sys_getpriority(uint32_t *a)
{
	return RET(syscall(SYS_getpriority, (int)a[0], (int)a[1]));
}

long sys_setpriority(uint32_t *a)
{
	/* Under a policy: a member process only (not a process group, in
	   which the host's processes may be, nor a user's processes). */
	if (policy_any()) {
		long r = (int)a[0] != PRIO_PROCESS ? -EPERM :
			 sandbox_member(a[1] ? (pid_t)a[1] : getpid());
		if (r < 0)
			return r;
	}
	return RET(syscall(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2]));
}

long sys_waitid(uint32_t *a)
{
	siginfo_t si;
	struct rusage ru;
	uint32_t g[18], info[32];

	if (a[2] && !guest_ptr(a[2], 128, VXPERM_WRITE))
		return -EFAULT;
	memset(&si, 0, sizeof si);
	if (syscall(SYS_waitid, (int)a[0], (int)a[1], &si, (int)a[3],
		    a[4] ? &ru : NULL) < 0)
		return -errno;
	if (a[2]) {
		/* i386 siginfo for SIGCHLD: pid, uid, status, utime, stime */
		memset(info, 0, sizeof info);
		info[0] = si.si_signo;
		info[1] = si.si_errno;
		info[2] = si.si_code;
		info[3] = si.si_pid;
		info[4] = si.si_uid;
		info[5] = si.si_status;
		info[6] = (uint32_t)si.si_utime;
		info[7] = (uint32_t)si.si_stime;
		if (copy_out(a[2], info, sizeof info) < 0)
			return -EFAULT;
	}
	if (a[4]) {
		put_rusage(g, &ru);
		if (copy_out(a[4], g, sizeof g) < 0)
			return -EFAULT;
	}
	return 0;
}
