/*
 * cpu.c - CPU corners as a Linux i386 process sees them: the traps into,
 * int $4 and int3 (signal, si_code, trapno, error code, eip after the
 * instruction), #GP error codes (int n, segment loads, far transfers),
 * far transfers to the process's own code segment, iret, NT across
 * int $0x80, and TF single-stepping (a SIGTRAP after each instruction,
 * none after int $0x80, none inside a signal handler, none for the
 * sigreturn path), and calls of get-pc thunks (`mov (%esp), %reg; ret`,
 * which vx32 translates as one operation): the register, the word left
 * below esp, the flags, a thunk rewritten after it ran, one cut by an
 * inaccessible page, and single steps through one; indirect calls and
 * returns whose targets change (vx32 predicts each site's last target:
 * the prediction must never stand in for the real one).  Self-checking: prints one line per check and
 * "N failures"; the expectations are Linux's (the same binary run
 * natively must agree, test/suite-linux.sh: linux/cpu/native).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

#define F_TF	0x100u
#define F_NT	0x4000u
#define FLAGS_KEPT	0x8d5u	/* CF PF AF ZF SF OF */

/* What the last fault's handler saw. */
static sigjmp_buf jb;
static volatile int f_sig, f_code;
static volatile uint32_t f_eip, f_trapno, f_err, f_efl;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	static int nfaults;

	if (++nfaults > 1000)		/* a fault outside the checks */
		_exit(99);
	f_sig = sig;
	f_code = si->si_code;
	f_eip = uc->uc_mcontext.gregs[REG_EIP];
	f_trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	f_err = uc->uc_mcontext.gregs[REG_ERR];
	f_efl = uc->uc_mcontext.gregs[REG_EFL];
	siglongjmp(jb, 1);
}

/* NT survives a signal and siglongjmp: clear it for what follows. */
static void clear_nt(void)
{
	__asm__ volatile("pushf; andl %0, (%%esp); popf"
			 :: "i"(~F_NT) : "memory", "cc");
}

/*
 * Run code (an asm block with labels fault_<name> and after_<name>)
 * expecting signal sig with code, trapno and err, at eip = the label
 * `at`.
 */
#define FAULT(name, body, sig, code, trapno, err, at) do {		\
	extern char at[];						\
	f_sig = 0;							\
	if (!sigsetjmp(jb, 1))						\
		__asm__ volatile(body ::: "eax", "ecx", "edx", "memory", \
				 "cc");					\
	clear_nt();							\
	CHECK(f_sig == (sig) && f_code == (code) &&			\
	      f_trapno == (trapno) && f_err == (err) &&			\
	      f_eip == (uint32_t)at,					\
	      "%-14s signal %d code %#x trapno %u err %#x eip %+d "	\
	      "(want %d %#x %u %#x +0)", name, f_sig, f_code,		\
	      (unsigned)f_trapno, (unsigned)f_err,			\
	      (int)(f_eip - (uint32_t)at), sig, code, trapno, err);	\
} while (0)

#define SI_KERNEL_	0x80

static void traps(void)
{
	FAULT("into", "mov $0x7fffffff, %%eax; add $1, %%eax; into\n"
	      "after_into: nop", SIGSEGV, SI_KERNEL_, 4, 0, after_into);
	FAULT("int $4", "int $4\nafter_int4: nop",
	      SIGSEGV, SI_KERNEL_, 4, 0, after_int4);
	FAULT("int3", "int3\nafter_int3: nop",
	      SIGTRAP, SI_KERNEL_, 3, 0, after_int3);
	/* int n through a gate of DPL 0: #GP, error code = IDT entry */
	FAULT("int $0x21", "at_int21: int $0x21",
	      SIGSEGV, SI_KERNEL_, 13, 0x10a, at_int21);
	FAULT("int $1", "at_int1: int $1",
	      SIGSEGV, SI_KERNEL_, 13, 0xa, at_int1);
	FAULT("int $0xff", "at_intff: int $0xff",
	      SIGSEGV, SI_KERNEL_, 13, 0x7fa, at_intff);
	/* into with OF clear does nothing */
	FAULT("into OF=0", "xor %%eax, %%eax; into; int3\nafter_into0: nop",
	      SIGTRAP, SI_KERNEL_, 3, 0, after_into0);
}

static void gp_codes(void)
{
	/* Segment loads: the selector without its RPL. */
	FAULT("ds=0x13", "mov $0x13, %%eax\nat_ds13: mov %%eax, %%ds",
	      SIGSEGV, SI_KERNEL_, 13, 0x10, at_ds13);
	FAULT("ds=0x1b", "mov $0x1b, %%eax\nat_ds1b: mov %%eax, %%ds",
	      SIGSEGV, SI_KERNEL_, 13, 0x18, at_ds1b);
	FAULT("es=0x1003", "mov $0x1003, %%eax\nat_es1003: mov %%eax, %%es",
	      SIGSEGV, SI_KERNEL_, 13, 0x1000, at_es1003);
	FAULT("ds=0x7 (LDT)", "mov $0x7, %%eax\nat_ds7: mov %%eax, %%ds",
	      SIGSEGV, SI_KERNEL_, 13, 0x4, at_ds7);
	FAULT("ss=0", "xor %%eax, %%eax\nat_ss0: mov %%eax, %%ss",
	      SIGSEGV, SI_KERNEL_, 13, 0, at_ss0);
	FAULT("pop ds=0x13", "push $0x13\nat_popds: pop %%ds",
	      SIGSEGV, SI_KERNEL_, 13, 0x10, at_popds);
	/* Far transfers to other segments. */
	FAULT("ljmp 0x2b", "at_lj2b: ljmp $0x2b, $0",
	      SIGSEGV, SI_KERNEL_, 13, 0x28, at_lj2b);
	FAULT("ljmp 0", "at_lj0: ljmp $0, $0",
	      SIGSEGV, SI_KERNEL_, 13, 0, at_lj0);
	FAULT("lcall 0x1b", "at_lc1b: lcall $0x1b, $0",
	      SIGSEGV, SI_KERNEL_, 13, 0x18, at_lc1b);
	FAULT("lret 0x20", "push $0x20; push $0\nat_lr20: lret",
	      SIGSEGV, SI_KERNEL_, 13, 0x20, at_lr20);
	FAULT("lret 0x2b", "push $0x2b; push $0\nat_lr2b: lret",
	      SIGSEGV, SI_KERNEL_, 13, 0x28, at_lr2b);
	FAULT("iret 0x13", "pushf; push $0x13; push $0\nat_ir13: iret",
	      SIGSEGV, SI_KERNEL_, 13, 0x10, at_ir13);
	/* iret with NT set: a nested-task return, #GP(0) */
	FAULT("iret with NT", "pushf; orl $0x4000, (%%esp); popf\n"
	      "pushf; push %%cs; push $1f\nat_irnt: iret\n1:",
	      SIGSEGV, SI_KERNEL_, 13, 0, at_irnt);
	/* Privileged instructions: 0 */
	FAULT("hlt", "at_hlt: hlt", SIGSEGV, SI_KERNEL_, 13, 0, at_hlt);
	FAULT("cli", "at_cli: cli", SIGSEGV, SI_KERNEL_, 13, 0, at_cli);
}

static void far_own(void)
{
	uint32_t r, cs, efl;

	__asm__ volatile("ljmp $0x23, $1f; mov $1, %0; jmp 2f; 1: mov $2, %0; 2:"
			 : "=r"(r));
	CHECK(r == 2, "ljmp to own cs: %u", r);
	__asm__ volatile("lcall $0x23, $1f; jmp 2f\n"
			 "1: mov 4(%%esp), %0; lret\n2:" : "=r"(cs) :: "memory");
	CHECK(cs == 0x23, "lcall frame cs %#x", cs);
	__asm__ volatile("pushl $0; pushl $0x23; pushl $1f; lret $4; mov $1, %0;"
			 " jmp 2f; 1: mov $2, %0; 2:" : "=r"(r) :: "memory");
	CHECK(r == 2, "lret $4 to own cs: %u", r);
	/* iret loads the arithmetic flags, DF and NT from the frame */
	__asm__ volatile("pushf; pop %%eax; or $0x4c5, %%eax; push %%eax;"
			 " push $0x23; push $1f; iret; 1: pushf; pop %0; cld"
			 : "=r"(efl) :: "eax", "memory", "cc");
	clear_nt();
	CHECK((efl & 0x4cd5) == 0x4c5, "iret flags %#x", efl & 0x4cd5);
}

static void nt_flag(void)
{
	uint32_t f1, f2;
	long pid;

	__asm__ volatile("pushf; orl $0x4000, (%%esp); popf\n"
			 "mov $20, %%eax; int $0x80\n"
			 "pushf; pop %0\n"
			 "pushf; andl $0xffffbfff, (%%esp); popf\n"
			 "pushf; pop %1"
			 : "=r"(f1), "=r"(f2), "=a"(pid) :: "memory", "cc");
	CHECK((f1 & F_NT) && !(f2 & F_NT) && pid == getpid(),
	      "NT across int $0x80: %#x, cleared %#x", f1 & F_NT, f2 & F_NT);
}

/* ---- 16-bit addressing (0x67) ---- */

/*
 * lea with 16-bit addressing computes (base + index + disp) mod 64 KiB;
 * each of the 24 ModRM forms (rm 0-7 x mod 0-2) with registers whose
 * upper halves are set and whose low halves carry past 64 KiB, checked
 * against that model (and natively, against the CPU).
 */
static uint32_t lea16(int modrm, int32_t disp, const uint32_t *r)
{
	static const int base[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
	int mod = modrm >> 6, rm = modrm & 7;
	uint32_t a = disp;

	if (!(mod == 0 && rm == 6))
		a += r[base[rm]];
	if (rm < 4)
		a += r[6 + (rm & 1)];
	return a & 0xffff;
}

static void addr16_lea(void)
{
	static const uint32_t sets[][8] = {
		/* eax ecx edx ebx esp ebp esi edi (eax, esp unused) */
		{ 0, 0, 0, 0x1234fff0, 0, 0xabcd8000, 0x5555c000, 0x0000ffff },
		{ 0, 0, 0, 0x00000001, 0, 0xffffffff, 0x80000010, 0x7fff0002 },
	};
	static const int32_t disps[] = { 0, 0x7f, -0x80, 0x7ffe, -0x7fff };
	int bad = 0, n = 0;
	char first[160] = "";
	uint8_t *xbuf = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (xbuf == MAP_FAILED) {
		CHECK(0, "mmap of an executable page");
		return;
	}

	for (unsigned k = 0; k < sizeof sets / sizeof sets[0]; k++)
	for (int mod = 0; mod < 3; mod++)
	for (int rm = 0; rm < 8; rm++)
	for (unsigned d = 0; d < sizeof disps / sizeof disps[0]; d++) {
		const uint32_t *r = sets[k];
		int32_t disp = mod == 1 ? (int8_t)disps[d] :
			       mod == 2 || rm == 6 ? (int16_t)disps[d] : 0;
		/* 67 8d ModRM [disp8/16]; ret, in an executable buffer */
		uint8_t *code = xbuf;
		int len = 0, modrm = mod << 6 | rm;
		uint32_t got;
		code[len++] = 0x67;
		code[len++] = 0x8d;
		code[len++] = modrm;		/* lea ..., %eax */
		if (mod == 1)
			code[len++] = disp;
		if (mod == 2 || (mod == 0 && rm == 6)) {
			code[len++] = disp;
			code[len++] = disp >> 8;
		}
		code[len++] = 0xc3;
		if ((mod == 0 && rm != 6 && d) || (mod == 0 && rm == 6 && 0))
			continue;		/* mod 0 has no displacement */
		__asm__ volatile("push %%ebp; mov %5, %%ebp; call *%6; pop %%ebp"
				 : "=a"(got)
				 : "b"(r[3]), "S"(r[6]), "D"(r[7]), "a"(0),
				   "g"(r[5]), "r"(code)
				 : "memory", "cc");
		n++;
		if (got != lea16(modrm, disp, r) && !bad++)
			snprintf(first, sizeof first, ", first: set %u "
				 "ModRM %#x disp %d: %#x, want %#x", k, modrm,
				 disp, got, lea16(modrm, disp, r));
	}
	munmap(xbuf, 4096);
	CHECK(bad == 0 && n > 100, "lea with 16-bit addressing: %d of %d wrong%s",
	      bad, n, first);
}

/* jcxz, loop, loope, loopne with 0x67 count in cx */
static void addr16_loops(void)
{
	uint32_t c, t;

	__asm__ volatile("mov $0x10000, %%ecx; mov $0, %1; .byte 0x67, 0xe3, 2;"
			 " jmp 1f; mov $1, %1; 1:" : "=c"(c), "=r"(t));
	CHECK(t == 1 && c == 0x10000, "jcxz: cx 0 of ecx 0x10000 taken %u", t);
	__asm__ volatile("mov $0x0001, %%ecx; mov $0, %1; .byte 0x67, 0xe3, 2;"
			 " jmp 1f; mov $1, %1; 1:" : "=c"(c), "=r"(t));
	CHECK(t == 0, "jcxz: cx 1 not taken %u", t);
	__asm__ volatile("mov $0x10001, %%ecx; mov $0, %1; .byte 0x67, 0xe2, 2;"
			 " jmp 1f; mov $1, %1; 1:" : "=c"(c), "=r"(t));
	CHECK(t == 0 && c == 0x10000, "loop: cx 1 -> 0, not taken %u, ecx %#x",
	      t, c);
	__asm__ volatile("mov $0x20000, %%ecx; mov $0, %1; .byte 0x67, 0xe2, 2;"
			 " jmp 1f; mov $1, %1; 1:" : "=c"(c), "=r"(t));
	CHECK(t == 1 && c == 0x2ffff, "loop: cx 0 -> 0xffff, taken %u, ecx %#x",
	      t, c);
	/* loope: ZF set (cmp equal), loopne: ZF clear */
	__asm__ volatile("mov $0x30005, %%ecx; mov $0, %1; cmp %%ecx, %%ecx;"
			 " .byte 0x67, 0xe1, 2; jmp 1f; mov $1, %1; 1:"
			 : "=c"(c), "=r"(t) :: "cc");
	CHECK(t == 1 && c == 0x30004, "loope ZF=1: taken %u, ecx %#x", t, c);
	__asm__ volatile("mov $0x30005, %%ecx; mov $0, %1; cmp %%ecx, %%ecx;"
			 " .byte 0x67, 0xe0, 2; jmp 1f; mov $1, %1; 1:"
			 : "=c"(c), "=r"(t) :: "cc");
	CHECK(t == 0 && c == 0x30004, "loopne ZF=1: taken %u, ecx %#x", t, c);
	__asm__ volatile("mov $0x40001, %%ecx; mov $0, %1; test %%esp, %%esp;"
			 " .byte 0x67, 0xe0, 2; jmp 1f; mov $1, %1; 1:"
			 : "=c"(c), "=r"(t) :: "cc");
	CHECK(t == 0 && c == 0x40000, "loopne cx 1 -> 0: taken %u, ecx %#x",
	      t, c);
}

/*
 * Memory accesses with 16-bit addressing land below 64 KiB, which Linux
 * never maps (vm.mmap_min_addr): each faults, and the fault's address
 * is the effective address as the CPU wrapped it.  Every path of the
 * translation: copied instructions (with a high-byte register too),
 * moffs16, xlat, strings, push/pop, indirect jmp, helpers (bound, mov
 * to a segment register, a far jump).
 */
static volatile uint32_t f_addr, a16_at;

static void on_addr_fault(int sig, siginfo_t *si, void *ucv)
{
	f_addr = (uint32_t)si->si_addr;
	on_fault(sig, si, ucv);
}

#define AFAULT(name, bytes, ebx, esi, edi, addr, err) do {		\
	f_sig = 0;							\
	f_addr = 0xdeadbeef;						\
	if (!sigsetjmp(jb, 1))						\
		__asm__ volatile("movl $0f, %0\n"			\
				 "push %%ebp; mov %%eax, %%ebp\n"	\
				 "0: .byte " bytes "\n"			\
				 "pop %%ebp"				\
				 : "=m"(a16_at)				\
				 : "b"(ebx), "S"(esi), "D"(edi),	\
				   "a"(0x9876fff0), "c"(0x10002)	\
				 : "memory", "cc", "edx");		\
	CHECK(f_sig == SIGSEGV && f_addr == (addr) && f_trapno == 14 &&	\
	      f_err == (err) && f_eip == a16_at,			\
	      "%-18s fault at %#x trapno %u err %u eip %+d "		\
	      "(want %#x %u +0)", name, (unsigned)f_addr,		\
	      (unsigned)f_trapno, (unsigned)f_err,			\
	      (int)(f_eip - a16_at), addr, err);			\
} while (0)

static void addr16_faults(void)
{
	struct sigaction sa = { .sa_sigaction = on_addr_fault,
				.sa_flags = SA_SIGINFO | SA_NODEFER };
	struct sigaction old;

	sigaction(SIGSEGV, &sa, &old);
	/* bx + si + disp: 0x1234fff0 + 0x00010020 + 0x100 -> 0x0110 */
	AFAULT("mov (bx,si)", "0x67, 0x8b, 0x80, 0x00, 0x01",
	       0x1234fff0, 0x00010020, 0, 0x0110, 4);
	AFAULT("add ah,(bx,di)", "0x67, 0x00, 0x21",
	       0x1234fff0, 0, 0x00000030, 0x0020, 6);
	AFAULT("mov (bp,si)", "0x67, 0x8b, 0x02",
	       0, 0x00000020, 0, 0x0010, 4);	/* ebp = 0x9876fff0 */
	AFAULT("movb $1,-2(bp,di)", "0x67, 0xc6, 0x43, 0xfe, 0x01",
	       0, 0, 0x00000020, 0x000e, 6);
	AFAULT("mov disp16", "0x67, 0x8b, 0x0e, 0x34, 0x12",
	       0, 0, 0, 0x1234, 4);
	AFAULT("moffs16", "0x67, 0xa1, 0x78, 0x56",
	       0, 0, 0, 0x5678, 4);
	AFAULT("xlat", "0x67, 0xd7",		/* bx + al(0xf0) */
	       0x0001ff20, 0, 0, 0x0010, 4);
	AFAULT("lodsb", "0x67, 0xac", 0, 0x4321abcd, 0, 0xabcd, 4);
	AFAULT("stosl", "0x67, 0xab", 0, 0, 0x1111beef, 0xbeef, 6);
	AFAULT("rep movsb", "0xf3, 0x67, 0xa4", 0, 0x00077777, 0, 0x7777, 4);
	AFAULT("push (bx)", "0x67, 0xff, 0x37", 0x00ff00c0, 0, 0, 0x00c0, 4);
	AFAULT("pop (si)", "0x67, 0x8f, 0x04", 0, 0x7fff0044, 0, 0x0044, 6);
	AFAULT("jmp *(di)", "0x67, 0xff, 0x25", 0, 0, 0x00020100, 0x0100, 4);
	AFAULT("bound (bx,si)", "0x67, 0x62, 0x00", 0xfff0, 0x0020, 0,
	       0x0010, 4);
	AFAULT("mov (bx),%ds", "0x67, 0x8e, 0x1f", 0x00013000, 0, 0, 0x3000, 4);
	AFAULT("ljmp *(di)", "0x67, 0xff, 0x2d", 0, 0, 0x00024000, 0x4000, 4);
	sigaction(SIGSEGV, &old, NULL);
}

/* ---- single-stepping ---- */

#define MAXSTEP 64
static volatile int nstep, nother, in_usr1;
static volatile uint32_t step_eip[MAXSTEP], step_efl[MAXSTEP];
static volatile int step_code[MAXSTEP], step_trapno[MAXSTEP];

static void on_step(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	int i = nstep++;

	if (in_usr1)
		nother++;		/* a step inside the SIGUSR1 handler */
	if (i >= MAXSTEP)
		return;
	step_eip[i] = uc->uc_mcontext.gregs[REG_EIP];
	step_efl[i] = uc->uc_mcontext.gregs[REG_EFL];
	step_code[i] = si->si_code;
	step_trapno[i] = uc->uc_mcontext.gregs[REG_TRAPNO];
}

static volatile int usr1_ran;
static volatile uint32_t usr1_efl;

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
	uint32_t f;

	in_usr1 = 1;
	usr1_ran++;
	__asm__ volatile("pushf; pop %0" : "=r"(f));
	usr1_efl = f;
	in_usr1 = 0;
}

/*
 * The stepped code: popf sets TF, so the first trap follows the
 * instruction after it; every instruction then traps with eip after it
 * (jumps and calls at their targets), except int $0x80; kill() raises
 * SIGUSR1, whose handler runs without TF and without traps; the popf that
 * clears TF still traps after itself.  s_<n> are the expected eips.
 */
extern char s_1[], s_2[], s_3[], s_5[], s_7[], s_8[], s_9[], s_10[],
	s_11[], s_12[], s_13[], s_14[], s_15[], s_16[], s_17[];
static void stepping(void)
{
	struct sigaction sa = { .sa_sigaction = on_step,
				.sa_flags = SA_SIGINFO };
	struct sigaction su = { .sa_sigaction = on_usr1,
				.sa_flags = SA_SIGINFO };
	uint32_t pushed, loops;
	int pid = getpid(), bad = -1;

	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGUSR1, &su, NULL);
	nstep = nother = usr1_ran = 0;
	__asm__ volatile(
		"pushf; orl $0x100, (%%esp)\n"
		"popf\n"
		"nop\n"				/* traps after: s_1 */
		"s_1: mov $3, %%ecx\n"
		"s_2: 1: dec %%ecx\n"		/* 3 x dec, 3 x jnz */
		"s_3: s_5: s_7: jnz 1b\n"	/* (s_2 s_4 s_6 are 1b) */
		"s_8: pushf\n"
		"s_9: pop %0\n"
		"s_10: mov $20, %%eax\n"
		"s_11: int $0x80\n"		/* getpid: no trap after */
		"mov %2, %%ebx\n"		/* s_12 */
		"s_12: mov $10, %%ecx\n"
		"s_13: mov $37, %%eax\n"
		"s_14: int $0x80\n"		/* kill(pid, SIGUSR1) */
		"pushf\n"			/* handler, sigreturn: s_15 */
		"s_15: andl $0xfffffeff, (%%esp)\n"
		"s_16: popf\n"
		"s_17: nop\n"
		: "=m"(pushed), "=c"(loops)
		: "r"(pid) : "eax", "ebx", "edx", "memory", "cc");
	sigaction(SIGTRAP, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);

	/* Expected trap eips, in order (the loop's head is s_2, its jnz
	   s_3 = s_5 = s_7). */
	static char *const exp[] = { s_1, s_2, s_3, s_2, s_5, s_2, s_7, s_8,
				     s_9, s_10, s_11, s_12, s_13, s_14, s_15,
				     s_16, s_17 };
	const int nexp = sizeof exp / sizeof exp[0];
	for (int i = 0; i < nexp && i < nstep && i < MAXSTEP; i++) {
		uint32_t tf = i == nexp - 1 ? 0 : F_TF;
		if (step_eip[i] != (uint32_t)exp[i] ||
		    (step_efl[i] & F_TF) != tf || step_code[i] != 2 ||
		    step_trapno[i] != 1) {
			bad = i;
			break;
		}
	}
	CHECK(nstep == nexp && bad < 0, "single steps: %d (want %d)%s", nstep,
	      nexp, bad < 0 ? "" : ", a step differs");
	if (bad >= 0)
		printf("     step %d: eip %#x want %#x, eflags %#x, code %d, "
		       "trapno %d\n", bad, (unsigned)step_eip[bad],
		       (unsigned)(uint32_t)exp[bad], (unsigned)step_efl[bad],
		       step_code[bad], step_trapno[bad]);
	CHECK((pushed & F_TF) && loops == 10, "pushf shows TF: %#x",
	      pushed & F_TF);
	CHECK(usr1_ran == 1 && nother == 0 && !(usr1_efl & F_TF),
	      "signal handler while stepping: ran %d, steps inside %d, "
	      "TF %#x", usr1_ran, nother, usr1_efl & F_TF);
}

/* ---- get-pc thunks ---- */

/*
 * One call of a thunk in .text: returns what the asm saw.  The thunk
 * leaves the return address in ebx and below esp, and changes neither
 * esp nor the flags.
 */
extern char th_ret[];
static void __attribute__((noinline))
thunk_once(uint32_t *bx, uint32_t *below, uint32_t *espdiff, uint32_t *fl0,
	   uint32_t *fl1)
{
	uint32_t b, w, d, f0, f1;

	__asm__ volatile(
		"jmp 2f\n"
		"th_bx: mov (%%esp), %%ebx\n"
		"ret\n"
		"2: mov %%esp, %%edx\n"
		"xor %%eax, %%eax\n"		/* ZF PF set, */
		"stc\n"			/* and CF */
		"pushf; pop %%eax; push %%eax; popf\n"
		"call th_bx\n"
		"th_ret: mov -4(%%esp), %%esi\n"
		"pushf; pop %%edi\n"
		"sub %%esp, %%edx\n"
		: "=b"(b), "=S"(w), "=d"(d), "=a"(f0), "=D"(f1)
		:: "memory", "cc");
	*bx = b; *below = w; *espdiff = d; *fl0 = f0; *fl1 = f1;
}

/* Call generated code at fn with ebx and ecx in and out. */
static void call_gen(void *fn, uint32_t *bx, uint32_t *cx)
{
	uint32_t b = *bx, c = *cx;

	__asm__ volatile("call *%2" : "+b"(b), "+c"(c) : "r"(fn)
			 : "eax", "edx", "memory", "cc");
	*bx = b; *cx = c;
}

/* e8 rel32 to target; ret */
static void gen_call(uint8_t *at, const uint8_t *target)
{
	int32_t rel = (int32_t)(target - (at + 5));

	at[0] = 0xe8;
	memcpy(at + 1, &rel, 4);
	at[5] = 0xc3;
}

extern char ts_ret[], ts_end[], th_step[];
static void pc_thunks(void)
{
	static const uint8_t thunk_bx[] = { 0x8b, 0x1c, 0x24, 0xc3 };
	uint32_t bx, below, espdiff, fl0, fl1;
	int good = 1;

	for (int i = 0; i < 3; i++) {
		thunk_once(&bx, &below, &espdiff, &fl0, &fl1);
		good &= bx == (uint32_t)th_ret && below == (uint32_t)th_ret &&
			espdiff == 0 && (fl0 & FLAGS_KEPT) == (fl1 & FLAGS_KEPT);
	}
	CHECK(good, "get-pc thunk: ebx %#x, below esp %#x (want %#x), esp "
	      "moved %d, flags %#x then %#x", (unsigned)bx, (unsigned)below,
	      (unsigned)(uint32_t)th_ret, (int)espdiff, (unsigned)fl0,
	      (unsigned)fl1);

	/* Caller on page 0, thunk on page 1: a write to the thunk alone
	   must reach the caller's next run. */
	uint8_t *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		CHECK(0, "mmap of 3 pages rwx");
		return;
	}
	uint8_t *thunk = m + 4096 + 64;
	memcpy(thunk, thunk_bx, sizeof thunk_bx);
	gen_call(m, thunk);
	uint32_t ret = (uint32_t)(m + 5), cx = 0;
	good = 1;
	for (int i = 0; i < 3; i++) {
		bx = 0x1234;
		call_gen(m, &bx, &cx);
		good &= bx == ret && cx == 0;
	}
	thunk[1] = 0x0c;			/* mov (%esp), %ecx */
	bx = 0x1234;
	call_gen(m, &bx, &cx);
	CHECK(good && bx == 0x1234 && cx == ret, "thunk rewritten after it "
	      "ran: ebx %#x (want 0x1234), ecx %#x (want %#x)", (unsigned)bx,
	      (unsigned)cx, (unsigned)ret);

	/* A thunk cut by a page the process cannot execute: its mov runs,
	   the fetch of its ret faults. */
	uint8_t *cut = m + 2 * 4096 - 3;
	memcpy(cut, thunk_bx, 3);
	gen_call(m + 16, cut);
	mprotect(m + 2 * 4096, 4096, PROT_NONE);
	f_sig = 0;
	if (!sigsetjmp(jb, 1)) {
		bx = cx = 0;
		call_gen(m + 16, &bx, &cx);
	}
	CHECK(f_sig == SIGSEGV && f_eip == (uint32_t)(m + 2 * 4096),
	      "thunk cut by a PROT_NONE page: signal %d at %#x (want %d at "
	      "%#x)", f_sig, (unsigned)f_eip, SIGSEGV,
	      (unsigned)(uint32_t)(m + 2 * 4096));
	munmap(m, 3 * 4096);

	/* Single steps: the call, the mov and the ret each trap. */
	struct sigaction sa = { .sa_sigaction = on_step,
				.sa_flags = SA_SIGINFO };
	sigaction(SIGTRAP, &sa, NULL);
	nstep = 0;
	__asm__ volatile(
		"jmp 2f\n"
		"th_step: mov (%%esp), %%eax\n"
		"ts_ret: ret\n"
		"2: pushf; orl $0x100, (%%esp)\n"
		"popf\n"
		"call th_step\n"
		"ts_end: pushf; andl $0xfffffeff, (%%esp); popf\n"
		::: "eax", "memory", "cc");
	sigaction(SIGTRAP, &(struct sigaction){ .sa_sigaction = on_fault,
		  .sa_flags = SA_SIGINFO | SA_NODEFER }, NULL);
	/* traps after the call, the mov, the ret, and pushf, andl, popf */
	static char *const exp[] = { th_step, ts_ret, ts_end };
	good = nstep == 6;
	for (int i = 0; i < 3 && good; i++)
		good = step_eip[i] == (uint32_t)exp[i];
	CHECK(good, "single steps through a thunk: %d, at %#x %#x %#x (want "
	      "6, at %#x %#x %#x)", nstep, (unsigned)step_eip[0],
	      (unsigned)step_eip[1], (unsigned)step_eip[2],
	      (unsigned)(uint32_t)exp[0], (unsigned)(uint32_t)exp[1],
	      (unsigned)(uint32_t)exp[2]);
}

/*
 * Predicted branches: a call through a pointer or a table, and a ret,
 * each from one site to targets that rotate or change after the site
 * has run many times (vx32 learns one target per site and checks it
 * before jumping there).
 */
static int __attribute__((noinline)) op_add(int x) { return x + 3; }
static int __attribute__((noinline)) op_mul(int x) { return x * 5; }
static int __attribute__((noinline)) op_xor(int x) { return x ^ 0x55; }
static int (*const ops[3])(int) = { op_add, op_mul, op_xor };
static int (*volatile op_ptr)(int) = op_add;

/* One ret, returning to two call sites in turn. */
static int __attribute__((noinline)) two_sites(int x) { return x * 7 + 1; }

static void predicted(void)
{
	static const int order[7] = { 0, 0, 2, 1, 0, 2, 2 };
	int got = 1, want = 1, i;

	for (i = 0; i < 3000; i++) {
		int k = order[i % 7];
		int (*volatile fn)(int) = ops[k];
		got = fn(got) & 0xffff;			/* call *reg / *mem */
		want = (k == 0 ? want + 3 : k == 1 ? want * 5 :
			want ^ 0x55) & 0xffff;
	}
	CHECK(got == want, "indirect calls to rotating targets: %#x (want "
	      "%#x)", (unsigned)got, (unsigned)want);

	/* A site that called op_add 1000 times, then op_mul. */
	got = 0;
	for (i = 0; i < 1000; i++)
		got = op_ptr(got);
	op_ptr = op_mul;
	got = op_ptr(got);
	CHECK(got == 15000, "indirect call after its target changed: %d "
	      "(want 15000)", got);

	got = want = 0;
	for (i = 0; i < 2000; i++) {
		if (i % 3)
			got += two_sites(i);
		else
			got -= two_sites(i);
		want += (i % 3 ? 1 : -1) * (i * 7 + 1);
	}
	CHECK(got == want, "returns to alternating call sites: %d (want %d)",
	      got, want);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO | SA_NODEFER };

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	traps();
	gp_codes();
	far_own();
	nt_flag();
	addr16_lea();
	addr16_loops();
	addr16_faults();
	stepping();
	pc_thunks();
	predicted();
	printf("%d failures\n", failures);
	return failures != 0;
}
