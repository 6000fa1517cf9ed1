/*
 * vxlinux.h - state and helpers shared by the parts of vxlinux, the i386
 * Linux system-call host built on libvx32.
 *
 * One host process runs exactly one guest process: a guest fork() forks
 * the host, a guest execve() replaces the guest in the same process (or
 * re-executes vxlinux, exec.c).  So the guest state is a set of globals,
 * not a structure passed around.
 */
#ifndef VXLINUX_H
#define VXLINUX_H

#include <pthread.h>
#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <signal.h>
#include "vx32.h"

#define EXIT_VXLINUX	125	/* vxlinux's own errors */

/* Limits of the i386 user address space as Linux lays it out. */
#define GUEST_TOP	0xc0000000u	/* TASK_SIZE of a 3G/1G kernel */
#define GUEST_MMAP_TOP	0xb0000000u	/* mmap allocates downwards from here
					   (or from below the stack) */
#define PAGE		4096u
/* (the mask in a's type: a 64-bit sum of a 32-bit value must not lose
   its 33rd bit, or 0xfffff001 rounds to 0) */
#define PAGE_UP(a)	(((a) + PAGE - 1) & ~(__typeof__(a))(PAGE - 1))

/* Policy and options, fixed at start and passed on across execve. */
struct policy {
	char *root;		/* --root: host directory, realpath'd;
				   NULL when the guest sees the host tree */
	size_t rootlen;
	char *prefix;		/* -L: an i386 sysroot, realpath'd, looked
				   in first for absolute paths; NULL if
				   none (never with root) */
	int no_net;		/* --no-net */
	int read_only;		/* --read-only */
	int trace;		/* --trace */
	int no_xcache;		/* --no-xcache */
	pid_t top;		/* under a policy: the sandbox's first
				   process (process.c, sandbox_member) */
};

extern struct policy pol;
/* The calling thread's guest thread. */
extern __thread vxproc *guest;
extern const char *progname;

/* main.c */
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
void __attribute__((format(printf, 1, 2))) trace(const char *fmt, ...);
void __attribute__((noreturn)) guest_exit(int status);
/* The options that re-create this policy in an exec'd vxlinux, as a
   NULL-terminated list (static storage). */
char **policy_argv(void);
/* The --trace descriptor, or -1. */
int trace_fd(void);
/* A fresh vxproc as the guest, set up as every program starts. */
void guest_new(void);
/* main.c: translations shared with the processes forked from here on */
void xcache_prefork(void);
void xcache_forked(void);
/* A thread's run loop: guest code, its system calls and signals. */
void __attribute__((noreturn)) run(void);
/* Any of --root, --read-only, --no-net. */
int policy_any(void);

/* syscall.c */
void syscall_dispatch(void);
const char *syscall_name(uint32_t nr);
/* Report a call that exists on Linux but that vxlinux refuses. */
long unsupported(const char *what, long err);

/* uaccess.c: checked access to guest memory; every helper returns a
   negative errno (-EFAULT...) on failure. */
void *guest_ptr(uint32_t addr, uint32_t len, int perm);
int copy_in(void *dst, uint32_t addr, uint32_t len);
int copy_out(uint32_t addr, const void *src, uint32_t len);
int put_u32(uint32_t addr, uint32_t v);
int get_u32(uint32_t addr, uint32_t *v);
int put_u64(uint32_t addr, uint64_t v);
/* A NUL-terminated guest string of at most max bytes, copied (valid
   until the end of the system call). */
long guest_str(uint32_t addr, uint32_t max, const char **out);
void uaccess_release(void);
/* A NULL-terminated array of guest string pointers, copied to the host
   (malloc'd; free with free_strv).  Sets *n. */
long guest_strv(uint32_t addr, char ***out, int *n);
void free_strv(char **v);

/* mm.c */
void mm_init(void);
/* An execve in this process: an empty map, before the program loads. */
void mm_reset(void);
/* A page fault that another thread's change of the map may have made:
   1 if the access should simply be retried. */
int mm_fault_retry(uint32_t addr, uint32_t err, uint32_t eip);
struct mm_region {
	uint32_t lo;
	uint64_t hi;
	int perm, heap;
	int shared;		/* MAP_SHARED (or System V) memory */
};
/* The next mapping at or above *addr into r; 0 when there is none. */
int mm_next_region(uint32_t *addr, struct mm_region *r);
uint32_t mm_brk_base(void);

/* hostmaps.c: the host kernel's file mappings in the guest's address
   space, in order, as /proc/self/maps shows them: guest addresses, the
   host's device ("08:01") and inode, the guest's name for the file. */
struct host_fmap {
	uint64_t lo, hi, off;
	unsigned long ino;
	char dev[16];
	char *name;
};
/* The count, the array in *out (host_fmaps_free), or -errno. */
long host_fmaps(struct host_fmap **out);
void host_fmaps_free(struct host_fmap *v, long n);
/* The file behind guest address addr opened again (mremap growing a
   file mapping): a descriptor of vxlinux's and addr's offset in it, or
   -1 where it cannot be found as the same file. */
int host_fmap_reopen(uint32_t addr, uint64_t *off);
/* Map len bytes with perm wherever mmap would; the address in *addr. */
long mm_alloc_pages(uint32_t len, int perm, uint32_t *addr);
void mm_free_pages(uint32_t addr, uint32_t len);
/* Shared memory the host's place() maps (vxmem_mapshared) at addr, or
   where mmap would put it (addr 0); an occupied range is replaced when
   replace is set, else EINVAL.  The address, or -errno. */
long mm_map_shared(uint32_t addr, uint32_t len, int perm, int maxperm,
		   int replace, vxmem_placefn *place, void *arg);
/* Replace [addr, addr + len) (page-aligned) by a private mapping of the
   host's descriptor fd at off (imagemap.c): 0, or -errno with the range
   left unmapped. */
long mm_map_file_private(uint32_t addr, uint32_t len, int perm, int fd,
			 uint64_t off);
/* Unmap what is still shared memory in [addr, addr + len). */
long mm_unmap_shared(uint32_t addr, uint32_t len);

/* path.c: guest path -> host path according to the policy */
struct hpath {
	int dirfd;		/* directory the path is relative to */
	const char *path;	/* host path (in buf or in guest memory) */
	int proc;		/* PROC_*: a name under the guest's /proc/self
				   that procfs.c serves, or 0 */
	char buf[PATH_MAX + 2];
};
enum {
	PROC_EXE = 1,		/* links, translated to a host path */
	PROC_ROOT, PROC_CWD, PROC_FD, PROC_FDINFO,
	PROC_VIRT_FIRST,	/* written by procfs.c: open with proc_open */
	PROC_MAPS = PROC_VIRT_FIRST, PROC_SMAPS, PROC_CMDLINE, PROC_ENVIRON,
	PROC_AUXV, PROC_STAT, PROC_STATM, PROC_STATUS,
};
#define PATH_FOLLOW	1	/* resolve a symbolic link in the last
				   component */
#define PATH_WRITE	2	/* the call modifies the namespace or the
				   file: EROFS under --read-only */
#define PATH_CREATE	4	/* with PATH_FOLLOW: the last name may be
				   missing (open with O_CREAT) */
long path_get(int dirfd, uint32_t gpath, int flags, struct hpath *hp);
long path_host(int dirfd, const char *path, int flags, struct hpath *hp);
/* Host path -> guest view (strips --root); returns length or -errno. */
long path_to_guest(const char *host, char *out, size_t size);
/* Close the descriptors path_host held for the current call. */
void path_release(void);
/* The --root directory's descriptor (held for the process). */
int path_root_fd(void);
/* The host devices that stand in for missing ones under --root. */
const char *const *path_stand_in_devices(void);

/* procfs.c: the guest's /proc/self (see there) */
void procfs_init(char **argv, char **envp);
void procfs_after_fork(void);
int proc_is_self_exe(const char *path);
/* A guest path under its own /proc/self: fills hp and returns 0 (or
   -errno); 1 when the path is none of that. */
long proc_lookup(int dirfd, const char *path, int flags, struct hpath *hp);
const char *proc_tail(const char *host);
long proc_open(int proc, int flags);
long proc_check_open(long fd, int flags);
int proc_is_fd_dir(int fd);
int proc_readlink(const struct hpath *hp, char *out, size_t size, long *len);

/* exec.c */
extern int exe_fd;
const char *exe_path(void);	/* exec.c: /proc/self/exe, as the guest sees it */
struct exec_state {
	uint32_t flags;
	int fd_base;
	pid_t top;		/* pol.top */
	uint64_t nofile_cur, nofile_max;
	int trace_fd;
	char **env;
};
#define STATE_SANDBOXED	1	/* the outer layer is in force already */
void exec_init(void);
int exec_self_fd(void);
void exec_load(const char *gpath, char **argv, char **envp);
/* imagemap.c: the interpreter libvx32 loaded at guest->load.interp_lo
   from img (size bytes, the file fd) made file mappings. */
void image_map_interp(int fd, const void *img, size_t size);
/* The program's segments (its file fd, its image img), noted after
   libvx32 loaded it. */
void image_note_program(int fd, const void *img, size_t size);
/* The run of the program's image from addr up to *to (at most hi):
   1 where its pages hold the file (as f, a mapping would say), 0 where
   they do not (bss), -1 when nothing was noted. */
int image_program_run(uint32_t addr, uint64_t hi, struct host_fmap *f,
		      uint64_t *to);
void exec_state_read(int fd, struct exec_state *st);
/* What an execve in this process resets elsewhere (exec.c): ipc.c's
   System V attachments; time.c's POSIX timers cannot be (their ids are
   the kernel's), so with one alive vxlinux is executed anew. */
void ipc_exec(void);
void process_exec(void);
int timers_alive(void);
void timers_forked(void);

/* sandbox.c: the outer layer (no_new_privs, Landlock, seccomp) */
/* inherited: the layer came through an exec and is kept as it is; ldt:
   the guest runs on the seg backend, which writes LDT entries. */
void sandbox_apply(int inherited, int ldt);
int sandbox_active(void);
/* The seccomp policy as a list of rules, the first for a number winning
   (for test/linux/outer/filter.c as well): a return value, or (nblk >
   0) a block of instructions, run with the number in A, that looks at
   the arguments and ends in a return.  filter_compile() makes the
   program; both return a count and a malloc'd array. */
struct sock_filter;
struct filter_rule {
	uint32_t nr, ret;
	const struct sock_filter *blk;
	size_t nblk;
};
size_t sandbox_rules(int ldt, struct filter_rule **out);
size_t filter_compile(const struct filter_rule *rules, size_t n,
		      struct sock_filter **out);

/* fds.c: the guest's descriptors are those below fd_base; vxlinux's own
   are from fd_base up. */
extern int fd_base;
struct exec_state;
/* With the state an execve passed, or NULL at the first start. */
void fd_init(const struct exec_state *st);
/* Move a new descriptor of vxlinux's (or -1 with errno) above the
   guest's; the new number or -errno. */
int fd_reserve(int fd);
/* process.c: 0 if the guest may act on process pid (thread tid): any
   without a policy, the sandbox's own under one; else -ESRCH or
   -EPERM. */
long sandbox_member(pid_t pid);
long sandbox_member_thread(pid_t tid);
/* The same, into the last reserved slot, a number that stays the same
   across execve (the seccomp filter names vxlinux's own binary by it). */
int fd_reserve_last(int fd);
/* Check a descriptor the kernel just made for the guest (or -errno):
   over the guest's RLIMIT_NOFILE it is closed and -EMFILE returned. */
long fd_new(long fd);
/* fds.c: fd, a descriptor the guest chose the number of (dup2, dup3),
   is the guest's now (one the close-on-exec sweep tries); returns fd */
long fd_took(long fd);
/* fds.c: learn the guest's descriptors now, if not known (before a
   fork, so that the children's execve sweeps need no listing) */
void fd_learn(void);
long fd_new_pair(int *fds);
int fd_guest_limit(void);
void fd_getlimit(uint64_t *cur, uint64_t *max);
long fd_setlimit(uint64_t cur, uint64_t max);
/* Around a native execve: the guest's limit goes to the program; back
   if the execve failed. */
void fd_before_exec(void);
/* An execve in this process: the guest's close-on-exec ones closed. */
void fd_close_on_exec(void);
void fd_exec_failed(void);

/* dirpos.c: directory positions of 31 bits for the guest */
int64_t dirpos_to_guest(int64_t host);
int64_t dirpos_to_host(int64_t guest);

/* signal.c */
void signal_init(void);
void signal_deliver_pending(void);
/* Deliver a signal raised by a guest fault; dies if the guest has no
   handler for it. */
void signal_fault(int trap);
int signal_pending(void);
/* A caught, unblocked signal waits to be delivered. */
int signal_deliverable(void);
/* After a host call failed with EINTR: whether to restart the guest call
   (a pending signal whose handler has SA_RESTART). */
int signal_restart(void);
void signal_queue_self(int sig, int code);
void signal_after_fork(void);
/* An execve in this process: dispositions and signal pages as after one. */
void signal_exec(void);
/* A call's temporary signal mask (ppoll, pselect6, epoll_pwait): the
   guest's sigset at maskaddr (size must be 8) is in force, as host mask
   *host, until signal_end_temp_mask(the call's result). */
long signal_temp_mask(uint32_t maskaddr, uint32_t size, sigset_t *host);
void signal_end_temp_mask(long r);
/* Per thread: signal_thread_init (mask, pages), its pending slots for
   other threads to queue to, and its end. */
long signal_thread_init(void);
void signal_thread_exit(void);
struct sigslots {
	volatile sig_atomic_t *pend;
	void *pinfo;
	volatile sig_atomic_t *any_pending;
};
void signal_thread_slots(struct sigslots *s);
void signal_queue_to(const struct sigslots *s, int sig, int code);
/* The host signal one thread sends another to make it look at what was
   queued for it (signal 32, which the host C library keeps for
   pthread_cancel, which vxlinux does not use). */
#define HOST_WAKE	32

/* io.c: i386 iovec array -> malloc'd host iovecs, each range checked */
struct iovec;
long get_iov(uint32_t addr, uint32_t cnt, int perm, struct iovec **out);

/* process.c */
extern int vfork_pipe;

/* thread.c: guest threads (see there) */
void thread_init_main(void);
pid_t thread_tid(void);
int thread_count(void);
void thread_after_fork(void);
void thread_exec(void);
int thread_signal(pid_t tid, int sig);
long thread_clone(uint32_t flags, uint32_t newsp, uint32_t ptid,
		  uint32_t tls, uint32_t ctid);
void __attribute__((noreturn)) thread_exit(int status);
long thread_settls(vxproc *proc, uint32_t addr);
/* A module's lock, held across fork() (call before main: constructor) */
void fork_guard(pthread_mutex_t *m);

/* futex.c: the host address of a futex word (writable), or NULL. */
uint32_t *futex_word(uint32_t uaddr);

/* Handlers, one per system call, in the files named by their group. */
typedef long (*syscall_fn)(uint32_t *a);

#endif /* VXLINUX_H */
