/*
 * segbk.c - the seg backend's memory, descriptors, entry and fault
 * mapping.
 *
 * Per guest: an LDT data segment over its address space (base = the
 * host address of guest address 0, limit = its size), so every guest
 * access the CPU makes through ds, es or ss is checked against the
 * limit, and an LDT segment over its poll page and state block, which
 * translated code reaches through %gs.  Per process: one execute-only
 * 32-bit code segment over the low 4 GiB, in which translated code runs,
 * and one page below 4 GiB holding the halves of the entry and exit
 * trampolines that far transfers reach (segtramp.S).  Everything 32-bit
 * code touches is below 4 GiB (lowmem.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include "backend.h"
#include "ldt.h"
#include "lowmem.h"
#include "segfault.h"
#include "xlate.h"

#define SEG_SPACE_MAX	0xc0000000ull	/* Linux i386's user space */

static uint8_t *lowcode;	/* the trampoline page */
static int code_entry = -1;	/* the 32-bit code segment */
static uint16_t host_cs, host_ss;

/*
 * Once per process: the code segment and the trampoline page.  Returns
 * 0, or -1 with the reason in vx_liberr.
 */
int vx_seg_setup(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	int r = 0;

	pthread_mutex_lock(&lock);
	if (lowcode)
		goto out;
	__asm__ volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(host_cs),
			 "=r"(host_ss));
	if ((code_entry = vx_ldt_alloc()) < 0 ||
	    vx_ldt_set(code_entry, 0, 1ull << 32, 1) < 0) {
		vx_setliberr("modify_ldt cannot install a 32-bit code segment: "
			     "%s", strerror(errno));
		goto fail;
	}
	uint32_t size = vx_seg_lowcode_offs[3];
	uint8_t *page = vx_low_map(VX_PAGE, PROT_READ | PROT_WRITE, 0);
	if (!page) {
		vx_setliberr("no free page below 4 GiB for the trampolines");
		goto fail;
	}
	memcpy(page, vx_seg_lowcode, size);
	if (mprotect(page, VX_PAGE, PROT_READ | PROT_EXEC) < 0) {
		vx_low_unmap(page, VX_PAGE);
		vx_setliberr("mprotect of the trampoline page: %s",
			     strerror(errno));
		goto fail;
	}
	lowcode = page;
	goto out;
fail:
	if (code_entry >= 0)
		vx_ldt_free(code_entry);
	code_entry = -1;
	r = -1;
out:
	pthread_mutex_unlock(&lock);
	return r;
}

static void *seg_map(size_t len, int prot)
{
	return vx_low_map(len, prot, 0);
}

static void seg_unmap(void *addr, size_t len)
{
	vx_low_unmap(addr, len);
}

static uint32_t low32(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static int seg_init(struct vxpriv *vp)
{
	struct vxstate *st = vx_state(vp);
	int e;

	if (!lowcode && vx_seg_setup() < 0) {
		vx_seterr(vp, "%s", vx_liberr);
		return -1;
	}
	if ((e = vx_ldt_alloc()) < 0)
		goto noldt;
	vp->ldt_state = e + 1;
	if ((e = vx_ldt_alloc()) < 0)
		goto noldt;
	vp->ldt_data = e + 1;
	if (vx_ldt_set(vp->ldt_state - 1, low32(vp->stmem), VX_PAGE + ST_SIZE,
		       0) < 0) {
		vx_seterr(vp, "modify_ldt: %s", strerror(errno));
		return -1;
	}
	st->seg_dsel = LDT_SEL(vp->ldt_data - 1);
	st->seg_stsel = LDT_SEL(vp->ldt_state - 1);
	st->seg_hostss = host_ss;
	st->seg_self = (uint64_t)(uintptr_t)st;
	st->seg_exitfn = (uint64_t)(uintptr_t)vx_seg_exit;
	st->seg_exitfar[0] = low32(lowcode + vx_seg_lowcode_offs[1]);
	st->seg_exitfar[1] = host_cs;
	st->seg_learnfar[0] = low32(lowcode + vx_seg_lowcode_offs[2]);
	st->seg_learnfar[1] = host_cs;
	st->seg_ssesp[1] = st->seg_dsel;
	st->seg_saveesp[1] = st->seg_dsel;
	st->seg_privfar[0] = low32(&st->seg_popf);
	st->seg_privfar[1] = host_ss;
	st->seg_frame[0] = low32(lowcode + vx_seg_lowcode_offs[0]);
	st->seg_frame[1] = LDT_SEL(code_entry);
	if (vp->base) {
		/* A thread of a guest: its own data segment over the same
		   memory. */
		if (vx_ldt_set(vp->ldt_data - 1, low32(vp->base), vp->space,
			       0) < 0) {
			vx_seterr(vp, "modify_ldt: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	vp->promised = vp->space;
	vx_backend_promise(vp->promised);
	return 0;

noldt:
	vx_seterr(vp, "no free LDT entry: all %d are in use (each seg guest "
		  "takes two)", LDT_ENTRIES);
	return -1;
}

static void seg_fini(struct vxpriv *vp)
{
	uint16_t gs;

	/* This thread's gs may still hold the state selector (segtramp.S):
	   never leave one that names a freed entry. */
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	if (vp->ldt_state && gs == LDT_SEL(vp->ldt_state - 1)) {
		__asm__ volatile("mov %0, %%gs" : : "r"(0));
		vx_gsbase_forget();
	}
	if (vp->ldt_state)
		vx_ldt_free(vp->ldt_state - 1);
	if (vp->ldt_data)
		vx_ldt_free(vp->ldt_data - 1);
	vp->ldt_state = vp->ldt_data = 0;
	vx_backend_promise(-(int64_t)vp->promised);
	vp->promised = 0;
}

/* The address space, at the top of what is free below 4 GiB (small
   allocations take the bottom), and the data segment over it. */
static int seg_reserve(struct vxpriv *vp)
{
	uint8_t *base = vx_low_map(vp->space, PROT_NONE, 1);

	if (!base) {
		vx_seterr(vp, "seg backend: no room below 4 GiB for a guest "
			  "address space of %llu MiB (the largest free range "
			  "is %llu MiB); set VXLIMIT_SPACE smaller or use the "
			  "flat backend", (unsigned long long)vp->space >> 20,
			  (unsigned long long)vx_low_largest() >> 20);
		return -1;
	}
	if (vx_ldt_set(vp->ldt_data - 1, low32(base), vp->space, 0) < 0) {
		vx_seterr(vp, "modify_ldt: %s", strerror(errno));
		vx_low_unmap(base, vp->space);
		return -1;
	}
	vp->base = base;
	vx_state(vp)->guest_base = (uint64_t)(uintptr_t)base;
	vx_backend_promise(-(int64_t)vp->promised);
	vp->promised = 0;
	return 0;
}

static void seg_release(struct vxpriv *vp)
{
	vx_ldt_clear(vp->ldt_data - 1);
	vx_low_unmap(vp->base, vp->space);
	vp->base = NULL;
}

static int seg_thread(struct vxpriv *vp)
{
	return 0;
}

static void seg_enter(struct vxpriv *vp, const uint8_t *target)
{
	vx_seg_enter(vp->st, target);
	vx_gsbase_forget();		/* %gs was reloaded */
}

/*
 * Return from the signal into vx_seg_sigexit: 64-bit code, so the
 * context gets the host's cs and ss (REG_CSGSFS packs cs, gs, fs, ss;
 * the kernel restores cs and ss from it, ds/es/fs/gs keep their values
 * and vx_seg_sigexit reloads the host's).
 */
static void seg_leave(struct vxpriv *vp, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	uint64_t csgsfs = g[REG_CSGSFS];

	g[REG_RIP] = (greg_t)(uintptr_t)vx_seg_sigexit;
	g[REG_RSP] = vx_state(vp)->host_rsp;
	g[REG_R15] = (greg_t)(uintptr_t)vp->st;
	csgsfs &= 0x0000ffffffff0000ull;
	csgsfs |= host_cs | (uint64_t)host_ss << 48;
	g[REG_CSGSFS] = (greg_t)csgsfs;
}

static void seg_classify(struct vxpriv *vp, int sig, const siginfo_t *si,
			 const ucontext_t *uc, struct vxfault *f)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	uint8_t *addr = si->si_addr;
	uint64_t trapno = g[REG_TRAPNO];

	if ((sig == SIGSEGV && si->si_code == SI_KERNEL && trapno == 13) ||
	    (sig == SIGBUS && trapno == 12)) {
		/* #GP or #SS: a limit violation (the guest reached past its
		   address space), or a copied instruction's own check. */
		vx_seg_limit_fault(vp, uc, f);
		return;
	}
	if (!vp->base || addr < vp->base || addr >= vp->base + vp->space) {
		f->kind = FAULT_NOT_OURS;
		return;
	}
	f->kind = FAULT_PAGE;
	f->va = (uint32_t)(addr - vp->base);
}

const struct vxbackend vx_backend_seg = {
	.name = "seg",
	.id = VX32_BACKEND_SEG,
	.xl = &vx_xlate_seg,
	.space_max = SEG_SPACE_MAX,
	.poll_prot = PROT_READ | PROT_WRITE,
	.map = seg_map,
	.unmap = seg_unmap,
	.init = seg_init,
	.fini = seg_fini,
	.reserve = seg_reserve,
	.release = seg_release,
	.thread = seg_thread,
	.enter = seg_enter,
	.classify = seg_classify,
	.leave = seg_leave,
};
