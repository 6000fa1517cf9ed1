/*
 * backend.c - which backend a new guest gets: VX32_BACKEND,
 * vx32_setbackend(), the seg probe and the auto policy; and the
 * library-wide error message.
 *
 * The seg backend works only where the kernel (and a hypervisor under
 * it) honours LDT data and 32-bit code selectors.  Whether it does is
 * found out by using them, never from a version number: the probe
 * builds a real seg guest, runs two blocks of it through the real
 * trampolines - one that uses its stack and memory, one that reads past
 * its segment limit and must trap - and checks the results.  A fault
 * anywhere in that (a selector the host refuses to load, a far jump it
 * refuses to take) is caught and becomes the reason seg is unavailable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend.h"
#include "lowmem.h"

char vx_liberr[256];

void vx_setliberr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vx_liberr, sizeof vx_liberr, fmt, ap);
	va_end(ap);
}

/*
 * Which backend auto prefers where both work: flat.  doc/perf.md
 * measures seg about as fast on straight-line code but slower on guest
 * calls, returns and indirect branches (no spare register: ebx and ecx
 * go through the state block) and on guest-host round trips (two far
 * transfers and segment loads: ~95 ns against ~17 ns).  With 1, auto
 * gives seg to a new guest where the probe passes and there is room for
 * a default address space below 4 GiB (seg_room), flat otherwise.
 */
#define AUTO_PREFERS_SEG	0

static int chosen = -1;		/* VX32_BACKEND_*, -1: not read yet */
static int seg_state;		/* 0 not probed, 1 works, -1 refused */
static char seg_reason[200];

/* Bytes of seg address space promised to guests not yet reserved. */
static uint64_t seg_promised;

int vx_backend_env(void)
{
	const char *v = getenv("VX32_BACKEND");

	if (!v || !*v || !strcmp(v, "auto"))
		return VX32_BACKEND_AUTO;
	if (!strcmp(v, "flat"))
		return VX32_BACKEND_FLAT;
	if (!strcmp(v, "seg"))
		return VX32_BACKEND_SEG;
	return -1;
}

/* ---- the probe ---- */

static __thread sigjmp_buf *probe_jmp;
static const char *volatile probe_step;	/* what a fault there means */

/* signal.c: a fault that is not a guest's, while probing. */
void vx_probe_abort(int sig)
{
	if (probe_jmp)
		siglongjmp(*probe_jmp, sig);
}

static uint16_t host_ds, host_es, host_ss;

/* After a fault inside the trampolines: the host's segment registers. */
static void restore_segments(void)
{
	__asm__ volatile("mov %0, %%ds; mov %1, %%es; mov %2, %%ss; "
			 "mov %3, %%gs" : : "r"(host_ds), "r"(host_es),
			 "r"(host_ss), "r"((uint16_t)0));
	vx_gsbase_forget();
}

/*
 * Block 1 (at 0x1000) moves a value through the stack and memory; block
 * 2 (at 0x1020) reads the first byte past the 64 KiB address space.
 */
static const uint8_t probe_code[] = {
	0xb8, 0x78, 0x56, 0x34, 0x12,		/* mov $0x12345678, %eax */
	0x50,					/* push %eax */
	0x5b,					/* pop %ebx */
	0x89, 0x1d, 0x00, 0xf0, 0x00, 0x00,	/* mov %ebx, 0xf000 */
	0xcd, 0x30,				/* int $0x30 */
};
static const uint8_t probe_code2[] = {
	0xa1, 0x00, 0x00, 0x01, 0x00,		/* mov 0x10000, %eax */
	0xcd, 0x30,				/* int $0x30 */
};

/*
 * QEMU's software emulation (TCG) does not check segment limits, so the
 * seg backend cannot confine a guest there and the probe refuses it.
 * To test the rest of the backend in such a VM (tools/segtest.sh), the
 * limit check may be waived - with VX32_SEG_UNSAFE_NO_LIMITS=1, and only
 * on a CPU that says it is QEMU TCG.  Guests are then NOT confined to
 * their memory; on real hardware and under KVM the variable does nothing.
 */
static int waive_limit_check(void)
{
	uint32_t r[4];
	char sig[13];

	if (!getenv("VX32_SEG_UNSAFE_NO_LIMITS"))
		return 0;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(1), "c"(0));
	if (!(r[2] >> 31))		/* no hypervisor */
		return 0;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(0x40000000), "c"(0));
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
	return !strcmp(sig, "TCGTCGTCGTCG");
}

static const char *probe_run(vxproc *p)
{
	struct vxcpu *c = p->cpu;
	uint32_t v = 0;
	int trap;

	if (vxproc_setlimit(p, VXLIMIT_SPACE, 0x10000) < 0 ||
	    vxmem_map(p, 0x1000, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_map(p, 0xf000, 0x1000, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_write(p, probe_code, 0x1000, sizeof probe_code) < 0 ||
	    vxmem_write(p, probe_code2, 0x1020, sizeof probe_code2) < 0)
		return vxproc_error(p)[0] ? vxproc_error(p) :
			"cannot map the probe guest's memory";
	vxmem_setperm(p, 0x1000, 0x1000, VXPERM_READ | VXPERM_EXEC);
	c->eip = 0x1000;
	c->reg[ESP] = 0x10000;
	probe_step = "the host refuses LDT segments in use";
	trap = vxproc_run(p);
	vxmem_read(p, &v, 0xf000, 4);
	if (trap != VXTRAP_SOFT + 0x30 || c->reg[EBX] != 0x12345678 ||
	    v != 0x12345678 || c->reg[ESP] != 0x10000)
		return "a guest in an LDT segment computed a wrong result";
	if (waive_limit_check())
		return NULL;
	c->eip = 0x1020;
	probe_step = "the CPU does not enforce segment limits (an access past "
		     "the limit reached other memory)";
	trap = vxproc_run(p);
	if (trap != VXTRAP_PAGEFAULT || c->trapva != 0x10000)
		return "the segment limit of an LDT data segment is not "
		       "enforced";
	return NULL;
}

static int seg_probe(void)
{
	sigjmp_buf env;
	vxproc *volatile p = NULL;
	const char *volatile why = NULL;
	int sig;

	if (seg_state)
		return seg_state > 0 ? 0 : -1;
	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%ss, %2"
			 : "=r"(host_ds), "=r"(host_es), "=r"(host_ss));
	if ((sig = sigsetjmp(env, 1)) != 0) {
		restore_segments();
		vx_current = NULL;
		snprintf(seg_reason, sizeof seg_reason, "%s (%s in the probe)",
			 probe_step ? probe_step : "the host refuses LDT segments",
			 strsignal(sig));
		probe_jmp = NULL;
		seg_state = -1;
		vxproc_free(p);
		return -1;
	}
	probe_jmp = &env;
	probe_step = "the host refuses LDT segments";
	if (vx_seg_setup() < 0) {
		why = vx_liberr;
	} else if (!(p = vx_proc_new(&vx_backend_seg))) {
		why = vx_liberr;
	} else {
		why = probe_run(p);
	}
	probe_jmp = NULL;
	if (why)
		snprintf(seg_reason, sizeof seg_reason, "%s", why);
	vxproc_free(p);
	seg_state = why ? -1 : 1;
	return why ? -1 : 0;
}

/* ---- choosing ---- */

/* vx32_init(): the environment's choice; a forced seg must work. */
int vx_backend_init(void)
{
	if (chosen < 0)
		chosen = vx_backend_env();
	if (chosen < 0) {
		vx_setliberr("VX32_BACKEND=%s: not flat, seg or auto",
			     getenv("VX32_BACKEND"));
		errno = EINVAL;
		return -1;
	}
	if (chosen == VX32_BACKEND_SEG && seg_probe() < 0) {
		vx_setliberr("the seg backend is not available here: %s",
			     seg_reason);
		errno = ENOTSUP;
		return -1;
	}
	return 0;
}

/* Room below 4 GiB for one more guest of the default size (auto). */
static int seg_room(void)
{
	uint64_t need = vx_backend_seg.space_max + (64u << 20);

	return vx_low_largest() >= seg_promised + need;
}

static const struct vxbackend *resolve(int b)
{
	switch (b) {
	case VX32_BACKEND_FLAT:
		return &vx_backend_flat;
	case VX32_BACKEND_SEG:
		return seg_probe() == 0 ? &vx_backend_seg : NULL;
	}
	if (AUTO_PREFERS_SEG && seg_probe() == 0 && seg_room())
		return &vx_backend_seg;
	return &vx_backend_flat;
}

const struct vxbackend *vx_backend_pick(void)
{
	const struct vxbackend *bk = resolve(chosen < 0 ? vx_backend_env() :
					     chosen);
	if (!bk) {
		vx_setliberr("the seg backend is not available here: %s",
			     seg_reason);
		errno = ENOTSUP;
	}
	return bk;
}

/* A seg guest promises (delta > 0) or gives back address space. */
void vx_backend_promise(int64_t delta)
{
	seg_promised += delta;
}

int vx32_setbackend(int backend)
{
	int old = chosen;

	if (backend != VX32_BACKEND_AUTO && backend != VX32_BACKEND_FLAT &&
	    backend != VX32_BACKEND_SEG) {
		errno = EINVAL;
		return -1;
	}
	chosen = backend;
	if (vx32_init() < 0 || vx_backend_init() < 0) {
		chosen = old;
		return -1;
	}
	return 0;
}

int vx32_backend(void)
{
	const struct vxbackend *bk;

	if (vx32_init() < 0 || !(bk = vx_backend_pick()))
		return -1;
	return bk->id;
}

int vxproc_backend(vxproc *p)
{
	return p->priv->bk->id;
}

const char *vx32_backendname(int backend)
{
	switch (backend) {
	case VX32_BACKEND_AUTO: return "auto";
	case VX32_BACKEND_FLAT: return "flat";
	case VX32_BACKEND_SEG: return "seg";
	}
	return "?";
}
