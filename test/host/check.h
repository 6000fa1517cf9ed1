/*
 * check.h - helpers shared by the host-side tests.
 *
 * Every check prints "ok NAME" or "not ok NAME: reason" on stdout (the
 * runner turns each into a PASS or FAIL line); main() returns nonzero if
 * any check failed.  Guests are built by hand: map pages, write machine
 * code bytes, set registers, run.
 */
#ifndef CHECK_H
#define CHECK_H

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "vx32.h"

static int nfailed;

static void check(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Report one check; fmt explains a failure. */
static void check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %s\n", name);
	} else {
		nfailed++;
		printf("not ok %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

/* Fatal set-up failure: report and stop (the rest would be meaningless). */
static void die(const char *name, const char *what)
{
	printf("not ok %s: %s (errno %d)\n", name, what, errno);
	exit(1);
}

/*
 * Run fn in a child process, so that a host crash (a library bug) is
 * reported as a failed check "NAME-group" and does not hide later checks.
 */
static void isolated(const char *name, void (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die(name, "fork failed");
	if (pid == 0) {
		nfailed = 0;
		fn();
		fflush(stdout);
		_exit(nfailed != 0);
	}
	if (waitpid(pid, &st, 0) < 0)
		die(name, "waitpid failed");
	if (WIFSIGNALED(st)) {
		char group[200];

		snprintf(group, sizeof group, "%s-group", name);
		check(group, 0, "the host process crashed with signal %d (%s)",
		      WTERMSIG(st), strsignal(WTERMSIG(st)));
	}
	else if (WEXITSTATUS(st) != 0)
		nfailed++;
}

#define CODE_ADDR	0x10000u
#define STACK_ADDR	0x20000u	/* one page; esp starts at its top */
#define DATA_ADDR	0x30000u

/*
 * Tests that keep many guests alive at once set this: each guest() then
 * gets that address space (16 MiB is plenty) and a 1 MiB code cache, so
 * that on the seg backend, where all guests share the host's low 4 GiB,
 * they all fit.
 */
static uint64_t guest_space;

/*
 * A fresh guest: len bytes of code at addr (pages mapped read+exec), a
 * stack page at STACK_ADDR and a data page at DATA_ADDR (read+write),
 * eip = addr, esp = top of the stack page, other registers zero.
 */
static inline vxproc *guest_at(const char *name, uint32_t addr, const void *code,
			size_t len)
{
	vxproc *p = vxproc_alloc();
	uint32_t lo = addr & ~0xfffu;
	uint32_t span = ((addr - lo) + (uint32_t)len + 0xfff) & ~0xfffu;

	if (p == NULL)
		die(name, "vxproc_alloc failed");
	if (guest_space && (vxproc_setlimit(p, VXLIMIT_SPACE, guest_space) < 0 ||
			    vxproc_setlimit(p, VXLIMIT_CODECACHE, 1 << 20) < 0))
		die(name, "cannot make the guest small");
	if (vxmem_map(p, lo, span, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_write(p, code, addr, (uint32_t)len) != (int)len ||
	    vxmem_setperm(p, lo, span, VXPERM_READ | VXPERM_EXEC) < 0)
		die(name, "cannot place code");
	if (vxmem_map(p, STACK_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, DATA_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0)
		die(name, "cannot map stack/data");
	p->cpu->eip = addr;
	p->cpu->reg[ESP] = STACK_ADDR + 0x1000;
	return p;
}

static inline vxproc *guest(const char *name, const void *code, size_t len)
{
	return guest_at(name, CODE_ADDR, code, len);
}

/* The size of a new guest's address space (VXLIMIT_SPACE): 4 GiB on
   the flat backend, 3 GiB on seg. */
static inline uint64_t default_space(void)
{
	vxproc *p = vxproc_alloc();
	uint64_t space;

	if (!p)
		die("default-space", "vxproc_alloc failed");
	space = vxproc_getlimit(p, VXLIMIT_SPACE);
	vxproc_free(p);
	return space;
}

/*
 * The seg backend in an emulator that does not check segment limits
 * (tools/segtest.sh's VM, VX32_SEG_UNSAFE_NO_LIMITS): a guest access past
 * its address space would reach other memory, so such checks skip.
 */
static inline int limits_waived(vxproc *p, const char *name)
{
	if (!getenv("VX32_SEG_UNSAFE_NO_LIMITS") ||
	    vxproc_backend(p) != VX32_BACKEND_SEG)
		return 0;
	printf("skip %s: needs segment limits (VX32_SEG_UNSAFE_NO_LIMITS)\n",
	       name);
	return 1;
}

/* The ELF header of a static i386 executable (ET_EXEC) entered at entry,
   with phnum program headers at file offset phoff. */
static inline void elf_exec_header(Elf32_Ehdr *eh, uint32_t entry,
				   uint32_t phoff, uint16_t phnum)
{
	memset(eh, 0, sizeof *eh);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = phoff;
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = phnum;
}

/* A guest word, or 0xdeadbeef if it cannot be read. */
static inline uint32_t rd32(vxproc *p, uint32_t addr)
{
	uint32_t v = 0xdeadbeef;

	vxmem_read(p, &v, addr, 4);
	return v;
}

/* int $0x30, the vxrun call gate: a convenient "stop here" for guests. */
#define STOP	0xcd, 0x30

#endif
