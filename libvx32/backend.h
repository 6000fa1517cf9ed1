/*
 * backend.h - the narrow interface between the library's shared code
 * and its two ways of confining a guest (doc/design.md):
 *
 *   flat (flat.c, xlflat.c, trampoline.S, string.S): 64-bit translated
 *     code, guest memory in a 4 GiB-aligned reservation addressed as
 *     %gs: + 32-bit address arithmetic;
 *   seg (seg*.c, xlseg.c, segtramp.S): 32-bit translated code in a
 *     compatibility-mode code segment, guest memory in an LDT data
 *     segment whose limit the CPU checks on every access.
 *
 * Decoding, the block loop, the code cache and its chaining, the run
 * loop, helpers, guest segment registers, memory permissions, limits and
 * the ELF loader are shared; a backend supplies where its memory lives,
 * how translated code is emitted (struct vxxlate), how the host enters
 * and leaves it, and how a host fault maps to a guest address.
 */
#ifndef VX32_BACKEND_H
#define VX32_BACKEND_H

#include <signal.h>
#include <stddef.h>
#include <ucontext.h>
#include "priv.h"

/* What a host fault in guest code is (vxbackend.classify). */
enum {
	FAULT_NOT_OURS,		/* not a guest access: a library bug */
	FAULT_PAGE,		/* #PF at guest address va: permissions,
				   self-modifying code (signal.c) */
	FAULT_TRAP,		/* the trap in .trap, with va and err */
};

struct vxfault {
	int kind;
	int trap;		/* FAULT_TRAP */
	uint32_t va, err;	/* trapva, traperr */
	int past_end;		/* FAULT_PAGE: beyond the last guest byte (flat's
				   guard tail): never self-modifying code */
};

struct vxbackend {
	const char *name;
	int id;				/* VX32_BACKEND_FLAT or _SEG */
	const struct vxxlate *xl;
	uint64_t space_max;		/* largest guest address space */
	int poll_prot;			/* poll page while not interrupted */

	/* Memory for the state block and the code cache: NULL on failure. */
	void *(*map)(size_t len, int prot);
	void (*unmap)(void *addr, size_t len);
	/* Per-guest set-up once the state block exists, and its undoing. */
	int (*init)(struct vxpriv *vp);
	void (*fini)(struct vxpriv *vp);
	/* Reserve the guest address space [0, vp->space) at vp->base, or
	   give it back; the seg backend reserves at the first mapping. */
	int (*reserve)(struct vxpriv *vp);
	void (*release)(struct vxpriv *vp);
	/* At each vxproc_run(): the calling thread's state for this guest. */
	int (*thread)(struct vxpriv *vp);
	/* Run translated code from target until it leaves. */
	void (*enter)(struct vxpriv *vp, const uint8_t *target);
	/* Classify a SIGSEGV/SIGBUS at a PC in this guest's code cache. */
	void (*classify)(struct vxpriv *vp, int sig, const siginfo_t *si,
			 const ucontext_t *uc, struct vxfault *f);
	/* Make a signal context return into the exit path (vx_sigexit). */
	void (*leave)(struct vxpriv *vp, ucontext_t *uc);
};

extern const struct vxbackend vx_backend_flat, vx_backend_seg;

/* backend.c: the backend a new guest gets, or NULL (errno, reason in
   vx_liberr). */
const struct vxbackend *vx_backend_pick(void);
/* backend.c: the library-wide error message (vxproc_error(NULL)). */
extern char vx_liberr[256];
void vx_setliberr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* backend.c */
int vx_backend_env(void);
int vx_backend_init(void);
void vx_backend_promise(int64_t delta);
void vx_probe_abort(int sig);

/* proc.c: a new empty guest on backend bk, or NULL (errno, vx_liberr). */
vxproc *vx_proc_new(const struct vxbackend *bk);

/* segbk.c: once per process; 0, or -1 with the reason in vx_liberr. */
int vx_seg_setup(void);

/* flat.c: the flat GS base of this thread is no longer known. */
void vx_gsbase_forget(void);

#endif
