/*
 * api_seg.c - the seg backend where it differs from flat, and the two
 * backends side by side where a guest reaches the end of its address
 * space.
 *
 * Seg: many guests (LDT entries are freed and reused, and a freed one
 * no longer loads), the host's segment registers and TLS after a guest
 * ran, host signals arriving while 32-bit code runs, the descriptors the
 * guest ran in (execute-only code; data exactly its address space), the
 * selectors a guest sees and can load.
 * Both: accesses that cross the end of a 64 KiB address space - on seg a
 * segment-limit #GP/#SS, on flat a page fault - must give the same trap,
 * address and registers.  Checks that need seg print "skip" where the
 * host refuses it (vxproc_error(NULL) says why).
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "check.h"

static int have_seg;

static int use(int backend)
{
	if (vx32_setbackend(backend) < 0) {
		printf("not ok setbackend: %s\n", vxproc_error(NULL));
		exit(1);
	}
	return backend;
}

static int need_seg(const char *name)
{
	if (have_seg) {
		use(VX32_BACKEND_SEG);
		return 1;
	}
	printf("skip %s: %s\n", name, vxproc_error(NULL));
	return 0;
}

/* sum 1..ecx into eax and [DATA_ADDR] */
static const uint8_t sum_code[] = {
	0x31, 0xc0,			/* xor %eax, %eax */
	0x01, 0xc8,			/* 1: add %ecx, %eax */
	0xe2, 0xfc,			/* loop 1b */
	0xa3, 0x00, 0x00, 0x03, 0x00,	/* mov %eax, DATA_ADDR */
	STOP,
};

static uint32_t sum(uint32_t n)
{
	return (uint32_t)((uint64_t)n * (n + 1) / 2);
}

/* ---- many guests ---- */

/* More cycles than the 8,192 LDT entries allow without reuse (two per guest). */
#define CYCLES	5000

static void test_cycles(void)
{
	int i, t = 0, bad = -1;
	uint32_t v = 0;

	if (!need_seg("seg-alloc-free"))
		return;
	guest_space = 256 << 10;	/* guest()'s layout ends at 0x31000 */
	for (i = 0; i < CYCLES && bad < 0; i++) {
		vxproc *p = guest("seg-alloc-free", sum_code, sizeof sum_code);
		p->cpu->reg[ECX] = 1000 + i;
		t = vxproc_run(p);
		v = rd32(p, DATA_ADDR);
		if (t != VXTRAP_SOFT + 0x30 || v != sum(1000 + i) ||
		    vxproc_backend(p) != VX32_BACKEND_SEG)
			bad = i;
		vxproc_free(p);
	}
	check("seg-alloc-free", bad < 0, "cycle %d: trap %#x sum %u", bad, t, v);
}

#define ALIVE	64

static void test_alive(void)
{
	vxproc *ps[ALIVE];
	int i, t = 0, bad = -1;

	if (!need_seg("seg-64-alive"))
		return;
	for (i = 0; i < ALIVE; i++) {
		/* the default code cache; a 16 MiB address space each */
		ps[i] = vxproc_alloc();
		if (!ps[i] || vxproc_setlimit(ps[i], VXLIMIT_SPACE, 16 << 20) < 0 ||
		    vxmem_map(ps[i], CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
		    vxmem_write(ps[i], sum_code, CODE_ADDR, sizeof sum_code) < 0 ||
		    vxmem_map(ps[i], DATA_ADDR, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0) {
			check("seg-64-alive", 0, "guest %d: %s", i,
			      vxproc_error(ps[i]));
			return;
		}
		vxmem_setperm(ps[i], CODE_ADDR, 0x1000, VXPERM_READ | VXPERM_EXEC);
		ps[i]->cpu->eip = CODE_ADDR;
		ps[i]->cpu->reg[ECX] = 5000 + i;
	}
	for (i = 0; i < ALIVE; i++) {
		int j = (i * 37) % ALIVE;

		t = vxproc_run(ps[j]);
		if (t != VXTRAP_SOFT + 0x30 && bad < 0)
			bad = j;
	}
	for (i = 0; i < ALIVE && bad < 0; i++)
		if (rd32(ps[i], DATA_ADDR) != sum(5000 + i) ||
		    vxproc_backend(ps[i]) != VX32_BACKEND_SEG)
			bad = i;
	check("seg-64-alive", bad < 0, "guest %d: trap %#x", bad, t);
	for (i = 0; i < ALIVE; i++)
		vxproc_free(ps[i]);
}

/* ---- the host's state ---- */

static __thread volatile int tls_word = 12345;

struct segs {
	uint16_t ds, es, fs, gs, ss;
	unsigned long fsbase;
};

static void host_segs(struct segs *s)
{
	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; "
			 "mov %%gs, %3; mov %%ss, %4" : "=m"(s->ds),
			 "=m"(s->es), "=m"(s->fs), "=m"(s->gs), "=m"(s->ss));
	syscall(SYS_arch_prctl, ARCH_GET_FS, &s->fsbase);
}

/* Can host code load sel into %gs?  (In a child: a fault kills it.) */
static int selector_loads(uint16_t sel)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		__asm__ volatile("mov %0, %%gs" : : "r"(sel));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_host_state(void)
{
	struct segs a, b;
	vxproc *p;
	int t;

	if (!need_seg("seg-host-segments"))
		return;
	host_segs(&a);
	p = guest("seg-host-segments", sum_code, sizeof sum_code);
	p->cpu->reg[ECX] = 10;
	t = vxproc_run(p);
	host_segs(&b);
	/* fs and ss as they were; ds and es too, or the host's ss where they
	   were null (the same segment in 64-bit mode); gs is the library's */
	check("seg-host-segments", t == VXTRAP_SOFT + 0x30 &&
	      (a.ds == b.ds || ((a.ds & ~3) == 0 && b.ds == a.ss)) &&
	      (a.es == b.es || ((a.es & ~3) == 0 && b.es == a.ss)) &&
	      a.fs == b.fs && a.ss == b.ss,
	      "ds es fs ss %#x %#x %#x %#x, were %#x %#x %#x %#x",
	      b.ds, b.es, b.fs, b.ss, a.ds, a.es, a.fs, a.ss);
	tls_word++;
	check("seg-host-tls", a.fsbase == b.fsbase && tls_word == 12346,
	      "FS base %#lx, was %#lx; TLS word %d", b.fsbase, a.fsbase,
	      tls_word);
	uint16_t gs, state_sel;
	__asm__ volatile("mov %%gs, %0" : "=r"(state_sel));
	vxproc_free(p);
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	check("seg-free-clears-gs", (gs & ~3) == 0,
	      "gs %#x still holds a freed guest's selector", gs);
	/* Another thread may still hold the selector: the entry itself
	   must be empty, so that loading it faults instead of reaching
	   the freed (and soon reused) state block. */
	check("seg-free-clears-entry", (state_sel & 4) && !selector_loads(state_sel),
	      "the freed guest's state selector %#x still loads", state_sel);

	/* The seg guest reloaded %gs: a flat guest on the same thread must
	   get its GS base back. */
	use(VX32_BACKEND_FLAT);
	p = guest("seg-then-flat", sum_code, sizeof sum_code);
	p->cpu->reg[ECX] = 20;
	t = vxproc_run(p);
	check("seg-then-flat", t == VXTRAP_SOFT + 0x30 &&
	      rd32(p, DATA_ADDR) == sum(20), "trap %#x sum %u", t,
	      rd32(p, DATA_ADDR));
	vxproc_free(p);
}

/* ---- host signals while 32-bit code runs ---- */

static volatile int ticks, tls_ok = 1;
static volatile uint16_t guest_cs, guest_ss;	/* seen in a signal context */

static void on_alarm(int sig, siginfo_t *si, void *ucv)
{
	uint64_t csgsfs = ((ucontext_t *)ucv)->uc_mcontext.gregs[REG_CSGSFS];
	uint16_t cs = (uint16_t)csgsfs, host_cs;

	ticks++;
	if (tls_word != 12345)		/* host TLS reachable in the handler */
		tls_ok = 0;
	__asm__ volatile("mov %%cs, %0" : "=r"(host_cs));
	if (cs != host_cs) {		/* interrupted in 32-bit guest code */
		guest_cs = cs;
		guest_ss = (uint16_t)(csgsfs >> 48);
	}
}

/* What the CPU says of a selector: readable, writable, its limit. */
static int sel_readable(uint16_t sel)
{
	uint8_t z;

	__asm__("verr %1; setz %0" : "=q"(z) : "r"(sel) : "cc");
	return z;
}

static int sel_writable(uint16_t sel)
{
	uint8_t z;

	__asm__("verw %1; setz %0" : "=q"(z) : "r"(sel) : "cc");
	return z;
}

static uint64_t sel_size(uint16_t sel)
{
	uint32_t limit;
	uint8_t z;

	__asm__("lsl %2, %0; setz %1" : "=r"(limit), "=q"(z)
		: "r"((uint32_t)sel) : "cc");
	return z ? (uint64_t)limit + 1 : 0;
}

static void test_signals(void)
{
	static const uint8_t spin[] = {
		0x31, 0xc0,		/* xor %eax, %eax */
		0x40,			/* 1: inc %eax */
		0x50, 0x58,		/* push %eax; pop %eax */
		0xe2, 0xfb,		/* loop 1b */
		STOP,
	};
	struct sigaction sa = { .sa_sigaction = on_alarm,
				.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART };
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } }, off = { 0 };
	const uint32_t n = 200000000;
	vxproc *p;
	int t;

	if (!need_seg("seg-signals"))
		return;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	p = guest("seg-signals", spin, sizeof spin);
	p->cpu->reg[ECX] = n;
	setitimer(ITIMER_REAL, &it, NULL);
	t = vxproc_run(p);
	setitimer(ITIMER_REAL, &off, NULL);
	check("seg-signals", t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EAX] == n &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000 && ticks > 3 && tls_ok,
	      "trap %#x eax %u esp %#x, %d signals, host TLS %s in the "
	      "handler", t, p->cpu->reg[EAX], p->cpu->reg[ESP], ticks,
	      tls_ok ? "intact" : "wrong");
	/* The segments the guest ran in, as the CPU sees them: code that
	   cannot be read (a cs: access would reach the host's low 4 GiB),
	   data exactly the guest's address space. */
	uint64_t space = vxproc_getlimit(p, VXLIMIT_SPACE);
	check("seg-descriptors", guest_cs && !sel_readable(guest_cs) &&
	      sel_writable(guest_ss) && sel_size(guest_ss) == space,
	      "cs %#x %sreadable, ss %#x %swritable, limit %#llx (space "
	      "%#llx)", guest_cs, sel_readable(guest_cs) ? "" : "not ",
	      guest_ss, sel_writable(guest_ss) ? "" : "not ",
	      (unsigned long long)sel_size(guest_ss),
	      (unsigned long long)space);
	vxproc_free(p);
}

/* ---- the guest's selectors ---- */

static void test_selectors(const char *name)
{
	static const uint8_t code[] = {
		0x8c, 0xc8,		/* mov %cs, %eax */
		0x8c, 0xdb,		/* mov %ds, %ebx */
		0x8c, 0xd1,		/* mov %ss, %ecx */
		0x8c, 0xc2,		/* mov %es, %edx */
		0x0e, 0x5e,		/* push %cs; pop %esi */
		0x16, 0x5f,		/* push %ss; pop %edi */
		STOP,
	};
	vxproc *p = guest(name, code, sizeof code);
	uint32_t *r = p->cpu->reg;
	int t = vxproc_run(p);

	check(name, t == VXTRAP_SOFT + 0x30 && r[EAX] == 0x23 && r[EBX] == 0x2b &&
	      r[ECX] == 0x2b && r[EDX] == 0x2b && r[ESI] == 0x23 &&
	      r[EDI] == 0x2b, "cs ds ss es %#x %#x %#x %#x, pushed %#x %#x",
	      r[EAX], r[EBX], r[ECX], r[EDX], r[ESI], r[EDI]);
	vxproc_free(p);
}

/*
 * mov %ecx, %sreg with every selector: only the ones guest-arch.md
 * allows load (and none of them reaches a real segment register); the
 * rest, the real LDT selectors among them, raise #GP.
 */
static void test_loads(const char *name)
{
	static const uint8_t code[] = {
		0x8e, 0xd9, STOP,	/* mov %ecx, %ds */
		0x8e, 0xd1, STOP,	/* mov %ecx, %ss */
		0x8e, 0xe1, STOP,	/* mov %ecx, %fs */
	};
	vxproc *p = guest(name, code, sizeof code);
	int bad = -1, sreg = 0, t = 0;

	for (int k = 0; k < 3 && bad < 0; k++) {
		sreg = k == 0 ? 3 : k == 1 ? 2 : 4;	/* ds, ss, fs */
		for (int sel = 0; sel < 0x10000 && bad < 0; sel++) {
			int ok = k == 0 ? sel < 4 || sel == 0x2b :
				 k == 1 ? sel == 0x2b : sel < 4;
			p->cpu->eip = CODE_ADDR + 4 * k;
			p->cpu->reg[ECX] = sel;
			t = vxproc_run(p);
			if (ok ? t != VXTRAP_SOFT + 0x30 ||
				 vxproc_getsel(p, sreg) != sel :
			    t != VXTRAP_PROTECTION || p->cpu->eip != CODE_ADDR + 4 * k)
				bad = sel;
			if (ok)		/* back to the flat selector */
				vxproc_setsel(p, sreg, k == 2 ? 0 : 0x2b);
		}
	}
	check(name, bad < 0, "sreg %d selector %#x: trap %#x", sreg, bad, t);
	vxproc_free(p);
}

/* ---- the end of the address space, on both backends ---- */

#define SPACE	0x10000u	/* 64 KiB; its last page is mapped */
#define LASTPG	(SPACE - 0x1000)

struct limit_case {
	const char *name;
	uint8_t code[24];
	uint32_t len;
	uint32_t esp, eax, ebx, ecx, esi, edi;
	int trap;
	uint32_t va, va_max;	/* the address, or a range (the CPU may
				   report any byte of the access that is
				   past the end) */
	int write;
	/* registers at the trap, if they change before it (else as set) */
	uint32_t want_ecx, want_esi, want_edi;
	uint32_t eip_off;	/* of the faulting instruction */
};

static const struct limit_case cases[] = {
	{ "read", { 0xa1, 0xfe, 0xff, 0x00, 0x00, STOP }, 7,
	  .esp = SPACE, .trap = VXTRAP_PAGEFAULT, .va = SPACE },
	{ "read-beyond", { 0x8b, 0x03, STOP }, 4, .esp = SPACE,
	  .ebx = 0x12345678, .trap = VXTRAP_PAGEFAULT, .va = 0x12345678 },
	{ "push", { 0x6a, 0x01, STOP }, 4, .esp = SPACE + 2,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1 },
	{ "push-wrap", { 0x50, STOP }, 3, .esp = 0,
	  .trap = VXTRAP_PAGEFAULT, .va = 0xfffffffc, .write = 1 },
	{ "pushf", { 0x9c, STOP }, 3, .esp = SPACE + 2,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1 },
	{ "popf", { 0x9d, STOP }, 3, .esp = SPACE - 2,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE },
	{ "call-ind", { 0xff, 0xd0, STOP }, 4, .esp = SPACE + 2,
	  .eax = CODE_ADDR, .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1 },
	{ "ret", { 0xc3, STOP }, 3, .esp = SPACE - 2,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE },
	{ "enter", { 0xc8, 0x08, 0x00, 0x00, STOP }, 6, .esp = SPACE + 2,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1 },
	{ "bts", { 0x0f, 0xab, 0x03, STOP }, 5, .esp = SPACE,
	  .ebx = SPACE - 16, .eax = 128, .trap = VXTRAP_PAGEFAULT,
	  .va = SPACE, .write = 1 },
	{ "fxsave", { 0x0f, 0xae, 0x03, STOP }, 5, .esp = SPACE,
	  .ebx = SPACE - 0x100, .trap = VXTRAP_PAGEFAULT, .va = SPACE,
	  .va_max = SPACE + 0xff, .write = 1 },
	{ "fld-m80", { 0xdb, 0x2b, STOP }, 4, .esp = SPACE,
	  .ebx = SPACE - 6, .trap = VXTRAP_PAGEFAULT, .va = SPACE },
	{ "rep-movsl", { 0xfc, 0xf3, 0xa5, STOP }, 5, .esp = SPACE,
	  .esi = LASTPG, .edi = SPACE - 8, .ecx = 4,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1,
	  .want_ecx = 2, .want_esi = LASTPG + 8, .want_edi = SPACE,
	  .eip_off = 1 },
	{ "lodsl", { 0xad, STOP }, 3, .esp = SPACE, .esi = SPACE,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE },
	/* popl (%esp): the destination is addressed with esp after the
	   pop, here the first byte past the end */
	{ "pop-m-esp", { 0x8f, 0x04, 0x24, STOP }, 5, .esp = SPACE - 4,
	  .trap = VXTRAP_PAGEFAULT, .va = SPACE, .write = 1 },
	{ "movaps-misaligned", { 0x0f, 0x28, 0x03, STOP }, 5, .esp = SPACE,
	  .ebx = LASTPG + 8, .trap = VXTRAP_PROTECTION },
};

/* One case on the current backend: trap, address, registers. */
static void limit_case(const struct limit_case *c, const char *suffix)
{
	char name[80];
	vxproc *p = vxproc_alloc();
	uint32_t *r;
	int t;

	snprintf(name, sizeof name, "limit-%s-%s", c->name, suffix);
	if (p && limits_waived(p, name)) {
		vxproc_free(p);
		return;
	}
	if (!p || vxproc_setlimit(p, VXLIMIT_SPACE, SPACE) < 0 ||
	    vxmem_map(p, 0x1000, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, LASTPG, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0)
		die(name, "cannot set up the guest");
	vxmem_write(p, c->code, 0x1000, c->len);
	vxmem_setperm(p, 0x1000, 0x1000, VXPERM_READ | VXPERM_EXEC);
	r = p->cpu->reg;
	p->cpu->eip = 0x1000;
	r[ESP] = c->esp;
	r[EAX] = c->eax;
	r[EBX] = c->ebx;
	r[ECX] = c->ecx;
	r[ESI] = c->esi;
	r[EDI] = c->edi;
	t = vxproc_run(p);
	uint32_t want_ecx = c->want_ecx ? c->want_ecx : c->ecx;
	uint32_t want_esi = c->want_esi ? c->want_esi : c->esi;
	uint32_t want_edi = c->want_edi ? c->want_edi : c->edi;
	int ok = t == c->trap && p->cpu->eip == 0x1000 + c->eip_off &&
		 r[ESP] == c->esp && r[EAX] == c->eax && r[EBX] == c->ebx &&
		 r[ECX] == want_ecx && r[ESI] == want_esi && r[EDI] == want_edi;
	if (c->trap == VXTRAP_PAGEFAULT)
		ok = ok && p->cpu->trapva >= c->va &&
		     p->cpu->trapva <= (c->va_max ? c->va_max : c->va) &&
		     !!(p->cpu->traperr & 2) == c->write;
	check(name, ok, "trap %#x at %#x (%s) eip %#x esp %#x eax %#x ebx %#x "
	      "ecx %#x esi %#x edi %#x", t, p->cpu->trapva,
	      p->cpu->traperr & 2 ? "write" : "read", p->cpu->eip, r[ESP],
	      r[EAX], r[EBX], r[ECX], r[ESI], r[EDI]);
	vxproc_free(p);
}

static void test_limits(void)
{
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		use(VX32_BACKEND_FLAT);
		limit_case(&cases[i], "flat");
		if (have_seg) {
			use(VX32_BACKEND_SEG);
			limit_case(&cases[i], "seg");
		}
	}
}

static void both(const char *name, void (*fn)(const char *))
{
	char n[80];

	snprintf(n, sizeof n, "%s-flat", name);
	use(VX32_BACKEND_FLAT);
	fn(n);
	snprintf(n, sizeof n, "%s-seg", name);
	if (need_seg(n))
		fn(n);
}

static void t_selectors(void) { both("selectors", test_selectors); }
static void t_loads(void) { both("selector-loads", test_loads); }

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	have_seg = vx32_setbackend(VX32_BACKEND_SEG) == 0;
	/* auto picks flat, the faster here (backend.c, doc/perf.md) */
	check("auto-flat", vx32_setbackend(VX32_BACKEND_AUTO) == 0 &&
	      vx32_backend() == VX32_BACKEND_FLAT,
	      "auto gives %s with seg %savailable",
	      vx32_backendname(vx32_backend()), have_seg ? "" : "not ");
	if (!have_seg)
		printf("skip seg: %s\n", vxproc_error(NULL));
	isolated("cycles", test_cycles);
	isolated("alive", test_alive);
	isolated("host-state", test_host_state);
	isolated("signals", test_signals);
	isolated("selectors", t_selectors);
	isolated("loads", t_loads);
	isolated("limits", test_limits);
	return nfailed != 0;
}
