/*
 * signal.c - guest signals: dispositions, masks, delivery with i386
 * signal frames, sigreturn, and faults turned into signals.
 *
 * The guest's dispositions and mask are mirrored onto the host process, so
 * that the host kernel does the work it can do exactly: a signal whose
 * guest action is the default kills (or stops) the host process itself, an
 * ignored one is ignored by the host (and stays ignored across execve, as
 * it must), and a blocked one stays pending in the host kernel until the
 * guest unblocks it.  Only signals the guest catches get a host handler,
 * which records the signal and calls vxproc_interrupt(); the run loop then
 * builds the guest's signal frame at an instruction boundary.
 *
 * The five signals libvx32 uses for guest faults (SEGV, BUS, FPE, ILL,
 * TRAP) are not mirrored: their guest dispositions live only here, faults
 * come back as traps, and kill() of one of them to the guest itself is
 * queued here directly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include "vxlinux.h"

#define NSIG_G		64
#define BIT(sig)	(1ull << ((sig) - 1))
#define UNBLOCKABLE	(BIT(SIGKILL) | BIT(SIGSTOP))
#define LIB_SIGNALS	(BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGFPE) | \
			 BIT(SIGILL) | BIT(SIGTRAP))

/* i386 sa_flags */
#define G_SA_SIGINFO	0x00000004u
#define G_SA_ONSTACK	0x08000000u
#define G_SA_RESTART	0x10000000u
#define G_SA_NODEFER	0x40000000u
#define G_SA_RESETHAND	0x80000000u
#define G_SA_RESTORER	0x04000000u
#define G_SIG_DFL	0u
#define G_SIG_IGN	1u
#define G_SS_ONSTACK	1
#define G_SS_DISABLE	2
#define G_MINSIGSTKSZ	2048

struct gaction {
	uint32_t handler, flags, restorer;
	uint64_t mask;
};

/* What a pending signal says about itself (i386 siginfo fields). */
struct ginfo {
	int32_t signo, code;
	uint32_t f[5];		/* union words from offset 12 */
};

/* The dispositions are the process's; the rest is each thread's own. */
static struct gaction act[NSIG_G + 1];
static __thread uint64_t gmask;		/* guest's blocked set */
static __thread volatile sig_atomic_t pend[NSIG_G + 1];
static __thread volatile sig_atomic_t any_pending;
static __thread struct ginfo pinfo[NSIG_G + 1];
static __thread uint32_t alt_sp, alt_size, alt_flags = G_SS_DISABLE;
static __thread int temp_mask;		/* sigsuspend-style mask in force */
static __thread uint64_t saved_mask;	/* the mask to go back to */
static __thread uint32_t tramp;		/* guest page: sigreturn code */
static __thread int fault_trapno;	/* trap of the fault now delivered */
static __thread uint32_t fault_err;	/* and its error code */
/* Single steps of the sigreturn stub (T_RESTORE) still to swallow: the
   kernel returns to the interrupted instruction directly, so a guest
   single-stepping (TF) must not see the stub's two instructions. */
static __thread int stub_steps;

static int lib_signal(int sig)
{
	return (BIT(sig) & LIB_SIGNALS) != 0;
}

/* glibc keeps 32 and 33 for itself; the host cannot catch them for the
   guest either. */
static int host_mirrorable(int sig)
{
	return !lib_signal(sig) && sig != SIGKILL && sig != SIGSTOP &&
	       sig != 32 && sig != 33;
}

/* The i386 siginfo fields of a host one (the union's words). */
static void ginfo_from_host(int sig, const siginfo_t *si, struct ginfo *g)
{
	g->signo = sig;
	g->code = si->si_code;
	memset(g->f, 0, sizeof g->f);
	if (sig == SIGCHLD) {
		g->f[0] = si->si_pid;
		g->f[1] = si->si_uid;
		g->f[2] = si->si_status;
		g->f[3] = (uint32_t)si->si_utime;
		g->f[4] = (uint32_t)si->si_stime;
	} else if (si->si_code == SI_TIMER) {
		g->f[0] = si->si_timerid;	/* tid, overrun, value */
		g->f[1] = si->si_overrun;
		g->f[2] = (uint32_t)si->si_value.sival_int;
	} else {
		g->f[0] = si->si_pid;
		g->f[1] = si->si_uid;
		g->f[2] = (uint32_t)si->si_value.sival_int;
	}
}

static void host_handler(int sig, siginfo_t *si, void *uc)
{
	ginfo_from_host(sig, si, &pinfo[sig]);
	pend[sig] = 1;
	any_pending = 1;
	if (guest)
		vxproc_interrupt(guest);
}

/*
 * Host signals 32 and 33: the host C library's own, so never the guest's
 * mirrored ones.  32 from a thread of this process is HOST_WAKE (a signal
 * was queued for this thread while it may wait in a host call); from
 * another process, and 33, they are the guest's signals 32 and 33 sent
 * by another guest: queued as they are.  Installed with the raw system
 * call (the C library refuses both), on the alternate stack.
 */
static void internal_handler(int sig, siginfo_t *si, void *uc)
{
	if (!(sig == HOST_WAKE && si->si_code == SI_TKILL &&
	      si->si_pid == getpid())) {
		ginfo_from_host(sig, si, &pinfo[sig]);
		pend[sig] = 1;
		any_pending = 1;
	}
	if (guest)
		vxproc_interrupt(guest);
}

struct kernel_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

extern void vxl_sigreturn(void) __asm__("vxl_sigreturn");
__asm__(".text\n.globl vxl_sigreturn\nvxl_sigreturn:\n"
	"\tmov $15, %eax\n\tsyscall\n");

static void install_internal(int sig)
{
	struct kernel_sigaction ka = {
		.handler = internal_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | 0x04000000 /* SA_RESTORER */,
		.restorer = vxl_sigreturn,
		.mask = ~0ull,
	};
	if (syscall(SYS_rt_sigaction, sig, &ka, NULL, 8) < 0)
		die("cannot handle host signal %d: %s", sig, strerror(errno));
}

static void host_mask(uint64_t m, sigset_t *set)
{
	sigemptyset(set);
	for (int sig = 1; sig <= NSIG_G; sig++)
		if ((m & BIT(sig)) && host_mirrorable(sig))
			sigaddset(set, sig);
}

static void apply_mask(void)
{
	sigset_t set;

	host_mask(gmask, &set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}

static void apply_action(int sig)
{
	struct sigaction sa;

	if (!host_mirrorable(sig))
		return;
	memset(&sa, 0, sizeof sa);
	if (act[sig].handler == G_SIG_DFL) {
		sa.sa_handler = SIG_DFL;
	} else if (act[sig].handler == G_SIG_IGN) {
		sa.sa_handler = SIG_IGN;
	} else {
		sa.sa_sigaction = host_handler;
		/* No SA_RESTART: a blocking host call must come back so that
		   the guest handler can run; the guest's SA_RESTART is
		   applied by the dispatcher. */
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		sigfillset(&sa.sa_mask);
	}
	sigaction(sig, &sa, NULL);
}

/*
 * The signal page holds the code the guest runs around its handlers, and
 * a data page the x87/SSE state passes through.  libvx32 gives the host
 * no access to the guest's FPU state, so the guest saves it itself: a
 * handler is entered through a stub that does fxsave into the frame's
 * fpstate area and jumps to the handler (whose address the frame holds),
 * and sigreturn returns through a stub that does fxrstor of the frame's
 * image (copied to the data page) and jumps to the interrupted eip.
 */
#define T_SIGRETURN	0	/* pop %eax; mov $119,%eax; int $0x80 */
#define T_RT_SIGRETURN	8	/* mov $173,%eax; int $0x80 */
#define T_RT_SAVE	16	/* fxsave RT_FX(%esp); jmp *RT_SLOT(%esp) */
#define T_OLD_SAVE	32	/* the same for the old frame */
#define T_RT_NOSAVE	48	/* jmp *RT_SLOT(%esp) */
#define T_OLD_NOSAVE	56	/* jmp *OLD_SLOT(%esp) */
#define T_RESTORE	64	/* fxrstor D_FX; jmp *D_EIP */
#define D_FX		0	/* in the data page: the fxsave image */
#define D_EIP		512	/* and where to go after fxrstor */

#define FX_OFFSET	112	/* fxsave image in struct _fpstate_32 */
#define FPSTATE_SIZE	(FX_OFFSET + 512)

/*
 * Below the 16-aligned fpstate area: a 16-byte gap whose first word holds
 * the handler's address, then the frame.  With the frame sizes (260 and
 * 100) that puts esp + 4 at a multiple of 16 on entry, as the i386 ABI
 * wants, and the stubs' offsets are constants.
 */
#define RT_SLOT		260			/* sizeof(struct rt_frame) */
#define OLD_SLOT	100			/* sizeof(struct old_frame) */
#define RT_FX		(RT_SLOT + 16 + FX_OFFSET)
#define OLD_FX		(OLD_SLOT + 16 + FX_OFFSET)

static __thread uint32_t tdata;		/* the data page */

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* jmp *slot(%esp) */
static void stub_jmp(uint8_t *p, uint32_t slot)
{
	p[0] = 0xff;
	p[1] = 0xa4;
	p[2] = 0x24;
	put32(p + 3, slot);
}

/* fxsave fx(%esp); jmp *slot(%esp) */
static void stub_save(uint8_t *p, uint32_t fx, uint32_t slot)
{
	static const uint8_t op[] = { 0x0f, 0xae, 0x84, 0x24 };
	memcpy(p, op, 4);
	put32(p + 4, fx);
	stub_jmp(p + 8, slot);
}

void signal_init(void)
{
	struct sigaction old;

	install_internal(32);
	install_internal(33);
	/* What execve keeps: the ignored signals (and the mask, which
	   signal_thread_init takes). */
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (host_mirrorable(sig) && sigaction(sig, NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			act[sig].handler = G_SIG_IGN;
	if (signal_thread_init() < 0)
		die("cannot map the signal trampoline pages");
}

/*
 * A thread's own: its mask (the host thread's, which it inherited from
 * the thread that made it, as a guest thread inherits its creator's),
 * no alternate stack, nothing pending, and the signal pages its frames
 * return through.  0, or -ENOMEM.
 */
long signal_thread_init(void)
{
	sigset_t cur;

	sigprocmask(SIG_SETMASK, NULL, &cur);
	gmask = 0;
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (sig != 32 && sig != 33 && sigismember(&cur, sig) == 1)
			gmask |= BIT(sig);
	gmask &= ~UNBLOCKABLE;
	if (mm_alloc_pages(PAGE, VXPERM_READ | VXPERM_WRITE, &tdata) < 0)
		return -ENOMEM;
	if (mm_alloc_pages(PAGE, VXPERM_READ | VXPERM_WRITE, &tramp) < 0) {
		mm_free_pages(tdata, PAGE);
		return -ENOMEM;
	}

	uint8_t code[80];
	static const uint8_t sigret[] = {
		0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80,
		0xb8, 173, 0, 0, 0, 0xcd, 0x80,
	};
	memset(code, 0xf4, sizeof code);	/* hlt: traps */
	memcpy(code, sigret, sizeof sigret);
	stub_save(code + T_RT_SAVE, RT_FX, RT_SLOT);
	stub_save(code + T_OLD_SAVE, OLD_FX, OLD_SLOT);
	stub_jmp(code + T_RT_NOSAVE, RT_SLOT);
	stub_jmp(code + T_OLD_NOSAVE, OLD_SLOT);
	code[T_RESTORE] = 0x0f;			/* fxrstor D_FX */
	code[T_RESTORE + 1] = 0xae;
	code[T_RESTORE + 2] = 0x0d;
	put32(code + T_RESTORE + 3, tdata + D_FX);
	code[T_RESTORE + 7] = 0xff;		/* jmp *D_EIP */
	code[T_RESTORE + 8] = 0x25;
	put32(code + T_RESTORE + 9, tdata + D_EIP);
	if (vxmem_write(guest, code, tramp, sizeof code) < 0 ||
	    vxmem_setperm(guest, tramp, PAGE, VXPERM_READ | VXPERM_EXEC) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * An execve in this process (exec.c): caught signals go back to their
 * default action and ignored ones stay ignored; the mask and pending
 * signals stay, as on Linux; no alternate stack; the signal pages anew
 * in the new program's memory (the old memory is gone).
 */
void signal_exec(void)
{
	uint64_t mask = gmask;

	for (int sig = 1; sig <= NSIG_G; sig++) {
		uint32_t h = act[sig].handler;
		memset(&act[sig], 0, sizeof act[sig]);
		act[sig].handler = h == G_SIG_IGN ? G_SIG_IGN : G_SIG_DFL;
		if (h != G_SIG_IGN && h != G_SIG_DFL)
			apply_action(sig);
	}
	alt_sp = alt_size = 0;
	alt_flags = G_SS_DISABLE;
	tramp = tdata = 0;
	if (signal_thread_init() < 0)
		die("cannot map the signal trampoline pages");
	gmask = mask;
}

void signal_thread_exit(void)
{
	mm_free_pages(tramp, PAGE);
	mm_free_pages(tdata, PAGE);
	tramp = tdata = 0;
}

/* Where another thread keeps its pending signals (thread.c's registry
   lets signal_queue_to() reach them). */
void signal_thread_slots(struct sigslots *s)
{
	s->pend = pend;
	s->pinfo = pinfo;
	s->any_pending = &any_pending;
}

/* Queue sig to another thread of the guest (a fault-class signal sent
   to it with tkill/tgkill: libvx32's own signals cannot go through the
   host kernel); the caller interrupts that thread's guest. */
void signal_queue_to(const struct sigslots *s, int sig, int code)
{
	struct ginfo *g = &((struct ginfo *)s->pinfo)[sig];

	memset(g, 0, sizeof *g);
	g->signo = sig;
	g->code = code;
	g->f[0] = getpid();
	g->f[1] = getuid();
	s->pend[sig] = 1;
	*s->any_pending = 1;
}

int signal_pending(void)
{
	return any_pending;
}

void signal_queue_self(int sig, int code)
{
	struct ginfo *g = &pinfo[sig];

	memset(g, 0, sizeof *g);
	g->signo = sig;
	g->code = code;
	g->f[0] = getpid();
	g->f[1] = getuid();
	pend[sig] = 1;
	any_pending = 1;
}

void signal_after_fork(void)
{
	/* A child starts with no pending signals. */
	for (int sig = 1; sig <= NSIG_G; sig++)
		pend[sig] = 0;
	any_pending = 0;
}

/* The default action of sig is to ignore it. */
static int default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT;
}

/* Take the default action of a signal the guest does not catch: let the
   host process die of it (or stop), as the guest would. */
static void default_action(int sig)
{
	sigset_t set;

	if (default_ignores(sig))
		return;
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* A stop signal comes back here after SIGCONT. */
	apply_action(sig);
	apply_mask();
}

int signal_deliverable(void)
{
	if (!any_pending)
		return 0;
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (pend[sig] && !(gmask & BIT(sig)) && act[sig].handler > 1)
			return 1;
	return 0;
}

int signal_restart(void)
{
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (pend[sig] && !(gmask & BIT(sig)) && act[sig].handler > 1)
			return (act[sig].flags & G_SA_RESTART) != 0;
	return 0;
}

/* The flags sigreturn takes from the frame (the kernel's FIX_EFLAGS:
   AC OF DF TF SF ZF AF PF CF RF). */
#define G_FIX_EFLAGS	0x50dd5u

/* i386 struct sigcontext, as in the kernel's uapi sigcontext.h. */
struct gsigcontext {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss;
	uint32_t fpstate, oldmask, cr2;
};

struct gucontext {
	uint32_t uc_flags, uc_link;
	uint32_t ss_sp, ss_flags, ss_size;
	struct gsigcontext mc;
	uint32_t sigmask[2];	/* at offset 108: not 8-aligned */
};

struct rt_frame {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	uint8_t info[128];
	struct gucontext uc;
};

struct old_frame {
	uint32_t pretcode;
	int32_t sig;
	struct gsigcontext sc;
	uint32_t extramask;
};

_Static_assert(sizeof(struct gucontext) == 116, "i386 ucontext layout");
_Static_assert(sizeof(struct old_frame) == OLD_SLOT, "i386 sigframe layout");
_Static_assert(sizeof(struct rt_frame) == RT_SLOT, "i386 rt_sigframe size");
_Static_assert(sizeof(struct rt_frame) == 260, "i386 rt_sigframe layout");

static void fill_sigcontext(struct gsigcontext *sc, uint64_t mask)
{
	struct vxcpu *c = guest->cpu;
	int fs = vxproc_getsel(guest, 4), gs = vxproc_getsel(guest, 5);

	memset(sc, 0, sizeof *sc);
	sc->gs = gs < 0 ? 0 : gs;
	sc->fs = fs < 0 ? 0 : fs;
	sc->es = sc->ds = sc->ss = 0x2b;
	sc->cs = 0x23;
	sc->edi = c->reg[EDI];
	sc->esi = c->reg[ESI];
	sc->ebp = c->reg[EBP];
	sc->esp = sc->esp_at_signal = c->reg[ESP];
	sc->ebx = c->reg[EBX];
	sc->edx = c->reg[EDX];
	sc->ecx = c->reg[ECX];
	sc->eax = c->reg[EAX];
	/* The vector and error code of the fault being delivered. */
	sc->trapno = fault_trapno;
	sc->err = fault_err;
	sc->eip = c->eip;
	sc->eflags = c->eflags;
	sc->cr2 = c->trapva;
	sc->oldmask = (uint32_t)mask;
}

static void restore_sigcontext(const struct gsigcontext *sc)
{
	struct vxcpu *c = guest->cpu;

	c->reg[EDI] = sc->edi;
	c->reg[ESI] = sc->esi;
	c->reg[EBP] = sc->ebp;
	c->reg[ESP] = sc->esp;
	c->reg[EBX] = sc->ebx;
	c->reg[EDX] = sc->edx;
	c->reg[ECX] = sc->ecx;
	c->reg[EAX] = sc->eax;
	c->eip = sc->eip;
	/* As Linux's FIX_EFLAGS: NT and ID stay as the handler left them. */
	c->eflags = (c->eflags & ~G_FIX_EFLAGS) | (sc->eflags & G_FIX_EFLAGS);
	/* A selector the guest could not load itself is left as it is. */
	vxproc_setsel(guest, 4, (uint16_t)sc->fs);
	vxproc_setsel(guest, 5, (uint16_t)sc->gs);
}

static void set_mask(uint64_t m)
{
	gmask = m & ~UNBLOCKABLE;
	apply_mask();
	/* Unblocking may make a queued signal deliverable. */
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (pend[sig] && !(gmask & BIT(sig)))
			any_pending = 1;
}

/*
 * The guest dies of sig: after the one-line report the host process dies
 * of the same signal (without a core dump of the 4 GiB reservation), so a
 * guest parent's wait sees WIFSIGNALED and a shell sees 128+sig.
 */
static void __attribute__((noreturn)) die_signal(int sig, const char *why)
{
	struct rlimit nocore = { 0, 0 };
	sigset_t set;

	fprintf(stderr, "%s: %s\n", progname, why);
	setrlimit(RLIMIT_CORE, &nocore);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	guest_exit(128 + sig);
}

static void put_info(uint8_t *out, const struct ginfo *g)
{
	memset(out, 0, 128);
	memcpy(out, &g->signo, 4);
	memcpy(out + 8, &g->code, 4);
	memcpy(out + 12, g->f, sizeof g->f);
}

static void deliver(int sig)
{
	struct gaction *a = &act[sig];
	struct vxcpu *c = guest->cpu;
	uint64_t old = temp_mask ? saved_mask : gmask;
	uint32_t sp = c->reg[ESP], fp, frame, entry, handler = a->handler;
	int onalt = alt_flags != G_SS_DISABLE && sp - alt_sp < alt_size;
	int rt = (a->flags & G_SA_SIGINFO) != 0;
	uint8_t fx[512];
	int have_fx = 0;
	char why[96];

	if ((a->flags & G_SA_ONSTACK) && alt_flags != G_SS_DISABLE && !onalt)
		sp = alt_sp + alt_size;
	fp = (sp - FPSTATE_SIZE) & ~15u;
	frame = fp - 16 - (rt ? RT_SLOT : OLD_SLOT);
	/* Interrupted between sigreturn and its fxrstor stub: the state to
	   save is the one the stub was about to load, not the live one. */
	uint32_t resume = c->eip;
	if (c->eip == tramp + T_RESTORE &&
	    vxmem_read(guest, fx, tdata + D_FX, 512) == 512 &&
	    get_u32(tdata + D_EIP, &resume) == 0)
		have_fx = 1;

	uint8_t area[RT_SLOT + 16 + FPSTATE_SIZE];
	memset(area, 0, sizeof area);
	if (rt) {
		struct rt_frame *f = (struct rt_frame *)area;
		f->pretcode = a->flags & G_SA_RESTORER ? a->restorer
						       : tramp + T_RT_SIGRETURN;
		f->sig = sig;
		f->pinfo = frame + offsetof(struct rt_frame, info);
		f->puc = frame + offsetof(struct rt_frame, uc);
		put_info(f->info, &pinfo[sig]);
		f->uc.ss_sp = alt_sp;
		f->uc.ss_size = alt_size;
		f->uc.ss_flags = alt_flags == G_SS_DISABLE ? G_SS_DISABLE :
				 onalt ? G_SS_ONSTACK : 0;
		fill_sigcontext(&f->uc.mc, old);
		f->uc.mc.eip = resume;
		f->uc.mc.fpstate = fp;
		f->uc.sigmask[0] = (uint32_t)old;
		f->uc.sigmask[1] = (uint32_t)(old >> 32);
		c->reg[EDX] = f->pinfo;
		c->reg[ECX] = f->puc;
		entry = have_fx ? T_RT_NOSAVE : T_RT_SAVE;
	} else {
		struct old_frame *f = (struct old_frame *)area;
		f->pretcode = a->flags & G_SA_RESTORER ? a->restorer
						       : tramp + T_SIGRETURN;
		f->sig = sig;
		fill_sigcontext(&f->sc, old);
		f->sc.eip = resume;
		f->sc.fpstate = fp;
		f->extramask = (uint32_t)(old >> 32);
		c->reg[EDX] = c->reg[ECX] = 0;
		entry = have_fx ? T_OLD_NOSAVE : T_OLD_SAVE;
	}
	uint32_t size = fp + FPSTATE_SIZE - frame;
	uint32_t slot = fp - 16 - frame;
	memcpy(area + slot, &handler, 4);
	if (have_fx)
		memcpy(area + slot + 16 + FX_OFFSET, fx, 512);
	if (copy_out(frame, area, size) < 0)
		goto bad_stack;
	c->reg[EAX] = sig;
	c->reg[ESP] = frame;
	c->eip = tramp + entry;
	c->eflags &= ~0x500u;		/* DF and TF clear for the handler */
	temp_mask = 0;
	uint64_t m = old | a->mask;
	if (!(a->flags & G_SA_NODEFER))
		m |= BIT(sig);
	if (a->flags & G_SA_RESETHAND) {
		a->handler = G_SIG_DFL;
		a->flags &= ~G_SA_SIGINFO;
		apply_action(sig);
	}
	set_mask(m);
	return;
bad_stack:
	snprintf(why, sizeof why, "cannot deliver signal %d: guest stack at "
		 "0x%08" PRIx32 " is not writable", sig, frame);
	die_signal(SIGSEGV, why);
}

void signal_deliver_pending(void)
{
	any_pending = 0;
	for (int sig = 1; sig <= NSIG_G; sig++) {
		if (!pend[sig] || (gmask & BIT(sig)))
			continue;
		pend[sig] = 0;
		if (act[sig].handler == G_SIG_IGN)
			continue;
		if (act[sig].handler == G_SIG_DFL) {
			default_action(sig);
			continue;
		}
		deliver(sig);
	}
	if (temp_mask) {
		temp_mask = 0;
		set_mask(saved_mask);
	}
}

static void temp_mask_set(uint64_t m, sigset_t *host)
{
	saved_mask = temp_mask ? saved_mask : gmask;
	temp_mask = 1;
	gmask = m & ~UNBLOCKABLE;
	host_mask(gmask, host);
}

long signal_temp_mask(uint32_t maskaddr, uint32_t size, sigset_t *host)
{
	uint64_t m;

	if (size != 8)
		return -EINVAL;
	if (copy_in(&m, maskaddr, 8) < 0)
		return -EFAULT;
	temp_mask_set(m, host);
	return 0;
}

void signal_end_temp_mask(long r)
{
	/* On EINTR the handler's frame must save the old mask: delivery
	   restores it. */
	if (r != -EINTR && temp_mask) {
		temp_mask = 0;
		gmask = saved_mask;
	}
}

static const char *trap_name(int trap, char *buf, size_t len)
{
	switch (trap) {
	case VXTRAP_DIVIDE: return "divide error";
	case VXTRAP_DEBUG: return "debug trap";
	case VXTRAP_BREAKPOINT: return "breakpoint";
	case VXTRAP_OVERFLOW: return "overflow";
	case VXTRAP_BOUND: return "bound range exceeded";
	case VXTRAP_INVALID: return "invalid opcode";
	case VXTRAP_PROTECTION: return "general protection";
	case VXTRAP_PAGEFAULT: return "page fault";
	case VXTRAP_FPOINT: return "x87 floating point";
	case VXTRAP_ALIGN: return "alignment check";
	case VXTRAP_SIMD: return "SIMD floating point";
	case VXTRAP_SYSCALL: return "syscall/sysenter (no vDSO entry)";
	}
	if (VXTRAP_CATEGORY(trap) == VXTRAP_SOFT)
		snprintf(buf, len, "int 0x%02x", VXTRAP_NUMBER(trap));
	else
		snprintf(buf, len, "trap 0x%x", trap);
	return buf;
}

/* si_code values of the i386 kernel for faults. */
#define G_SI_KERNEL	0x80
#define G_SEGV_MAPERR	1
#define G_SEGV_ACCERR	2
#define G_FPE_INTDIV	1
#define G_ILL_ILLOPN	2
#define G_BUS_ADRALN	1
#define G_BUS_ADRERR	2
#define G_TRAP_BRKPT	1
#define G_TRAP_TRACE	2

void signal_fault(int trap)
{
	struct vxcpu *c = guest->cpu;
	int sig, code = G_SI_KERNEL;
	uint32_t addr = 0, err = 0;
	char buf[32], why[200];

	if (VXTRAP_CATEGORY(trap) == VXTRAP_SIGNAL) {
		/* A host signal libvx32 caught in guest code (kill of one of
		   its signals from outside). */
		signal_queue_self(VXTRAP_NUMBER(trap), 0);
		return;
	}
	if (VXTRAP_CATEGORY(trap) == VXTRAP_LIMIT)
		die("guest exceeded a resource limit (%s)",
		    vxproc_error(guest));
	switch (trap) {
	case VXTRAP_PAGEFAULT:
		addr = c->trapva;
		if (c->traperr & VXPF_BUS) {
			/* a file mapping past the end of its file */
			sig = SIGBUS, code = G_BUS_ADRERR;
			c->traperr &= ~VXPF_BUS;
			break;
		}
		if (mm_fault_retry(addr, c->traperr, c->eip))
			return;
		sig = SIGSEGV;
		code = vxmem_checkperm(guest, addr & ~(PAGE - 1), 1,
				       VXPERM_READ, NULL) ? G_SEGV_ACCERR
							  : G_SEGV_MAPERR;
		break;
	case VXTRAP_DIVIDE:
		sig = SIGFPE, code = G_FPE_INTDIV, addr = c->eip;
		break;
	case VXTRAP_FPOINT: case VXTRAP_SIMD:
		sig = SIGFPE, code = 0, addr = c->eip;
		break;
	case VXTRAP_DEBUG:
		if ((c->traperr & VXDEBUG_STEP) && stub_steps > 0) {
			stub_steps--;
			return;
		}
		sig = SIGTRAP;
		code = c->traperr & VXDEBUG_STEP ? G_TRAP_TRACE : G_TRAP_BRKPT;
		break;
	case VXTRAP_BREAKPOINT:
		sig = SIGTRAP;
		break;
	case VXTRAP_ALIGN:
		sig = SIGBUS, code = G_BUS_ADRALN, addr = c->trapva;
		break;
	case VXTRAP_PROTECTION:
		sig = SIGSEGV, err = c->traperr;
		break;
	case VXTRAP_OVERFLOW: case VXTRAP_BOUND:
		sig = SIGSEGV;
		break;
	default:
		if (VXTRAP_CATEGORY(trap) == VXTRAP_SOFT) {
			/* int n other than 0x80 (and 3, 4: their own traps) is
			   a #GP on Linux, with eip at the instruction: the
			   gate's DPL is 0, and the error code names it in
			   the IDT (vector * 8 + 2). */
			c->eip -= 2;
			sig = SIGSEGV;
			err = VXTRAP_NUMBER(trap) << 3 | 2;
			break;
		}
		sig = SIGILL, code = G_ILL_ILLOPN, addr = c->eip;
		break;
	}
	if (act[sig].handler > G_SIG_IGN && !(gmask & BIT(sig))) {
		struct ginfo *g = &pinfo[sig];
		memset(g, 0, sizeof *g);
		g->signo = sig;
		g->code = code;
		g->f[0] = addr;
		fault_trapno = VXTRAP_CATEGORY(trap) ? VXTRAP_PROTECTION : trap;
		fault_err = trap == VXTRAP_PAGEFAULT ? c->traperr : err;
		deliver(sig);
		fault_trapno = 0;
		fault_err = 0;
		return;
	}
	int n = snprintf(why, sizeof why, "trap: %s at eip 0x%08" PRIx32,
			 trap_name(trap, buf, sizeof buf), c->eip);
	if (trap == VXTRAP_PAGEFAULT)
		snprintf(why + n, sizeof why - n, ", address 0x%08" PRIx32
			 " (%s)", c->trapva, c->traperr & 0x10 ? "exec" :
			 c->traperr & 2 ? "write" : "read");
	if (trap == VXTRAP_INVALID) {
		fprintf(stderr, "%s: %s\n", progname, why);
		snprintf(why, sizeof why, "%s", vxproc_error(guest));
	}
	die_signal(sig, why);
}

/* ---------------------------------------------------------------- calls */

static long do_sigaction(int sig, const struct gaction *na,
			 struct gaction *oa)
{
	if (sig < 1 || sig > NSIG_G)
		return -EINVAL;
	if (na && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (oa)
		*oa = act[sig];
	if (na) {
		act[sig] = *na;
		act[sig].mask &= ~UNBLOCKABLE;
		if ((sig == 32 || sig == 33) && na->handler > G_SIG_IGN)
			trace("note: signal %d cannot be caught from the host; "
			      "the handler runs only for signals the guest "
			      "sends itself\n", sig);
		apply_action(sig);
		/* Ignoring a pending signal discards it. */
		if (na->handler == G_SIG_IGN ||
		    (na->handler == G_SIG_DFL && default_ignores(sig)))
			pend[sig] = 0;
	}
	return 0;
}

long sys_rt_sigaction(uint32_t *a)
{
	struct gaction na, oa;
	uint32_t v[5];
	long r;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1]) {
		if (copy_in(v, a[1], 20) < 0)
			return -EFAULT;
		na.handler = v[0];
		na.flags = v[1];
		na.restorer = v[2];
		na.mask = v[3] | (uint64_t)v[4] << 32;
	}
	if (a[2] && !guest_ptr(a[2], 20, VXPERM_WRITE))
		return -EFAULT;
	if ((r = do_sigaction((int)a[0], a[1] ? &na : NULL, &oa)) < 0)
		return r;
	if (a[2]) {
		v[0] = oa.handler;
		v[1] = oa.flags;
		v[2] = oa.restorer;
		v[3] = (uint32_t)oa.mask;
		v[4] = (uint32_t)(oa.mask >> 32);
		return copy_out(a[2], v, 20);
	}
	return 0;
}

/* The old sigaction: handler, 32-bit mask, flags, restorer. */
long sys_sigaction(uint32_t *a)
{
	struct gaction na, oa;
	uint32_t v[4];
	long r;

	if (a[1]) {
		if (copy_in(v, a[1], 16) < 0)
			return -EFAULT;
		na.handler = v[0];
		na.mask = v[1];
		na.flags = v[2];
		na.restorer = v[3];
	}
	if (a[2] && !guest_ptr(a[2], 16, VXPERM_WRITE))
		return -EFAULT;
	if ((r = do_sigaction((int)a[0], a[1] ? &na : NULL, &oa)) < 0)
		return r;
	if (a[2]) {
		v[0] = oa.handler;
		v[1] = (uint32_t)oa.mask;
		v[2] = oa.flags;
		v[3] = oa.restorer;
		return copy_out(a[2], v, 16);
	}
	return 0;
}

static long do_sigprocmask(int how, const uint64_t *set, uint64_t *old)
{
	*old = gmask;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK: set_mask(gmask | *set); break;
	case SIG_UNBLOCK: set_mask(gmask & ~*set); break;
	case SIG_SETMASK: set_mask(*set); break;
	default: return -EINVAL;
	}
	return 0;
}

long sys_rt_sigprocmask(uint32_t *a)
{
	uint64_t set, old;
	long r;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1] && copy_in(&set, a[1], 8) < 0)
		return -EFAULT;
	if (a[2] && !guest_ptr(a[2], 8, VXPERM_WRITE))
		return -EFAULT;
	if ((r = do_sigprocmask((int)a[0], a[1] ? &set : NULL, &old)) < 0)
		return r;
	return a[2] ? copy_out(a[2], &old, 8) : 0;
}

long sys_sigprocmask(uint32_t *a)
{
	uint32_t s32, o32;
	uint64_t set, old;
	long r;

	if (a[1]) {
		if (copy_in(&s32, a[1], 4) < 0)
			return -EFAULT;
		/* The old call sees the low 32 signals only. */
		set = s32;
		if ((int)a[0] == SIG_SETMASK)
			set |= gmask & ~0xffffffffull;
	}
	if (a[2] && !guest_ptr(a[2], 4, VXPERM_WRITE))
		return -EFAULT;
	if ((r = do_sigprocmask((int)a[0], a[1] ? &set : NULL, &old)) < 0)
		return r;
	o32 = (uint32_t)old;
	return a[2] ? copy_out(a[2], &o32, 4) : 0;
}

long sys_rt_sigpending(uint32_t *a)
{
	sigset_t hs;
	uint64_t m = 0;

	if (a[1] != 8)
		return -EINVAL;
	sigpending(&hs);
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (pend[sig] || sigismember(&hs, sig) == 1)
			m |= BIT(sig);
	return copy_out(a[0], &m, 8);
}

/* Wait with the temporary mask in force until a signal comes. */
static long suspend(const sigset_t *hs)
{
	/* A signal already queued here (fault-class or self-sent) ends the
	   wait at once. */
	for (int sig = 1; sig <= NSIG_G; sig++)
		if (pend[sig] && !(gmask & BIT(sig)))
			return -EINTR;
	sigsuspend(hs);
	return -EINTR;
}

long sys_rt_sigsuspend(uint32_t *a)
{
	sigset_t hs;
	long r = signal_temp_mask(a[0], a[1], &hs);

	return r < 0 ? r : suspend(&hs);
}

/* The old sigsuspend(unused, unused, mask): the 32 first signals'
   mask, the others unblocked, as Linux's. */
long sys_sigsuspend(uint32_t *a)
{
	sigset_t hs;

	temp_mask_set(a[2], &hs);
	return suspend(&hs);
}

/*
 * rt_sigtimedwait: take a signal of set that is pending (queued here, or
 * in the host kernel), or wait for one.  The host waits for the mirrored
 * ones; one a host handler caught meanwhile (unblocked in the guest) is
 * taken from the queue here, as it would have raced the handler on Linux.
 */
static long do_sigtimedwait(uint32_t *a, int time64)
{
	uint64_t set;
	struct timespec ts, *tsp = NULL;
	siginfo_t si;
	sigset_t hs;
	struct ginfo g;
	int sig = 0;

	if (a[3] != 8)
		return -EINVAL;
	if (copy_in(&set, a[0], 8) < 0)
		return -EFAULT;
	/* (info is written only when a signal is taken, as on Linux: a bad
	   one is EFAULT then, with the signal gone.) */
	if (a[2]) {
		if (time64) {
			int64_t t[2];
			if (copy_in(t, a[2], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = (int32_t)t[1];
		} else {
			int32_t t[2];
			if (copy_in(t, a[2], sizeof t) < 0)
				return -EFAULT;
			ts.tv_sec = t[0];
			ts.tv_nsec = t[1];
		}
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000 || ts.tv_sec < 0)
			return -EINVAL;
		tsp = &ts;
	}
	set &= ~UNBLOCKABLE;
	for (int pass = 0; pass < 2 && !sig; pass++) {
		for (int s = 1; s <= NSIG_G; s++)
			if ((set & BIT(s)) && pend[s]) {
				sig = s;
				g = pinfo[s];
				pend[s] = 0;
				break;
			}
		if (sig || pass)
			break;
		host_mask(set, &hs);
		int r = sigtimedwait(&hs, &si, tsp);
		if (r > 0) {
			sig = r;
			ginfo_from_host(sig, &si, &g);
		} else if (errno != EINTR) {
			return -errno;
		}
	}
	if (!sig)
		return -EINTR;
	if (a[1]) {
		uint8_t out[128];
		put_info(out, &g);
		if (copy_out(a[1], out, sizeof out) < 0)
			return -EFAULT;
	}
	return sig;
}

/*
 * rt_sigqueueinfo(pid, sig, info) and rt_tgsigqueueinfo(tgid, tid, sig,
 * info): the i386 siginfo's first words (signo, errno, code) and the
 * union's (pid, uid, value for SI_QUEUE and friends) go to the host's; to
 * itself, a signal libvx32 uses for faults is queued here.
 */
static long do_sigqueueinfo(pid_t tgid, pid_t tid, int sig, uint32_t addr)
{
	int32_t g[6];
	siginfo_t si;

	if (sig < 1 || sig > NSIG_G)
		return -EINVAL;
	if (copy_in(g, addr, sizeof g) < 0)
		return -EFAULT;
	long r = sandbox_member(tgid);
	if (r < 0)
		return r;
	if (tgid == getpid() && lib_signal(sig)) {
		signal_queue_self(sig, g[2]);
		pinfo[sig].f[0] = (uint32_t)g[3];
		pinfo[sig].f[1] = (uint32_t)g[4];
		pinfo[sig].f[2] = (uint32_t)g[5];
		return 0;
	}
	memset(&si, 0, sizeof si);
	si.si_signo = g[0];
	si.si_errno = g[1];
	si.si_code = g[2];
	si.si_pid = g[3];
	si.si_uid = (uid_t)g[4];
	si.si_value.sival_int = g[5];
	r = tid ? syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si)
		     : syscall(SYS_rt_sigqueueinfo, tgid, sig, &si);
	return r < 0 ? -errno : 0;
}

long sys_rt_sigqueueinfo(uint32_t *a)
{
	return do_sigqueueinfo((pid_t)a[0], 0, (int)a[1], a[2]);
}

long sys_rt_tgsigqueueinfo(uint32_t *a)
{
	if ((int32_t)a[1] <= 0)
		return -EINVAL;
	return do_sigqueueinfo((pid_t)a[0], (pid_t)a[1], (int)a[2], a[3]);
}

long sys_rt_sigtimedwait(uint32_t *a)
{
	return do_sigtimedwait(a, 0);
}

long sys_rt_sigtimedwait_time64(uint32_t *a)
{
	return do_sigtimedwait(a, 1);
}

long sys_pause(uint32_t *a)
{
	pause();
	return -EINTR;
}

long sys_sigaltstack(uint32_t *a)
{
	uint32_t v[3], sp = guest->cpu->reg[ESP];
	int on = alt_flags != G_SS_DISABLE && sp - alt_sp < alt_size;

	if (a[1]) {
		v[0] = alt_sp;
		v[1] = alt_flags == G_SS_DISABLE ? G_SS_DISABLE :
		       on ? G_SS_ONSTACK : 0;
		v[2] = alt_size;
		if (copy_out(a[1], v, 12) < 0)
			return -EFAULT;
	}
	if (!a[0])
		return 0;
	if (copy_in(v, a[0], 12) < 0)
		return -EFAULT;
	if (on)
		return -EPERM;
	if (v[1] & ~(uint32_t)(G_SS_DISABLE | G_SS_ONSTACK | 0x80000000u))
		return -EINVAL;
	if (v[1] & G_SS_DISABLE) {
		alt_flags = G_SS_DISABLE;
		alt_sp = alt_size = 0;
		return 0;
	}
	if (v[2] < G_MINSIGSTKSZ)
		return -ENOMEM;
	alt_sp = v[0];
	alt_size = v[2];
	alt_flags = 0;
	return 0;
}

/* Return through the fxrstor stub when the frame has an FPU image (a
   handler may have cleared the pointer: then the state stays as it is). */
static void restore_fpstate(uint32_t fp)
{
	struct vxcpu *c = guest->cpu;
	uint8_t fx[512];

	stub_steps = 0;
	if (!fp)
		return;
	if (c->eflags & 0x100)
		stub_steps = 2;		/* fxrstor, jmp */
	if (copy_in(fx, fp + FX_OFFSET, sizeof fx) < 0)
		die_signal(SIGSEGV, "sigreturn: fpstate not readable");
	if (vxmem_write(guest, fx, tdata + D_FX, sizeof fx) < 0 ||
	    put_u32(tdata + D_EIP, c->eip) < 0)
		die_signal(SIGSEGV, "sigreturn: signal data page is gone");
	c->eip = tramp + T_RESTORE;
}

long sys_rt_sigreturn(uint32_t *a)
{
	uint32_t frame = guest->cpu->reg[ESP] - 4;
	struct rt_frame f;

	if (copy_in(&f, frame, sizeof f) < 0)
		die_signal(SIGSEGV, "rt_sigreturn: signal frame not readable");
	restore_sigcontext(&f.uc.mc);
	set_mask(f.uc.sigmask[0] | (uint64_t)f.uc.sigmask[1] << 32);
	restore_fpstate(f.uc.mc.fpstate);
	return guest->cpu->reg[EAX];
}

long sys_sigreturn(uint32_t *a)
{
	uint32_t frame = guest->cpu->reg[ESP] - 8;
	struct old_frame f;

	if (copy_in(&f, frame, sizeof f) < 0)
		die_signal(SIGSEGV, "sigreturn: signal frame not readable");
	restore_sigcontext(&f.sc);
	set_mask(f.sc.oldmask | (uint64_t)f.extramask << 32);
	restore_fpstate(f.sc.fpstate);
	return guest->cpu->reg[EAX];
}

long sys_alarm(uint32_t *a)
{
	return alarm(a[0]);
}

static void get_itv(const int32_t *g, struct itimerval *it)
{
	it->it_interval.tv_sec = g[0];
	it->it_interval.tv_usec = g[1];
	it->it_value.tv_sec = g[2];
	it->it_value.tv_usec = g[3];
}

static void put_itv(int32_t *g, const struct itimerval *it)
{
	g[0] = it->it_interval.tv_sec;
	g[1] = it->it_interval.tv_usec;
	g[2] = it->it_value.tv_sec;
	g[3] = it->it_value.tv_usec;
}

long sys_setitimer(uint32_t *a)
{
	int32_t g[4];
	struct itimerval it, old;

	if (a[1]) {
		if (copy_in(g, a[1], sizeof g) < 0)
			return -EFAULT;
		get_itv(g, &it);
	} else {
		memset(&it, 0, sizeof it);
	}
	if (a[2] && !guest_ptr(a[2], sizeof g, VXPERM_WRITE))
		return -EFAULT;
	if (setitimer((int)a[0], &it, &old) < 0)
		return -errno;
	if (a[2]) {
		put_itv(g, &old);
		return copy_out(a[2], g, sizeof g);
	}
	return 0;
}

long sys_getitimer(uint32_t *a)
{
	int32_t g[4];
	struct itimerval it;

	if (!guest_ptr(a[1], sizeof g, VXPERM_WRITE))
		return -EFAULT;
	if (getitimer((int)a[0], &it) < 0)
		return -errno;
	put_itv(g, &it);
	return copy_out(a[1], g, sizeof g);
}
