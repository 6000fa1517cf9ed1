/*
 * xcache.c - translations shared by the processes of one tree
 * (vx32_xcache, vx32.h).
 *
 * A host that forks and runs the same programs again and again (vxlinux:
 * a shell's children, make, a test driver) makes every child translate
 * the same blocks: for a static hello, a third of a fork+exec.  An
 * xcache is shared memory, mapped before the forks, where translate.c
 * puts each block it translates (the code as emitted, before any
 * chaining) and where it looks before translating one.
 *
 * What a block's translation depends on, all of which an entry holds
 * and is compared in full before its code is used (no hash decides):
 *   - the guest bytes it was made from, exactly as the translator read
 *     them (its copies, not guest memory read again), and that they are
 *     executable now (fetchable): a page that lost execute permission
 *     must fault, not run a stored translation;
 *   - the bytes of each get-pc thunk a call in it was translated as
 *     (translate.c: pc_thunk_reg), 4 at each;
 *   - the segment selectors and TLS bases folded into it (seg.c);
 *   - the backend (flat only: seg's code lives in one process's low
 *     4 GiB) and the process-wide probe form, which a fork's children
 *     inherit, as they inherit the string routines' addresses that the
 *     code calls: an xcache is never valid across a host execve (its
 *     mapping does not survive one, and its memfd is close-on-exec).
 * Single-stepping and tracing translate one instruction per block and
 * neither look nor add.
 *
 * The code is position-independent within the block (exits to its own
 * stubs, state through %r15, the guest through %gs), so a copy at
 * another place in another process's code cache runs the same; the
 * fragment's links, map, exits to chain and x87/SSE bits are stored
 * beside it and replayed as translate.c would have made them.
 *
 * Program images: a static program's pages are most of what a fork+exec
 * of it costs (a fresh page is a page fault and a page zeroed and
 * copied).  Loading an image (elf.c) looks for an identical one loaded
 * before: its pages, as the loader left them, are kept in the xcache,
 * whose memory is a memfd for that, and mapped into the guest privately
 * (copy-on-write), so the guest's writes stay its own and untouched
 * pages are shared with the page cache of the memfd.  "Identical" is
 * checked in full, never by a hash: the ELF header and program headers
 * byte for byte (so the same segments land at the same places), and
 * every segment's bytes from the file against the stored pages where
 * it lies; whatever no segment's file bytes cover was zero when stored
 * and still is, as nothing writes stored pages again.  Or, where the
 * host gave the file's identity (vxproc_setimageid) and the file had
 * settled when the stored copy was read, the headers and that identity
 * (vx32.h says why that is enough).  As for blocks, the first load
 * marks, the second stores, later ones map.
 *
 * Concurrency: processes add entries at once and never lock.  An entry
 * is allocated by an atomic add on the used count, written whole, then
 * published by a compare-and-swap of an index slot: a reader sees only
 * whole entries.  Entries are never changed or freed; when the memory
 * or an EIP's run of slots is full, nothing more is added.  Every offset and length read
 * back is checked against the mapping before use.  Guests never see
 * this memory: it is outside every guest's reservation and segments.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "priv.h"
#include "xlate.h"

#define XC_MAGIC	0x32435856u	/* "VXC2" */
#define XC_SLOTS	65536		/* the index: 512 KiB */
#define XC_PROBES	16
#define XC_SEEN		1u		/* an index slot's "offset" */
#define XC_MIN		(2u << 20)
#define XC_IMAGES	64		/* program images kept, at most */

/* A program image's record: claimed free -> seen by a compare-and-swap,
   seen -> writing likewise (one process stores it), ready once stored
   (a release store after every field and page). */
enum { XI_FREE, XI_SEEN, XI_WRITING, XI_READY };

struct xc_image {
	uint32_t state;
	uint32_t nhdr;		/* bytes of ELF header and program headers */
	uint64_t fp;		/* a hash of them: which records to compare */
	uint64_t off;		/* the pages [lo, hi), then the headers */
	uint32_t lo, hi, bias;
	uint32_t id_ok;		/* id vouches for the bytes (vx32.h) */
	struct vximageid id;
};

/*
 * The index: open addressing on the EIP, each slot (EIP << 32 | off)
 * changed only by compare-and-swap: 0 empty; off XC_SEEN, the block at
 * EIP was translated once; else the offset of an entry for it (several
 * slots may hold entries for one EIP, made under different keys).
 * Stored is what is translated a second time: a program that runs once
 * leaves marks only, not its code (copying 7 MiB of translations of a
 * python3 start-up into shared memory cost a fifth more start-up).
 */
struct vx32_xcache {
	uint32_t magic;
	uint32_t populated;		/* vxproc_setxcache */
	uint64_t size;			/* bytes mapped */
	uint64_t used;			/* bytes allocated (atomic) */
	int32_t fd;			/* the memfd of this memory, or -1 */
	uint32_t pad;
	uint64_t fd_dev, fd_ino;	/* its identity (fstat) */
	struct xc_image image[XC_IMAGES];
	uint64_t slot[XC_SLOTS];
};

/* The translation state a block's code depends on besides its bytes. */
struct xc_key {
	uint16_t sel[6];
	uint8_t tls_used[VX_NTLS];
	uint8_t pad;
	uint32_t tls_base[VX_NTLS];
};

struct xc_entry {
	uint32_t total;		/* bytes of the entry */
	uint32_t eip, len;	/* guest bytes [eip, eip + len) */
	struct xc_key key;
	uint8_t fp_live;	/* FP_* its instructions set */
	uint8_t ndeps;		/* get-pc thunks */
	uint16_t nlinks;	/* (site, stub) pairs */
	uint16_t nchain;	/* (site, target eip) exits to chain */
	uint16_t seg_baked;	/* tctx.seg_baked: a selector or base in it */
	uint32_t host_off;	/* f->host - code */
	uint32_t code_len;	/* bytes of code */
	uint32_t map_len;	/* bytes of map */
	uint32_t map_ents;
	/* then, each 4-aligned: uint8_t guest[len];
	   struct xc_dep deps[ndeps]; struct xc_pair links[nlinks];
	   struct xc_pair chain[nchain]; uint8_t map[map_len];
	   uint8_t code[code_len] */
};

/* A link or an exit to chain, as offsets from the block's first byte
   (a: a rel32 field; b: its stub, or the exit's target EIP). */
struct xc_pair {
	uint32_t a, b;
};

static uint32_t al4(uint32_t n)
{
	return (n + 3) & ~3u;
}

vx32_xcache *vx32_xcache_new(size_t bytes)
{
	if (bytes < XC_MIN || bytes > (1ul << 31)) {
		errno = EINVAL;
		return NULL;
	}
	bytes = (bytes + VX_PAGE - 1) & ~(size_t)(VX_PAGE - 1);
	/* A memfd, so that stored images can be mapped from it; shared
	   anonymous memory (no images) where there is none. */
	int fd = memfd_create(VX32_XCACHE_NAME, MFD_CLOEXEC);
	if (fd >= 0 && ftruncate(fd, (off_t)bytes) < 0) {
		close(fd);
		fd = -1;
	}
	vx32_xcache *xc = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_NORESERVE |
			       (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);
	if (xc == MAP_FAILED) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		errno = e;
		return NULL;
	}
	xc->magic = XC_MAGIC;
	xc->size = bytes;
	xc->used = sizeof *xc;
	xc->fd = fd;
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0) {
		xc->fd_dev = st.st_dev;
		xc->fd_ino = st.st_ino;
	} else {
		xc->fd = -1;	/* (the memory stays: no images) */
	}
	return xc;
}

int vx32_xcache_movefd(vx32_xcache *xc, int minfd)
{
	if (!xc || xc->magic != XC_MAGIC || minfd < 0) {
		errno = EINVAL;
		return -1;
	}
	if (xc->fd < 0) {
		errno = ENOENT;
		return -1;
	}
	if (xc->fd >= minfd)
		return xc->fd;
	int fd = fcntl(xc->fd, F_DUPFD_CLOEXEC, minfd);
	if (fd < 0)
		return -1;
	close(xc->fd);
	xc->fd = fd;
	return fd;
}

void vx32_xcache_free(vx32_xcache *xc)
{
	if (xc) {
		if (xc->fd >= 0)
			close(xc->fd);
		munmap(xc, xc->size);
	}
}

int vxproc_setxcache(vxproc *p, vx32_xcache *xc)
{
	struct vxpriv *vp = p->priv;

	if (xc && xc->magic != XC_MAGIC) {
		errno = EINVAL;
		return -1;
	}
	/* seg: translated code is 32-bit, placed in this process's low
	   memory; nothing to share. */
	vp->xcache = vp->xl == &vx_xlate_flat ? xc : NULL;
	/* The index, in one call the first time (128 pages of shared
	   memory faulted in one at a time by every process that marks
	   blocks cost more); its pages then only need mapping in the
	   processes that follow. */
	if (vp->xcache && !__atomic_exchange_n(&xc->populated, 1,
					       __ATOMIC_RELAXED))
		madvise(xc->slot, sizeof xc->slot, MADV_POPULATE_WRITE);
	return 0;
}

static void get_key(struct vxpriv *vp, struct xc_key *k)
{
	memset(k, 0, sizeof *k);
	memcpy(k->sel, vp->sel, sizeof k->sel);
	memcpy(k->tls_used, vp->tls_used, sizeof k->tls_used);
	memcpy(k->tls_base, vp->tls_base, sizeof k->tls_base);
}

static uint32_t slot_of(uint32_t eip)
{
	return (eip * 0x9e3779b1u) >> 16;		/* XC_SLOTS = 2^16 */
}

static uint64_t *slot_at(vx32_xcache *xc, uint32_t eip, int i)
{
	return &xc->slot[(slot_of(eip) + i) & (XC_SLOTS - 1)];
}

/* The entry at off, if it lies whole inside the mapping. */
static const struct xc_entry *entry_at(const vx32_xcache *xc, uint32_t off)
{
	const struct xc_entry *e;

	if (off < sizeof *xc || off % 4 || off > xc->size - sizeof *e)
		return NULL;
	e = (const void *)((const uint8_t *)xc + off);
	if (e->total < sizeof *e || e->total > xc->size - off)
		return NULL;
	return e;
}

/* Where the parts of an entry lie, as offsets from its start, and its
   size: the layout vx_xcache_add writes and parts() reads. */
struct xc_layout {
	uint64_t guest, deps, links, chain, map, code, end;
};

static void layout(const struct xc_entry *e, struct xc_layout *l)
{
	l->guest = sizeof *e;
	l->deps = l->guest + al4(e->len);
	l->links = l->deps + (uint64_t)e->ndeps * sizeof(struct xc_dep);
	l->chain = l->links + (uint64_t)e->nlinks * sizeof(struct xc_pair);
	l->map = l->chain + (uint64_t)e->nchain * sizeof(struct xc_pair);
	l->code = l->map + al4(e->map_len);
	l->end = l->code + al4(e->code_len);
}

/* Where the parts of e lie; 0 if they do not fit in e->total. */
struct xc_parts {
	const uint8_t *guest, *map, *code;
	const struct xc_dep *deps;
	const struct xc_pair *links, *chain;
};

static int parts(const struct xc_entry *e, struct xc_parts *p)
{
	const uint8_t *b = (const uint8_t *)e;
	struct xc_layout l;

	layout(e, &l);
	p->guest = b + l.guest;
	p->deps = (const void *)(b + l.deps);
	p->links = (const void *)(b + l.links);
	p->chain = (const void *)(b + l.chain);
	p->map = b + l.map;
	p->code = b + l.code;
	return e->len && e->len <= MAX_BLOCK_INSNS * 15 &&
	       l.end <= e->total && e->code_len >= 16 &&
	       e->host_off < e->code_len;
}

/* Are the guest bytes [eip, eip + len) executable, and equal to b?
   Where another thread may write them, they are protected as code
   first (as translate.c does before reading), so that a write from
   then on marks the translation stale. */
static int same_code(struct vxpriv *vp, uint32_t eip, uint32_t len,
		     const uint8_t *b)
{
	if ((uint64_t)eip + len >= VX_4G ||	/* (never stored: see */
	    !vxmem_checkperm(vp->proc, eip, len, VXPERM_EXEC, NULL))
		return 0;			/* vx_xcache_add) */
	if (vx_mem_shared(vp) && vx_mem_protect_code(vp, eip, eip + len) < 0)
		return 0;
	return memcmp(vp->base + eip, b, len) == 0;
}

static int grow_map(struct vxpriv *vp, uint32_t more)
{
	if (vp->maxmap - vp->nmap >= more)
		return 0;
	unsigned n = vp->maxmap ? vp->maxmap : 16384;
	while (n - vp->nmap < more)
		n *= 2;
	uint8_t *m = realloc(vp->map, n);
	if (!m)
		return -1;
	vp->map = m;
	vp->maxmap = n;
	return 0;
}

/*
 * Install a stored translation of the block at eip, if there is one
 * whose every dependency holds now.  translate.c has made room for a
 * block in the cache and the fragment list.  Returns the fragment, NULL
 * if none, or NULL with *nomem set.
 */
struct frag *vx_xcache_install(struct vxpriv *vp, uint32_t eip, int *nomem,
			       int *seen)
{
	vx32_xcache *xc = vp->xcache;
	struct vxstate *st = vx_state(vp);
	const struct xc_entry *e = NULL;
	struct xc_parts p;
	struct xc_key key;

	*nomem = *seen = 0;
	get_key(vp, &key);
	for (int i = 0;; i++) {
		uint64_t s = i < XC_PROBES ?
			__atomic_load_n(slot_at(xc, eip, i), __ATOMIC_ACQUIRE) : 0;
		if (!s)
			return NULL;
		if (s >> 32 != eip)
			continue;
		*seen = 1;
		if ((uint32_t)s == XC_SEEN || !(e = entry_at(xc, (uint32_t)s)))
			continue;
		if (e->eip != eip || memcmp(&e->key, &key, sizeof key) ||
		    !parts(e, &p) ||
		    e->code_len > vp->cache_limit - vp->cache_used ||
		    !same_code(vp, eip, e->len, p.guest))
			continue;
		int ok = 1;
		for (int j = 0; j < e->ndeps && ok; j++)
			ok = p.deps[j].addr < VX_4G - 4 &&
			     vx_mem_protect_code(vp, p.deps[j].addr,
						 p.deps[j].addr + 4) == 0 &&
			     same_code(vp, p.deps[j].addr, 4, p.deps[j].b);
		if (ok)
			break;
	}

	uint8_t *code = vp->cache + vp->cache_used;
	for (int i = 0; i < e->nlinks; i++)
		if (p.links[i].a > e->code_len - 4 ||
		    p.links[i].b >= e->code_len)
			return NULL;
	for (int i = 0; i < e->nchain; i++)
		if (p.chain[i].a > e->code_len - 4)
			return NULL;
	unsigned nlinks0 = vp->nlinks;
	if (grow_map(vp, e->map_len) < 0)
		goto nomem;
	memcpy(code, p.code, e->code_len);
	memcpy(vp->map + vp->nmap, p.map, e->map_len);
	for (int i = 0; i < e->nlinks; i++)
		if (vx_cache_add_link(vp, code + p.links[i].a,
				      code + p.links[i].b) < 0)
			goto nomem;

	/* As translate.c does for an instruction that uses x87/SSE. */
	if (e->fp_live & ~st->fp_live & FP_X87)
		st->fp_soft = 0;
	st->fp_live |= e->fp_live;
	/* As translate.c does: a change of segment state flushes it. */
	vp->seg_baked |= e->seg_baked != 0;

	unsigned map0 = vp->nmap;
	vp->nmap += e->map_len;
	vp->nmapent += e->map_ents;
	vp->nxcache++;
	struct frag *f = vx_cache_commit(vp, eip, eip + e->len, code,
					 code + e->host_off,
					 code + e->code_len, map0);
	for (int i = 0; i < e->nchain; i++)
		vx_cache_chain(vp, code + p.chain[i].a, p.chain[i].b);
	if (vx_mem_protect_code(vp, eip, f->eip_end) < 0) {
		*nomem = 1;	/* (the fragment stands, as in translate.c) */
		return NULL;
	}
	return f;

nomem:
	/* Links into code that is not a fragment would be patched by the
	   next invalidation, over whatever is translated there next. */
	vp->nlinks = nlinks0;
	*nomem = 1;
	return NULL;
}

/* Put (eip, off) into the index: over eip's XC_SEEN mark, or into an
   empty slot.  A full probe sequence drops it. */
static void publish(vx32_xcache *xc, uint32_t eip, uint32_t off)
{
	uint64_t want = (uint64_t)eip << 32 | off;

	for (int i = 0; i < XC_PROBES; i++) {
		uint64_t *sl = slot_at(xc, eip, i);
		uint64_t s = __atomic_load_n(sl, __ATOMIC_RELAXED);
		while (s == 0 || (off != XC_SEEN &&
				  s == ((uint64_t)eip << 32 | XC_SEEN))) {
			if (__atomic_compare_exchange_n(sl, &s, want, 0,
							__ATOMIC_RELEASE,
							__ATOMIC_RELAXED))
				return;
		}
		if (off == XC_SEEN && s >> 32 == eip)
			return;		/* marked meanwhile */
	}
}

/*
 * The block translate.c has just made (code [code, code + code_len),
 * its fragment f, before any chaining): if vx_xcache_install found its
 * EIP seen before (seen), stored; else only marked as seen.  Best
 * effort: a full xcache or a block it cannot describe is left out.
 */
void vx_xcache_add(struct vxpriv *vp, const struct tctx *t,
		   const uint8_t *code, uint32_t code_len,
		   const struct frag *f, unsigned link0, int seen)
{
	vx32_xcache *xc = vp->xcache;
	struct xc_entry e;
	struct xc_layout l;
	uint32_t len = f->eip_end - f->eip;

	if (!seen) {
		publish(xc, f->eip, XC_SEEN);
		return;
	}

	if (t->nguest != len || len == 0 || t->ndeps < 0 ||
	    (uint64_t)f->eip + len >= VX_4G)
		return;
	memset(&e, 0, sizeof e);
	e.eip = f->eip;
	e.len = len;
	get_key(vp, &e.key);
	e.fp_live = t->fp_live;
	e.seg_baked = t->seg_baked;
	e.ndeps = t->ndeps;
	e.nlinks = vp->nlinks - link0;
	e.nchain = t->nexits;
	e.host_off = f->host - code;
	e.code_len = code_len;
	e.map_len = f->nmap;
	e.map_ents = t->nmapent;
	layout(&e, &l);
	if (l.end > (1u << 20))
		return;
	e.total = l.end;
	uint64_t off = __atomic_fetch_add(&xc->used, e.total, __ATOMIC_RELAXED);
	if (off > xc->size || e.total > xc->size - off)
		return;			/* full: nothing more is added */
	/* Shared memory faulted in a page at a time costs more than the
	   copy into it: the first entry in each 1 MiB populates the next
	   MiB in one call (whoever gets there first). */
	if (off >> 20 != (off + e.total) >> 20) {
		uint64_t next = (((off + e.total) >> 20) + 1) << 20;
		if (next < xc->size)
			madvise((uint8_t *)xc + next,
				xc->size - next < (1u << 20) ?
				xc->size - next : (1u << 20),
				MADV_POPULATE_WRITE);
	}

	uint8_t *w = (uint8_t *)xc + off;
	memcpy(w + l.guest, t->guest, len);
	memcpy(w + l.deps, t->deps, e.ndeps * sizeof *t->deps);
	/* The block's links, as vx_translate recorded them (cache.c), now
	   from its first byte. */
	uint32_t base = code - vp->cache;
	for (int i = 0; i < e.nlinks; i++) {
		const struct link *k = &vp->links[link0 + i];
		struct xc_pair c = { k->site - base, k->stub - base };
		memcpy(w + l.links + i * sizeof c, &c, sizeof c);
	}
	for (int i = 0; i < e.nchain; i++) {
		struct xc_pair c = { t->exits[i].site - code,
				     t->exits[i].target };
		memcpy(w + l.chain + i * sizeof c, &c, sizeof c);
	}
	memcpy(w + l.map, vp->map + f->map, e.map_len);
	memcpy(w + l.code, code, code_len);

	memcpy(w, &e, sizeof e);
	publish(xc, e.eip, (uint32_t)off);
}

/*
 * Program images.
 */

/* The ELF header and program headers of a checked image, as one key. */
static uint32_t image_hdr(const uint8_t *img, const uint8_t **ph)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;

	*ph = img + eh->e_phoff;
	return sizeof *eh + eh->e_phnum * sizeof(Elf32_Phdr);
}

static uint64_t image_fp(const uint8_t *img)
{
	const uint8_t *ph;
	uint32_t n = image_hdr(img, &ph);
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	for (uint32_t i = 0; i < n; i++) {
		uint8_t b = i < sizeof(Elf32_Ehdr) ? img[i]
						   : ph[i - sizeof(Elf32_Ehdr)];
		h = (h ^ b) * 0x100000001b3ull;
	}
	return h;
}

/* Does record r hold img's pages, placed at [lo, hi) with bias?  Its
   offsets are checked against the mapping before anything is read.
   The bytes of the segments are compared unless the record's identity
   vouches for them and is id. */
static int image_same(const vx32_xcache *xc, const struct xc_image *r,
		      const uint8_t *img, uint32_t lo, uint32_t hi,
		      uint32_t bias, const struct vximageid *id)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
	const uint8_t *h;
	uint32_t nhdr = image_hdr(img, &h);
	uint64_t span = (uint64_t)hi - lo;

	if (r->lo != lo || r->hi != hi || r->bias != bias ||
	    r->nhdr != nhdr || r->off % VX_PAGE || r->off < sizeof *xc ||
	    r->off > xc->size || span + nhdr > xc->size - r->off)
		return 0;
	const uint8_t *pages = (const uint8_t *)xc + r->off;
	if (memcmp(pages + span, img, sizeof *eh) ||
	    memcmp(pages + span + sizeof *eh, h, nhdr - sizeof *eh))
		return 0;
	if (id && r->id_ok && !memcmp(&r->id, id, sizeof *id))
		return 1;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *s = &ph[i];
		if (s->p_type != PT_LOAD || s->p_memsz == 0)
			continue;
		/* (elf.c: the segment lies in the file and in [lo, hi)) */
		uint32_t at = s->p_vaddr + bias - lo;
		if (memcmp(pages + at, img + s->p_offset, s->p_filesz))
			return 0;
	}
	return 1;
}

/* Is xc->fd still the memfd of this memory?  (A host that moved it
   after its forks, or closed it, would otherwise have some other file
   mapped into a guest.) */
static int fd_ok(const vx32_xcache *xc)
{
	struct stat st;

	return xc->fd >= 0 && fstat(xc->fd, &st) == 0 &&
	       st.st_dev == xc->fd_dev && st.st_ino == xc->fd_ino;
}

int vx_xcache_image_map(struct vxpriv *vp, const uint8_t *img,
			uint32_t lo, uint32_t hi, uint32_t bias,
			const struct vximageid *id)
{
	vx32_xcache *xc = vp->xcache;

	if (!xc || xc->fd < 0)
		return 0;
	uint64_t fp = image_fp(img);
	for (int i = 0; i < XC_IMAGES; i++) {
		const struct xc_image *r = &xc->image[i];
		if (__atomic_load_n(&r->state, __ATOMIC_ACQUIRE) != XI_READY ||
		    r->fp != fp || !image_same(xc, r, img, lo, hi, bias, id))
			continue;
		if (!fd_ok(xc))
			return 0;
		return vx_mem_map_private(vp, lo, hi - lo,
					  VXPERM_READ | VXPERM_WRITE, xc->fd,
					  r->off) == 0;
	}
	return 0;
}

void vx_xcache_image_add(struct vxpriv *vp, const uint8_t *img,
			 uint32_t lo, uint32_t hi, uint32_t bias,
			 const struct vximageid *id, int64_t read_ns)
{
	vx32_xcache *xc = vp->xcache;
	struct xc_image *seen = NULL;

	if (!xc || xc->fd < 0)
		return;
	uint64_t fp = image_fp(img);
	/* Its mark, if a load made one; else (also where only other
	   images of the same headers are stored) a mark now. */
	for (int i = 0; i < XC_IMAGES && !seen; i++) {
		struct xc_image *r = &xc->image[i];
		uint32_t s = __atomic_load_n(&r->state, __ATOMIC_ACQUIRE);
		if (s == XI_FREE) {
			if (__atomic_compare_exchange_n(&r->state, &s,
							XI_WRITING, 0,
							__ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED)) {
				r->fp = fp;
				__atomic_store_n(&r->state, XI_SEEN,
						 __ATOMIC_RELEASE);
				return;
			}
			i--;		/* taken meanwhile: look again */
			continue;
		}
		if (s == XI_SEEN && r->fp == fp &&
		    __atomic_compare_exchange_n(&r->state, &s, XI_WRITING, 0,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			seen = r;
	}
	if (!seen)
		return;			/* no room, or another stores it */

	const uint8_t *h;
	uint32_t nhdr = image_hdr(img, &h);
	uint64_t span = (uint64_t)hi - lo;
	uint64_t total = span + nhdr + VX_PAGE;	/* (room to align) */
	uint64_t off = __atomic_fetch_add(&xc->used, total, __ATOMIC_RELAXED);
	if (off > xc->size || total > xc->size - off)
		return;			/* full: the record stays "writing" */
	off = (off + VX_PAGE - 1) & ~(uint64_t)(VX_PAGE - 1);
	uint8_t *w = (uint8_t *)xc + off;
	/* (Shared memory faulted in a page at a time costs more.) */
	madvise(w, span, MADV_POPULATE_WRITE);
	memcpy(w, vp->base + lo, span);
	memcpy(w + span, img, sizeof(Elf32_Ehdr));
	memcpy(w + span + sizeof(Elf32_Ehdr), h, nhdr - sizeof(Elf32_Ehdr));
	seen->nhdr = nhdr;
	seen->off = off;
	seen->lo = lo;
	seen->hi = hi;
	seen->bias = bias;
	/* A change after read_ns sets a change time after read_ns -
	   granularity: never this one, if it is older than that. */
	if (id && id->ctime_ns < read_ns - VX32_IMAGEID_SETTLE * 1000000000ll) {
		seen->id = *id;
		seen->id_ok = 1;
	}
	__atomic_store_n(&seen->state, XI_READY, __ATOMIC_RELEASE);
}

int vxproc_setimageid(vxproc *p, const struct vximageid *id)
{
	if (!id) {
		errno = EINVAL;
		return -1;
	}
	p->priv->imageid = *id;
	p->priv->has_imageid = 1;
	return 0;
}
