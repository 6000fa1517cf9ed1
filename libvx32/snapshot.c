/*
 * snapshot.c - vxproc_snapshot() and vxproc_reset(): put a guest back
 * into a recorded state at a cost that grows with what it changed, not
 * with its size.
 *
 * A snapshot keeps the guest's registers, x87/SSE image, segment and TLS
 * state, break, page flags, and a copy of every mapped page that is not
 * all zero.  Then every page of the address space gets PG_SNAP: "as in
 * the snapshot".  The host copy of a writable PG_SNAP page is
 * write-protected (mem.c: host_prot), so the guest's first store to it
 * faults; the fault handler (signal.c) hands the page to
 * vx_snap_write_fault(), which records it as dirty, clears PG_SNAP and
 * gives the write permission back, and the store runs again.  Host
 * writes (vxmem_write, vxmem_hostptr for writing: vx_mem_prepare_write)
 * and mapping changes (vxmem_map, unmap, setperm) record their pages
 * the same way before they happen.  A reset restores just the recorded
 * pages - contents, flags, mapping - and protects them again.
 *
 * The dirty list is allocated at snapshot time, so the fault handler
 * never allocates.  A guest that dirties more than MAX_DIRTY pages (or
 * makes the kernel refuse an mprotect, as when a process runs out of
 * memory mappings) stops being tracked: its next reset restores every
 * page the snapshot or the guest has mapped, and tracking starts again.
 * Translated code survives a reset unless a restored page held some.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "plugin.h"

#define MAX_DIRTY	8192	/* pages tracked one by one (32 MiB) */
#define MAX_HOT		1024	/* of those, left writable across resets */
#define CLUSTER		8	/* pages a write fault opens at once */
#define GROUP_GAP	64	/* clean pages one mprotect may span */

struct vxsnap {
	/* The recorded state. */
	struct vxcpu cpu;
	uint8_t fx[512];
	uint16_t sel[6];
	uint32_t tls_base[VX_NTLS];
	uint8_t tls_used[VX_NTLS];
	uint64_t mapped;
	struct vxcallctx call;	/* gate, break, started */
	int have_call;
	uint32_t npages;	/* pages of the address space */
	uint8_t *flags;		/* their flags (without PG_CODE) */
	uint32_t *saved;	/* pages with contents, ascending */
	uint8_t *data;		/* ... and those contents */
	uint32_t nsaved;

	/* Since the snapshot or the last reset. */
	uint32_t *dirty;	/* pages no longer as recorded, MAX_DIRTY */
	uint32_t ndirty;
	volatile int untracked;	/* too many: restore everything */
};

static void release(struct vxsnap *s)
{
	free(s->flags);
	free(s->saved);
	free(s->data);
	free(s->dirty);
	free(s);
}

/* Forget the snapshot; with reprotect, give the guest's pages their
   plain protection back (not when the guest is going away). */
static void forget(struct vxpriv *vp, int reprotect)
{
	struct vxsnap *s = vp->snap;

	if (!s)
		return;
	vp->snap = NULL;
	for (uint32_t p = 0; p < s->npages; p++)
		vp->pageflags[p] &= ~PG_SNAP;
	if (reprotect)
		vx_mem_apply_prot(vp, 0, s->npages);
	release(s);
}

void vx_snap_free(struct vxpriv *vp)
{
	forget(vp, 1);
}

/* vxproc_free(): the memory goes too. */
void vx_snap_discard(struct vxpriv *vp)
{
	forget(vp, 0);
}

void vxproc_snapshot_drop(vxproc *p)
{
	vx_snap_free(p->priv);
}

static int all_zero(const uint8_t *b)
{
	const uint64_t *w = (const uint64_t *)b;

	for (unsigned i = 0; i < VX_PAGE / 8; i++)
		if (w[i])
			return 0;
	return 1;
}

/* Copy the contents of the mapped pages that are not all zero. */
static int save_pages(struct vxpriv *vp, struct vxsnap *s)
{
	uint32_t n = 0, cap = 0;

	for (uint32_t p = 0; p < s->npages; p++) {
		if (!(vp->pageflags[p] & PG_MAPPED))
			continue;
		/* Pages the guest may not read are PROT_NONE for the host
		   too: let the host read them for the copy. */
		int hidden = !(vp->pageflags[p] & PG_PERM);
		uint8_t *a = vp->base + (uint64_t)p * VX_PAGE;
		if (hidden && mprotect(a, VX_PAGE, PROT_READ) < 0)
			return -1;
		if (!all_zero(a)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				uint32_t *ns = realloc(s->saved, cap * sizeof *ns);
				uint8_t *nd = ns ? realloc(s->data,
						(size_t)cap * VX_PAGE) : NULL;
				if (ns)
					s->saved = ns;
				if (!nd)
					return -1;
				s->data = nd;
			}
			s->saved[n] = p;
			memcpy(s->data + (size_t)n * VX_PAGE, a, VX_PAGE);
			n++;
		}
		if (hidden)
			mprotect(a, VX_PAGE, PROT_NONE);
	}
	s->nsaved = n;
	return 0;
}

/* Mark every page "as in the snapshot" and write-protect the writable
   ones.  Also after every reset. */
static int arm(struct vxpriv *vp, struct vxsnap *s)
{
	for (uint32_t p = 0; p < s->npages; p++)
		vp->pageflags[p] |= PG_SNAP;
	s->ndirty = 0;
	s->untracked = 0;
	return vx_mem_apply_prot(vp, 0, s->npages);
}

static int busy(struct vxpriv *vp, const char *what)
{
	if (vp->call && vp->call->depth) {
		vx_seterr(vp, "%s: inside a call", what);
		errno = EBUSY;
		return 1;
	}
	/* Pages shared with the host's other processes cannot be put
	   back as they were. */
	if (vp->mem->shared) {
		vx_seterr(vp, "%s: the guest has shared memory "
			  "(vxmem_mapshared)", what);
		errno = EBUSY;
		return 1;
	}
	/* Threads of one guest (vxproc_clone): a reset would change the
	   memory under the others' feet. */
	if (vp->mem->refs > 1) {
		vx_seterr(vp, "%s: the memory is shared with other vxprocs "
			  "(vxproc_clone)", what);
		errno = EBUSY;
		return 1;
	}
	return 0;
}

int vxproc_snapshot(vxproc *p)
{
	struct vxpriv *vp = p->priv;
	struct vxsnap *s;

	if (busy(vp, "vxproc_snapshot"))
		return -1;
	vx_snap_free(vp);
	if (!vp->base) {
		vx_seterr(vp, "vxproc_snapshot: the guest has no memory");
		errno = EINVAL;
		return -1;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		goto nomem;
	s->npages = vp->space / VX_PAGE;
	s->cpu = *p->cpu;
	memcpy(s->fx, vp->st + ST_FXSAVE, sizeof s->fx);
	memcpy(s->sel, vp->sel, sizeof s->sel);
	memcpy(s->tls_base, vp->tls_base, sizeof s->tls_base);
	memcpy(s->tls_used, vp->tls_used, sizeof s->tls_used);
	s->mapped = vp->mem->mapped;
	if (vp->call) {
		s->call = *vp->call;
		s->have_call = 1;
	}
	s->flags = malloc(s->npages);
	s->dirty = malloc(2 * MAX_DIRTY * sizeof *s->dirty);
	if (!s->flags || !s->dirty || save_pages(vp, s) < 0)
		goto nomem;
	for (uint32_t i = 0; i < s->npages; i++)
		s->flags[i] = vp->pageflags[i] & ~(PG_CODE | PG_SNAP);
	vp->snap = s;
	if (arm(vp, s) < 0) {
		vx_snap_free(vp);
		vx_seterr(vp, "vxproc_snapshot: mprotect failed");
		errno = ENOMEM;
		return -1;
	}
	return 0;
nomem:
	if (s)
		release(s);
	vx_seterr(vp, "vxproc_snapshot: out of memory");
	errno = ENOMEM;
	return -1;
}

/* ---------------------------------------------------------------- tracking */

/* Stop tracking page by page: everything writable again, and the next
   reset restores every page.  Safe in the fault handler. */
static void untrack(struct vxpriv *vp, struct vxsnap *s)
{
	s->untracked = 1;
	for (uint32_t p = 0; p < s->npages; p++)
		vp->pageflags[p] &= ~PG_SNAP;
	vx_mem_apply_prot(vp, 0, s->npages);
}

/* Record the PG_SNAP pages of [p0, p1) (with mapped_only, only those
   mapped) as dirty; 1 if any were. */
static int record(struct vxpriv *vp, struct vxsnap *s, uint32_t p0,
		  uint32_t p1, int mapped_only)
{
	int any = 0;

	if (p1 > s->npages)
		p1 = s->npages;
	for (uint32_t p = p0; p < p1; p++) {
		if (!(vp->pageflags[p] & PG_SNAP) ||
		    (mapped_only && !(vp->pageflags[p] & PG_MAPPED)))
			continue;
		if (s->ndirty == MAX_DIRTY) {
			untrack(vp, s);
			return 0;	/* everything is writable now */
		}
		vp->pageflags[p] &= ~PG_SNAP;
		s->dirty[s->ndirty++] = p;
		any = 1;
	}
	return any;
}

/* mem.c: the mappings or permissions of [p0, p1) are about to change
   (unmapping: only its mapped pages change). */
void vx_snap_layout(struct vxpriv *vp, uint32_t p0, uint32_t p1, int unmap)
{
	struct vxsnap *s = vp->snap;

	if (s && !s->untracked)
		record(vp, s, p0, p1, unmap);
}

/* mem.c: the host is about to write [p0, p1) (vxmem_write, a writable
   vxmem_hostptr). */
void vx_snap_write(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	struct vxsnap *s = vp->snap;

	if (s && !s->untracked && record(vp, s, p0, p1, 0) &&
	    vx_mem_apply_prot(vp, p0, p1 < s->npages ? p1 : s->npages) < 0)
		untrack(vp, s);
}

/* signal.c, in the fault handler: the guest's first store to page pg, a
   writable PG_SNAP page.  The store is then run again. */
void vx_snap_write_fault(struct vxpriv *vp, uint32_t pg)
{
	struct vxsnap *s = vp->snap;

	if (!s) {			/* cannot happen: PG_SNAP without one */
		vp->pageflags[pg] &= ~PG_SNAP;
		vx_mem_apply_prot(vp, pg, pg + 1);
		return;
	}
	/* Open the writable clean pages around it too, up to CLUSTER: a
	   guest writes memory in stretches, and a fault costs far more
	   than restoring a page that was not written. */
	uint32_t c0 = pg & ~(CLUSTER - 1), c1 = c0 + CLUSTER, q0 = pg, q1 = pg + 1;
	const uint8_t both = PG_SNAP | VXPERM_WRITE;
	if (c1 > s->npages)
		c1 = s->npages;
	while (q0 > c0 && (vp->pageflags[q0 - 1] & both) == both)
		q0--;
	while (q1 < c1 && (vp->pageflags[q1] & both) == both)
		q1++;
	if (record(vp, s, q0, q1, 0) && vx_mem_apply_prot(vp, q0, q1) < 0)
		untrack(vp, s);
}

/* ---------------------------------------------------------------- reset */

static int by_page(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The recorded contents of page p, or NULL if it was all zero. */
static const uint8_t *saved_page(const struct vxsnap *s, uint32_t p)
{
	uint32_t lo = 0, hi = s->nsaved;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->saved[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nsaved && s->saved[lo] == p ?
		s->data + (size_t)lo * VX_PAGE : NULL;
}

/* The host protection page p will have, as mem.c gives it. */
static int final_prot(struct vxpriv *vp, uint32_t p)
{
	return vx_mem_host_prot(vp->pageflags[p]);
}

/*
 * Put one dirty page back.  Returns 1 if it stays hot: written since
 * the last reset, mapped writable now as at the snapshot, so it is left
 * writable and untracked, and compared again at the next reset; else 0
 * with PG_SNAP set again (to be protected by the caller); -1 on error.
 */
/* Pages mapped since the snapshot are given back in stretches. */
struct discard {
	uint32_t p0, p1;
};

static void discard_flush(struct vxpriv *vp, struct discard *d)
{
	if (d->p1 > d->p0)
		madvise(vp->base + (uint64_t)d->p0 * VX_PAGE,
			(uint64_t)(d->p1 - d->p0) * VX_PAGE, MADV_DONTNEED);
	d->p0 = d->p1 = 0;
}

static void discard_page(struct vxpriv *vp, struct discard *d, uint32_t p)
{
	if (d->p1 != p || d->p1 == d->p0) {
		discard_flush(vp, d);
		d->p0 = p;
	}
	d->p1 = p + 1;
}

static int restore_page(struct vxpriv *vp, struct vxsnap *s, uint32_t p,
			int hot_room, struct discard *dis)
{
	uint8_t *pa = vp->base + (uint64_t)p * VX_PAGE;
	uint8_t want = s->flags[p], now = vp->pageflags[p];
	int same = (now & (PG_MAPPED | PG_PERM)) == (want & (PG_MAPPED | PG_PERM));
	int changed = 1;

	if (want & PG_MAPPED) {
		const uint8_t *d = saved_page(s, p);
		if (same && (want & PG_PERM))	/* the host can read it */
			changed = d ? memcmp(pa, d, VX_PAGE) != 0 : !all_zero(pa);
		if (changed) {
			if (now & PG_CODE) {	/* translations of it go */
				vx_cache_flush(vp);
				now = vp->pageflags[p];
			}
			if (!(vx_mem_host_prot(now) & PROT_WRITE) &&
			    mprotect(pa, VX_PAGE, PROT_READ | PROT_WRITE) < 0)
				return -1;
			if (d)
				memcpy(pa, d, VX_PAGE);
			else
				memset(pa, 0, VX_PAGE);
		}
	} else if (now & PG_MAPPED) {
		/* Mapped since: give the memory back, as unmap does. */
		discard_page(vp, dis, p);
	}
	if (changed && hot_room && same && (want & VXPERM_WRITE) &&
	    !(vp->pageflags[p] & PG_CODE)) {
		vp->pageflags[p] = want;
		return 1;
	}
	vp->pageflags[p] = want | PG_SNAP | (vp->pageflags[p] & PG_CODE);
	return 0;
}

/* Protect again the pages of the sorted list p[0..n) (that left the
   hot set): one mprotect for each stretch of pages (listed, or lying
   between listed ones) that are all to have the same protection. */
static int protect(struct vxpriv *vp, const uint32_t *p, uint32_t n)
{
	for (uint32_t i = 0, j; i < n; i = j) {
		int prot = final_prot(vp, p[i]);
		for (j = i + 1; j < n && p[j] - p[j - 1] <= GROUP_GAP; j++) {
			uint32_t q = p[j - 1] + 1;
			while (q <= p[j] && final_prot(vp, q) == prot)
				q++;
			if (q <= p[j])
				break;
		}
		uint8_t *a = vp->base + (uint64_t)p[i] * VX_PAGE;
		if (mprotect(a, (uint64_t)(p[j - 1] + 1 - p[i]) * VX_PAGE,
			     prot) < 0)
			return -1;
	}
	return 0;
}

/* Every page that is mapped now or was at the snapshot (after tracking
   was given up); tracking starts again afterwards (arm). */
static int restore_all(struct vxpriv *vp, struct vxsnap *s)
{
	struct discard dis = { 0, 0 };

	for (uint32_t p = 0; p < s->npages; p++)
		if ((vp->pageflags[p] | s->flags[p]) & PG_MAPPED &&
		    restore_page(vp, s, p, 0, &dis) < 0)
			return -1;
	discard_flush(vp, &dis);
	return 0;
}

/* The dirty pages: back as recorded; the hot ones stay listed. */
static int restore_dirty(struct vxpriv *vp, struct vxsnap *s)
{
	uint32_t n = s->ndirty, hot = 0, cold = 0;
	uint32_t *back = s->dirty + n;		/* room: see MAX_DIRTY */
	struct discard dis = { 0, 0 };

	qsort(s->dirty, n, sizeof *s->dirty, by_page);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t p = s->dirty[i];
		int r = restore_page(vp, s, p, hot < MAX_HOT, &dis);
		if (r < 0)
			return -1;
		if (r)
			s->dirty[hot++] = p;	/* hot <= i: in place */
		else
			back[cold++] = p;
	}
	discard_flush(vp, &dis);
	s->ndirty = hot;
	return protect(vp, back, cold);
}

/* Registers, x87/SSE, segments and TLS, break. */
static void restore_state(struct vxpriv *vp, struct vxsnap *s)
{
	vxproc *p = vp->proc;

	*p->cpu = s->cpu;
	memcpy(vp->st + ST_FXSAVE, s->fx, sizeof s->fx);
	for (int i = 0; i < VX_NTLS; i++)
		if (vp->tls_used[i] != s->tls_used[i] ||
		    (s->tls_used[i] && vp->tls_base[i] != s->tls_base[i]))
			vxproc_settls(p, i, s->tls_base[i], s->tls_used[i]);
	memcpy(vp->sel, s->sel, sizeof vp->sel);
	if (s->have_call && vp->call) {
		vp->call->gate = s->call.gate;
		vp->call->started = s->call.started;
		vp->call->brk_start = s->call.brk_start;
		vp->call->brk_cur = s->call.brk_cur;
		vp->call->brk_max = s->call.brk_max;
	} else if (vp->call) {
		vp->call->gate = 0;	/* set up again at the next call */
	}
}

int vxproc_reset(vxproc *p)
{
	struct vxpriv *vp = p->priv;
	struct vxsnap *s = vp->snap;
	int r;

	if (busy(vp, "vxproc_reset"))
		return -1;
	if (!s) {
		vx_seterr(vp, "vxproc_reset: no snapshot (vxproc_snapshot)");
		errno = EINVAL;
		return -1;
	}
	r = s->untracked ? restore_all(vp, s) : restore_dirty(vp, s);
	vp->mem->mapped = s->mapped;
	restore_state(vp, s);
	if (r == 0 && s->untracked)
		r = arm(vp, s);
	if (r < 0) {
		/* A page could not be protected: give tracking up, so the
		   next reset restores everything. */
		untrack(vp, s);
		vx_seterr(vp, "vxproc_reset: mprotect failed");
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
