/*
 * xlate.h - what the shared part of the translator (translate.c) and the
 * two backend translators (xlflat.c, xlseg.c) have in common: the
 * translation context of one block, the direct-exit bookkeeping, and the
 * hooks a backend provides.
 *
 * translate.c owns the block loop: decoding, the instruction map (host
 * offset -> guest EIP, for precise traps), the superblock and length
 * limits, direct exits and their chaining, predicted-branch learning.  A
 * backend emits the host code: the fragment prologue, one guest
 * instruction at a time, and the stubs through which a fragment leaves.
 */
#ifndef VX32_XLATE_H
#define VX32_XLATE_H

#include "priv.h"
#include "emit.h"

#define MAX_BLOCK_INSNS	128
#define MAX_EXITS	32	/* direct exits per block */
#define MAX_INLINE	4	/* calls followed into their callee, per block */
#define INLINE_INSNS	24	/* of a callee followed, at most */
#define MAX_BLOCK_BYTES	(MAX_BLOCK_INSNS * 128 + MAX_EXITS * 32 + 512)

/* Direct exits waiting for their stubs at the end of the block. */
struct pending_exit {
	uint8_t *site;		/* rel32 field of the jmp/jcc */
	uint32_t target;	/* guest EIP */
};

struct tctx {
	struct vxpriv *vp;
	struct emit e;
	/*
	 * The current instruction's bytes (t->code == insn): a copy, read
	 * from guest memory once.  Decoding and emitting from guest memory
	 * itself would read some bytes twice, and a shared mapping can
	 * change between the reads without a fault here (another process,
	 * or a second mapping of the same object written by another
	 * thread): bytes decoded as a register operand could be emitted as
	 * a memory operand never checked.  Backends read t->code only.
	 */
	const uint8_t *code;
	uint8_t insn[16];
	struct pending_exit exits[MAX_EXITS];
	int nexits;
	struct {
		uint8_t *site;	/* the predicted branch's site */
		uint8_t *hit;	/* its rel32 to the predicted fragment */
	} learn[1];		/* a block ends at its ret or call * */
	int nlearn;
	/* The returns of followed calls (translate.c), each leaving
	   through an out-of-line stub when the return address is not the
	   one the call pushed. */
	struct {
		uint8_t *site;	/* rel32 of the jump to the stub */
		uint32_t ret_eip;
		int esp_delta;	/* %rsp + this is esp after the ret */
	} rmiss[MAX_INLINE];
	int nrmiss;
	/* Flat: while a followed callee is translated (following), where
	   the return address the call pushed lies (%rsp + ret_slot), and
	   whether an instruction since may have written it (ret_dirty). */
	int following, ret_slot, ret_dirty;
	/*
	 * Flat backend: pending change to the guest's esp (xlflat.c).
	 * Runs of push, pop, call and ret address the stack at esp +
	 * esp_delta and leave %rsp alone; every map entry records the delta
	 * at its instruction, so a fault there still reports the exact esp.
	 * Always 0 on the seg backend, where esp is the real esp.
	 */
	int esp_delta;
	/* Flat backend: a cld earlier in the block, and no std or popf
	   since, so DF is clear (xl_rep_fast).  A block is entered only at
	   its start. */
	int df_up;
	/*
	 * For the xcache (xcache.c): the guest bytes of the block as
	 * decoded, the get-pc thunks its calls were translated as (ndeps
	 * -1: too many to record), the FP_* bits its instructions set and
	 * its map entries.
	 */
	uint8_t guest[MAX_BLOCK_INSNS * 15];
	unsigned nguest;
	struct xc_dep {
		uint32_t addr;
		uint8_t b[4];
	} deps[8];
	int ndeps;
	uint8_t fp_live;
	uint8_t seg_baked;	/* vx_xl_sel, vx_xl_tls_base used */
	unsigned nmapent;
};

/*
 * A backend's translator.  Every hook emits at t->e.
 *
 * A fragment may be entered two ways: at f->host (direct jumps, chained
 * exits, vx_enter), and at f->host - lookup_bias by an indirect branch
 * that has found it (inline table, predicted return), where the backend
 * may first restore scratch registers it saved for the lookup.
 *
 * A predicted branch (ret, call *) is laid out by the backend; translate.c
 * needs only where the site keeps its predicted EIP (ps_disp: -eip as a
 * u32) and the rel32 of its jump to the predicted fragment (ps_hit);
 * byte 0 of the site is a jmp rel32 to the learn stub until a target is
 * learned, then a 5-byte nop.
 */
struct vxxlate {
	/* Emit the fragment prologue (poll, lookup entry); returns the
	   address that becomes f->host. */
	uint8_t *(*prologue)(struct tctx *t);
	/* Before the map entry of each instruction (flat: settle esp). */
	void (*before)(struct tctx *t, const struct vxinsn *in);
	/* Before the jump that ends a block that did not end itself. */
	void (*settle)(struct tctx *t);
	/* Translate one instruction; returns 1 if it ended the block. */
	int (*insn)(struct tctx *t, const struct vxinsn *in);
	/* The stub of a direct exit: leave with target, site. */
	void (*stub)(struct tctx *t, uint8_t *site, uint32_t target);
	/* The learn stub of a predicted branch at site. */
	void (*learn_stub)(struct tctx *t, uint8_t *site);
	/* Optional: a stub that the site's entry jump goes to instead of
	   learn, which learns at the first run and again after many (the
	   first target is often not the usual one); returns its
	   address. */
	uint8_t *(*prelearn_stub)(struct tctx *t, uint8_t *site,
				  uint8_t *learn);
	/*
	 * Optional (flat): following a direct call into its callee.
	 * inline_call pushes the return address as the call would;
	 * inline_ret translates the callee's ret (in) as a check that the
	 * return address is ret_eip, the hit falling through to the
	 * caller's code after the call, the miss recorded in t->rmiss;
	 * ret_stub emits that miss's way out at the block's end.
	 */
	void (*inline_call)(struct tctx *t, uint32_t ret_eip);
	void (*inline_ret)(struct tctx *t, const struct vxinsn *in,
			   uint32_t ret_eip);
	void (*ret_stub)(struct tctx *t, int i);
	/* Might in write memory where the ret of a followed callee could
	   not tell (anything but a push or an esp-based store), or move
	   esp other than by a known amount? */
	int (*may_write)(const struct vxinsn *in);
	/* The glue at the start of a fresh code cache (64 bytes at most). */
	void (*glue)(struct vxpriv *vp);
	unsigned lookup_bias;
	unsigned ps_disp, ps_hit;
	/* Flat: a site whose compare is a loop (0xe2 at ps_disp + 5) keeps
	   1 - eip at ps_disp and its hit rel32 at ps_hit_loop. */
	unsigned ps_hit_loop;
};

extern const struct vxxlate vx_xlate_flat, vx_xlate_seg;
/* xlflat.c: the string.S routine of a string instruction with a rep
   prefix (signal.c hands it the rest of an inline rep movs/stos). */
const uint8_t *vx_string_routine(const struct vxinsn *in);

/* xcache.c: translations shared by a process tree. */
struct frag *vx_xcache_install(struct vxpriv *vp, uint32_t eip, int *nomem,
			       int *seen);
void vx_xcache_add(struct vxpriv *vp, const struct tctx *t,
		   const uint8_t *code, uint32_t code_len,
		   const struct frag *f, unsigned link0, int seen);

/* A direct jump to guest eip target: patched to the target fragment once
   it exists (chaining).  The same encoding in 64-bit and 32-bit code. */
static inline void emit_direct_jmp(struct tctx *t, uint32_t target)
{
	uint8_t *site = jmp_rel32(&t->e, t->e.p);
	t->exits[t->nexits++] = (struct pending_exit){ site, target };
}

static inline void emit_direct_jcc(struct tctx *t, int cc, uint32_t target)
{
	uint8_t *site = jcc_rel32(&t->e, cc, t->e.p);
	t->exits[t->nexits++] = (struct pending_exit){ site, target };
}

/* The trap of int n (eip after it): int $3 and int $4 are the
   breakpoint and overflow traps, as int3 and into raise them. */
static inline int vx_softint_trap(uint8_t n)
{
	return n == 3 ? VXTRAP_BREAKPOINT : n == 4 ? VXTRAP_OVERFLOW :
		VXTRAP_SOFT + n;
}

/* A field of an x87/SSE state image to clear after the store. */
struct fpfield {
	uint8_t off, size;	/* size 2 or 4 */
};

/* translate.c: shared pieces of instruction translation. */
int vx_fp_pointer_fields(const struct vxinsn *in, struct fpfield *f);
void vx_emit_mem_modrm(struct emit *e, const struct vxinsn *in, int reg,
		       uint32_t extra);
int vx_xl_tls_base(struct tctx *t, const struct vxinsn *in, uint32_t *base);
uint16_t vx_xl_sel(struct tctx *t, int sreg);
int vx_xl_jcc(struct tctx *t, const struct vxinsn *in);
void vx_xl_jmp(struct tctx *t, const struct vxinsn *in);

#endif
