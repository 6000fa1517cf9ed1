/*
 * api_refuse.c - a host that refuses the seg backend, simulated with a
 * seccomp filter on modify_ldt(2): either the call fails (ENOSYS, as
 * without CONFIG_MODIFY_LDT_SYSCALL), or it pretends to succeed and
 * installs nothing, so that every LDT selector the library then loads
 * faults - as on machines whose hypervisor refuses LDT selectors.
 *
 * Either way forcing seg must be a clear error (vx32_setbackend: -1 and
 * ENOTSUP with a reason; VX32_BACKEND=seg vxrun: one line, exit 125),
 * never a crash, and auto must fall back to flat and run the guest.
 */
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "check.h"

/* modify_ldt returns -err (0: "succeeds" without doing anything). */
static void refuse_ldt(int err)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_modify_ldt, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp", "cannot install the filter");
}

static const uint8_t code[] = {
	0xb8, 0x2a, 0x00, 0x00, 0x00,	/* mov $42, %eax */
	0x50, 0x5b,			/* push %eax; pop %ebx */
	STOP,
};

static void library(const char *kind, int err)
{
	char name[80];
	int r, e;

	refuse_ldt(err);
	errno = 0;
	r = vx32_setbackend(VX32_BACKEND_SEG);
	e = errno;
	snprintf(name, sizeof name, "%s-setbackend-seg", kind);
	check(name, r == -1 && e == ENOTSUP &&
	      strstr(vxproc_error(NULL), "seg backend is not available"),
	      "returned %d errno %d: '%s'", r, e, vxproc_error(NULL));
	snprintf(name, sizeof name, "%s-auto-flat", kind);
	r = vx32_setbackend(VX32_BACKEND_AUTO);
	vxproc *p = guest(name, code, sizeof code);
	int t = vxproc_run(p);
	check(name, r == 0 && vxproc_backend(p) == VX32_BACKEND_FLAT &&
	      t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EBX] == 42,
	      "setbackend %d, backend %s, trap %#x ebx %u", r,
	      vx32_backendname(vxproc_backend(p)), t, p->cpu->reg[EBX]);
	vxproc_free(p);
}

static void lib_enosys(void) { library("enosys", ENOSYS); }
static void lib_faults(void) { library("faults", 0); }

/* VX32_BACKEND=seg vxrun GUEST under the filter: exit 125, one line. */
static void vxrun(const char *kind, int err)
{
	const char *out = getenv("VX32_TEST_OUT");
	char vx[4096], guest[4096], line[512] = "", name[80];
	int fd[2], st;
	pid_t pid;

	snprintf(name, sizeof name, "%s-vxrun", kind);
	if (!out) {
		printf("skip %s: VX32_TEST_OUT not set (run by test/run.sh)\n",
		       name);
		return;
	}
	snprintf(vx, sizeof vx, "%s/../../vxrun/vxrun", out);
	snprintf(guest, sizeof guest, "%s/guests/hello", out);
	if (pipe(fd) < 0 || (pid = fork()) < 0)
		die(name, "pipe/fork");
	if (pid == 0) {
		dup2(fd[1], 2);
		dup2(open("/dev/null", O_WRONLY), 1);
		refuse_ldt(err);
		setenv("VX32_BACKEND", "seg", 1);
		execl(vx, vx, guest, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof line - 1 &&
	       (n = read(fd[0], line + got, sizeof line - 1 - got)) > 0)
		got += n;
	line[got] = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	char *nl = strchr(line, '\n');
	check(name, WIFEXITED(st) && WEXITSTATUS(st) == 125 && nl &&
	      nl[1] == 0 && !strncmp(line, "vxrun: ", 7) &&
	      strstr(line, "seg backend is not available"),
	      "status %#x, stderr '%s'", st, line);
}

int main(void)
{
	isolated("enosys", lib_enosys);
	isolated("faults", lib_faults);
	vxrun("enosys", ENOSYS);
	vxrun("faults", 0);
	return nfailed != 0;
}
