/*
 * flat.c - the flat backend's memory, entry and fault mapping.
 *
 * Each guest owns a 4 GiB-aligned reservation followed by a PROT_NONE
 * guard tail; translated code (xlflat.c) runs in 64-bit mode with the
 * thread's GS base at the reservation and addresses guest memory as
 * %gs: + 32-bit address arithmetic, so no address it can form lies
 * outside the reservation and the tail.  The alignment makes the low 32
 * bits of a host address in the reservation the guest address, which
 * string.S uses.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "backend.h"
#include "xlate.h"

/* The GS base of this thread, so it is set only when it changes. */
static __thread uint64_t thread_gsbase
	__attribute__((tls_model("initial-exec")));
static __thread int thread_gsbase_known
	__attribute__((tls_model("initial-exec")));

/* Something else (the seg backend) loaded %gs: set it again next time. */
void vx_gsbase_forget(void)
{
	thread_gsbase_known = 0;
}

static int flat_thread(struct vxpriv *vp)
{
	uint64_t base = (uint64_t)(uintptr_t)vp->base;

	if (thread_gsbase_known && thread_gsbase == base)
		return 0;
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, base) < 0)
		return -1;
	thread_gsbase = base;
	thread_gsbase_known = 1;
	return 0;
}

static void *flat_map(size_t len, int prot)
{
	void *m = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
		       MAP_NORESERVE, -1, 0);

	return m == MAP_FAILED ? NULL : m;
}

static void flat_unmap(void *addr, size_t len)
{
	munmap(addr, len);
}

/* 4 GiB + guard, aligned to 4 GiB: map twice that, keep the aligned
   part and give back the rest. */
static int flat_reserve(struct vxpriv *vp)
{
	size_t span = 2 * VX_4G + VX_GUARD;
	uint8_t *m = mmap(NULL, span, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	uint8_t *base = (uint8_t *)(((uintptr_t)m + VX_4G - 1) & ~(VX_4G - 1));
	if (base > m)
		munmap(m, base - m);
	uint8_t *end = base + VX_4G + VX_GUARD;
	if (m + span > end)
		munmap(end, m + span - end);
	vp->base = base;
	vx_state(vp)->guest_base = (uint64_t)(uintptr_t)base;
	return 0;
}

static void flat_release(struct vxpriv *vp)
{
	munmap(vp->base, VX_4G + VX_GUARD);
	vp->base = NULL;
}

/* The reservation is made at once: 4 GiB of address space is cheap. */
static int flat_init(struct vxpriv *vp)
{
	struct vxstate *st = vx_state(vp);

	st->exit_fn = (uint64_t)(uintptr_t)vx_exit;
	st->learn_fn = (uint64_t)(uintptr_t)vx_exit_learn;
	if (vp->base)
		return 0;		/* a thread: the memory is there */
	if (flat_reserve(vp) < 0) {
		vx_seterr(vp, "cannot reserve 4 GiB of address space for the "
			  "guest: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void flat_fini(struct vxpriv *vp)
{
}

static void flat_enter(struct vxpriv *vp, const uint8_t *target)
{
	vx_enter(vp->st, target);
}

static void flat_classify(struct vxpriv *vp, int sig, const siginfo_t *si,
			  const ucontext_t *uc, struct vxfault *f)
{
	uint8_t *addr = si->si_addr;

	if (sig == SIGSEGV && si->si_code == SI_KERNEL) {
		/* #GP with no address: a copied instruction's own check
		   (misaligned movaps/fxsave, reserved MXCSR bits).  Guest
		   addressing cannot cause it: every guest address is
		   gs:+32 bits, always canonical. */
		f->kind = FAULT_TRAP;
		f->trap = VXTRAP_PROTECTION;
		return;
	}
	if (!vp->base || addr < vp->base || addr >= vp->base + VX_4G + VX_GUARD) {
		/* Not a guest address: a translator bug.  Never treat it
		   as the guest's. */
		f->kind = FAULT_NOT_OURS;
		return;
	}
	/* An access running past 4 GiB faults in the guard tail; report it
	   at the last guest byte. */
	f->kind = FAULT_PAGE;
	f->past_end = addr >= vp->base + VX_4G;
	f->va = f->past_end ? 0xffffffff : (uint32_t)(addr - vp->base);
}

/* Return from the signal into vx_sigexit on the host stack, which leaves
   vx_enter like vx_exit. */
static void flat_leave(struct vxpriv *vp, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;

	g[REG_RIP] = (greg_t)(uintptr_t)vx_sigexit;
	g[REG_RSP] = vx_state(vp)->host_rsp;
	g[REG_R15] = (greg_t)(uintptr_t)vp->st;
}

const struct vxbackend vx_backend_flat = {
	.name = "flat",
	.id = VX32_BACKEND_FLAT,
	.xl = &vx_xlate_flat,
	.space_max = VX_4G,
	.poll_prot = PROT_READ,
	.map = flat_map,
	.unmap = flat_unmap,
	.init = flat_init,
	.fini = flat_fini,
	.reserve = flat_reserve,
	.release = flat_release,
	.thread = flat_thread,
	.enter = flat_enter,
	.classify = flat_classify,
	.leave = flat_leave,
};
