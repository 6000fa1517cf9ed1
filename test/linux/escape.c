/*
 * escape.c - a hostile guest for vxlinux: each command tries one way out
 * of the sandbox that vxlinux once had or could have, and says what it
 * got.  test/suite-linux.sh runs it under each combination of --root,
 * --read-only and --no-net, and checks from the host that nothing
 * outside changed.  Raw int $0x80 where glibc would check or convert
 * first.  Lines starting "FAIL" are wrong answers; the exit status is
 * their number.
 *
 *   escape reexec SO OUTSIDE [thread]  execve of itself with
 *                               LD_PRELOAD=SO, LD_DEBUG_OUTPUT=OUTSIDE/...
 *                               and more (with a second thread: by a host
 *                               execve of vxlinux)
 *   escape child                (what reexec runs): prints its environment
 *   escape procexe OUTSIDE      under --root: /bin swapped for a link to
 *                               OUTSIDE, then /proc/self/exe written
 *   escape procmem              /proc/self/{mem,maps,...} by every route
 *   escape native CMD MARK      execve of a host program
 *   escape fds                  vxlinux's own descriptors
 *   escape unixaddr             over-long AF_UNIX addresses
 *   escape sockopt              socket options holding pointers
 *   escape nonet                sockets under --no-net
 *   escape dumpable             PR_SET_DUMPABLE, and a child reading its
 *                               parent's memory
 *   escape signal PID           under a policy: signals (by every call that
 *                               sends one), renicing and rescheduling reach
 *                               the sandbox's processes (a child, also from
 *                               a sibling executed anew), not the host's
 *                               process PID
 *   escape kill-sibling PID     (what that sibling runs) SIGURG to PID
 *   escape mknod                under --root: device nodes (one names any
 *                               host device, a disk or memory, to a guest
 *                               running as root): EPERM; a FIFO is made
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include "rawcall.h"

static int failures;


/* i386 call numbers */
enum {
	NR_open = 5, NR_close = 6, NR_fcntl64 = 221, NR_socketcall = 102,
	NR_bind = 361, NR_connect = 362, NR_sendto = 369, NR_sendmsg = 370,
	NR_setsockopt = 366, NR_dup2 = 63, NR_openat = 295, NR_mmap2 = 192,
	NR_mknod = 14, NR_mknodat = 297, NR_stat64 = 195, NR_unlink = 10,
	NR_kill = 37, NR_tkill = 238, NR_tgkill = 270,
	NR_rt_sigqueueinfo = 178, NR_rt_tgsigqueueinfo = 335,
	NR_setpriority = 97, NR_sched_setaffinity = 241,
	NR_sched_setparam = 154, NR_getpgid = 132, NR_pipe = 42,
};

static void ok(const char *what, int good, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ok(const char *what, int good, const char *fmt, ...)
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

/* Expect a raw call to fail with err. */
static void expect(const char *what, long r, int err)
{
	ok(what, r == -err, "got %ld (%s), want -%s", r,
	   r < 0 ? strerrorname_np(-r) : "success", strerrorname_np(err));
}

/* ------------------------------------------------------------ reexec */

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int cmd_reexec(const char *so, const char *outside, int thread)
{
	char pre[4096], dbg[4096], mark[4096];
	pthread_t th;

	/* With a second thread, vxlinux executes itself anew (a host
	   execve) rather than replacing the guest in its own process. */
	if (thread && pthread_create(&th, NULL, sleeper, NULL) != 0) {
		ok("reexec: a second thread", 0, NULL);
		return 1;
	}
	snprintf(pre, sizeof pre, "LD_PRELOAD=%s", so);
	snprintf(dbg, sizeof dbg, "LD_DEBUG_OUTPUT=%s/lddebug", outside);
	snprintf(mark, sizeof mark, "EVIL_MARK=%s/evil-ran", outside);
	char *env[] = {
		pre, "LD_DEBUG=all", dbg, mark, "LD_LIBRARY_PATH=/nowhere",
		"GLIBC_TUNABLES=glibc.malloc.check=3", "LD_AUDIT=/nowhere.so",
		"GUEST_VAR=kept", NULL,
	};
	char *argv[] = { "escape", "child", NULL };
	execve("/proc/self/exe", argv, env);
	ok("reexec", 0, "execve: %s", strerror(errno));
	return 1;
}

static int cmd_child(void)
{
	/* The environment is the guest's, intact. */
	const char *names[] = { "LD_PRELOAD", "LD_DEBUG", "GUEST_VAR",
				"GLIBC_TUNABLES" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		printf("%s=%s\n", names[i], v ? v : "(unset)");
	}
	return 0;
}

/* ----------------------------------------------------------- procexe */

static int cmd_procexe(const char *outside)
{
	/* A directory on the program's path becomes a link out of the root
	   (to a host path, which the guest sees as a path inside it). */
	if (rename("/bin", "/bin.real") < 0) {
		/* Under --read-only the swap itself is refused. */
		ok("swap /bin for a link", errno == EROFS, "%s", strerror(errno));
	} else if (symlink(outside, "/bin") < 0) {
		ok("procexe setup", 0, "%s", strerror(errno));
		return 1;
	}
	int fd = open("/proc/self/exe", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	/* ETXTBSY as on Linux; EROFS first under --read-only. */
	ok("open /proc/self/exe for writing", fd < 0 &&
	   (errno == ETXTBSY || errno == EROFS),
	   "%s", fd < 0 ? strerror(errno) : "opened");
	if (fd >= 0) {
		write(fd, "pwned\n", 6);
		close(fd);
	}
	int r = truncate("/proc/self/exe", 0);
	ok("truncate /proc/self/exe", r < 0 &&
	   (errno == ETXTBSY || errno == EROFS), "%s",
	   r < 0 ? strerror(errno) : "truncated");
	r = unlink("/proc/self/exe");
	ok("unlink /proc/self/exe", r < 0, "%s", r < 0 ? strerror(errno) : "done");
	r = rename("/proc/self/exe", "/renamed");
	ok("rename /proc/self/exe", r < 0, "%s", r < 0 ? strerror(errno) : "done");
	/* The program is still the one that runs, by its old name. */
	char buf[256];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	ok("readlink /proc/self/exe", !strcmp(buf, "/bin/escape") ||
	   !strcmp(buf, "/bin.real/escape"), "%s", buf);
	fd = open("/proc/self/exe", O_RDONLY);
	char hdr[4] = { 0 };
	ok("read /proc/self/exe", fd >= 0 && read(fd, hdr, 4) == 4 &&
	   !memcmp(hdr, "\177ELF", 4), NULL);
	close(fd);
	return failures;
}

/* ----------------------------------------------------------- procmem */

/* Not opened: refused, or not there to open (under --root without a
   /proc inside, the host's is out of reach). */
static void refused(const char *what, int fd)
{
	ok(what, fd < 0 && (errno == EACCES || errno == ENOENT ||
			    errno == EROFS || errno == EPERM), "%s",
	   fd < 0 ? strerror(errno) : "opened");
	if (fd >= 0)
		close(fd);
}

static int cmd_procmem(void)
{
	char path[64], line[512];
	ssize_t n;
	int pid = getpid();

	/* maps shows the guest's memory only. */
	FILE *f = fopen("/proc/self/maps", "r");
	int lines = 0, bad = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		lines++;
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 || hi > 0xc0000000ul ||
		    strstr(line, "vxlinux"))
			bad++;
	}
	ok("/proc/self/maps is the guest's", f && lines >= 3 && !bad,
	   "%d lines, %d foreign", lines, bad);
	if (f)
		fclose(f);
	/* So does stat, where the kernel gives addresses. */
	f = fopen("/proc/self/stat", "r");
	unsigned long v[52] = { 0 };
	if (f && fgets(line, sizeof line, f)) {
		char *p = strrchr(line, ')');
		for (int k = 3; p && k <= 51; k++) {
			p = strchr(p + 1, ' ');
			if (p)
				v[k] = strtoul(p + 1, NULL, 10);
		}
	}
	ok("/proc/self/stat addresses are the guest's", f && v[26] &&
	   v[26] < 0xc0000000ul && v[28] <= 0xc0000000ul && v[45] < 0xc0000000ul,
	   "startcode %#lx startstack %#lx", v[26], v[28]);
	if (f)
		fclose(f);

	/* mem, by every route. */
	refused("/proc/self/mem", open("/proc/self/mem", O_RDWR));
	refused("/proc/self/mem read-only", open("/proc/self/mem", O_RDONLY));
	snprintf(path, sizeof path, "/proc/%d/mem", pid);
	refused("/proc/PID/mem", open(path, O_RDWR));
	snprintf(path, sizeof path, "/proc/%d/task/%d/mem", pid, pid);
	refused("/proc/PID/task/TID/mem", open(path, O_RDWR));
	refused("/proc/thread-self/mem", open("/proc/thread-self/mem", O_RDWR));
	refused("/proc/./self//mem", open("/proc/./self//mem", O_RDWR));
	refused("/proc/self/../self/mem", open("/proc/self/../self/mem", O_RDWR));
	int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
	refused("openat(/proc/self dir, mem)", openat(dfd, "mem", O_RDWR));
	refused("openat(/proc/self dir, task/TID/mem)",
		openat(dfd, "task/../mem", O_RDWR));
	close(dfd);
	dfd = open("/proc", O_RDONLY | O_DIRECTORY);
	snprintf(path, sizeof path, "%d/mem", pid);
	if (dfd >= 0)	/* (no /proc in a --root without one) */
		refused("openat(/proc dir, PID/mem)", openat(dfd, path, O_RDWR));
	close(dfd);
	unlink("/tmp/escape-memlink");
	if (symlink("/proc/self/mem", "/tmp/escape-memlink") == 0) {
		refused("symlink to /proc/self/mem",
			open("/tmp/escape-memlink", O_RDWR));
		unlink("/tmp/escape-memlink");
	}
	unlink("/tmp/escape-dirlink");
	if (symlink("/proc/self", "/tmp/escape-dirlink") == 0) {
		refused("symlink to /proc/self, then mem",
			open("/tmp/escape-dirlink/mem", O_RDWR));
		refused("symlink to /proc/self, then map_files",
			open("/tmp/escape-dirlink/map_files", O_RDONLY));
		unlink("/tmp/escape-dirlink");
	}
	if (chdir("/proc/self") == 0) {
		refused("chdir /proc/self, then mem", open("mem", O_RDWR));
		chdir("/");
	}
	/* Files of the host's that say the same for the guest, but are
	   not the guest's to write (whatever the host would let vxlinux
	   do: as root it could open them all). */
	refused("/proc/self/setgroups for writing",
		open("/proc/self/setgroups", O_WRONLY));
	refused("/proc/self/uid_map for writing",
		open("/proc/self/uid_map", O_WRONLY));
	refused("/proc/self/mountinfo for writing",
		open("/proc/self/mountinfo", O_WRONLY));
	refused("/proc/self/pagemap", open("/proc/self/pagemap", O_RDONLY));
	refused("/proc/self/map_files", open("/proc/self/map_files", O_RDONLY));
	refused("/proc/self/syscall", open("/proc/self/syscall", O_RDONLY));
	/* After a link, ".." is the target's parent: from the cwd ("/"),
	   "/mem", not the process directory's mem. */
	refused("/proc/self/cwd/../mem", open("/proc/self/cwd/../mem", O_RDWR));

	/* root is the guest's "/", and stays so through "..". */
	struct stat s1, s2;
	n = readlink("/proc/self/root", line, sizeof line - 1);
	line[n > 0 ? n : 0] = 0;
	ok("/proc/self/root is /", !strcmp(line, "/"), "%s", line);
	ok("/proc/self/root/../.. is /", stat("/proc/self/root/../..", &s1) == 0 &&
	   stat("/", &s2) == 0 && s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev,
	   NULL);

	/* exe is the guest's program; fd/ has only the guest's descriptors. */
	n = readlink("/proc/self/exe", line, sizeof line - 1);
	line[n > 0 ? n : 0] = 0;
	ok("/proc/self/exe is the guest's", n > 0 && strstr(line, "escape") &&
	   !strstr(line, "vxlinux"), "%s", line);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int seen = 0, over = 0;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		seen++;
		if (strtoul(e->d_name, NULL, 10) >= rl.rlim_cur)
			over++;
	}
	ok("/proc/self/fd lists the guest's descriptors", d && seen >= 3 && !over,
	   "%d listed, %d over the limit %lu", seen, over,
	   (unsigned long)rl.rlim_cur);
	if (d)
		closedir(d);
	snprintf(path, sizeof path, "/proc/self/fd/%lu", (unsigned long)rl.rlim_cur);
	refused("/proc/self/fd/LIMIT", open(path, O_RDONLY));
	return failures;
}

/* ------------------------------------------------------------ native */

static int cmd_native(const char *cmd, const char *mark)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	char lim[48];
	char *env[] = { "PATH=/bin:/usr/bin", lim, NULL };
	struct rlimit rl;

	/* The host program must get the guest's descriptor limit, not
	   vxlinux's (which is higher, for its own descriptors). */
	getrlimit(RLIMIT_NOFILE, &rl);
	snprintf(lim, sizeof lim, "GUEST_NOFILE=%lu",
		 (unsigned long)rl.rlim_cur);

	execve("/bin/sh", argv, env);
	printf("execve /bin/sh: %s\n", strerror(errno));
	(void)mark;
	return 3;
}

/* --------------------------------------------------------------- fds */

static int cmd_fds(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_NOFILE, &rl);
	long lim = (long)rl.rlim_cur;
	/* None of the guest's descriptors is one of vxlinux's: not the
	   program file it holds open for /proc/self/exe (vxlinux keeps its
	   own at and above the limit). */
	struct stat exe, st;
	int mine = 0;
	if (stat("/proc/self/exe", &exe) == 0)
		for (long fd = 3; fd < lim; fd++)
			if (fstat((int)fd, &st) == 0 && st.st_ino == exe.st_ino &&
			    st.st_dev == exe.st_dev)
				mine++;
	ok("no descriptor below the limit is vxlinux's", !mine,
	   "%d hold the program file", mine);
	/* Nothing at or above the guest's limit is the guest's to use. */
	int found = 0;
	for (long fd = lim; fd < lim + 256; fd++)
		if (sys3(NR_fcntl64, fd, F_GETFD, 0) >= 0)
			found++;
	ok("no descriptor over the limit answers", !found, "%d did", found);
	/* Nor can one be mapped (vxlinux maps the guest's descriptors
	   themselves): EBADF for each, shared or private. */
	int mapped = 0;
	for (long fd = lim; fd < lim + 256; fd++)
		if (sys6(NR_mmap2, 0, 4096, 1, 1, fd, 0) != -EBADF ||
		    sys6(NR_mmap2, 0, 4096, 1, 2, fd, 0) != -EBADF)
			mapped++;
	ok("mmap of a descriptor over the limit: EBADF", !mapped,
	   "%d did not say so", mapped);
	expect("close(limit)", sys3(NR_close, lim, 0, 0), EBADF);
	expect("dup2 onto the limit", sys3(NR_dup2, 1, lim, 0), EBADF);
	expect("fcntl F_DUPFD from the limit", sys3(NR_fcntl64, 1, F_DUPFD, lim),
	       EINVAL);
	expect("openat with dirfd over the limit",
	       sys6(NR_openat, lim + 1, (long)".", O_RDONLY, 0, 0, 0), EBADF);
	/* Filling the table ends at the limit, with EMFILE. */
	int n = 0, last = -1;
	for (;;) {
		int fd = open("/", O_RDONLY);
		if (fd < 0)
			break;
		last = fd;
		n++;
	}
	ok("open fills up to the limit", errno == EMFILE && last == lim - 1,
	   "last %d, limit %ld, %s", last, lim, strerror(errno));
	for (int fd = 3; fd < lim; fd++)
		close(fd);
	/* The same under a lower limit, where the descriptor numbered
	   like the limit is free in the host. */
	struct rlimit low = { 32, rl.rlim_max };
	if (setrlimit(RLIMIT_NOFILE, &low) == 0) {
		last = -1;
		for (;;) {
			int fd = open("/", O_RDONLY);
			if (fd < 0)
				break;
			last = fd;
		}
		ok("open fills up to a lowered limit", errno == EMFILE &&
		   last == 31, "last %d, limit 32, %s", last, strerror(errno));
		for (int fd = 3; fd < 32; fd++)
			close(fd);
		setrlimit(RLIMIT_NOFILE, &rl);
	} else {
		ok("lower RLIMIT_NOFILE", 0, "%s", strerror(errno));
	}
	/* A descriptor of vxlinux's cannot be sent to oneself either. */
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		char c = 'x', cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { &c, 1 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof cbuf };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		int over = (int)lim + 3;
		memcpy(CMSG_DATA(cm), &over, sizeof over);
		long r = sendmsg(sv[0], &m, 0);
		ok("SCM_RIGHTS of a descriptor over the limit", r < 0 &&
		   errno == EBADF, "%s", r < 0 ? strerror(errno) : "sent");
	}
	/* The limit cannot be raised past what vxlinux allows. */
	struct rlimit up = { rl.rlim_max + 1, rl.rlim_max + 1 };
	int r = setrlimit(RLIMIT_NOFILE, &up);
	ok("RLIMIT_NOFILE cannot grow", r < 0 && errno == EPERM, "%s",
	   r < 0 ? strerror(errno) : "grew");
	return failures;
}

/* ---------------------------------------------------------- unixaddr */

static int cmd_unixaddr(void)
{
	struct {
		struct sockaddr_un un;
		char more[64];
	} a;
	char what[64];

	memset(&a, 'A', sizeof a);
	a.un.sun_family = AF_UNIX;
	for (int len = 111; len <= 128; len += 17) {
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		uint32_t args[6] = { (uint32_t)s, (uint32_t)(uintptr_t)&a,
				     (uint32_t)len };
		snprintf(what, sizeof what, "bind, address of %d bytes", len);
		expect(what, sys3(NR_bind, s, (long)&a, len), EINVAL);
		snprintf(what, sizeof what, "connect, address of %d bytes", len);
		expect(what, sys3(NR_connect, s, (long)&a, len), EINVAL);
		snprintf(what, sizeof what, "socketcall bind, %d bytes", len);
		expect(what, sys3(NR_socketcall, 2, (long)args, 0), EINVAL);
		snprintf(what, sizeof what, "sendto, address of %d bytes", len);
		expect(what, sys6(NR_sendto, s, (long)"x", 1, 0, (long)&a, len),
		       EINVAL);
		struct iovec iov = { "x", 1 };
		struct msghdr m = { .msg_name = &a, .msg_namelen = len,
				    .msg_iov = &iov, .msg_iovlen = 1 };
		snprintf(what, sizeof what, "sendmsg, address of %d bytes", len);
		expect(what, sys3(NR_sendmsg, s, (long)&m, 0), EINVAL);
		close(s);
	}
	ok("still alive", 1, NULL);
	return failures;
}

/* ----------------------------------------------------------- sockopt */

static int cmd_sockopt(void)
{
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sock_filter accept_all = BPF_STMT(BPF_RET | BPF_K, 0xffff);
	struct sock_fprog prog = { 1, &accept_all };

	/* The i386 layout is converted, the program read from guest
	   memory. */
	long r = sys6(NR_setsockopt, s, SOL_SOCKET, SO_ATTACH_FILTER,
		      (long)&prog, sizeof prog, 0);
	ok("SO_ATTACH_FILTER with an i386 sock_fprog", r == 0, "%ld", r);
	struct sock_fprog bad = { 1, (void *)0xfffff000 };
	expect("SO_ATTACH_FILTER, program outside guest memory",
	       sys6(NR_setsockopt, s, SOL_SOCKET, SO_ATTACH_FILTER,
		    (long)&bad, sizeof bad, 0), EFAULT);
	/* Netfilter's tables hold pointers: not passed on. */
	char junk[256] = { 0 };
	int t = socket(AF_INET, SOCK_RAW, 255);
	if (t < 0)
		t = socket(AF_INET, SOCK_DGRAM, 0);
	r = sys6(NR_setsockopt, t, 0 /* IPPROTO_IP */, 64 /* IPT_SO_SET_REPLACE */,
		 (long)junk, sizeof junk, 0);
	ok("IPT_SO_SET_REPLACE refused", r == -ENOPROTOOPT, "%ld", r);
	close(s);
	close(t);
	return failures;
}

/* ------------------------------------------------------------- nonet */

static int cmd_nonet(void)
{
	static const int fam[] = { AF_INET, AF_INET6, AF_UNIX, AF_NETLINK,
				   AF_PACKET };
	char what[32];

	for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
		int s = socket(fam[i], SOCK_STREAM, 0);
		snprintf(what, sizeof what, "socket(%d)", fam[i]);
		ok(what, s < 0 && errno == EACCES, "%s",
		   s < 0 ? strerror(errno) : "made");
	}
	int sv[2];
	ok("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 &&
	   errno == EACCES, "%s", strerror(errno));
	return failures;
}

/* -------------------------------------------------------------- sysv */

/* Under --root the host's System V objects are out of reach: every
   call is ENOSYS, through glibc (the ipc(2) multiplexer) and the
   separate calls, including an attach of a segment the host made
   (id, from the test). */
static int cmd_sysv(int id)
{
	char what[48];
	int made;

	/* (what is made all the same is removed again) */
	errno = 0;
	made = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	ok("shmget", made < 0 && errno == ENOSYS, "%s", strerror(errno));
	if (made >= 0)
		shmctl(made, IPC_RMID, NULL);
	errno = 0;
	made = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ok("msgget", made < 0 && errno == ENOSYS, "%s", strerror(errno));
	if (made >= 0)
		msgctl(made, IPC_RMID, NULL);
	errno = 0;
	made = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	ok("semget", made < 0 && errno == ENOSYS, "%s", strerror(errno));
	if (made >= 0)
		semctl(made, 0, IPC_RMID);
	errno = 0;
	void *at = shmat(id, NULL, 0);
	snprintf(what, sizeof what, "shmat of the host's segment %d", id);
	ok(what, at == (void *)-1 && errno == ENOSYS, "%s",
	   at == (void *)-1 ? strerror(errno) : "attached");
	struct shmid_ds ds;
	errno = 0;
	ok("shmctl IPC_STAT of it", shmctl(id, IPC_STAT, &ds) < 0 &&
	   errno == ENOSYS, "%s", strerror(errno));
	/* the separate calls: 395 shmget, 397 shmat, 399 msgget */
	made = syscall(395, IPC_PRIVATE, 4096, 0600);
	ok("shmget (395)", made < 0 && errno == ENOSYS, "%s", strerror(errno));
	if (made >= 0)
		shmctl(made, IPC_RMID, NULL);
	ok("shmat (397)", syscall(397, id, 0, 0) == -1 && errno == ENOSYS,
	   "%s", strerror(errno));
	made = syscall(399, IPC_PRIVATE, 0600);
	ok("msgget (399)", made < 0 && errno == ENOSYS, "%s", strerror(errno));
	if (made >= 0)
		msgctl(made, IPC_RMID, NULL);
	return failures;
}

/* ---------------------------------------------------------- dumpable */

static int cmd_dumpable(void)
{
	ok("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1) == 0, "%s",
	   strerror(errno));
	ok("PR_GET_DUMPABLE says 1", prctl(PR_GET_DUMPABLE) == 1, NULL);
	ok("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0) == 0 &&
	   prctl(PR_GET_DUMPABLE) == 0, NULL);
	prctl(PR_SET_DUMPABLE, 1);
	/* A child (another vxlinux) at its parent's memory. */
	int parent = getpid();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/mem", parent);
		int fd = open(path, O_RDWR);
		_exit(fd < 0 && (errno == EACCES || errno == EPERM ||
				 errno == ENOENT || errno == EROFS) ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	ok("a child cannot open its parent's /proc/PID/mem",
	   WIFEXITED(st) && WEXITSTATUS(st) == 0, NULL);
	return failures;
}

/* ------------------------------------------------------------ signal */

static volatile sig_atomic_t urgs;

static void on_urg(int sig)
{
	(void)sig;
	urgs++;
}

/* The child: says it is ready, then acknowledges each SIGURG with a
   byte on ack, until the parent kills it.  SIGURG stays blocked except
   inside sigsuspend, so none can land between the count's check and the
   wait (with pause() one could, and its acknowledgement never come). */
static void signal_child(int ack)
{
	sigset_t urg, others;

	sigemptyset(&urg);
	sigaddset(&urg, SIGURG);
	sigprocmask(SIG_BLOCK, &urg, &others);
	sigdelset(&others, SIGURG);
	signal(SIGURG, on_urg);
	if (write(ack, "r", 1) != 1)
		_exit(3);
	for (int seen = 0;;) {
		while (seen < urgs) {
			seen++;
			if (write(ack, "u", 1) != 1)
				_exit(3);
		}
		sigsuspend(&others);
	}
}

/* Wait (10 s at most: a loaded machine) for the child's byte. */
static int acked(int ack)
{
	struct pollfd p = { .fd = ack, .events = POLLIN };
	char c;

	return poll(&p, 1, 10000) == 1 && read(ack, &c, 1) == 1;
}

/*
 * victim: a host process outside the sandbox (the suite's; it notes
 * every SIGURG and SIGTERM in a file outside the root, which the suite
 * checks).  SIGURG is ignored by default, so a kill(-1, SIGURG) that
 * got through would harm nothing else of the host's.
 */
static int cmd_signal(int victim)
{
	int ack[2];
	int32_t info[32] = { SIGURG, 0, -1 /* SI_QUEUE */ };
	uint32_t mask = 1;
	long r;

	if (victim <= 1 || pipe(ack) < 0) {
		ok("set up", 0, "victim %d", victim);
		return failures;
	}
	pid_t child = fork();
	if (child == 0) {
		close(ack[0]);
		signal_child(ack[1]);
	}
	close(ack[1]);
	if (!acked(ack[0])) {	/* the child's handler in place */
		ok("the child ready", 0, NULL);
		kill(child, SIGKILL);
		return failures;
	}

	/* the host's process: every way to signal it, refused */
	expect("kill(victim, 0)", sys3(NR_kill, victim, 0, 0), EPERM);
	expect("kill(victim, SIGURG)", sys3(NR_kill, victim, SIGURG, 0),
	       EPERM);
	expect("kill(victim, SIGTERM)", sys3(NR_kill, victim, SIGTERM, 0),
	       EPERM);
	expect("tkill(victim, SIGURG)", sys3(NR_tkill, victim, SIGURG, 0),
	       EPERM);
	expect("tgkill(victim, victim, SIGURG)",
	       sys3(NR_tgkill, victim, victim, SIGURG), EPERM);
	expect("rt_sigqueueinfo(victim, SIGURG)",
	       sys3(NR_rt_sigqueueinfo, victim, SIGURG, (long)info), EPERM);
	expect("rt_tgsigqueueinfo(victim, victim, SIGURG)",
	       sys6(NR_rt_tgsigqueueinfo, victim, victim, SIGURG,
		    (long)info, 0, 0), EPERM);
	/* Values that change nothing where a broken vxlinux lets them
	   through: the victim's own nice value 0, and a group and a user
	   without processes (Linux: ESRCH). */
	expect("setpriority(PRIO_PROCESS, victim, 0)",
	       sys3(NR_setpriority, PRIO_PROCESS, victim, 0), EPERM);
	expect("setpriority(PRIO_PGRP, a group without processes, 19)",
	       sys3(NR_setpriority, PRIO_PGRP, 0x3ffffff0, 19), EPERM);
	expect("setpriority(PRIO_USER, a user without processes, 19)",
	       sys3(NR_setpriority, PRIO_USER, 0x3ffffff0, 19), EPERM);
	expect("sched_setaffinity(victim)",
	       sys3(NR_sched_setaffinity, victim, 4, (long)&mask), EPERM);
	expect("sched_setparam(victim)",
	       sys3(NR_sched_setparam, victim, (long)&info[1], 0), EPERM);
	expect("fcntl(F_SETOWN, victim)",
	       sys3(NR_fcntl64, ack[0], F_SETOWN, victim), EPERM);
	/* (group 0: the test VM's first processes; ours stands in) */
	long pg = sys3(NR_getpgid, victim, 0, 0);
	if (pg <= 0)
		pg = getpgrp();
	expect("fcntl(F_SETOWN, -its group)",
	       sys3(NR_fcntl64, ack[0], F_SETOWN, -pg), EPERM);

	/* groups: they reach the child (acknowledged), not the victim
	   (the suite's file says) */
	r = sys3(NR_kill, 0, SIGURG, 0);
	ok("kill(0, SIGURG) reaches the child", r == 0 && acked(ack[0]),
	   "got %ld", r);
	r = sys3(NR_kill, -1, SIGURG, 0);
	ok("kill(-1, SIGURG) reaches the child", r == 0 && acked(ack[0]),
	   "got %ld", r);
	r = sys3(NR_kill, -pg, SIGURG, 0);
	ok("kill(-victim's group, SIGURG): the child, if it is in it",
	   pg == getpgrp() ? r == 0 && acked(ack[0]) : r == -ESRCH,
	   "got %ld (group %ld, ours %d)", r, pg, (int)getpgrp());
	/* the sandbox's own child: each way works */
	r = sys3(NR_kill, child, SIGURG, 0);
	ok("kill(child, SIGURG)", r == 0 && acked(ack[0]), "got %ld", r);
	r = sys3(NR_tgkill, child, child, SIGURG);
	ok("tgkill(child, child, SIGURG)", r == 0 && acked(ack[0]),
	   "got %ld", r);
	r = sys3(NR_rt_sigqueueinfo, child, SIGURG, (long)info);
	ok("rt_sigqueueinfo(child, SIGURG)", r == 0 && acked(ack[0]),
	   "got %ld", r);
	r = sys3(NR_setpriority, PRIO_PROCESS, child, 5);
	ok("setpriority(PRIO_PROCESS, child, 5)", r == 0, "got %ld", r);
	r = sys3(NR_fcntl64, ack[0], F_SETOWN, child);
	ok("fcntl(F_SETOWN, child)", r == 0, "got %ld", r);
	sys3(NR_fcntl64, ack[0], F_SETOWN, 0);
	expect("kill(no such process)", sys3(NR_kill, 0x3ffffff0, 0, 0),
	       ESRCH);

	/* A member executed anew by a host execve (it has a second
	   thread) is still one and still reaches its sibling: the
	   sandbox's first pid travels in vxlinux's exec state. */
	pid_t sib = fork();
	if (sib == 0) {
		pthread_t th;
		char arg[16];
		char *av[] = { "escape", "kill-sibling", arg, NULL };

		snprintf(arg, sizeof arg, "%d", (int)child);
		if (pthread_create(&th, NULL, sleeper, NULL) != 0)
			_exit(3);
		execve("/proc/self/exe", av, environ);
		_exit(4);
	}
	int st;
	r = waitpid(sib, &st, 0);
	ok("a sibling executed anew signals the child", r == sib &&
	   WIFEXITED(st) && WEXITSTATUS(st) == 0 && acked(ack[0]),
	   "status %#x", st);

	kill(child, SIGKILL);
	waitpid(child, &st, 0);
	return failures;
}

/* (cmd_signal's sibling, after its execve) SIGURG to pid. */
static int cmd_kill_sibling(int pid)
{
	return sys3(NR_kill, pid, SIGURG, 0) == 0 ? 0 : 1;
}


/* ------------------------------------------------------------- mknod */

/*
 * Under --root, as root or not: no device node.  1:5 is /dev/zero, 7:0
 * a loop device (harmless stand-ins for 1:1, /dev/mem, or a disk); the
 * numbers in the i386 kernel's 32-bit dev_t encoding.  vxlinux answers
 * EPERM itself; where it did not, Landlock would say EACCES, and Linux
 * as root would make the node.
 */
static int cmd_mknod(void)
{
	static const struct {
		const char *what;
		uint32_t mode, dev;
	} dev[] = {
		{ "mknod a character device (1:5)", S_IFCHR | 0600, 0x105 },
		{ "mknod a block device (7:0)", S_IFBLK | 0600, 0x700 },
		{ "mknod a character device, no permission bits", S_IFCHR,
		  0x103 },
	};
	char st[144];

	for (unsigned i = 0; i < sizeof dev / sizeof dev[0]; i++) {
		expect(dev[i].what, sys3(NR_mknod, (long)"/node",
					 dev[i].mode, dev[i].dev), EPERM);
		expect("... by mknodat", sys6(NR_mknodat, AT_FDCWD,
					      (long)"node", dev[i].mode,
					      dev[i].dev, 0, 0), EPERM);
		expect("... and nothing made",
		       sys3(NR_stat64, (long)"/node", (long)st, 0), ENOENT);
	}
	/* A missing directory is still ENOENT, as Linux says first. */
	expect("mknod a device in a missing directory",
	       sys3(NR_mknod, (long)"/no/node", S_IFCHR | 0600, 0x105),
	       ENOENT);
	long r = sys3(NR_mknod, (long)"/fifo", S_IFIFO | 0600, 0);
	ok("mknod a FIFO", r == 0, "got %ld", r);
	sys3(NR_unlink, (long)"/fifo", 0, 0);
	return failures;
}

/* ---------------------------------------------------------- cmsgrace */

/*
 * SCM_RIGHTS while another thread rewrites the descriptors in the message:
 * vxlinux checks that each descriptor is the guest's (below its limit)
 * and must pass on the very values it checked, not read the guest's
 * buffer again (a double fetch would let the guest send itself one of
 * vxlinux's own descriptors, at and above the limit: its root directory,
 * its program file).  Every descriptor received must be the pipe sent.
 */
#define RACE_FDS	64	/* per message: the first one flips, and the
				   checks of the others widen the window
				   between its check and its copy */
static volatile int32_t *race_slot;
static volatile int race_stop;
static int race_good, race_limit;

static void *cmsg_flipper(void *unused)
{
	(void)unused;
	for (unsigned i = 0; !race_stop; i++) {
		race_slot[0] = race_good;
		race_slot[0] = race_limit + (int)(i % 8);
	}
	return NULL;
}

static int cmd_cmsgrace(void)
{
	static union {
		struct cmsghdr h;
		uint8_t b[CMSG_SPACE(RACE_FDS * sizeof(int))];
	} ctl, rctl;
	struct rlimit rl;
	struct stat want, st;
	int sv[2], p[2];
	pthread_t th;

	getrlimit(RLIMIT_NOFILE, &rl);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 || pipe(p) < 0 ||
	    fstat(p[0], &want) < 0) {
		ok("set up", 0, NULL);
		return failures;
	}
	race_good = p[0];
	race_limit = (int)rl.rlim_cur;
	if (race_limit < 64) {		/* (vxlinux's least: fds.c) */
		ok("the guest's RLIMIT_NOFILE", 0, "%d", race_limit);
		return failures;
	}
	ctl.h.cmsg_len = CMSG_LEN(RACE_FDS * sizeof(int));
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	race_slot = (volatile int32_t *)CMSG_DATA(&ctl.h);
	for (int k = 0; k < RACE_FDS; k++)
		race_slot[k] = race_good;
	pthread_create(&th, NULL, cmsg_flipper, NULL);

	long sent = 0, refused = 0, leaked = 0, received = 0;
	char first[160] = "";
	time_t end = time(NULL) + 2;
	while (time(NULL) < end) {
		for (int i = 0; i < 200; i++) {
			char c = 'x';
			struct iovec v = { &c, 1 };
			struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				.msg_control = &ctl, .msg_controllen = sizeof ctl };
			if (sendmsg(sv[0], &m, 0) < 0) {
				refused++;
				continue;
			}
			sent++;
			struct msghdr rm = { .msg_iov = &v, .msg_iovlen = 1,
				.msg_control = &rctl, .msg_controllen = sizeof rctl };
			if (recvmsg(sv[1], &rm, 0) < 0 ||
			    rm.msg_controllen < CMSG_LEN(sizeof(int)))
				continue;
			int n = (int)((rctl.h.cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (int k = 0; k < n; k++) {
				int got;
				memcpy(&got, CMSG_DATA(&rctl.h) + k * sizeof got,
				       sizeof got);
				received++;
				if ((fstat(got, &st) < 0 ||
				     st.st_ino != want.st_ino ||
				     st.st_dev != want.st_dev) && !leaked++) {
					char link[64];
					ssize_t l;
					struct stat o;
					snprintf(link, sizeof link,
						 "/proc/self/fd/%d", got);
					l = readlink(link, first, sizeof first - 1);
					first[l > 0 ? l : 0] = 0;
					/* (which of the guest's own it is, if
					   one: then the message carried that
					   number, not a descriptor of vxlinux's) */
					for (int f = 0; f < 16; f++)
						if (f != got && fstat(f, &o) == 0 &&
						    o.st_ino == st.st_ino &&
						    o.st_dev == st.st_dev)
							snprintf(first + strlen(first),
								 sizeof first - strlen(first),
								 " = guest fd %d", f);
					snprintf(first + strlen(first),
						 sizeof first - strlen(first),
						 " as fd %d of %d, limit %d", got,
						 n, race_limit);
				}
				close(got);
			}
		}
	}
	race_stop = 1;
	pthread_join(th, NULL);
	ok("SCM_RIGHTS passes only the descriptors checked", !leaked,
	   "%ld of %ld received were not the pipe (the first: %s)", leaked,
	   received, first);
	ok("... and the sends of the guest's own went through", sent > 0,
	   "%ld sent, %ld refused", sent, refused);
	return failures;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "reexec"))
		return cmd_reexec(argv[2], argv[3],
				  argc >= 5 && !strcmp(argv[4], "thread"));
	if (argc >= 2 && !strcmp(argv[1], "child"))
		return cmd_child();
	if (argc >= 3 && !strcmp(argv[1], "procexe"))
		return cmd_procexe(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "procmem"))
		return cmd_procmem();
	if (argc >= 4 && !strcmp(argv[1], "native"))
		return cmd_native(argv[2], argv[3]);
	if (argc >= 2 && !strcmp(argv[1], "fds"))
		return cmd_fds();
	if (argc >= 2 && !strcmp(argv[1], "unixaddr"))
		return cmd_unixaddr();
	if (argc >= 2 && !strcmp(argv[1], "sockopt"))
		return cmd_sockopt();
	if (argc >= 2 && !strcmp(argv[1], "nonet"))
		return cmd_nonet();
	if (argc >= 2 && !strcmp(argv[1], "dumpable"))
		return cmd_dumpable();
	if (argc >= 2 && !strcmp(argv[1], "mknod"))
		return cmd_mknod();
	if (argc >= 3 && !strcmp(argv[1], "signal"))
		return cmd_signal(atoi(argv[2]));
	if (argc >= 3 && !strcmp(argv[1], "kill-sibling"))
		return cmd_kill_sibling(atoi(argv[2]));
	if (argc >= 2 && !strcmp(argv[1], "cmsgrace"))
		return cmd_cmsgrace();
	if (argc >= 3 && !strcmp(argv[1], "sysv"))
		return cmd_sysv(atoi(argv[2]));
	fprintf(stderr, "usage: escape reexec|child|procexe|procmem|native|"
		"fds|unixaddr|sockopt|nonet|dumpable|mknod|signal|cmsgrace|sysv ...\n");
	return 2;
}
