/*
 * signal.c - turning host faults in translated code into guest traps.
 *
 * Translated code runs with the guest's esp in %rsp, so every handler the
 * library installs runs on the thread's sigaltstack.  A fault is the
 * guest's only if the host PC lies in this thread's current guest's code
 * cache or in the string routines; anything else is a host bug and goes
 * to the previously installed handler (or the default action).
 *
 * For a guest fault the handler recovers the exact guest state (the
 * translator guarantees that a faulting access comes before any guest
 * register change in an instruction's translation), stores it in the
 * state block with the trap code, and returns into vx_sigexit on the host
 * stack, which finishes the exit like a normal one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "backend.h"
#include "xlate.h"

__thread struct vxpriv *vx_current __attribute__((tls_model("initial-exec")));

#define ALTSTACK_SIZE	(256u << 10)

static const int vx_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
static struct sigaction old_action[NSIG];


static void chain(int sig, siginfo_t *si, void *uc)
{
	struct sigaction *o = &old_action[sig];

	if ((o->sa_flags & SA_SIGINFO) && o->sa_sigaction) {
		o->sa_sigaction(sig, si, uc);
		return;
	}
	if (o->sa_handler != SIG_DFL && o->sa_handler != SIG_IGN) {
		o->sa_handler(sig);
		return;
	}
	/* Default action: re-raise with the default disposition. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int in_string_code(uint64_t pc)
{
	return pc >= (uint64_t)(uintptr_t)vx_string_begin &&
	       pc < (uint64_t)(uintptr_t)vx_string_end;
}

static int in_cache(struct vxpriv *vp, uint64_t pc)
{
	return vp->cache && pc >= (uint64_t)(uintptr_t)vp->cache &&
	       pc < (uint64_t)(uintptr_t)(vp->cache + vp->cache_used);
}

static int fpe_trap(ucontext_t *uc, int code)
{
	uint64_t trapno = uc->uc_mcontext.gregs[REG_TRAPNO];

	if (trapno == 0)
		return VXTRAP_DIVIDE;
	if (trapno == 19)
		return VXTRAP_SIMD;
	if (trapno == 16)
		return VXTRAP_FPOINT;
	return code == FPE_INTDIV || code == FPE_INTOVF ? VXTRAP_DIVIDE :
		VXTRAP_FPOINT;
}

/* Store the guest registers of a signal context in the state block. */
static void save_regs(struct vxstate *st, const greg_t *g, uint64_t esp,
		      uint64_t flags)
{
	st->cpu.reg[EAX] = g[REG_RAX];
	st->cpu.reg[ECX] = g[REG_RCX];
	st->cpu.reg[EDX] = g[REG_RDX];
	st->cpu.reg[EBX] = g[REG_RBX];
	st->cpu.reg[ESP] = esp;
	st->cpu.reg[EBP] = g[REG_RBP];
	st->cpu.reg[ESI] = g[REG_RSI];
	st->cpu.reg[EDI] = g[REG_RDI];
	st->flags_slot = flags;
}

/* Make the signal return leave translated code with exit reason (why,
   eip), as from vx_enter, through the backend's exit path. */
static void leave(struct vxpriv *vp, ucontext_t *uc, uint32_t eip, uint64_t why)
{
	struct vxstate *st = vx_state(vp);
	greg_t *g = uc->uc_mcontext.gregs;

	st->exit_r8 = eip;
	st->exit_r9 = why;
	st->exit_kind = EXIT_KIND_NORMAL;
	vp->bk->leave(vp, uc);
	g[REG_EFL] &= ~(0x100 | 0x400 | 0x40000);	/* TF, DF, AC */
}

static int range_on_page(uint32_t eip, uint32_t eip_end, uint32_t pg)
{
	return eip >> 12 <= pg && (eip_end - 1) >> 12 >= pg;
}

/* Does fragment f hold code from guest page pg (its own bytes, or
   those of a callee it followed)? */
static int frag_on_page(struct vxpriv *vp, const struct frag *f,
			uint32_t pg)
{
	if (!f)
		return 0;
	if (range_on_page(f->eip, f->eip_end, pg))
		return 1;
	if (!f->followed)
		return 0;
	uint32_t idx = f - vp->frags;
	unsigned lo = 0, hi = vp->ncallees;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (vp->callees[mid].frag < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < vp->ncallees && vp->callees[lo].frag == idx &&
	       range_on_page(vp->callees[lo].eip, vp->callees[lo].eip_end, pg);
}

/*
 * The host rep of an inline rep movs/stos (flat: xlflat.c, xl_rep_fast)
 * wrote to its own fragment's code: the rest of it goes to its string.S
 * routine, called as the fragment's slow path would (private stack, r11
 * = esp, guest addresses in rsi/rdi, rcx the count left), returning to
 * the smc stub, which exits to the next instruction.  Single steps would
 * trap at every element left, and a long rep would hold the thread in
 * this handler, deaf to vxproc_interrupt; leaving at the rep's own EIP
 * would never end (its new translation protects the page again before
 * the element is stored).  Returns 0 if pc is no such instruction.
 */
static int smc_rep_to_routine(struct vxpriv *vp, ucontext_t *uc,
			      const uint8_t *pc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	int delta, len = pc[0] == 0x66 ? 3 : 2;

	/* Translated code holds no other rep: guest string instructions
	   are never copied. */
	if (vp->xl != &vx_xlate_flat || pc[len - 2] != 0xf3)
		return 0;
	uint32_t eip = vx_cache_host_to_eip(vp, pc, &delta);
	struct vxinsn in;
	uint8_t b[15];
	/* The guest's instruction: its page is code and was protected
	   until this store, so these are the bytes translated, unless
	   another thread of the guest wrote them just now; the host's rep
	   must be the one xl_rep_fast emitted for it, else steps as for a
	   copied store (either way the run goes on in guest code only). */
	if (delta || vx_decode(&in, eip, b, vx_fetch_insn(vp, eip, b)) < 0 ||
	    in.rep != 0xf3 || in.opcode != pc[len - 1] ||
	    ((in.opcode & ~1) != 0xa4 && (in.opcode & ~1) != 0xaa) ||
	    (in.opsize == 2) != (len == 3))
		return 0;
	uint64_t *ret = (uint64_t *)(vp->st + ST_STACK_TOP - 8);
	*(uint32_t *)(vp->st + ST_SMC_EIP) = eip + in.len;
	*ret = (uint64_t)(uintptr_t)vp->smc_stub;
	g[REG_R11] = g[REG_RSP];
	g[REG_RSP] = (greg_t)(uintptr_t)ret;
	g[REG_RSI] = (uint32_t)g[REG_RSI];
	g[REG_RDI] = (uint32_t)g[REG_RDI];
	g[REG_RIP] = (greg_t)(uintptr_t)vx_string_routine(&in);
	return 1;
}

/*
 * The guest wrote to code of the fragment that is running: the store
 * must complete, but nothing after it in this fragment may run, since
 * it may be stale.  A copied store is followed by single-stepping (TF)
 * to the next guest instruction boundary (smc_step); a string routine
 * instead returns to the smc stub, which exits to the next instruction,
 * and so does an inline rep movs/stos (smc_rep_to_routine).
 */
static void smc_stop_after_store(struct vxpriv *vp, ucontext_t *uc,
				 int strcode, uint32_t pg)
{
	greg_t *g = uc->uc_mcontext.gregs;

	if (strcode) {
		uint64_t *ret = (uint64_t *)(vp->st + ST_STACK_TOP - 8);
		const uint8_t *host = (const uint8_t *)(uintptr_t)*ret - 1;
		struct vxinsn in;
		uint8_t b[15];
		int delta;
		uint32_t eip = vx_cache_host_to_eip(vp, host, &delta);
		if (!frag_on_page(vp, vx_cache_find_host(vp, host), pg) ||
		    vx_decode(&in, eip, b, vx_fetch_insn(vp, eip, b)) < 0)
			return;
		*(uint32_t *)(vp->st + ST_SMC_EIP) = eip + in.len;
		*ret = (uint64_t)(uintptr_t)vp->smc_stub;
		return;
	}
	const uint8_t *pc = (const uint8_t *)g[REG_RIP];
	if (!frag_on_page(vp, vx_cache_find_host(vp, pc), pg) ||
	    smc_rep_to_routine(vp, uc, pc))
		return;
	vp->smc_step = 1;
	g[REG_EFL] |= 0x100;				/* TF */
}

/*
 * A single step after a self-modifying store.  At a guest instruction
 * boundary, leave translated code there (EXIT_LOOKUP); outside
 * translated code (the exit path), just stop stepping.  Returns 1 if the
 * trap was ours.
 */
static int smc_step(struct vxpriv *vp, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	const uint8_t *pc = (const uint8_t *)g[REG_RIP];
	struct frag *f = in_cache(vp, (uint64_t)pc) ?
		vx_cache_find_host(vp, pc) : NULL;
	int boundary = 0, delta = 0;
	uint32_t eip = 0;

	if (!in_cache(vp, (uint64_t)pc) && !in_string_code((uint64_t)pc)) {
		vp->smc_step = 0;
		g[REG_EFL] &= ~0x100;
		return 1;
	}
	if (f && pc == f->host) {
		boundary = 1;
		eip = f->eip;
	}
	struct mapiter it;
	if (f)
		vx_map_begin(&it, vp->map, f);
	while (f && !boundary && vx_map_next(&it)) {
		if (f->host + it.e.host_off == pc) {
			boundary = 1;
			eip = it.e.eip;
			delta = it.e.esp_delta;
		}
	}
	if (!boundary)
		return 1;				/* keep stepping */
	vp->smc_step = 0;
	g[REG_EFL] &= ~0x100;
	save_regs(vx_state(vp), g, (uint32_t)(g[REG_RSP] + delta), g[REG_EFL]);
	leave(vp, uc, eip, EXIT_LOOKUP);
	return 1;
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;
	struct vxpriv *vp = vx_current;
	uint64_t pc = g[REG_RIP];
	int trap, strcode = in_string_code(pc);

	/* Single-stepping after a self-modifying store may leave the cache
	   (through an exit stub into vx_exit) before it reaches a guest
	   instruction boundary: that trap is ours too, and stops it. */
	if (sig == SIGTRAP && vp && vp->smc_step && smc_step(vp, uc))
		return;
	/* vxmem_read/vxmem_write racing a guest thread's munmap (mem.c) */
	if ((sig == SIGSEGV || sig == SIGBUS) && vx_copy_fault(sig, si, uc))
		return;
	if (!vp || (!strcode && !in_cache(vp, pc))) {
		if (sig == SIGBUS && vx_mem_lost_page(vp, si))
			return;			/* (mem.c) */
		vx_probe_abort(sig);
		chain(sig, si, ucv);
		return;
	}
	struct vxstate *st = vx_state(vp);
	uint8_t *addr = si->si_addr;
	uint32_t trapva = 0, traperr = 0;
	struct vxfault f = { 0 };

	switch (sig) {
	case SIGSEGV:
	case SIGBUS:
		if (addr >= vp->stmem && addr < vp->stmem + VX_PAGE) {
			/* The poll page: vxproc_interrupt(). */
			trap = VXTRAP_IRQ;
			break;
		}
		vp->bk->classify(vp, sig, si, uc, &f);
		if (f.kind == FAULT_NOT_OURS) {
			vx_probe_abort(sig);
			chain(sig, si, ucv);
			return;
		}
		if (f.kind == FAULT_TRAP) {
			trap = f.trap;
			trapva = f.va;
			traperr = f.err;
			break;
		}
		trapva = f.va;
		traperr = (g[REG_ERR] & 2) | 4;		/* write, user */
		uint32_t pg = trapva >> 12;
		if (sig == SIGSEGV && (traperr & 2) &&
		    (vp->pageflags[pg] & PG_SNAP) &&
		    (vp->pageflags[pg] & VXPERM_WRITE) && !f.past_end) {
			/* The first write since a snapshot (snapshot.c):
			   note the page, let the store run again. */
			vx_snap_write_fault(vp, pg);
			if (!(vp->pageflags[pg] & PG_CODE))
				return;
		}
		if (sig == SIGSEGV && (traperr & 2) &&
		    (vp->pageflags[pg] & VXPERM_WRITE) && !f.past_end) {
			/* A store to a writable page faulted: it holds
			   translated code (self-modifying code), or held it
			   until another thread of the guest made it writable
			   again just now.  Either way this guest's
			   translations may be stale: drop them (and every
			   other thread's) and let the store run again. */
			vx_mem_unprotect_code(vp, pg);
			vx_mem_poke_sharers(vp);
			vx_cache_invalidate(vp);
			smc_stop_after_store(vp, uc, strcode, pg);
			return;
		}
		if (sig == SIGBUS && si->si_code == BUS_ADRALN)
			trap = VXTRAP_ALIGN;
		else
			trap = VXTRAP_PAGEFAULT;
		if (sig == SIGBUS && si->si_code == BUS_ADRERR)
			traperr |= VXPF_BUS;	/* a file's end passed */
		else if (vp->pageflags[pg] & VXPERM_READ)
			traperr |= 1;			/* present */
		break;
	case SIGFPE:
		trap = fpe_trap(uc, si->si_code);
		break;
	case SIGILL:
		trap = VXTRAP_INVALID;
		break;
	case SIGTRAP:
		if (vp->smc_step && smc_step(vp, uc))
			return;
		trap = VXTRAP_DEBUG;
		break;
	default:
		trap = VXTRAP_DEBUG;
		break;
	}

	/* Recover the guest state at the faulting instruction. */
	uint64_t flags = g[REG_EFL], esp = g[REG_RSP];
	uint32_t eip;
	int delta;
	if (strcode) {
		uint64_t ret = *(uint64_t *)(vp->st + ST_STACK_TOP - 8);
		/* movs, stos and lods keep the guest's flags in the host's;
		   cmps and scas saved them first (string.S). */
		if (pc >= (uint64_t)(uintptr_t)vx_string_pushf)
			flags = *(uint64_t *)(vp->st + ST_STACK_TOP - 16);
		esp = g[REG_R11];
		eip = vx_cache_host_to_eip(vp, (uint8_t *)(uintptr_t)ret - 1,
					   &delta);
	} else {
		eip = vx_cache_host_to_eip(vp, (uint8_t *)(uintptr_t)pc,
					   &delta);
	}
	save_regs(st, g, (uint32_t)(esp + delta), flags);
	st->cpu.trapva = trapva;
	st->cpu.traperr = traperr;
	leave(vp, uc, eip, EXIT_TRAP | trap);
}

/* Give the calling thread an alternate signal stack if it has none. */
int vx_altstack_ensure(void)
{
	static __thread int done;
	stack_t ss;

	if (done)
		return 0;
	if (sigaltstack(NULL, &ss) < 0)
		return -1;
	if (!(ss.ss_flags & SS_DISABLE) && ss.ss_size >= (size_t)MINSIGSTKSZ + 32768) {
		done = 1;
		return 0;
	}
	void *m = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	ss.ss_sp = m;
	ss.ss_size = ALTSTACK_SIZE;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) < 0) {
		munmap(m, ALTSTACK_SIZE);
		return -1;
	}
	done = 1;
	return 0;
}

int vx_signal_setup(void)
{
	static int installed;
	struct sigaction sa;

	if (installed)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (unsigned i = 0; i < sizeof vx_signals / sizeof vx_signals[0]; i++)
		if (sigaction(vx_signals[i], &sa, &old_action[vx_signals[i]]) < 0)
			return -1;
	installed = 1;
	return 0;
}
