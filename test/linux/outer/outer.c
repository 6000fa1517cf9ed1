/*
 * outer.c - vxlinux's outer sandbox layer (vxlinux/sandbox.c) on its own.
 *
 * The inner layer (vxlinux's checks of every guest call) stops a hostile
 * guest first, so guests alone cannot show that the outer one works.
 * This host program links sandbox.c, applies it as vxlinux would for a
 * policy, and then does itself what a bug in vxlinux's system-call layer
 * might let a guest do: open files outside the root, write under
 * --read-only, connect, execute a host program, ptrace, write another
 * process's memory, make namespaces.  Each must be refused by the kernel
 * (or kill the process, for the calls the filter kills on).
 *
 *   outer ROOT OUTSIDE PORT OPTIONS...
 * OPTIONS: --root, --read-only, --no-net (ROOT is used for --root).
 * Prints "ok"/"FAIL"/"skip" lines; exits with the number of FAILs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vxlinux.h"
#include "stubs.h"

static int failures;

static void report(const char *what, int good, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s", good ? "ok  " : "FAIL", what);
	if (fmt) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
	failures += !good;
}

/* r failed with err (r is a return value, -1 and errno). */
static void refused(const char *what, long r, int err)
{
	report(what, r < 0 && errno == err, "%s",
	       r < 0 ? strerror(errno) : "allowed");
}

/* Run fn in a child: it must die of SIGSYS (the filter kills). */
/* fn in a child that then exits 0: its wait status (-1: no child). */
static int in_child(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int st;
	return pid > 0 && waitpid(pid, &st, 0) == pid ? st : -1;
}

static void killed(const char *what, void (*fn)(void))
{
	int st = in_child(fn);
	report(what, st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
	       "status %#x", st);
}

static void do_ptrace(void) { ptrace(PTRACE_TRACEME, 0, 0, 0); }
static void do_unshare(void) { unshare(CLONE_NEWUSER); }
static void do_mount(void) { syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, 0); }
static void do_bpf(void) { syscall(SYS_bpf, 0, 0, 0); }
static void do_vm_write(void)
{
	char a = 1, b = 0;
	struct iovec l = { &a, 1 }, r = { &b, 1 };
	process_vm_writev(getppid(), &l, 1, &r, 1, 0);
}
static void do_clone_net(void)
{
	syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
}
static void do_i386_call(void)
{
	/* int $0x80 from 64-bit code is the i386 ABI: not ours. */
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "0"(20L) : "memory");
}

/* Before the sandbox: does this kernel serve int $0x80 at all?  (Not
   without IA32 emulation: the call then faults, with or without one.) */
static int i386_calls_served(void)
{
	return in_child(do_i386_call) == 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: outer ROOT OUTSIDE PORT OPTIONS...\n");
		return 2;
	}
	const char *root = argv[1], *outside = argv[2];
	int port = atoi(argv[3]);
	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--root")) {
			pol.root = realpath(root, NULL);
			pol.rootlen = strlen(pol.root);
		} else if (!strcmp(argv[i], "--read-only")) {
			pol.read_only = 1;
		} else if (!strcmp(argv[i], "--no-net")) {
			pol.no_net = 1;
		}
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	stub_self_fd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
	/* A TCP socket made before, as vxlinux's guest may have inherited. */
	int tcp = socket(AF_INET, SOCK_STREAM, 0);
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, 1);
	int ia32 = i386_calls_served();

	sandbox_apply(0, 0);

	char path[4096];
	int fd;
	if (pol.root || pol.read_only) {
		if (abi < 1) {
			printf("skip file-system checks: no Landlock\n");
		} else {
			snprintf(path, sizeof path, "%s/secret", outside);
			fd = open(path, O_RDONLY);
			if (pol.root)
				refused("read a file outside the root", fd, EACCES);
			else
				report("read a file (--read-only)", fd >= 0, NULL);
			snprintf(path, sizeof path, "%s/new", outside);
			refused("create a file outside the root",
				open(path, O_WRONLY | O_CREAT, 0644), EACCES);
			snprintf(path, sizeof path, "%s/newdir", outside);
			refused("mkdir outside the root", mkdir(path, 0755),
				EACCES);
			snprintf(path, sizeof path, "%s/inside", root);
			fd = open(path, O_RDONLY);
			report("read a file inside the root", fd >= 0, "%s",
			       fd < 0 ? strerror(errno) : "");
			snprintf(path, sizeof path, "%s/created", root);
			fd = open(path, O_WRONLY | O_CREAT, 0644);
			if (pol.read_only)
				refused("create a file inside (--read-only)", fd,
					EACCES);
			else
				report("create a file inside the root", fd >= 0,
				       NULL);
			refused("write /proc/self/mem", open("/proc/self/mem",
							     O_RDWR), EACCES);
			/* A device node inside the root would name a host
			   device (1:5 is /dev/zero; a disk as well); Landlock
			   answers before the capability check, so this holds
			   for root and others alike. */
			if (pol.root && !pol.read_only) {
				snprintf(path, sizeof path, "%s/node", root);
				refused("mknod a character device inside the root",
					mknod(path, S_IFCHR | 0600,
					      makedev(1, 5)), EACCES);
				refused("mknod a block device inside the root",
					mknod(path, S_IFBLK | 0600,
					      makedev(7, 0)), EACCES);
				snprintf(path, sizeof path, "%s/fifo", root);
				int r = mknod(path, S_IFIFO | 0600, 0);
				report("mknod a FIFO inside the root", r == 0,
				       "%s", r ? strerror(errno) : "");
				unlink(path);
			}
		}
	}
	if (pol.root) {
		refused("shmget (System V IPC under --root)",
			shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), ENOSYS);
		refused("msgget", msgget(IPC_PRIVATE, IPC_CREAT | 0600),
			ENOSYS);
		refused("shmat", (long)shmat(0, NULL, 0), ENOSYS);
	}
	if (pol.no_net) {
		refused("socket(AF_INET)", socket(AF_INET, SOCK_STREAM, 0),
			EACCES);
		refused("socket(AF_UNIX)", socket(AF_UNIX, SOCK_STREAM, 0),
			EACCES);
		if (abi >= 4) {
			struct sockaddr_in sin = { .sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
			refused("TCP connect on an inherited socket",
				connect(tcp, (struct sockaddr *)&sin, sizeof sin),
				EACCES);
		} else {
			printf("skip TCP connect: Landlock ABI %d < 4\n", abi);
		}
	}
	if (policy_any()) {
		char *av[] = { "true", NULL };
		refused("execve of a host program", execve("/bin/true", av, av + 1),
			EACCES);
		refused("execveat of a host program by path",
			syscall(SYS_execveat, AT_FDCWD, "/bin/true", av, av + 1, 0),
			EACCES);
		if (abi >= 6)
			refused("signal a process outside the sandbox",
				kill(getppid(), 0), EPERM);
		else
			printf("skip signal scoping: Landlock ABI %d < 6\n", abi);
	}
	/* In every mode. */
	refused("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), EPERM);
	report("non-dumpable", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, NULL);
	refused("ioctl TIOCSTI", ioctl(0, TIOCSTI, "x"), ENOTTY);
	refused("arch_prctl ARCH_MAP_VDSO_64",
		syscall(SYS_arch_prctl, 0x2003, 0), EINVAL);
	refused("clone3", syscall(SYS_clone3, NULL, 0), ENOSYS);
	killed("ptrace", do_ptrace);
	killed("process_vm_writev", do_vm_write);
	killed("unshare(CLONE_NEWUSER)", do_unshare);
	killed("clone(CLONE_NEWNET)", do_clone_net);
	killed("mount", do_mount);
	killed("bpf", do_bpf);
	if (ia32)
		killed("an i386 system call", do_i386_call);
	else
		printf("skip an i386 system call: the kernel has none to "
		       "filter (int $0x80 faults with no sandbox: no IA32 "
		       "emulation)\n");
	printf("%d failures\n", failures);
	return failures;
}
