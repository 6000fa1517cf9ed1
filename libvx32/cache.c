/*
 * cache.c - the code cache: fragment storage, the EIP -> fragment maps
 * (a chained hash for the runtime and the inline table that translated
 * code probes for indirect branches), chaining of direct exits, and
 * flushing.
 *
 * Fragments are allocated sequentially, so vp->frags is sorted by host
 * address and a host PC maps back to its fragment by binary search.
 * Nothing is ever freed piecemeal: a full cache, or code written by the
 * guest, flushes everything (the latter lazily, see vx_cache_invalidate).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "priv.h"
#include "backend.h"
#include "xlate.h"

#define CACHE_DEFAULT	(32u << 20)
#define CACHE_MIN	(256u << 10)
#define FHASH_MIN	(1u << 12)	/* hash slots: first size */

/*
 * The runtime's EIP -> fragment map is open-addressed with linear
 * probing, each slot holding the EIP beside the fragment's index, so
 * that a lookup (several per translation, one per exit) usually touches
 * one cache line: with chains through the fragments, a lookup missed
 * in the cache twice, and those misses were 6% of Python's start-up.
 * At most half the slots are in use; nothing is removed but by a flush.
 */
static uint32_t fhash_index(struct vxpriv *vp, uint32_t eip)
{
	return (eip * 0x9e3779b1u) >> (32 - __builtin_ctz(vp->fhash_size));
}

/*
 * Empty the inline table.  Entry k is probed only by EIPs whose low 16
 * bits are k, and holds -eip (emit_lookup), so 0 (-0) can match no probe
 * except in entry 0, which gets -1 instead.  The host pointers of empty
 * entries are never used.  Untouched since the last reset, the table is
 * left alone, so that a new guest does not fault in 256 KiB of zeros.
 */
static void inline_reset(struct vxpriv *vp)
{
	uint32_t *heip = (uint32_t *)(vp->st + ST_HASH_EIP);

	/* Every filled slot holds a live fragment's EIP, one that missed
	   the table twice (vx_cache_inline_insert): clearing those slots
	   alone never touches a page of the table that no insert touched
	   (a memset of all 256 KiB cost /bin/true 64 page faults, 2.6% of
	   its start-up). */
	if (vp->inline_dirty)
		for (unsigned i = 0; i < vp->nfrags; i++)
			if (vp->frags[i].misses >= 2)
				heip[vp->frags[i].eip & (VX_HASH_SIZE - 1)] = 0;
	heip[0] = 0xffffffff;
	vp->inline_dirty = 0;
}

/*
 * Where the first fragment goes: after the glue (64 bytes), plus
 * VX32_CACHEPAD times 16 bytes (0-255; read once per process).  For
 * measurements only: how fast a hot loop runs changes with where its
 * code lands, by up to a fifth here, and comparing two builds over a
 * range of offsets (tools/layout-ab.sh) tells their difference from
 * that (doc/perf.md, "Measuring over layouts").
 */
static unsigned first_frag(void)
{
	static int pad = -1;
	int v = __atomic_load_n(&pad, __ATOMIC_RELAXED);

	if (v < 0) {
		const char *e = getenv("VX32_CACHEPAD");
		v = e ? atoi(e) : 0;
		v = v < 0 ? 0 : v > 255 ? 255 : v;
		__atomic_store_n(&pad, v, __ATOMIC_RELAXED);
	}
	return 64 + 16 * v;
}

/* The glue at the start of the cache (the backend's; 64 bytes). */
static void emit_glue(struct vxpriv *vp)
{
	vp->smc_stub = NULL;
	if (vp->xl->glue)
		vp->xl->glue(vp);
	vp->cache_used = first_frag();
}

int vx_cache_init(struct vxpriv *vp)
{
	if (!vp->cache_limit)
		vp->cache_limit = CACHE_DEFAULT;
	if (vp->cache)
		vp->bk->unmap(vp->cache, vp->cache_size);
	vp->cache_size = vp->cache_limit;
	vp->cache = vp->bk->map(vp->cache_size,
				PROT_READ | PROT_WRITE | PROT_EXEC);
	if (!vp->cache)
		return -1;
	if (!vp->fhash) {
		vp->fhash_size = FHASH_MIN;
		vp->fhash = calloc(vp->fhash_size, sizeof *vp->fhash);
		if (!vp->fhash)
			return -1;
	}
	emit_glue(vp);
	vx_cache_flush(vp);
	return 0;
}

void vx_cache_free(struct vxpriv *vp)
{
	if (vp->cache)
		vp->bk->unmap(vp->cache, vp->cache_size);
	free(vp->fhash);
	free(vp->frags);
	free(vp->callees);
	free(vp->map);
	free(vp->links);
	vp->cache = NULL;
}

int vx_cache_set_limit(struct vxpriv *vp, size_t limit)
{
	if (limit < CACHE_MIN || limit > (1u << 30)) {
		errno = EINVAL;
		return -1;
	}
	vp->cache_limit = limit;
	return vx_cache_init(vp);
}

struct frag *vx_cache_lookup(struct vxpriv *vp, uint32_t eip)
{
	unsigned mask = vp->fhash_size - 1;

	for (uint32_t k = fhash_index(vp, eip);; k = (k + 1) & mask) {
		const struct fslot *s = &vp->fhash[k];
		if (!s->idx)
			return NULL;
		if (s->eip == eip)
			return &vp->frags[s->idx - 1];
	}
}

/* eip -> fragment index idx1 (+1), replacing an older one of eip. */
static void fhash_put(struct vxpriv *vp, uint32_t eip, uint32_t idx1)
{
	unsigned mask = vp->fhash_size - 1;

	for (uint32_t k = fhash_index(vp, eip);; k = (k + 1) & mask) {
		struct fslot *s = &vp->fhash[k];
		if (!s->idx)
			vp->fhash_used++;
		else if (s->eip != eip)
			continue;
		s->eip = eip;
		s->idx = idx1;
		return;
	}
}

/*
 * The hash starts small (a new guest's first pages of it cost a page
 * fault each, and a short-lived program translates a few hundred
 * blocks) and grows by 4 as fragments accumulate, rebuilt from the
 * fragment list (in order, so a later translation of an EIP still
 * shadows an earlier one).  Keeps the old table if there is no memory
 * for a bigger one.
 */
static void fhash_grow(struct vxpriv *vp)
{
	unsigned n = vp->fhash_size * 4;
	struct fslot *h = calloc(n, sizeof *h);

	if (!h)
		return;
	free(vp->fhash);
	vp->fhash = h;
	vp->fhash_size = n;
	vp->fhash_used = 0;
	for (unsigned i = 0; i < vp->nfrags; i++)
		fhash_put(vp, vp->frags[i].eip, i + 1);
}

void vx_cache_hash_insert(struct vxpriv *vp, struct frag *f)
{
	if (2 * (vp->fhash_used + 1) > vp->fhash_size) {
		fhash_grow(vp);		/* f, the last fragment, included */
		if (vx_cache_lookup(vp, f->eip) == f)
			return;
		/* No memory to grow: keep one slot empty, so that every
		   probe ends; f is then only found by translating again. */
		if (vp->fhash_used + 2 > vp->fhash_size)
			return;
	}
	fhash_put(vp, f->eip, f - vp->frags + 1);
}

/*
 * Enter f in the inline table that translated code probes for indirect
 * branches.  Done when an indirect branch misses it for the second time
 * (run.c: f->misses >= 2, which inline_reset relies on), not at
 * translation: most fragments are only ever reached by direct,
 * chained jumps, and every 4 KiB of the table a new guest touches is a
 * page fault (a third of vxlinux's start-up went there).
 */
void vx_cache_inline_insert(struct vxpriv *vp, struct frag *f)
{
	uint32_t *heip = (uint32_t *)(vp->st + ST_HASH_EIP);
	uint64_t *hptr = (uint64_t *)(vp->st + ST_HASH_PTR);
	unsigned k = f->eip & (VX_HASH_SIZE - 1);

	if (vp->trace)
		return;		/* every block returns to the runtime */
	if (f->misses < 2)
		f->misses = 2;	/* what inline_reset looks for */
	/* Pointer first: a reader seeing the new EIP must see its code. */
	hptr[k] = (uint64_t)(uintptr_t)(f->host - vp->xl->lookup_bias);
	heip[k] = 0u - f->eip;
	vp->inline_dirty = 1;
}

struct frag *vx_cache_find_host(struct vxpriv *vp, const uint8_t *host)
{
	unsigned lo = 0, hi = vp->nfrags;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		struct frag *f = &vp->frags[mid];
		if (host < f->host)
			hi = mid;
		else if (host >= f->host + f->host_len)
			lo = mid + 1;
		else
			return f;
	}
	return NULL;
}

/* The guest instruction that host code at host belongs to, and the esp
   adjustment pending there (translate.c: esp_delta). */
uint32_t vx_cache_host_to_eip(struct vxpriv *vp, const uint8_t *host,
			      int *esp_delta)
{
	struct frag *f = vx_cache_find_host(vp, host);
	uint32_t off, eip;

	*esp_delta = 0;
	if (!f)
		return 0;
	off = host - f->host;
	eip = f->eip;
	struct mapiter it;
	vx_map_begin(&it, vp->map, f);
	while (vx_map_next(&it) && it.e.host_off <= off) {
		eip = it.e.eip;
		*esp_delta = it.e.esp_delta;
	}
	return eip;
}

/* The next entry of a fragment's map (struct mapent's comment has the
   format), or 0 at its end.  Async-signal-safe. */
int vx_map_next(struct mapiter *it)
{
	const uint8_t *p = it->p;
	struct mapent *e = &it->e;

	if (it->end - p < 2)
		return 0;
	uint8_t hd = *p++;
	if (hd == 255) {
		uint16_t h;
		memcpy(&h, p, 2);
		p += 2;
		e->host_off = h;
	} else {
		e->host_off += hd;
	}
	uint8_t b = *p++;
	if ((b & 15) == 15) {
		memcpy(&e->eip, p, 4);
		p += 4;
	} else {
		e->eip += b & 15;
	}
	int esp = (int8_t)b >> 4;
	if (esp == -8) {
		int16_t d;
		memcpy(&d, p, 2);
		p += 2;
		e->esp_delta = d;
	} else {
		e->esp_delta += 4 * esp;
	}
	it->p = p;
	return 1;
}

/*
 * The block just written at [code, end) of the cache becomes a
 * fragment: guest bytes [eip, eip_end), entered at host, its map the
 * bytes of vp->map from map0 on.  vx_translate made room in the list.
 * Translated (vx_translate) or taken from the xcache
 * (vx_xcache_install), it is the same from here on.
 */
struct frag *vx_cache_commit(struct vxpriv *vp, uint32_t eip,
			     uint32_t eip_end, const uint8_t *code,
			     uint8_t *host, const uint8_t *end, unsigned map0)
{
	struct frag *f = &vp->frags[vp->nfrags++];

	f->eip = eip;
	f->eip_end = eip_end;
	f->host = host;
	f->host_len = end - host;
	f->map = map0;
	f->nmap = vp->nmap - map0;
	f->misses = 0;
	f->leaf = LEAF_NO;
	f->followed = 0;
	vp->cache_used += (end - code + 15) & ~15u;
	vx_cache_hash_insert(vp, f);
	return f;
}

/* A new fragment's direct exit (a rel32 at site) to guest target:
   chained to the target's fragment, if there is one yet. */
void vx_cache_chain(struct vxpriv *vp, uint8_t *site, uint32_t target)
{
	struct frag *g = vx_cache_lookup(vp, target);

	if (g)
		patch_rel32(site, g->host);
}

int vx_cache_add_link(struct vxpriv *vp, uint8_t *site, uint8_t *stub)
{
	if (vp->nlinks == vp->maxlinks) {
		unsigned n = vp->maxlinks ? 2 * vp->maxlinks : 4096;
		struct link *l = realloc(vp->links, n * sizeof *l);
		if (!l)
			return -1;
		vp->links = l;
		vp->maxlinks = n;
	}
	vp->links[vp->nlinks++] = (struct link){ site - vp->cache,
						 stub - vp->cache };
	return 0;
}

void vx_cache_flush(struct vxpriv *vp)
{
	/* Every invalidation up to here is covered by this flush. */
	vp->seen_gen = __atomic_load_n(&vp->mem->gen, __ATOMIC_ACQUIRE);
	inline_reset(vp);		/* uses the fragment list */
	/* A big hash goes back to the first size (its memory to the host:
	   a guest that keeps writing code flushes often, and clearing
	   megabytes each time would cost more than growing again). */
	struct fslot *small;
	if (vp->fhash_size > FHASH_MIN * 16 &&
	    (small = calloc(FHASH_MIN, sizeof *small))) {
		free(vp->fhash);
		vp->fhash = small;
		vp->fhash_size = FHASH_MIN;
	} else if (vp->fhash_used) {
		memset(vp->fhash, 0, vp->fhash_size * sizeof *vp->fhash);
	}
	vp->fhash_used = 0;
	vp->cache_used = first_frag();
	vp->nfrags = 0;
	vp->ncallees = 0;
	if (vp->nleaves) {
		memset(vp->leafbits, 0, sizeof vp->leafbits);
		vp->nleaves = 0;
	}
	vp->nmap = 0;
	vp->nmapent = 0;
	vp->nlinks = 0;
	vp->seg_baked = 0;
	vx_mem_reset_code(vp);
	vp->flush_pending = 0;
	vp->nflush++;
}

/*
 * Called from the fault handler when the guest wrote to a page holding
 * translated code.  The code memory cannot be reused while a fragment
 * may still be running, so unchain every exit and empty the inline table:
 * control then returns to the runtime at the next block boundary, which
 * flushes the cache (flush_pending) before it translates anything.
 * Async-signal-safe: no allocation, no locks.
 */
void vx_cache_invalidate(struct vxpriv *vp)
{
	for (unsigned i = 0; i < vp->nlinks; i++)
		patch_rel32(vp->cache + vp->links[i].site,
			    vp->cache + vp->links[i].stub);
	inline_reset(vp);
	vp->flush_pending = 1;
}
