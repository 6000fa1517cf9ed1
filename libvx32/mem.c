/*
 * mem.c - guest memory: page permissions, and the vxmem_* calls that let
 * the host read and write guest memory safely.
 *
 * The guest address space [0, space) lies at vp->base, reserved by the
 * backend (flat.c: 4 GiB-aligned with a guard tail; segmem.c: below
 * 4 GiB, where an LDT segment can describe it).  Host protections follow
 * guest permissions, except that pages holding translated code lose host
 * write permission (PG_CODE), so a guest store to them faults and
 * invalidates the translations (signal.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "backend.h"

static int host_prot(int flags)
{
	int prot = PROT_NONE;

	if (flags & PG_PERM)
		prot = PROT_READ;	/* x86: write and exec imply read */
	if ((flags & VXPERM_WRITE) && !(flags & (PG_CODE | PG_SNAP)))
		prot |= PROT_WRITE;
	return prot;
}

int vx_mem_init(struct vxpriv *vp)
{
	vp->pageflags = calloc(VX_PAGES, 1);
	if (!vp->pageflags)
		return -1;
	if (!vp->mem_limit)
		vp->mem_limit = VX_4G;
	return 0;
}

void vx_mem_free(struct vxpriv *vp)
{
	if (vp->base)
		vp->bk->release(vp);
	free(vp->pageflags);
	free(vp->codepages);
	vp->base = NULL;
}

/* The guest address space, reserved by the backend on first need. */
static int ensure_space(struct vxpriv *vp)
{
	if (vp->base)
		return 0;
	if (vp->bk->reserve(vp) < 0) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* A range to map must lie inside the guest address space. */
static int inside_space(struct vxpriv *vp, uint32_t addr, uint32_t len)
{
	if ((uint64_t)addr + len <= vp->space)
		return 1;
	vx_seterr(vp, "0x%08x..0x%08llx lies outside the guest address space "
		  "[0, 0x%llx) (%s backend)", addr,
		  (unsigned long long)addr + len - 1,
		  (unsigned long long)vp->space, vp->bk->name);
	errno = ENOMEM;
	return 0;
}

/* Page range of [addr, addr+len); -1 (EINVAL) if it wraps past 4 GiB. */
static int page_range(uint32_t addr, uint32_t len, uint32_t *p0, uint32_t *p1)
{
	if (len == 0 || (uint64_t)addr + len > VX_4G) {
		errno = len ? EFAULT : EINVAL;
		return -1;
	}
	*p0 = addr >> 12;
	*p1 = (uint32_t)(((uint64_t)addr + len + VX_PAGE - 1) >> 12);
	return 0;
}

/* Apply the host protection of pages [p0, p1) as their flags say,
   coalescing runs of equal protection into one mprotect. */
static int apply_prot(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	while (p0 < p1) {
		int prot = host_prot(vp->pageflags[p0]);
		uint32_t q = p0 + 1;
		while (q < p1 && host_prot(vp->pageflags[q]) == prot)
			q++;
		if (mprotect(vp->base + (uint64_t)p0 * VX_PAGE,
			     (uint64_t)(q - p0) * VX_PAGE, prot) < 0)
			return -1;
		p0 = q;
	}
	return 0;
}

/* Snapshots (snapshot.c): the protection of pages whose flags it set. */
int vx_mem_apply_prot(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	return apply_prot(vp, p0, p1);
}

int vx_mem_host_prot(int flags)
{
	return host_prot(flags);
}

/* Does [p0, p1) hold translated code?  Then that code must go first. */
static void drop_code(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	for (uint32_t p = p0; p < p1; p++) {
		if (vp->pageflags[p] & PG_CODE) {
			vx_cache_flush(vp);
			return;
		}
	}
}

/* Count the pages of [p0, p1) that are unmapped now. */
static uint64_t unmapped_bytes(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	uint64_t n = 0;

	for (uint32_t p = p0; p < p1; p++)
		if (!(vp->pageflags[p] & PG_MAPPED))
			n += VX_PAGE;
	return n;
}

int vxmem_map(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	struct vxpriv *vp = p->priv;
	uint32_t p0, p1;

	if ((perm & ~PG_PERM) || page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len) || ensure_space(vp) < 0)
		return -1;
	uint64_t more = unmapped_bytes(vp, p0, p1);
	if (vp->mapped + more > vp->mem_limit) {
		vx_seterr(vp, "memory limit of %llu bytes reached",
			  (unsigned long long)vp->mem_limit);
		errno = ENOMEM;
		return -1;
	}
	drop_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 0);
	uint8_t *a = vp->base + (uint64_t)p0 * VX_PAGE;
	size_t n = (uint64_t)(p1 - p0) * VX_PAGE;
	/* A fresh mapping: zero-filled, and returns old pages to the host. */
	if (mmap(a, n, host_prot(perm), MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
		return -1;
	memset(vp->pageflags + p0, PG_MAPPED | perm, p1 - p0);
	vp->mapped += more;
	return 0;
}

int vxmem_unmap(vxproc *p, uint32_t addr, uint32_t len)
{
	struct vxpriv *vp = p->priv;
	uint32_t p0, p1;

	if (page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!vp->base)
		return 0;			/* nothing is mapped */
	if ((uint64_t)p1 * VX_PAGE > vp->space)	/* nothing is beyond */
		p1 = vp->space / VX_PAGE;
	if (p0 >= p1)
		return 0;
	drop_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 1);
	uint64_t gone = (uint64_t)(p1 - p0) * VX_PAGE - unmapped_bytes(vp, p0, p1);
	if (mmap(vp->base + (uint64_t)p0 * VX_PAGE, (uint64_t)(p1 - p0) * VX_PAGE,
		 PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		 MAP_NORESERVE, -1, 0) == MAP_FAILED)
		return -1;
	memset(vp->pageflags + p0, 0, p1 - p0);
	vp->mapped -= gone;
	return 0;
}

int vxmem_setperm(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	struct vxpriv *vp = p->priv;
	uint32_t p0, p1;

	if ((perm & ~PG_PERM) || page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len) || ensure_space(vp) < 0)
		return -1;
	uint64_t more = unmapped_bytes(vp, p0, p1);
	if (vp->mapped + more > vp->mem_limit) {
		vx_seterr(vp, "memory limit of %llu bytes reached",
			  (unsigned long long)vp->mem_limit);
		errno = ENOMEM;
		return -1;
	}
	/* Taking away exec (or anything) from translated pages: retranslate. */
	for (uint32_t q = p0; q < p1; q++)
		if ((vp->pageflags[q] & PG_CODE) &&
		    (vp->pageflags[q] & PG_PERM) != perm) {
			vx_cache_flush(vp);
			break;
		}
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 0);
	for (uint32_t q = p0; q < p1; q++)
		vp->pageflags[q] = (vp->pageflags[q] & PG_CODE) | PG_MAPPED |
				   perm;
	vp->mapped += more;
	return apply_prot(vp, p0, p1);
}

int vxmem_checkperm(vxproc *p, uint32_t addr, uint32_t len, int perm,
		    uint32_t *fault_addr)
{
	struct vxpriv *vp = p->priv;
	uint64_t a = addr, end = (uint64_t)addr + len;

	if (len == 0)
		return 1;
	while (a < end) {
		if (a >= VX_4G || (vp->pageflags[a >> 12] & perm) != perm) {
			if (fault_addr)
				*fault_addr = (uint32_t)a;
			return 0;
		}
		a = (a | (VX_PAGE - 1)) + 1;
	}
	return 1;
}

uint64_t vxmem_mapped(vxproc *p)
{
	return p->priv->mapped;
}

/* Discard translations of code pages in the range, so the host may write. */
int vx_mem_prepare_write(struct vxpriv *vp, uint32_t addr, uint32_t len)
{
	uint32_t p0, p1;

	if (len == 0)
		return 0;
	if (page_range(addr, len, &p0, &p1) < 0)
		return -1;
	drop_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_write(vp, p0, p1);
	return 0;
}

void *vxmem_hostptr(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	struct vxpriv *vp = p->priv;

	if (perm & ~PG_PERM) {
		errno = EINVAL;
		return NULL;
	}
	if (!vxmem_checkperm(p, addr, len, perm, NULL)) {
		errno = EFAULT;
		return NULL;
	}
	if ((perm & VXPERM_WRITE) && vx_mem_prepare_write(vp, addr, len) < 0)
		return NULL;
	return vp->base + addr;
}

int vxmem_read(vxproc *p, void *buf, uint32_t addr, uint32_t len)
{
	void *src = vxmem_hostptr(p, addr, len, VXPERM_READ);

	if (!src && len)
		return -1;
	memcpy(buf, src, len);
	return (int)len;
}

int vxmem_write(vxproc *p, const void *buf, uint32_t addr, uint32_t len)
{
	void *dst = vxmem_hostptr(p, addr, len, VXPERM_WRITE);

	if (!dst && len)
		return -1;
	memcpy(dst, buf, len);
	return (int)len;
}

long vxmem_strlen(vxproc *p, uint32_t addr, uint32_t max)
{
	struct vxpriv *vp = p->priv;
	uint64_t a = addr;

	for (;;) {
		if (a >= VX_4G || !(vp->pageflags[a >> 12] & VXPERM_READ))
			break;
		uint64_t chunk = VX_PAGE - (a & (VX_PAGE - 1));
		const char *s = (const char *)vp->base + a;
		const char *z = memchr(s, 0, chunk);
		if (z) {
			uint64_t n = a + (z - s) - addr;
			if (n > max)
				break;
			return (long)n;
		}
		a += chunk;
		if (a - addr > max)
			break;
	}
	errno = EFAULT;
	return -1;
}

/* Write-protect the host copy of pages holding code in [lo, hi). */
int vx_mem_protect_code(struct vxpriv *vp, uint32_t lo, uint32_t hi)
{
	uint32_t p1 = hi == 0xffffffff ? VX_PAGES : (hi + VX_PAGE - 1) >> 12;

	for (uint32_t pg = lo >> 12; pg < p1; pg++) {
		if (vp->pageflags[pg] & PG_CODE)
			continue;
		if (vp->ncodepages == vp->maxcodepages) {
			unsigned n = vp->maxcodepages ? 2 * vp->maxcodepages : 256;
			uint32_t *c = realloc(vp->codepages, n * sizeof *c);
			if (!c)
				return -1;
			vp->codepages = c;
			vp->maxcodepages = n;
		}
		vp->codepages[vp->ncodepages++] = pg;
		vp->pageflags[pg] |= PG_CODE;
		if ((vp->pageflags[pg] & VXPERM_WRITE) && apply_prot(vp, pg, pg + 1) < 0)
			return -1;
	}
	return 0;
}

/* From the fault handler: the guest wrote to a code page. */
void vx_mem_unprotect_code(struct vxpriv *vp, uint32_t page)
{
	vp->pageflags[page] &= ~PG_CODE;
	apply_prot(vp, page, page + 1);
}

/* After a flush: no page holds code any more. */
void vx_mem_reset_code(struct vxpriv *vp)
{
	for (unsigned i = 0; i < vp->ncodepages; i++) {
		uint32_t pg = vp->codepages[i];
		if (vp->pageflags[pg] & PG_CODE) {
			vp->pageflags[pg] &= ~PG_CODE;
			apply_prot(vp, pg, pg + 1);
		}
	}
	vp->ncodepages = 0;
}
