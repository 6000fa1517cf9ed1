/*
 * xcache.c - code one process ran, met again at the same address in
 * another process of the same tree.  vxlinux shares translations among
 * the processes it forks (libvx32's xcache, vx32.h): a stored
 * translation may be used only where everything it was made from is as
 * it was.  Each check forks children that put code at one fixed
 * address and call it; a later child whose code differs there must run
 * its own code:
 *   - other bytes (mov $1 / mov $2);
 *   - the same bytes, but not executable: a fault, not the old run;
 *   - the same bytes reading %fs:0, under another TLS base;
 *   - the same caller, calling a get-pc thunk in one child and other
 *     code of the same length in the next (the caller's translation
 *     inlines a thunk it finds);
 *   - code that rewrites the function it then jumps to, on another
 *     page: the jump was chained to the function's old translation,
 *     and the write must undo that, also in code the xcache gave.
 * And the same code again, a second and a third time, which may come
 * from the xcache (the test script checks with VX32_STATS that some
 * did).  The xcache's own descriptor (vxlinux's, made at the first
 * fork) is none of the guest's: no descriptor appears that the program
 * did not open.  Linux runs each child
 * from scratch, so the expectations are the CPU's: run natively too.
 *
 * usage: xcache                exit status: the number of failed checks
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define CODE	((uint8_t *)0x20000000)
#define THUNK	(CODE + 0x1000)
#define FAULTED	0xdeadbeefu

enum { BYTES, NOEXEC, TLS, PCTHUNK, SMC };

static int result_fd;
static uint32_t tls_vals[2] = { 0x1111, 0x2222 };

static void on_segv(int sig)
{
	uint32_t r = FAULTED;

	(void)sig;
	if (write(result_fd, &r, sizeof r) != sizeof r)
		_exit(3);
	_exit(0);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* In a child: lay out case `kind`, variant v, at CODE; call it. */
static uint32_t child(int kind, int v)
{
	int prot = kind == NOEXEC && v ? PROT_READ | PROT_WRITE :
		   PROT_READ | PROT_WRITE | PROT_EXEC;	/* SMC: stays so */
	uint8_t *p = mmap(CODE, 0x2000, prot,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p != CODE)
		_exit(4);
	switch (kind) {
	case BYTES:			/* mov $(v+1), %eax; ret */
	case NOEXEC:			/* (v 1: in a page without exec) */
		p[0] = 0xb8;
		put32(p + 1, kind == BYTES ? v + 1 : 7);
		p[5] = 0xc3;
		break;
	case TLS: {			/* mov %fs:0, %eax; ret */
		struct user_desc d = {
			.entry_number = -1,
			.base_addr = (uintptr_t)&tls_vals[v],
			.limit = 0xfffff,
			.seg_32bit = 1,
			.limit_in_pages = 1,
			.useable = 1,
		};
		if (syscall(SYS_set_thread_area, &d) < 0)
			_exit(5);
		uint16_t sel = d.entry_number << 3 | 3;
		__asm__ volatile("movw %0, %%fs" : : "r"(sel));
		static const uint8_t c[] = { 0x64, 0xa1, 0, 0, 0, 0, 0xc3 };
		memcpy(p, c, sizeof c);
		break;
	}
	case SMC: {
		/* mov 4(%esp), %ecx; mov %ecx, THUNK+1; jmp THUNK, and
		   THUNK: mov $0, %eax; ret.  Called with 1, then with 2:
		   each call writes its argument into the code it runs. */
		static const uint8_t c[] = { 0x8b, 0x4c, 0x24, 0x04,
					     0x89, 0x0d };
		memcpy(p, c, sizeof c);
		put32(p + 6, (uint32_t)(uintptr_t)(THUNK + 1));
		p[10] = 0xe9;
		put32(p + 11, (uint32_t)(THUNK - (p + 15)));
		THUNK[0] = 0xb8;
		put32(THUNK + 1, 0);
		THUNK[5] = 0xc3;
		uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))(uintptr_t)p;
		uint32_t r1 = f(1);
		return r1 << 4 | f(2);
	}
	case PCTHUNK:
		/* mov $0x1234, %eax; call THUNK; ret.  THUNK: v 0:
		   mov (%esp), %eax; ret (gcc's get-pc thunk); v 1:
		   mov (%esp), %ecx; ret. */
		p[0] = 0xb8;
		put32(p + 1, 0x1234);
		p[5] = 0xe8;
		put32(p + 6, (uint32_t)(THUNK - (p + 10)));
		p[10] = 0xc3;
		THUNK[0] = 0x8b;
		THUNK[1] = v ? 0x0c : 0x04;
		THUNK[2] = 0x24;
		THUNK[3] = 0xc3;
		break;
	}
	if (kind != NOEXEC || !v)
		mprotect(CODE, 0x2000, PROT_READ | PROT_EXEC);
	return ((uint32_t (*)(void))(uintptr_t)CODE)();
}

/* Run child(kind, v) in a fork; its result, or 0xffffffff. */
static uint32_t in_child(int kind, int v)
{
	int fd[2];
	uint32_t r = 0xffffffff;

	if (pipe(fd) < 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		result_fd = fd[1];
		signal(SIGSEGV, on_segv);
		r = child(kind, v);
		_exit(write(fd[1], &r, sizeof r) == sizeof r ? 0 : 3);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &r, sizeof r) != sizeof r)
		r = 0xffffffff;
	close(fd[0]);
	int st;
	if (pid > 0)
		waitpid(pid, &st, 0);
	return r;
}

/* Which of descriptors 0..NFD-1 are open, as bits. */
#define NFD	256
static void open_fds(uint8_t *set)
{
	memset(set, 0, NFD / 8);
	for (int fd = 0; fd < NFD; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			set[fd / 8] |= 1 << (fd % 8);
}

int main(void)
{
	uint8_t before[NFD / 8], after[NFD / 8];

	open_fds(before);
	/* Each variant three times: vxlinux stores what it translates a
	   second time, and the third run may take it from the xcache. */
	for (int round = 0; round < 3; round++) {
		for (int v = 0; v < 2; v++) {
			uint32_t r = in_child(BYTES, v);
			CHECK(r == (uint32_t)v + 1,
			      "round %d: mov $%d at the same address gives "
			      "%#x", round, v + 1, r);
		}
		uint32_t r = in_child(NOEXEC, 0);
		CHECK(r == 7, "round %d: code in an executable page runs "
		      "(%#x)", round, r);
		r = in_child(NOEXEC, 1);
		CHECK(r == FAULTED, "round %d: the same bytes in a page "
		      "without exec fault (%#x)", round, r);
		for (int v = 0; v < 2; v++) {
			r = in_child(TLS, v);
			CHECK(r == tls_vals[v], "round %d: %%fs:0 under TLS "
			      "base %d reads %#x (%#x)", round, v,
			      tls_vals[v], r);
		}
		r = in_child(PCTHUNK, 0);
		CHECK(r == (uint32_t)(uintptr_t)(CODE + 10),
		      "round %d: a call to mov (%%esp),%%eax; ret gives the "
		      "return address (%#x)", round, r);
		r = in_child(PCTHUNK, 1);
		CHECK(r == 0x1234, "round %d: a call to mov (%%esp),%%ecx; "
		      "ret leaves eax (%#x)", round, r);
		r = in_child(SMC, 0);
		CHECK(r == 0x12, "round %d: code that rewrites the function "
		      "it jumps to runs the new function (%#x)", round, r);
	}
	open_fds(after);
	for (int fd = 0; fd < NFD; fd++)
		CHECK(!(after[fd / 8] & ~before[fd / 8] & 1 << (fd % 8)),
		      "descriptor %d appeared after the forks", fd);
	printf("%d failures\n", failures);
	return failures;
}
