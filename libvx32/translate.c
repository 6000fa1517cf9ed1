/*
 * translate.c - translation of one guest basic block into a fragment:
 * the part both backends share.
 *
 * This file decodes guest instructions, decides where a block ends,
 * records the instruction map (host offset -> guest EIP and esp delta,
 * for precise traps), collects the direct exits, emits their stubs and
 * chains those whose targets exist.  The host code of each instruction,
 * the fragment prologue and the stubs come from the guest's backend
 * (struct vxxlate: xlflat.c, xlseg.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xlate.h"

/* ---- pieces the backends share ---- */

/*
 * ModRM/SIB/displacement of in's memory operand with `reg` in the reg
 * field (low 3 bits; a 64-bit caller emits REX.R) and `extra` added to
 * the displacement.  mod=00 rm=101 (absolute disp32 in 32-bit code,
 * RIP-relative in 64-bit code) is re-encoded through a SIB byte with no
 * base and no index, which means disp32 in both modes.
 */
void vx_emit_mem_modrm(struct emit *e, const struct vxinsn *in, int reg,
		       uint32_t extra)
{
	int mod = in->mod, rm = in->rm;
	int has_sib = in->has_sib;
	uint8_t sib = in->sib;
	int32_t disp = in->disp + (int32_t)extra;
	int no_base = (mod == 0 && rm == 5) ||
		      (mod == 0 && has_sib && (sib & 7) == 5);
	int dsize;

	if (in->addr16) {
		/* 16-bit ModRM, for 32-bit host code with the 0x67 prefix
		   (seg): the guest's form, which has no room for an extra
		   displacement without changing the 64 KiB wrap. */
		if (extra)
			abort();
		e8(e, mod << 6 | (reg & 7) << 3 | rm);
		if (in->disp_size == 1)
			e8(e, (uint8_t)in->disp);
		else if (in->disp_size == 2)
			e16(e, (uint16_t)in->disp);
		return;
	}
	if (mod == 0 && rm == 5) {
		rm = 4;
		has_sib = 1;
		sib = 0x25;		/* no index, no base: disp32 */
	}
	if (no_base) {
		mod = 0;
		dsize = 4;
	} else if (extra == 0) {
		dsize = in->disp_size;
	} else {
		mod = 2;
		dsize = 4;
	}
	e8(e, mod << 6 | (reg & 7) << 3 | rm);
	if (has_sib)
		e8(e, sib);
	if (dsize == 1)
		e8(e, (uint8_t)disp);
	else if (dsize == 4)
		e32(e, (uint32_t)disp);
}

/*
 * The segment base of a memory operand: 0 for the flat segments, the
 * TLS base for an fs/gs override (folded into the displacement, so the
 * address wraps at 4 GiB as on i386).  Returns -1 for a null or unusable
 * selector: the access must raise #GP.
 */
int vx_xl_tls_base(struct tctx *t, const struct vxinsn *in, uint32_t *base)
{
	*base = 0;
	if (in->seg != SEG_FS && in->seg != SEG_GS)
		return 0;
	t->seg_baked = 1;	/* the base, or that there is none */
	return vx_seg_base(t->vp, in->seg, base) < 0 ? -1 : 0;
}

/* The guest's selector in sreg, made a constant of the translation. */
uint16_t vx_xl_sel(struct tctx *t, int sreg)
{
	t->seg_baked = 1;
	return t->vp->sel[sreg];
}

/*
 * fnstenv, fnsave and fxsave record where the last x87 instruction ran:
 * its code address (FIP), which is a host address in the code cache, and
 * the code and data selectors (FCS, FDS), which on the seg backend are
 * the real LDT selectors.  Neither may reach the guest: the translation
 * clears them after the store (as CPUs that deprecate FCS/FDS store 0);
 * the data pointer is a guest address and stays.  Fills f with the
 * fields of in's image; returns their number.
 */
int vx_fp_pointer_fields(const struct vxinsn *in, struct fpfield *f)
{
	if (!vx_has_mem(in))
		return 0;
	if (in->map == MAP_0F && in->opcode == 0xae && in->reg == 0) {
		f[0] = (struct fpfield){ 8, 4 };	/* fxsave: FIP */
		f[1] = (struct fpfield){ 12, 2 };	/* FCS */
		f[2] = (struct fpfield){ 20, 2 };	/* FDS */
		return 3;
	}
	if (in->map != MAP_1 || in->reg != 6 ||
	    (in->opcode != 0xd9 && in->opcode != 0xdd))
		return 0;
	if (in->opsize == 2) {			/* 16-bit environment */
		f[0] = (struct fpfield){ 6, 2 };
		f[1] = (struct fpfield){ 8, 2 };
		f[2] = (struct fpfield){ 12, 2 };
		return 3;
	}
	f[0] = (struct fpfield){ 12, 4 };	/* FIP */
	f[1] = (struct fpfield){ 16, 2 };	/* FCS (FOP above it stays) */
	f[2] = (struct fpfield){ 24, 2 };	/* FDS */
	return 3;
}

/* jcc: the taken path is an exit; returns 1 if the block ends here. */
int vx_xl_jcc(struct tctx *t, const struct vxinsn *in)
{
	uint32_t next = in->eip + in->len;
	int32_t rel = in->imm_size == 1 ? (int8_t)in->imm : (int32_t)in->imm;

	emit_direct_jcc(t, in->opcode & 15, next + rel);
	/* Superblock: go on translating the fall-through path, while there
	   is room for its exits. */
	if (t->nexits + 3 <= MAX_EXITS && !t->vp->trace)
		return 0;
	emit_direct_jmp(t, next);
	return 1;
}

void vx_xl_jmp(struct tctx *t, const struct vxinsn *in)
{
	uint32_t next = in->eip + in->len;
	int32_t rel = in->imm_size == 1 ? (int8_t)in->imm : (int32_t)in->imm;

	emit_direct_jmp(t, next + rel);
}

/* ---- predicted branches ---- */

/* Install eip -> f as the prediction of the site (run.c, on a learn
   exit).  Host code only; no guest code runs meanwhile. */
void vx_predict_learn(struct vxpriv *vp, uint8_t *site, uint32_t eip,
		      const struct frag *f)
{
	static const uint8_t nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	const struct vxxlate *xl = vp->xl;
	struct frag *g = vx_cache_find_host(vp, site);

	if (!g)
		return;			/* not a live fragment: ignore */
	int loop = xl->ps_hit_loop && site[xl->ps_disp + 5] == 0xe2;

	/* Learning again (flat: xlflat.c, flat_prelearn_stub): the first
	   learn, of a site whose PRED is still the 0 it was emitted with,
	   leaves the entry jump to the countdown, which learns again at
	   the 257th run; any other learn ends it. */
	uint32_t *pred = (uint32_t *)(site + xl->ps_disp);
	int again = xl->prelearn_stub && !vp->learn_first && *pred == 0;

	*pred = (loop ? 1u : 0u) - eip;
	patch_rel32(site + (loop ? xl->ps_hit_loop : xl->ps_hit),
		    f->host - xl->lookup_bias);
	if (!again)
		memcpy(site, nop5, sizeof nop5);
}

/* ---- the block loop ---- */

/* Does this guest take translations from its xcache and give them
   back?  Not while tracing (every block one instruction) or counting
   (VX32_COUNT's code is its own). */
static int uses_xcache(const struct vxpriv *vp)
{
	return vp->xcache && !vp->trace && !vp->count;
}

/* Bytes of guest code readable (and executable) at eip, up to 15. */
static unsigned fetchable(struct vxpriv *vp, uint32_t eip)
{
	unsigned n = 0;

	while (n < 15) {
		uint32_t a = eip + n;
		if (a < eip)		/* wrapped past 4 GiB */
			break;
		if (!(vp->pageflags[a >> 12] & VXPERM_EXEC))
			break;
		n += VX_PAGE - (a & (VX_PAGE - 1));
	}
	return n < 15 ? n : 15;
}

/*
 * Copy the bytes of the instruction at eip into buf, each read from
 * guest memory exactly once; returns how many (fetchable()).  Whatever
 * decodes guest code and acts on it - the translator, a helper, the
 * fault handler - works on such a copy (see struct tctx's insn).  The
 * barrier keeps the compiler from reading guest memory again in place
 * of the copy: it may no longer assume the two are equal.
 */
unsigned vx_fetch_insn(struct vxpriv *vp, uint32_t eip, uint8_t buf[15])
{
	unsigned n;

	/* Most instructions lie 15 bytes or more before their page's end:
	   one flag test, and a copy of constant length the compiler
	   inlines. */
	if ((eip & (VX_PAGE - 1)) <= VX_PAGE - 15 &&
	    (vp->pageflags[eip >> 12] & VXPERM_EXEC)) {
		memcpy(buf, vp->base + eip, 15);
		n = 15;
	} else {
		n = fetchable(vp, eip);
		memcpy(buf, vp->base + eip, n);
	}
	__asm__ volatile("" ::: "memory");
	return n;
}

/* 8b /r with mod 0, rm 4 (SIB), SIB 24 = (%esp), reg not esp; then ret */
static int is_pc_thunk(const uint8_t *b)
{
	return b[0] == 0x8b && (b[1] & 0xc7) == 0x04 && (b[1] & 0x38) != 0x20 &&
	       b[2] == 0x24 && b[3] == 0xc3;
}

/*
 * Position-independent i386 code finds its own address by calling a
 * get-pc thunk, `mov (%esp), %reg; ret` (gcc's __x86.get_pc_thunk.REG),
 * in nearly every function of a shared library.  Emulated, that is a
 * call, a predicted return and two block boundaries for what amounts to
 * reg = the return address, with the return address left below esp: a
 * call to such a thunk becomes VC_PC_THUNK, which the backends translate
 * as exactly that (a push of the return address, a move, esp back up).
 * The caller's translation now depends on the thunk's bytes: their page
 * is write-protected like the block's own, so that a write to it
 * flushes the translation, and read again after that (another thread
 * may have written them in between).  Other call targets are only
 * read.  Returns the register, or -1.
 */
static int pc_thunk_reg(struct tctx *t, uint32_t target)
{
	struct vxpriv *vp = t->vp;
	uint8_t b[15];

	if (vx_fetch_insn(vp, target, b) < 4 || !is_pc_thunk(b) ||
	    vx_mem_protect_code(vp, target, target + 4) < 0 ||
	    vx_fetch_insn(vp, target, b) < 4 || !is_pc_thunk(b))
		return -1;
	/* The bytes this translation now depends on (xcache.c). */
	if (t->ndeps >= 0 && t->ndeps < (int)(sizeof t->deps / sizeof *t->deps)) {
		t->deps[t->ndeps].addr = target;
		memcpy(t->deps[t->ndeps++].b, b, 4);
	} else {
		t->ndeps = -1;
	}
	return b[1] >> 3 & 7;
}

/*
 * Append the map entry of the instruction at eip, translated at host_off
 * with esp_delta pending (priv.h: struct mapent has the format).  prev
 * is the fragment's entry before it, updated.
 */
static int add_map(struct vxpriv *vp, struct mapent *prev, uint32_t host_off,
		   uint32_t eip, int esp_delta)
{
	if (vp->maxmap - vp->nmap < 10) {
		unsigned n = vp->maxmap ? 2 * vp->maxmap : 16384;
		uint8_t *m = realloc(vp->map, n);
		if (!m)
			return -1;
		vp->map = m;
		vp->maxmap = n;
	}
	uint8_t *p = vp->map + vp->nmap, *b;
	uint32_t hd = host_off - prev->host_off, ed = eip - prev->eip;
	int sd = esp_delta - prev->esp_delta;
	uint16_t h = host_off;
	int16_t d = esp_delta;

	if (host_off > 0xffff || esp_delta != d)
		return -1;	/* a fragment is never so long, esp never so far */
	if (hd < 255) {		/* (no instruction's translation is that
				   long now: popf, the longest, ~160 bytes) */
		*p++ = hd;
	} else {
		*p++ = 255;
		memcpy(p, &h, 2);
		p += 2;
	}
	b = p++;
	*b = ed < 15 ? ed : 15;
	if (ed >= 15) {
		memcpy(p, &eip, 4);
		p += 4;
	}
	if (sd % 4 == 0 && sd >= -28 && sd <= 28) {
		*b |= (uint8_t)(sd / 4) << 4;
	} else {
		*b |= 0x80;
		memcpy(p, &d, 2);
		p += 2;
	}
	vp->nmap = p - vp->map;
	vp->nmapent++;
	*prev = (struct mapent){ host_off, esp_delta, eip };
	return 0;
}

/* The filter of leaf candidates (vxpriv.leafbits): eip's bit. */
static uint64_t *leaf_word(struct vxpriv *vp, uint32_t eip, uint64_t *bit)
{
	uint32_t k = (eip ^ eip >> 16) & 0xffff;

	*bit = 1ull << k % 64;
	return &vp->leafbits[k / 64];
}

static int may_be_leaf(struct vxpriv *vp, uint32_t eip)
{
	uint64_t bit;

	return (*leaf_word(vp, eip, &bit) & bit) != 0;
}

/*
 * Is the code at eip straight to a ret within INLINE_INSNS
 * instructions, writing no memory a followed call's ret could not
 * account for (xl->may_write)?  No branch (a callee with side exits
 * would bring its stubs into every caller), no call but a get-pc
 * thunk's.
 */
static int straight_leaf(struct vxpriv *vp, uint32_t eip)
{
	struct vxinsn in;
	uint8_t b[15];

	for (int i = 0; i < INLINE_INSNS; i++) {
		unsigned avail = vx_fetch_insn(vp, eip, b);
		if (avail == 0 || vx_decode(&in, eip, b, avail) < 0)
			return 0;
		if (in.cls == VC_RET)
			return 1;
		if (in.cls == VC_CALL && in.opsize == 4) {
			/* a get-pc thunk's call is a push and a move */
			uint8_t tb[15];
			if (vx_fetch_insn(vp, eip + in.len + in.imm, tb) < 4 ||
			    !is_pc_thunk(tb))
				return 0;
		} else if (vp->xl->may_write(&in) || vx_ends_block(&in)) {
			return 0;
		}
		eip += in.len;
	}
	return 0;
}

/*
 * Is fragment g, a short block that ends at a ret (LEAF_MAYBE), a
 * straight leaf?  Worked out at the first call site that asks, from the
 * guest's code as it is then: a hint only, as following reads and
 * checks the callee's code again.
 */
static int leaf_clean(struct vxpriv *vp, struct frag *g)
{
	if (g->leaf == LEAF_MAYBE) {
		g->leaf = straight_leaf(vp, g->eip) ? LEAF_YES : LEAF_NO;
		if (g->leaf == LEAF_NO) {
			/* Out of the filter (the bit may be another
			   fragment's too, which is then not followed: a
			   hint lost, nothing worse). */
			uint64_t bit, *w = leaf_word(vp, g->eip, &bit);
			*w &= ~bit;
		}
	}
	return g->leaf == LEAF_YES;
}

static void settle(struct tctx *t)
{
	if (t->vp->xl->settle)
		t->vp->xl->settle(t);
}

struct frag *vx_translate(struct vxpriv *vp, uint32_t eip, int *trap)
{
	const struct vxxlate *xl = vp->xl;
	struct vxstate *st = vx_state(vp);
	struct tctx t;		/* not zeroed whole: exits[] is 512 bytes */
	struct vxinsn in;
	uint32_t start_eip = eip, end_eip = eip;
	unsigned map0;
	int n;

	if (vp->cache_limit - vp->cache_used < MAX_BLOCK_BYTES)
		vx_cache_flush(vp);
	if (vp->nfrags == vp->maxfrags) {
		unsigned m = vp->maxfrags ? 2 * vp->maxfrags : 1024;
		struct frag *f = realloc(vp->frags, m * sizeof *f);
		if (!f)
			goto nomem;
		vp->frags = f;
		vp->maxfrags = m;
	}

	int xc_seen = 0;
	if (uses_xcache(vp)) {
		int nomem;
		struct frag *f = vx_xcache_install(vp, eip, &nomem, &xc_seen);
		if (f)
			return f;
		if (nomem)
			goto nomem;
	}

	t.vp = vp;
	t.code = NULL;
	t.nexits = t.nlearn = t.esp_delta = t.df_up = 0;
	t.nguest = t.nmapent = t.fp_live = t.seg_baked = 0;
	t.ndeps = 0;
	t.nrmiss = 0;
	t.following = 0;
	t.e.p = vp->cache + vp->cache_used;
	t.e.end = vp->cache + vp->cache_limit;
	uint8_t *start = t.e.p;
	uint8_t *host = xl->prologue(&t);
	struct mapent prev = { 0, 0, eip };	/* vx_map_begin's start */
	map0 = vp->nmap;
	unsigned ment0 = vp->nmapent;

	/*
	 * A direct call to a short leaf (leaf_clean) may be followed: the
	 * callee is translated here, after the call's push, and its ret
	 * becomes a check that the return address is the one pushed
	 * (inline_ret; none where nothing could have written it), the hit
	 * going on with the code after the call.  Following a call is
	 * always correct, as the call is a push and a jump: if the callee
	 * is not what leaf_clean saw (its bytes are read again here and may
	 * have changed), the block just ends inside it, like any block.
	 */
	uint32_t ret_eip = 0;		/* following: after its call */
	struct { uint32_t eip, end; } callee[MAX_INLINE];	/* followed */
	int following = 0, nfollowed = 0, ends_ret = 0;

	for (n = 0;; n++) {
		unsigned avail;
		/* Another thread may write this code as it is read: protect
		   it first, so that a write from now on faults and marks the
		   translation stale (run.c checks after translating). */
		if (vx_mem_shared(vp) && (avail = fetchable(vp, eip)) &&
		    vx_mem_protect_code(vp, eip, eip + avail) < 0)
			goto nomem;
		avail = vx_fetch_insn(vp, eip, t.insn);
		t.code = t.insn;
		if (avail == 0 || vx_decode(&in, eip, t.code, avail) < 0) {
			if (n == 0) {
				/* Fetch fault on the first instruction. */
				uint32_t bad = eip + avail;
				vp->nmap = map0;
				st->cpu.trapva = bad;
				st->cpu.traperr = 0x14;	/* user, fetch */
				*trap = VXTRAP_PAGEFAULT;
				return NULL;
			}
			/* End the block before it; the next block faults. */
			settle(&t);
			if (add_map(vp, &prev, t.e.p - host, eip, 0) < 0)
				goto nomem;
			emit_direct_jmp(&t, eip);
			break;
		}
		if (t.nguest + in.len <= sizeof t.guest) {
			memcpy(t.guest + t.nguest, t.insn, in.len);
			t.nguest += in.len;
		}
		/*
		 * The guest's x87/SSE state is switched in and out at every
		 * entry and exit only once it has translated code that uses
		 * it: guests that compute in integers alone then cross
		 * between host and guest without fxsave/fxrstor.  And its
		 * x87/MMX part only once it has code that may touch that
		 * part (FP_X87): before, entries and exits move the XMM
		 * registers and MXCSR alone, and the host's x87 registers
		 * stay where they are.  The flags are sticky and read by
		 * the next vx_enter; this code cannot run before that.  The
		 * x87 part's first use needs a whole fxrstor there (fp_soft
		 * 0): the registers hold the host's.
		 */
		if (in.fpu) {
			uint8_t live = in.x87 ? FP_SSE | FP_X87 : FP_SSE;
			if (live & ~st->fp_live & FP_X87)
				st->fp_soft = 0;
			st->fp_live |= live;
			t.fp_live |= live;
		}
		if (in.cls == VC_CALL && in.opsize == 4 && !vp->trace) {
			int reg = pc_thunk_reg(&t, eip + in.len + in.imm);
			if (reg >= 0) {
				in.cls = VC_PC_THUNK;
				in.reg = reg;
			}
		}
		if (xl->before)
			xl->before(&t, &in);
		if (add_map(vp, &prev, t.e.p - host, eip, t.esp_delta) < 0)
			goto nomem;
		if (following)
			callee[nfollowed - 1].end = eip + in.len;
		if (following && in.cls == VC_RET && in.opsize == 4) {
			/* The followed callee's ret: on to the code after
			   the call. */
			int nrmiss = t.nrmiss;
			xl->inline_ret(&t, &in, ret_eip);
			vp->nfollow++;
			vp->nfollow_free += t.nrmiss == nrmiss;
			following = 0;
			eip = ret_eip;
			goto next;
		}
		if (!following && in.cls == VC_CALL && in.opsize == 4 &&
		    xl->inline_call && vp->follow != FOLLOW_OFF && !vp->trace &&
		    nfollowed < MAX_INLINE &&
		    n + INLINE_INSNS + 2 < MAX_BLOCK_INSNS) {
			uint32_t target = eip + in.len + in.imm;
			struct frag *g = may_be_leaf(vp, target) ?
					 vx_cache_lookup(vp, target) : NULL;
			if (g && target != eip + in.len && leaf_clean(vp, g)) {
				end_eip = eip + in.len;	/* the call's bytes */
				xl->inline_call(&t, eip + in.len);
				ret_eip = eip + in.len;
				callee[nfollowed].eip = callee[nfollowed].end =
					target;
				following = 1;
				nfollowed++;
				eip = target;
				goto next;
			}
		}
		if (!following)
			end_eip = eip + in.len;
		if (xl->insn(&t, &in)) {
			ends_ret = in.cls == VC_RET;
			break;
		}
		eip += in.len;
	next:
		if (n + 1 >= (vp->trace ? 1 : MAX_BLOCK_INSNS)) {
			settle(&t);
			if (add_map(vp, &prev, t.e.p - host, eip, 0) < 0)
				goto nomem;
			emit_direct_jmp(&t, eip);
			break;
		}
	}
	t.following = 0;
	if (end_eip <= start_eip)
		end_eip = 0;		/* block ends exactly at 4 GiB */

	/* Exit stubs for the direct jumps. */
	unsigned link0 = vp->nlinks;
	for (int i = 0; i < t.nexits; i++) {
		struct pending_exit *x = &t.exits[i];
		uint8_t *stub = t.e.p;
		xl->stub(&t, x->site, x->target);
		patch_rel32(x->site, stub);
		if (vx_cache_add_link(vp, x->site, stub) < 0)
			goto nomem;
	}

	/* The ways out of followed calls' returns. */
	for (int i = 0; i < t.nrmiss; i++) {
		patch_rel32(t.rmiss[i].site, t.e.p);
		xl->ret_stub(&t, i);
	}

	/* Learn stubs of the predicted branches. */
	for (int i = 0; i < t.nlearn; i++) {
		uint8_t *stub = t.e.p;
		uint8_t *site = t.learn[i].site;
		xl->learn_stub(&t, site);
		patch_rel32(site + 1, xl->prelearn_stub && !vp->learn_first ?
				      xl->prelearn_stub(&t, site, stub) : stub);
		patch_rel32(t.learn[i].hit, stub);
		if (vx_cache_add_link(vp, t.learn[i].hit, stub) < 0)
			goto nomem;
	}

	struct frag *f = vx_cache_commit(vp, start_eip,
					 end_eip ? end_eip : 0xffffffff,
					 start, host, t.e.p, map0);
	vp->ntrans++;
	vp->seg_baked |= t.seg_baked;
	if (nfollowed) {
		/* The callees' bytes, write-protected like the block's own
		   (below), and where a store stops this fragment
		   (signal.c: frag_on_page). */
		uint32_t lo = 0xffffffff, hi = 0;
		for (int i = 0; i < nfollowed; i++) {
			/* end 0: the callee ends exactly at 4 GiB (no
			   instruction crosses it: fetchable) */
			uint32_t end = callee[i].end ? callee[i].end :
				       0xffffffff;
			if (end == callee[i].eip)
				continue;	/* nothing of it translated */
			if (vx_mem_protect_code(vp, callee[i].eip, end) < 0)
				goto nomem;
			lo = callee[i].eip < lo ? callee[i].eip : lo;
			hi = end > hi ? end : hi;
		}
		if (vp->ncallees == vp->maxcallees) {
			unsigned m = vp->maxcallees ? 2 * vp->maxcallees : 256;
			struct callee_range *c = realloc(vp->callees,
							 m * sizeof *c);
			if (!c)
				goto nomem;
			vp->callees = c;
			vp->maxcallees = m;
		}
		vp->callees[vp->ncallees++] = (struct callee_range){
			f - vp->frags, lo, hi };
		f->followed = 1;
		t.ndeps = -1;	/* the xcache keeps one range of bytes */
	}
	/* A short block that ends at its ret and followed nothing may be
	   a leaf worth following into (leaf_clean decides). */
	if (ends_ret && n < INLINE_INSNS && !nfollowed) {
		uint64_t bit, *w = leaf_word(vp, start_eip, &bit);
		f->leaf = LEAF_MAYBE;
		*w |= bit;
		vp->nleaves++;
	}
	/* Into the xcache as it is now: before chaining, which depends on
	   this process's other fragments. */
	if (uses_xcache(vp)) {
		t.nmapent = vp->nmapent - ment0;
		vx_xcache_add(vp, &t, start, t.e.p - start, f, link0,
			      xc_seen);
	}

	/* Chain the exits whose targets already exist. */
	for (int i = 0; i < t.nexits && !vp->trace; i++)
		vx_cache_chain(vp, t.exits[i].site, t.exits[i].target);
	if (vx_mem_protect_code(vp, start_eip, f->eip_end) < 0)
		goto nomem;
	return f;

nomem:
	vx_seterr(vp, "out of host memory while translating at 0x%08x", eip);
	*trap = -1;
	return NULL;
}
