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
 *
 * The memory (struct vxmem) is shared by the vxprocs that are threads of
 * one guest (vxproc_clone()).  Page flags and host protections change
 * together under the memory's lock.  A page stays PG_CODE while any
 * sharer may hold code from it; a write to one invalidates the writer's
 * translations and raises the memory's generation, which makes every
 * other sharer drop its translations before it runs again (it is
 * interrupted to notice).
 */
#define _GNU_SOURCE		/* mremap */
#include <errno.h>
#include <signal.h>
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

void vx_mem_lock(struct vxmem *m)
{
	while (__atomic_exchange_n(&m->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&m->lock, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

void vx_mem_unlock(struct vxmem *m)
{
	__atomic_store_n(&m->lock, 0, __ATOMIC_RELEASE);
}

/*
 * A byte per guest page, 1 MiB, nearly all of it zero for the guest's
 * life: mapped, so that only the pieces a guest's mappings cover are
 * ever backed.  (From malloc it would be 256 pages zeroed and faulted
 * in at every vxproc_alloc once glibc's threshold for mmap'd chunks has
 * risen, as it does after the first free of such a chunk: a tenth of
 * an in-process execve under vxlinux.)
 */
static uint8_t *pageflags_new(void)
{
	void *p = mmap(NULL, VX_PAGES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int vx_mem_init(struct vxpriv *vp, struct vxpriv *share)
{
	struct vxmem *m;

	if (share) {
		m = share->mem;
		vx_mem_lock(m);
		m->refs++;
		vp->mem_next = m->sharers;
		m->sharers = vp;
		vx_mem_unlock(m);
		vp->mem = m;
		vp->base = m->base;
		vp->space = m->space;
		vp->pageflags = m->pageflags;
		vx_state(vp)->guest_base = (uint64_t)(uintptr_t)m->base;
		return 0;
	}
	if (!(m = calloc(1, sizeof *m)) ||
	    !(m->pageflags = pageflags_new())) {
		free(m);
		return -1;
	}
	m->refs = 1;
	m->limit = VX_4G;
	m->space = vp->space;
	m->sharers = vp;
	vp->mem = m;
	vp->pageflags = m->pageflags;
	return 0;
}

void vx_mem_free(struct vxpriv *vp)
{
	struct vxmem *m = vp->mem;
	int last;

	free(vp->codepages);
	if (!m)
		return;
	vx_mem_lock(m);
	for (struct vxpriv **q = &m->sharers; *q; q = &(*q)->mem_next)
		if (*q == vp) {
			*q = vp->mem_next;
			break;
		}
	last = --m->refs == 0;
	vx_mem_unlock(m);
	/* The address space goes with the last of its threads; the others
	   only let go (the seg backend frees their descriptors in fini). */
	if (last && vp->base)
		vp->bk->release(vp);
	vp->base = NULL;
	if (last) {
		munmap(m->pageflags, VX_PAGES);
		free(m);
	}
	vp->mem = NULL;
	vp->pageflags = NULL;
}

/* In a fork's child: the memory's other users were threads of the parent,
   which do not exist here.  Forget them (their vxprocs may still be
   freed: they let go of nothing then), and the lock, which one of them
   may have held at the fork. */
void vx_mem_forked(struct vxpriv *vp)
{
	struct vxmem *m = vp->mem;

	m->lock = 0;
	for (struct vxpriv *q = m->sharers; q; q = q->mem_next)
		if (q != vp) {
			q->mem = NULL;
			q->base = NULL;
		}
	m->sharers = vp;
	vp->mem_next = NULL;
	m->refs = 1;
}

void vx_mem_poke_sharers(struct vxpriv *vp)
{
	struct vxmem *m = vp->mem;

	__atomic_add_fetch(&m->gen, 1, __ATOMIC_SEQ_CST);
	if (m->refs < 2)
		return;
	vx_mem_lock(m);
	for (struct vxpriv *q = m->sharers; q; q = q->mem_next)
		if (q != vp)
			vx_poke(q);
	vx_mem_unlock(m);
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
	vp->mem->base = vp->base;
	vp->mem->space = vp->space;
	return 0;
}

int vx_mem_reserve(struct vxpriv *vp)
{
	return ensure_space(vp);
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
   coalescing runs of equal protection into one mprotect.  (Under the
   memory's lock when it is shared.) */
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

/* Count the pages of [p0, p1) that are unmapped now. */
static uint64_t unmapped_bytes(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	uint64_t n = 0;

	for (uint32_t p = p0; p < p1; p++)
		if (!(vp->pageflags[p] & PG_MAPPED))
			n += VX_PAGE;
	return n;
}

/* The host's shared pages in [p0, p1) go (replaced or unmapped): their
   count.  Under the lock. */
static void shared_gone(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	if (!vp->mem->shared)
		return;
	for (uint32_t p = p0; p < p1; p++)
		if (vp->pageflags[p] & PG_SHARED)
			vp->mem->shared--;
}

/* Any translated code in [p0, p1)?  Its PG_CODE marks are cleared: the
   caller replaces or re-protects those pages, and then (unlocked) drops
   the translations with code_dropped().  Under the lock. */
static int take_code(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	int any = 0;

	for (uint32_t p = p0; p < p1; p++)
		if (vp->pageflags[p] & PG_CODE) {
			vp->pageflags[p] &= ~PG_CODE;
			any = 1;
		}
	return any;
}

static void code_dropped(struct vxpriv *vp)
{
	vx_cache_flush(vp);
	vx_mem_poke_sharers(vp);
}

/* Room under VXLIMIT_MEMORY for the unmapped pages of [p0, p1)?  The
   bytes to add, or -1 (errno ENOMEM).  Under the lock. */
static int64_t room(struct vxpriv *vp, uint32_t p0, uint32_t p1)
{
	uint64_t more = unmapped_bytes(vp, p0, p1);

	if (vp->mem->mapped + more > vp->mem->limit) {
		vx_seterr(vp, "memory limit of %llu bytes reached",
			  (unsigned long long)vp->mem->limit);
		errno = ENOMEM;
		return -1;
	}
	return (int64_t)more;
}

/* vxmem_map, of zeros (fd < 0) or of host descriptor fd's pages from
   off on, private (copy-on-write): pages of the guest's own as far as
   the guest can tell. */
static int map_private(struct vxpriv *vp, uint32_t addr, uint32_t len,
		       int perm, int fd, uint64_t off)
{
	struct vxmem *m = vp->mem;
	uint32_t p0, p1;
	int r = 0, code;

	if ((perm & ~PG_PERM) || page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len) || ensure_space(vp) < 0)
		return -1;
	vx_mem_lock(m);
	int64_t more = room(vp, p0, p1);
	if (more < 0) {
		vx_mem_unlock(m);
		return -1;
	}
	code = take_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 0);
	uint8_t *a = vp->base + (uint64_t)p0 * VX_PAGE;
	size_t n = (uint64_t)(p1 - p0) * VX_PAGE;
	/* A fresh mapping: zero-filled (or fd's), and returns old pages to
	   the host. */
	if (mmap(a, n, host_prot(perm), MAP_PRIVATE | MAP_FIXED |
		 MAP_NORESERVE | (fd < 0 ? MAP_ANONYMOUS : 0), fd,
		 fd < 0 ? 0 : (off_t)off) == MAP_FAILED) {
		r = -1;
	} else {
		shared_gone(vp, p0, p1);
		memset(vp->pageflags + p0, PG_MAPPED | perm, p1 - p0);
		m->mapped += more;
	}
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
}

int vxmem_map(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	return map_private(p->priv, addr, len, perm, -1, 0);
}

int vx_mem_map_private(struct vxpriv *vp, uint32_t addr, uint32_t len,
		       int perm, int fd, uint64_t off)
{
	if (fd < 0 || off % VX_PAGE) {
		errno = EINVAL;
		return -1;
	}
	return map_private(vp, addr, len, perm, fd, off);
}

int vxmem_unmap(vxproc *p, uint32_t addr, uint32_t len)
{
	struct vxpriv *vp = p->priv;
	struct vxmem *m = vp->mem;
	uint32_t p0, p1;
	int r = 0, code;

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
	vx_mem_lock(m);
	code = take_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 1);
	uint64_t gone = (uint64_t)(p1 - p0) * VX_PAGE - unmapped_bytes(vp, p0, p1);
	if (mmap(vp->base + (uint64_t)p0 * VX_PAGE, (uint64_t)(p1 - p0) * VX_PAGE,
		 PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		 MAP_NORESERVE, -1, 0) == MAP_FAILED) {
		r = -1;
	} else {
		shared_gone(vp, p0, p1);
		memset(vp->pageflags + p0, 0, p1 - p0);
		m->mapped -= gone;
	}
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
}

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4
#endif

/*
 * mremap src's n bytes onto dst, leaving src mapped (empty).  A kernel
 * may refuse (EFAULT) a range that spans several host mappings, as pages
 * of different protections are (6.1 does, 6.18 does not): then page by
 * page, each inside one mapping; adjacent pages moved together merge
 * again at dst.  On a failure part way, the pages moved go back.
 */
static int move_pages(uint8_t *src, uint8_t *dst, size_t n)
{
	const int flags = MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP;
	size_t off, back;
	int e;

	if (mremap(src, n, n, flags, dst) == dst)
		return 0;
	if (errno != EFAULT)
		return -1;
	for (off = 0; off < n; off += VX_PAGE)
		if (mremap(src + off, VX_PAGE, VX_PAGE, flags, dst + off) !=
		    dst + off)
			break;
	if (off == n)
		return 0;
	e = errno;
	for (back = 0; back < off; back += VX_PAGE)
		mremap(dst + back, VX_PAGE, VX_PAGE, flags, src + back);
	mmap(dst, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
	     MAP_NORESERVE, -1, 0);
	errno = e;
	return -1;
}

int vxmem_move(vxproc *p, uint32_t from, uint32_t to, uint32_t len)
{
	struct vxpriv *vp = p->priv;
	struct vxmem *m = vp->mem;
	uint32_t p0, p1, q0, q1;
	int r = -1, code;

	if (page_range(from, len, &p0, &p1) < 0 ||
	    page_range(to, len, &q0, &q1) < 0 || (from | to) & (VX_PAGE - 1) ||
	    (p0 < q1 && q0 < p1) || (uint64_t)p1 * VX_PAGE > vp->space ||
	    (uint64_t)q1 * VX_PAGE > vp->space || !vp->base) {
		errno = EINVAL;
		return -1;
	}
	vx_mem_lock(m);
	for (uint32_t i = 0; i < p1 - p0; i++) {
		if (!(vp->pageflags[p0 + i] & PG_MAPPED) ||
		    (vp->pageflags[q0 + i] & PG_MAPPED)) {
			vx_mem_unlock(m);
			errno = EINVAL;
			return -1;
		}
		if ((vp->pageflags[p0 + i] & PG_SHARED) || vp->snap) {
			vx_mem_unlock(m);
			errno = EBUSY;
			return -1;
		}
	}
	/* The code on the pages leaves their addresses: its translations
	   go, and the host protection becomes what the flags say (one
	   protection for one mapping to move, if the guest gave one). */
	if ((code = take_code(vp, p0, p1)) && apply_prot(vp, p0, p1) < 0)
		goto out;
	uint8_t *src = vp->base + (uint64_t)p0 * VX_PAGE;
	uint8_t *dst = vp->base + (uint64_t)q0 * VX_PAGE;
	size_t n = (uint64_t)(p1 - p0) * VX_PAGE;
	/* DONTUNMAP leaves the source mapped (empty), so the reservation
	   never has a hole another host thread's mmap could take. */
	if (move_pages(src, dst, n) < 0)
		goto out;
	memcpy(vp->pageflags + q0, vp->pageflags + p0, p1 - p0);
	if (mmap(src, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		 MAP_NORESERVE, -1, 0) == MAP_FAILED)
		m->mapped += n;	/* the old range stays, as zero pages */
	else
		memset(vp->pageflags + p0, 0, p1 - p0);
	r = 0;
out:
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
}

int vxmem_mapshared(vxproc *p, uint32_t addr, uint32_t len, int perm,
		    int maxperm, vxmem_placefn *place, void *arg)
{
	struct vxpriv *vp = p->priv;
	struct vxmem *m = vp->mem;
	uint32_t p0, p1;
	int r = 0, code, flags;

	if ((maxperm & ~PG_PERM) || (perm & ~maxperm) || !place ||
	    page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len) || ensure_space(vp) < 0)
		return -1;
	if (vp->snap) {
		vx_seterr(vp, "vxmem_mapshared: the guest has a snapshot");
		errno = EBUSY;
		return -1;
	}
	vx_mem_lock(m);
	int64_t more = room(vp, p0, p1);
	if (more < 0) {
		vx_mem_unlock(m);
		return -1;
	}
	code = take_code(vp, p0, p1);
	uint8_t *a = vp->base + (uint64_t)p0 * VX_PAGE;
	size_t n = (uint64_t)(p1 - p0) * VX_PAGE;
	flags = PG_MAPPED | PG_SHARED | perm;
	if (!(maxperm & VXPERM_WRITE))
		flags |= PG_NOWRITE;
	if (place(a, n, host_prot(perm), arg) < 0) {
		/* Perhaps half replaced: make the range plainly unmapped. */
		int e = errno;
		r = -1;
		m->mapped -= n - unmapped_bytes(vp, p0, p1);
		shared_gone(vp, p0, p1);
		memset(vp->pageflags + p0, 0, p1 - p0);
		mmap(a, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		     MAP_NORESERVE, -1, 0);
		errno = e;
	} else {
		shared_gone(vp, p0, p1);
		memset(vp->pageflags + p0, flags, p1 - p0);
		m->shared += p1 - p0;
		m->mapped += more;
		/* the exact protection, whatever place() gave */
		if (apply_prot(vp, p0, p1) < 0)
			r = -1;
	}
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
}

/*
 * The object behind a host mapping (a file) shrank, and host code - the
 * translator reading guest code, the host reading or writing guest
 * memory through vxmem_hostptr - touched a page past its new end: the
 * kernel's SIGBUS.  The guest's own accesses there trap (VXPF_BUS); the
 * host's must go on, so the page becomes private zeros with the
 * protection its flags give, as if the object had been read there.  The
 * flags stay (a shared page that no longer shares is harmless: it only
 * keeps snapshots away).  Only pages of this guest's memory mapped with
 * vxmem_mapshared qualify; any other SIGBUS is not the library's.
 */
int vx_mem_lost_page(struct vxpriv *vp, const siginfo_t *si)
{
	uint8_t *addr = si->si_addr;

	if (!vp || !vp->base || si->si_code != BUS_ADRERR ||
	    addr < vp->base || addr >= vp->base + vp->space)
		return 0;
	uint32_t pg = (uint32_t)((addr - vp->base) / VX_PAGE);
	int flags = __atomic_load_n(&vp->pageflags[pg], __ATOMIC_RELAXED);
	if (!(flags & PG_SHARED))
		return 0;
	void *page = vp->base + (uint64_t)pg * VX_PAGE;
	return mmap(page, VX_PAGE, host_prot(flags), MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == page;
}

int vxmem_discard(vxproc *p, uint32_t addr, uint32_t len)
{
	struct vxpriv *vp = p->priv;
	struct vxmem *m = vp->mem;
	uint32_t p0, p1;
	int r = 0, code;

	if (page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len))
		return -1;
	if (!vp->base)
		return 0;			/* nothing is mapped */
	vx_mem_lock(m);
	/* The contents change under any translation of them. */
	if ((code = take_code(vp, p0, p1)))
		apply_prot(vp, p0, p1);
	if (vp->snap)
		vx_snap_write(vp, p0, p1);
	if (madvise(vp->base + (uint64_t)p0 * VX_PAGE,
		    (uint64_t)(p1 - p0) * VX_PAGE, MADV_DONTNEED) < 0)
		r = -1;
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
}

int vxmem_setperm(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	struct vxpriv *vp = p->priv;
	struct vxmem *m = vp->mem;
	uint32_t p0, p1;
	int code = 0;

	if ((perm & ~PG_PERM) || page_range(addr, len, &p0, &p1) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!inside_space(vp, addr, len) || ensure_space(vp) < 0)
		return -1;
	vx_mem_lock(m);
	int64_t more = room(vp, p0, p1);
	if (more < 0) {
		vx_mem_unlock(m);
		return -1;
	}
	/* Shared memory the host mapped without write access stays so
	   (mprotect would refuse, after the flags had changed). */
	if (perm & VXPERM_WRITE)
		for (uint32_t q = p0; q < p1; q++)
			if (vp->pageflags[q] & PG_NOWRITE) {
				vx_mem_unlock(m);
				vx_seterr(vp, "vxmem_setperm: page %#x is shared "
					  "memory mapped without write access",
					  q * VX_PAGE);
				errno = EACCES;
				return -1;
			}
	/* Changing the permission of translated pages (taking away exec,
	   say): retranslate. */
	for (uint32_t q = p0; q < p1; q++)
		if ((vp->pageflags[q] & PG_CODE) &&
		    (vp->pageflags[q] & PG_PERM) != perm)
			code = 1;
	if (code)
		take_code(vp, p0, p1);
	if (vp->snap)
		vx_snap_layout(vp, p0, p1, 0);
	for (uint32_t q = p0; q < p1; q++)
		vp->pageflags[q] = (vp->pageflags[q] &
				    (PG_CODE | PG_SHARED | PG_NOWRITE)) |
				   PG_MAPPED | perm;
	m->mapped += more;
	int r = apply_prot(vp, p0, p1);
	vx_mem_unlock(m);
	if (code)
		code_dropped(vp);
	return r;
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
	return p->priv->mem->mapped;
}

/* Discard translations of code pages in the range, so the host may
   write: from this guest (which is not running) and from its other
   threads, and make those pages writable again. */
int vx_mem_prepare_write(struct vxpriv *vp, uint32_t addr, uint32_t len)
{
	uint32_t p0, p1;
	int code;

	if (len == 0)
		return 0;
	if (page_range(addr, len, &p0, &p1) < 0)
		return -1;
	vx_mem_lock(vp->mem);
	if ((code = take_code(vp, p0, p1)))
		apply_prot(vp, p0, p1);
	if (vp->snap)
		vx_snap_write(vp, p0, p1);
	vx_mem_unlock(vp->mem);
	if (code)
		code_dropped(vp);
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

/*
 * The guest memory this thread's vx_guest_copy is armed for (guestcopy.S):
 * a fault there, in that one instruction, is the guest's doing (another
 * of its threads unmapped or protected the range after the check), not
 * a bug of the host's.
 */
static __thread struct vxpriv *copy_guard;

int vx_copy_fault(int sig, const siginfo_t *si, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	const uint8_t *addr = si->si_addr;

	struct vxpriv *vp = copy_guard;

	if ((uintptr_t)g[REG_RIP] != (uintptr_t)vx_guest_copy_insn || !vp ||
	    addr < vp->base || addr >= vp->base + vp->space)
		return 0;
	/* A file that shrank under its mapping: zeros, and the copy goes
	   on, as for any host access there. */
	if (sig == SIGBUS && vx_mem_lost_page(vp, si))
		return 1;
	g[REG_RIP] = (greg_t)(uintptr_t)vx_guest_copy_fixup;
	return 1;
}

/*
 * Copy between the host's buf and [addr, addr + len) of the guest, to
 * the guest or from it.  The check and the copy are not atomic: a fault
 * in between is retried (the range may have been made writable again,
 * or been replaced by a mapping as good), and after a few, or once the
 * check fails, EFAULT.
 */
static int guest_copy(vxproc *p, void *buf, uint32_t addr, uint32_t len,
		      int to_guest)
{
	struct vxpriv *vp = p->priv;
	int perm = to_guest ? VXPERM_WRITE : VXPERM_READ;

	if (!len)
		return 0;
	for (int tries = 0; tries < 4; tries++) {
		uint8_t *host = vxmem_hostptr(p, addr, len, perm);
		if (!host)
			return -1;
		copy_guard = vp;
		int r = to_guest ? vx_guest_copy(host, buf, len) :
				   vx_guest_copy(buf, host, len);
		copy_guard = NULL;
		if (r == 0)
			return (int)len;
	}
	errno = EFAULT;
	return -1;
}

int vxmem_read(vxproc *p, void *buf, uint32_t addr, uint32_t len)
{
	return guest_copy(p, buf, addr, len, 0);
}

int vxmem_write(vxproc *p, const void *buf, uint32_t addr, uint32_t len)
{
	return guest_copy(p, (void *)buf, addr, len, 1);
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
	int r = 0;

	vx_mem_lock(vp->mem);
	for (uint32_t pg = lo >> 12; pg < p1 && !r; pg++) {
		if (vp->pageflags[pg] & PG_CODE)
			continue;
		if (vp->ncodepages == vp->maxcodepages) {
			unsigned n = vp->maxcodepages ? 2 * vp->maxcodepages : 256;
			uint32_t *c = realloc(vp->codepages, n * sizeof *c);
			if (!c) {
				r = -1;
				break;
			}
			vp->codepages = c;
			vp->maxcodepages = n;
		}
		vp->codepages[vp->ncodepages++] = pg;
		vp->pageflags[pg] |= PG_CODE;
		if ((vp->pageflags[pg] & VXPERM_WRITE) && apply_prot(vp, pg, pg + 1) < 0)
			r = -1;
	}
	vx_mem_unlock(vp->mem);
	return r;
}

/* From the fault handler: the guest wrote to a code page (or to one
   another thread has just made writable again: the protection is made
   what the flags say, and the store retried). */
void vx_mem_unprotect_code(struct vxpriv *vp, uint32_t page)
{
	vx_mem_lock(vp->mem);
	vp->pageflags[page] &= ~PG_CODE;
	apply_prot(vp, page, page + 1);
	vx_mem_unlock(vp->mem);
}

/* After a flush: this guest's pages hold no code any more.  Another
   thread's translations may still come from them: shared pages stay
   protected (a later write only invalidates once more). */
void vx_mem_reset_code(struct vxpriv *vp)
{
	if (vp->mem && !vx_mem_shared(vp)) {
		vx_mem_lock(vp->mem);
		for (unsigned i = 0; i < vp->ncodepages; i++) {
			uint32_t pg = vp->codepages[i];
			if (vp->pageflags[pg] & PG_CODE) {
				vp->pageflags[pg] &= ~PG_CODE;
				apply_prot(vp, pg, pg + 1);
			}
		}
		vx_mem_unlock(vp->mem);
	}
	vp->ncodepages = 0;
}
