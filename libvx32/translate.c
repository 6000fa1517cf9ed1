/*
 * translate.c - flat-backend translation of one guest basic block into
 * 64-bit host code.
 *
 * Guest registers live in the host's eax..edi (guest esp in rsp), guest
 * flags in the host flags.  Every guest memory operand becomes
 * %gs:+addr32, so the address is computed in 32 bits and lands inside the
 * guest's 4 GiB reservation.  Instructions whose 64-bit meaning differs
 * (stack operations, branches, string operations, segment operations,
 * the opcodes that are REX prefixes or invalid in 64-bit mode) are
 * emulated; nothing the guest supplies is ever copied unless the decoder
 * classified it VC_COPY.  See ../doc/design.md for the register and exit
 * conventions.
 *
 * Precise traps: every emitted sequence performs its possibly-faulting
 * guest memory access before it changes any guest register, so a host
 * fault anywhere inside an instruction's translation leaves exactly the
 * guest state before that instruction; the fragment's map gives its EIP.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "priv.h"
#include "emit.h"

#define MAX_BLOCK_INSNS	128
#define MAX_EXITS	32	/* direct exits per block */
#define MAX_BLOCK_BYTES	(MAX_BLOCK_INSNS * 128 + MAX_EXITS * 24 + 512)

/* Direct exits waiting for their stubs at the end of the block. */
struct pending_exit {
	uint8_t *site;		/* rel32 field of the jmp/jcc */
	uint32_t target;	/* guest EIP */
};

struct tctx {
	struct vxpriv *vp;
	struct emit e;
	const uint8_t *code;	/* host pointer to the current instruction */
	struct pending_exit exits[MAX_EXITS];
	int nexits;
	struct {
		uint8_t *site;	/* emit_predicted_lookup's site */
		uint8_t *hit;	/* its rel32 to the predicted fragment */
	} learn[1];		/* a block ends at its ret */
	int nlearn;
	/*
	 * Pending change to the guest's esp: runs of push, pop, call and
	 * ret address the stack at esp + esp_delta and leave %rsp alone,
	 * so a run of n pushes costs n stores and one lea.  Every map
	 * entry records the delta at its instruction, so a fault there
	 * still reports the exact esp.
	 */
	int esp_delta;
};

/* Make %rsp the guest's esp again (lea: the flags stay as they are). */
static void esp_flush(struct tctx *t)
{
	if (t->esp_delta) {
		lea_esp(&t->e, t->esp_delta);
		t->esp_delta = 0;
	}
}

/* ---- small emitters for exits ---- */

/* Exit to the runtime with r8d = eip, r9d = why. */
static void emit_exit(struct tctx *t, uint32_t eip, uint32_t why)
{
	mov_ri32(&t->e, R8, eip);
	mov_ri32(&t->e, R9, why);
	jmp_r15(&t->e, ST_EXIT_FN);
}

static void emit_trap(struct tctx *t, uint32_t eip, int trap)
{
	emit_exit(t, eip, EXIT_TRAP | trap);
}

/* A direct jump to guest eip target: patched to the target fragment once
   it exists (chaining). */
static void emit_direct_jmp(struct tctx *t, uint32_t target)
{
	uint8_t *site = jmp_rel32(&t->e, t->e.p);
	t->exits[t->nexits++] = (struct pending_exit){ site, target };
}

static void emit_direct_jcc(struct tctx *t, int cc, uint32_t target)
{
	uint8_t *site = jcc_rel32(&t->e, cc, t->e.p);
	t->exits[t->nexits++] = (struct pending_exit){ site, target };
}

/*
 * Indirect jump to the guest EIP in r8d: an inline probe of the EIP hash
 * table that leaves the flags alone, so a hit costs no call and no flag
 * save.  The table holds -eip, so the comparison is one lea (r8 + -eip
 * is zero on a hit) tested with jecxz.  On a miss, exit to the runtime
 * with EXIT_LOOKUP.
 */
static void emit_lookup(struct tctx *t)
{
	static const uint8_t probe[] = {
		0x45, 0x0f, 0xb7, 0xc8,		/* movzx r9d, r8w */
		0x49, 0x89, 0xca,		/* mov r10, rcx */
		0x43, 0x8b, 0x8c, 0x8f,		/* mov ecx, [r15+r9*4+H] */
	};
	static const uint8_t cmp[] = {
		0x42, 0x8d, 0x0c, 0x01,		/* lea ecx, [rcx+r8] */
		0x67, 0xe3, 0x0d,		/* jecxz hit (+13) */
		0x4c, 0x89, 0xd1,		/* mov rcx, r10 */
		0x41, 0xb9, 0, 0, 0, 0,		/* mov r9d, EXIT_LOOKUP */
		0x41, 0xff, 0x67, ST_EXIT_FN,	/* jmp [r15+exit_fn] */
		/* hit: */
		0x4c, 0x89, 0xd1,		/* mov rcx, r10 */
		0x43, 0xff, 0xa4, 0xcf,		/* jmp [r15+r9*8+P] */
	};
	ebytes(&t->e, probe, sizeof probe);
	e32(&t->e, ST_HASH_EIP);
	ebytes(&t->e, cmp, sizeof cmp);
	e32(&t->e, ST_HASH_PTR);
}
#define LOOKUP_LEN	(11 + 4 + 27 + 4)	/* bytes emit_lookup emits */

/*
 * A predicted indirect branch (ret): the site remembers
 * the last target it learned and checks it with one flag-free lea before
 * falling back to the inline probe, so a return to the usual caller is a
 * compare and a direct jump.  Layout, from site:
 *
 *   +0   jmp learn          ; until the first target is learned, then a
 *                           ; 5-byte nop (vx_predict_learn)
 *   +5   mov %rcx, %r10
 *   +8   lea -PRED(%r8), %ecx   ; disp32 at +11
 *   +15  jecxz hit
 *   +18  mov %r10, %rcx
 *        <emit_lookup>
 *   hit: mov %r10, %rcx
 *        jmp PRED's fragment    ; rel32 at PS_HIT; a chaining link whose
 *                               ; stub is learn, so invalidation relearns
 *   learn (with the block's exit stubs):
 *        lea site(%rip), %r9
 *        jmp *ST_LEARN_FN(%r15) ; r8 = the target
 */
#define PS_DISP	11
#define PS_HIT	(PS_DISP + 4 + 3 + 3 + LOOKUP_LEN + 3 + 1)

static void emit_predicted_lookup(struct tctx *t)
{
	struct emit *e = &t->e;
	uint8_t *site = e->p, *jcc, *hit;

	t->learn[t->nlearn].site = site;
	jmp_rel32(e, e->p);				/* +0 */
	e8(e, 0x49); e8(e, 0x89); e8(e, 0xca);		/* mov r10, rcx */
	e8(e, 0x41); e8(e, 0x8d); e8(e, 0x88);		/* lea ecx,[r8+d32] */
	e32(e, 0);
	e8(e, 0x67); e8(e, 0xe3); e8(e, 0);		/* jecxz hit */
	jcc = e->p;
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov rcx, r10 */
	emit_lookup(t);
	jcc[-1] = (uint8_t)(e->p - jcc);
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov rcx, r10 */
	hit = jmp_rel32(e, e->p);
	if (hit != site + PS_HIT)
		abort();		/* the layout above is wrong */
	t->learn[t->nlearn].hit = hit;
	t->nlearn++;
}

/* Install eip -> f as the prediction of the site (run.c, on a learn
   exit).  Host code only; no guest code runs meanwhile. */
void vx_predict_learn(struct vxpriv *vp, uint8_t *site, uint32_t eip,
		      const struct frag *f)
{
	static const uint8_t nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	struct frag *g = vx_cache_find_host(vp, site);
	uint8_t *hit = site + PS_HIT;

	if (!g)
		return;			/* not a live fragment: ignore */
	*(uint32_t *)(site + PS_DISP) = 0u - eip;
	patch_rel32(hit, f->host);
	memcpy(site, nop5, sizeof nop5);
}

/* ---- memory operands ---- */

/*
 * Segment base for a memory operand: 0 for the flat segments, the TLS
 * base for an fs/gs override.  Returns -1 for a null or unusable
 * selector (the access must raise #GP).
 */
static int mem_base_is_esp(const struct vxinsn *in)
{
	return in->has_sib && (in->sib & 7) == RSP &&
	       !(in->mod == 0 && (in->sib & 7) == 5);
}

static int seg_extra(struct tctx *t, const struct vxinsn *in, uint32_t *extra)
{
	*extra = 0;
	if ((in->seg == SEG_FS || in->seg == SEG_GS) &&
	    vx_seg_base(t->vp, in->seg, extra) < 0)
		return -1;
	/* esp as base: the guest's esp is %rsp + the pending delta */
	if (vx_has_mem(in) && mem_base_is_esp(in))
		*extra += t->esp_delta;
	return 0;
}

/*
 * ModRM/SIB/displacement of in's memory operand with `reg` in the reg
 * field (low 3 bits; the caller emits REX.R) and `extra` added to the
 * displacement.  mod=00 rm=101 (absolute disp32 in 32-bit code, RIP-
 * relative in 64-bit code) is re-encoded through a SIB byte with no base
 * and no index.
 */
static void emit_mem_modrm(struct emit *e, const struct vxinsn *in, int reg,
			   uint32_t extra)
{
	int mod = in->mod, rm = in->rm;
	int has_sib = in->has_sib;
	uint8_t sib = in->sib;
	int32_t disp = in->disp + (int32_t)extra;
	int no_base = (mod == 0 && rm == 5) ||
		      (mod == 0 && has_sib && (sib & 7) == 5);
	int dsize;

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

/* Is the memory operand based on esp (so a pop must see esp+size)? */
/* Copy the guest's prefixes other than segment overrides. */
static void emit_prefixes(struct emit *e, const struct vxinsn *in, int mem)
{
	if (mem) {
		e8(e, 0x65);	/* gs: the guest reservation */
		e8(e, 0x67);	/* 32-bit address arithmetic */
	}
	for (int i = 0; i < in->npfx; i++) {
		uint8_t b = in->prefix[i];
		if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
		    b == 0x64 || b == 0x65 || b == 0x67)
			continue;
		if ((b == 0xf3 && (in->drop_pfx & DROP_F3)) ||
		    (b == 0x66 && (in->drop_pfx & DROP_66)) ||
		    (b == 0xf2 && (in->drop_pfx & DROP_F2)))
			continue;
		e8(e, b);
	}
}

/*
 * mov{l,zwl} r/m, %dst (dst a scratch register): load the guest operand.
 * Returns -1 if the operand's segment is unusable.
 */
static int emit_load_rm(struct tctx *t, const struct vxinsn *in, int dst,
			int size)
{
	uint32_t extra;

	if (in->mod == 3) {
		op_rr(&t->e, 0x89, 0, in->rm, dst);	/* mov dst, reg */
		return 0;
	}
	if (seg_extra(t, in, &extra) < 0)
		return -1;
	e8(&t->e, 0x65);
	e8(&t->e, 0x67);
	rex(&t->e, 0, dst, 0);
	if (size == 2) {
		e8(&t->e, 0x0f);
		e8(&t->e, 0xb7);
	} else {
		e8(&t->e, 0x8b);
	}
	emit_mem_modrm(&t->e, in, dst, extra);
	return 0;
}

/* ---- instruction classes ---- */

static int xl_copy(struct tctx *t, const struct vxinsn *in, int alias82)
{
	struct emit *e = &t->e;
	uint32_t extra;

	if (!vx_has_mem(in)) {
		emit_prefixes(e, in, 0);
		ebytes(e, t->code + in->opc_off, in->len - in->opc_off);
		if (alias82)
			e->p[-(int)(in->len - in->opc_off)] = 0x80;
		return 0;
	}
	if (seg_extra(t, in, &extra) < 0)
		return -1;
	emit_prefixes(e, in, 1);
	uint8_t *op = e->p;
	ebytes(e, t->code + in->opc_off, in->modrm_off - in->opc_off);
	if (alias82)
		*op = 0x80;
	emit_mem_modrm(e, in, in->reg, extra);
	ebytes(e, t->code + in->imm_off, in->imm_size);
	return 0;
}

static void xl_lea(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	e8(e, 0x67);
	if (in->opsize == 2)
		e8(e, 0x66);
	e8(e, 0x8d);
	emit_mem_modrm(e, in, in->reg,
		       mem_base_is_esp(in) ? (uint32_t)t->esp_delta : 0);
}

/* 40-4f: inc/dec r32 (REX prefixes in 64-bit mode) as ff /0, ff /1. */
static void xl_incdec(struct tctx *t, const struct vxinsn *in)
{
	int reg = in->opcode & 7, dec = in->opcode & 8;

	if (in->opsize == 2)
		e8(&t->e, 0x66);
	e8(&t->e, 0xff);
	e8(&t->e, 0xc0 | (dec ? 1 : 0) << 3 | reg);
}

/* a0-a3: mov between al/eax and an absolute address (moffs32). */
static int xl_moffs(struct tctx *t, const struct vxinsn *in)
{
	uint32_t extra;

	if (seg_extra(t, in, &extra) < 0)
		return -1;
	emit_prefixes(&t->e, in, 1);
	e8(&t->e, in->opcode);
	e32(&t->e, in->imm + extra);
	return 0;
}

static int xl_xlat(struct tctx *t, const struct vxinsn *in)
{
	if (in->seg == SEG_FS || in->seg == SEG_GS)
		return -1;
	e8(&t->e, 0x65);
	e8(&t->e, 0x67);
	e8(&t->e, 0xd7);
	return 0;
}

/*
 * maskmovq/maskmovdqu store to ds:[edi], an operand no ModRM names: the
 * copy gets gs: and addr32 like any memory operand, which rebases the
 * implicit address on the guest reservation (the override applies to
 * it), so the store lands in guest memory or faults as the guest's.
 */
static void xl_maskmov(struct tctx *t, const struct vxinsn *in)
{
	emit_prefixes(&t->e, in, 1);
	ebytes(&t->e, t->code + in->opc_off, in->len - in->opc_off);
}

static void xl_push_reg(struct tctx *t, int reg, int size)
{
	if (reg == RSP) {
		/* push %esp stores the value before the push */
		esp_flush(t);
		gs_esp(&t->e, 1, size, reg, -size);
		lea_esp(&t->e, -size);
		return;
	}
	t->esp_delta -= size;
	gs_esp(&t->e, 1, size, reg, t->esp_delta);
}

static void xl_pop_reg(struct tctx *t, int reg, int size)
{
	if (reg != RSP) {
		gs_esp(&t->e, 0, size, reg, t->esp_delta);
		t->esp_delta += size;
		return;
	}
	esp_flush(t);
	if (size == 4) {
		/* pop %esp: esp = [esp]; the increment is overwritten */
		gs_esp(&t->e, 0, 4, RSP, 0);
		return;
	}
	gs_esp(&t->e, 0, 2, R8, 0);
	lea_esp(&t->e, 2);
	e8(&t->e, 0x66);
	op_rr(&t->e, 0x89, 0, R8, RSP);			/* mov sp, r8w */
}

/* mov{w,l} $imm, %gs:delta-size(%esp) */
static void xl_push_imm(struct tctx *t, uint32_t imm, int size)
{
	struct emit *e = &t->e;

	e8(e, 0x65);
	e8(e, 0x67);
	if (size == 2)
		e8(e, 0x66);
	e8(e, 0xc7);
	t->esp_delta -= size;
	modrm_base(e, 0, RSP, t->esp_delta);
	if (size == 2)
		e16(e, imm);
	else
		e32(e, imm);
}

static int xl_push_rm(struct tctx *t, const struct vxinsn *in)
{
	if (emit_load_rm(t, in, R8, in->opsize) < 0)
		return -1;
	xl_push_reg(t, R8, in->opsize);
	return 0;
}

static int xl_pop_rm(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int size = in->opsize;
	uint32_t extra;

	if (in->mod == 3) {
		xl_pop_reg(t, in->rm, size);
		return 0;
	}
	if (seg_extra(t, in, &extra) < 0)
		return -1;
	/* The destination address uses esp after the pop. */
	if (mem_base_is_esp(in))
		extra += size;
	gs_esp(e, 0, size, R8, 0);			/* load first */
	e8(e, 0x65);
	e8(e, 0x67);
	if (size == 2)
		e8(e, 0x66);
	e8(e, 0x44);
	e8(e, 0x89);					/* mov r/m, r8 */
	emit_mem_modrm(e, in, R8, extra);
	lea_esp(e, size);
	return 0;
}

static void xl_pusha(struct tctx *t, const struct vxinsn *in)
{
	int size = in->opsize;

	/* Store order: eax at the top ... edi at the bottom; the original
	   esp goes in its slot.  Registers change only at the end. */
	for (int r = 0; r < 8; r++)
		gs_esp(&t->e, 1, size, r, -(r + 1) * size);
	lea_esp(&t->e, -8 * size);
}

static void xl_popa(struct tctx *t, const struct vxinsn *in)
{
	int size = in->opsize;

	/* Probe both ends first: if they are readable, so is everything in
	   between (the area spans at most two pages). */
	gs_esp(&t->e, 0, size, R8, 0);
	gs_esp(&t->e, 0, size, R8, 7 * size);
	for (int r = 0; r < 8; r++)
		if (r != RSP)
			gs_esp(&t->e, 0, size, r, (7 - r) * size);
	lea_esp(&t->e, 8 * size);
}


static void xl_pushf(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	/* Switch to the private stack to read the flags with pushfq. */
	op_rr(e, 0x89, 1, RSP, R11);			/* mov r11, rsp */
	op_mem(e, 0x8d, 1, RSP, R15, ST_STACK_TOP);	/* lea rsp, top */
	e8(e, 0x9c);					/* pushfq */
	op_mem(e, 0x8b, 1, R9, RSP, 0);			/* mov r9, [rsp] */
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xe1);		/* and r9d, mask */
	e32(e, GUEST_FLAGS);
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xc9);		/* or r9d, 0x202 */
	e32(e, 0x202);
	op_mem(e, 0x0b, 0, R9, R15, ST_XFLAGS);		/* or r9d, xflags */
	e8(e, 0x9d);					/* popfq: restore */
	op_rr(e, 0x89, 1, R11, RSP);			/* mov rsp, r11 */
	xl_push_reg(t, R9, in->opsize);
}

static void xl_popf(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	if (in->opsize == 2) {
		e8(e, 0x65); e8(e, 0x67); e8(e, 0x44);	/* movzx r9d, word */
		e8(e, 0x0f); e8(e, 0xb7);
		modrm_base(e, R9, RSP, 0);
	} else {
		gs_esp(e, 0, 4, R9, 0);
		/* xflags = new & (AC|ID) */
		op_rr(e, 0x89, 0, R9, R10);		/* mov r10d, r9d */
		e8(e, 0x41); e8(e, 0x81); e8(e, 0xe2);	/* and r10d, XFLAGS */
		e32(e, XFLAGS);
		op_mem(e, 0x89, 1, R10, R15, ST_XFLAGS);
	}
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xe1);		/* and r9d, mask */
	e32(e, GUEST_FLAGS);
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xc9);		/* or r9d, 0x202 */
	e32(e, 0x202);
	op_mem(e, 0x89, 1, R9, R15, ST_FLAGS_SLOT);
	op_rr(e, 0x89, 1, RSP, R11);			/* mov r11, rsp */
	op_mem(e, 0x8d, 1, RSP, R15, ST_FLAGS_SLOT);	/* lea rsp, slot */
	e8(e, 0x9d);					/* popfq */
	lea32(e, RSP, R11, in->opsize);			/* esp = old + n */
}

static int xl_enter(struct tctx *t, const struct vxinsn *in)
{
	if ((in->imm2 & 31) != 0 || in->opsize != 4)
		return 1;				/* helper */
	gs_esp(&t->e, 1, 4, RBP, -4);			/* push ebp */
	lea32(&t->e, RBP, RSP, -4);			/* ebp = esp-4 */
	lea_esp(&t->e, -4 - (int32_t)in->imm);
	return 0;
}

static void xl_leave(struct tctx *t)
{
	gs_base(&t->e, 0, 4, R8, RBP, 0);		/* r8d = [ebp] */
	lea32(&t->e, RSP, RBP, 4);			/* esp = ebp+4 */
	op_rr(&t->e, 0x89, 0, R8, RBP);			/* ebp = r8d */
}

static uint16_t seg_selector(struct vxpriv *vp, int sreg)
{
	return vp->sel[sreg];
}

static int xl_mov_from_seg(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	uint32_t extra;

	if (in->reg > SEG_GS)
		return 1;				/* invalid */
	uint16_t sel = seg_selector(t->vp, in->reg);
	if (in->mod == 3) {
		if (in->opsize == 2) {
			e8(e, 0x66);
			e8(e, 0xb8 + in->rm);
			e16(e, sel);
		} else {
			mov_ri32(e, in->rm, sel);
		}
		return 0;
	}
	if (seg_extra(t, in, &extra) < 0)
		return -1;
	e8(e, 0x65); e8(e, 0x67); e8(e, 0x66);		/* movw $sel, mem */
	e8(e, 0xc7);
	emit_mem_modrm(e, in, 0, extra);
	e16(e, sel);
	return 0;
}

static void xl_call_common(struct tctx *t, uint32_t ret_eip)
{
	xl_push_imm(t, ret_eip, 4);
}

/* string.S: [op][rep][size] */
extern const uint8_t *const vx_string_table[5][3][3];

static const uint8_t *string_routine(const struct vxinsn *in)
{
	int op, rep;

	switch (in->opcode) {
	case 0xa4: case 0xa5: op = 0; break;	/* movs */
	case 0xa6: case 0xa7: op = 1; break;	/* cmps */
	case 0xaa: case 0xab: op = 2; break;	/* stos */
	case 0xac: case 0xad: op = 3; break;	/* lods */
	default: op = 4; break;			/* scas */
	}
	rep = in->rep == 0 ? 0 : (op == 1 || op == 4) && in->rep == 0xf2 ? 2 : 1;
	return vx_string_table[op][rep][in->opsize == 1 ? 0 : in->opsize == 2 ? 1 : 2];
}

/*
 * String instructions write through ES, which cannot be overridden in
 * 64-bit mode, so they are never copied: they call a routine in string.S
 * on the private stack, which works on guest addresses.
 */
static int xl_string(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	/* A source override other than the flat segments is not supported. */
	if (in->seg == SEG_FS || in->seg == SEG_GS)
		return -1;
	op_rr(e, 0x89, 1, RSP, R11);			/* mov r11, rsp */
	op_mem(e, 0x8d, 1, RSP, R15, ST_STACK_TOP);	/* lea rsp, top */
	mov_ri64(e, R10, (uint64_t)(uintptr_t)string_routine(in));
	e8(e, 0x41); e8(e, 0xff); e8(e, 0xd2);		/* call r10 */
	op_rr(e, 0x89, 1, R11, RSP);			/* mov rsp, r11 */
	return 0;
}

/* ---- the block loop ---- */

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
 * Might the instruction name esp as a register operand?  Conservative:
 * a ModRM reg field of 4 counts even where it is an opcode extension or
 * an xmm/mm/st register, and so does a one-byte opcode whose low three
 * bits are 4 (al/imm forms, mov ah, ...).
 */
static int names_esp(const struct vxinsn *in)
{
	if (in->has_modrm)
		return in->reg == RSP || (in->mod == 3 && in->rm == RSP);
	return (in->opcode & 7) == RSP;
}

/*
 * Instructions that may start with an esp_delta pending: push and pop
 * (not of esp), call and ret, and the copied and rewritten instructions
 * that do not name esp as a register (an esp-based memory operand gets
 * the delta in its displacement: seg_extra).  Anything else starts with
 * %rsp exact.
 */
static int defers_esp(const struct vxinsn *in)
{
	switch (in->cls) {
	case VC_COPY:
	case VC_ALIAS82:
	case VC_LEA:
	case VC_INCDEC:
	case VC_MOFFS:
		return !names_esp(in);
	case VC_PUSH_REG:
	case VC_POP_REG:
		return (in->opcode & 7) != RSP;
	case VC_PUSH_IMM:
	case VC_CALL:
	case VC_RET:
		return 1;
	default:
		return 0;
	}
}

static int add_map(struct vxpriv *vp, uint32_t host_off, uint32_t eip,
		   int esp_delta)
{
	if (vp->nmap == vp->maxmap) {
		unsigned n = vp->maxmap ? 2 * vp->maxmap : 4096;
		struct mapent *m = realloc(vp->map, n * sizeof *m);
		if (!m)
			return -1;
		vp->map = m;
		vp->maxmap = n;
	}
	vp->map[vp->nmap++] = (struct mapent){ host_off, esp_delta, eip };
	return 0;
}

/* Translate one instruction.  Returns 1 if it ended the block. */
static int xl_insn(struct tctx *t, const struct vxinsn *in)
{
	uint32_t next = in->eip + in->len;
	int r = 0;

	switch (in->cls) {
	case VC_COPY:
		r = xl_copy(t, in, 0);
		break;
	case VC_ALIAS82:
		r = xl_copy(t, in, 1);
		break;
	case VC_LEA:
		xl_lea(t, in);
		break;
	case VC_INCDEC:
		xl_incdec(t, in);
		break;
	case VC_MOFFS:
		r = xl_moffs(t, in);
		break;
	case VC_XLAT:
		r = xl_xlat(t, in);
		break;
	case VC_MASKMOV:
		xl_maskmov(t, in);
		break;
	case VC_PUSH_REG:
		xl_push_reg(t, in->opcode & 7, in->opsize);
		break;
	case VC_POP_REG:
		xl_pop_reg(t, in->opcode & 7, in->opsize);
		break;
	case VC_PUSH_IMM:
		xl_push_imm(t, in->imm_size == 1 ? (uint32_t)(int8_t)in->imm :
			    in->imm, in->opsize);
		break;
	case VC_PUSH_RM:
		r = xl_push_rm(t, in);
		break;
	case VC_POP_RM:
		r = xl_pop_rm(t, in);
		break;
	case VC_PUSHA:
		xl_pusha(t, in);
		break;
	case VC_POPA:
		xl_popa(t, in);
		break;
	case VC_PUSHF:
		xl_pushf(t, in);
		break;
	case VC_POPF:
		xl_popf(t, in);
		break;
	case VC_ENTER:
		if (xl_enter(t, in)) {
			emit_exit(t, in->eip, EXIT_HELPER);
			return 1;
		}
		break;
	case VC_LEAVE:
		if (in->opsize != 4)
			goto invalid;
		xl_leave(t);
		break;
	case VC_PUSH_SEG: {
		uint16_t sel = seg_selector(t->vp, t->code[in->opc_off] == 0x0f ?
			(in->opcode == 0xa0 ? SEG_FS : SEG_GS) :
			(t->code[in->opc_off] >> 3) & 3);
		xl_push_imm(t, sel, in->opsize);
		break;
	}
	case VC_MOV_FROM_SEG:
		r = xl_mov_from_seg(t, in);
		if (r > 0)
			goto invalid;
		break;
	case VC_POP_SEG:
	case VC_MOV_TO_SEG:
	case VC_HELPER:
		emit_exit(t, in->eip, EXIT_HELPER);
		return 1;
	case VC_JCC: {
		if (in->opsize == 2)
			goto invalid;
		int32_t rel = in->imm_size == 1 ? (int8_t)in->imm : (int32_t)in->imm;
		emit_direct_jcc(t, in->opcode & 15, next + rel);
		/* Superblock: go on translating the fall-through path, while
		   there is room for its exits. */
		if (t->nexits + 3 <= MAX_EXITS && !t->vp->trace)
			return 0;
		emit_direct_jmp(t, next);
		return 1;
	}
	case VC_JMP: {
		if (in->opsize == 2)
			goto invalid;
		int32_t rel = in->imm_size == 1 ? (int8_t)in->imm : (int32_t)in->imm;
		emit_direct_jmp(t, next + rel);
		return 1;
	}
	case VC_CALL:
		if (in->opsize == 2)
			goto invalid;
		xl_call_common(t, next);
		esp_flush(t);
		emit_direct_jmp(t, next + in->imm);
		return 1;
	case VC_RET:
		if (in->opsize == 2)
			goto invalid;
		gs_esp(&t->e, 0, 4, R8, t->esp_delta);
		lea_esp(&t->e, t->esp_delta + 4 + (in->imm_size ? in->imm : 0));
		t->esp_delta = 0;
		emit_predicted_lookup(t);
		return 1;
	case VC_JMP_IND:
		if (in->opsize == 2)
			goto invalid;
		if (emit_load_rm(t, in, R8, 4) < 0)
			goto gpf;
		emit_lookup(t);
		return 1;
	case VC_CALL_IND:
		if (in->opsize == 2)
			goto invalid;
		if (emit_load_rm(t, in, R8, 4) < 0)
			goto gpf;
		xl_call_common(t, next);
		esp_flush(t);
		/* Not predicted: call tables rotate through targets, and a
		   failed prediction costs more than the probe alone. */
		emit_lookup(t);
		return 1;
	case VC_LOOP: {
		/* 67 e0-e3 use ecx in 64-bit mode; branch over the
		   not-taken exit. */
		if (in->opsize == 2)
			goto invalid;
		e8(&t->e, 0x67);
		e8(&t->e, in->opcode);
		e8(&t->e, 5);
		emit_direct_jmp(t, next);
		emit_direct_jmp(t, next + (int8_t)in->imm);
		return 1;
	}
	case VC_STRING:
		r = xl_string(t, in);
		if (r < 0) {
			emit_trap(t, in->eip, VXTRAP_INVALID);
			return 1;
		}
		break;
	case VC_SOFTINT:
		emit_trap(t, next, in->imm == 3 ? VXTRAP_BREAKPOINT :
			  VXTRAP_SOFT + in->imm);
		return 1;
	case VC_SYSCALL:
		emit_trap(t, next, VXTRAP_SYSCALL);
		return 1;
	case VC_TRAP:
		emit_trap(t, in->eip, in->trap);
		return 1;
	case VC_TRAP_NEXT:
		emit_trap(t, next, in->trap);
		return 1;
	case VC_INVALID:
	default:
		goto invalid;
	}
	if (r < 0)
		goto gpf;
	return 0;

invalid:
	esp_flush(t);
	emit_trap(t, in->eip, VXTRAP_INVALID);
	return 1;
gpf:
	esp_flush(t);
	emit_trap(t, in->eip, VXTRAP_PROTECTION);
	return 1;
}

struct frag *vx_translate(struct vxpriv *vp, uint32_t eip, int *trap)
{
	struct vxstate *st = vx_state(vp);
	struct tctx t = { .vp = vp };
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

	t.e.p = vp->cache + vp->cache_used;
	t.e.end = vp->cache + vp->cache_limit;
	uint8_t *host = t.e.p;
	map0 = vp->nmap;

	/* The poll load: faults when vxproc_interrupt() revoked the page. */
	static const uint8_t poll[] = { 0x45, 0x8b, 0x87 }; /* mov r8d,[r15+d] */
	ebytes(&t.e, poll, sizeof poll);
	e32(&t.e, (uint32_t)ST_POLL);

	for (n = 0;; n++) {
		unsigned avail = fetchable(vp, eip);
		t.code = vp->base + eip;
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
			esp_flush(&t);
			if (add_map(vp, t.e.p - host, eip, 0) < 0)
				goto nomem;
			emit_direct_jmp(&t, eip);
			break;
		}
		/*
		 * The guest's x87/SSE state is switched in and out at every
		 * entry and exit only once it has translated code that uses
		 * it: guests that compute in integers alone then cross
		 * between host and guest without fxsave/fxrstor.  The flag
		 * is sticky and read by the next vx_enter; this code cannot
		 * run before that.
		 */
		if (in.fpu)
			st->fp_live = 1;
		if (!defers_esp(&in))
			esp_flush(&t);
		if (add_map(vp, t.e.p - host, eip, t.esp_delta) < 0)
			goto nomem;
		end_eip = eip + in.len;
		if (xl_insn(&t, &in))
			break;
		eip += in.len;
		if (n + 1 >= (vp->trace ? 1 : MAX_BLOCK_INSNS)) {
			esp_flush(&t);
			if (add_map(vp, t.e.p - host, eip, 0) < 0)
				goto nomem;
			emit_direct_jmp(&t, eip);
			break;
		}
	}
	if (end_eip <= start_eip)
		end_eip = 0;		/* block ends exactly at 4 GiB */

	/* Exit stubs for the direct jumps. */
	for (int i = 0; i < t.nexits; i++) {
		struct pending_exit *x = &t.exits[i];
		uint8_t *stub = t.e.p;
		mov_ri32(&t.e, R8, x->target);
		/* lea r9, [rip + (site - next)] */
		e8(&t.e, 0x4c); e8(&t.e, 0x8d); e8(&t.e, 0x0d);
		e32(&t.e, (uint32_t)(x->site - (t.e.p + 4)));
		jmp_r15(&t.e, ST_EXIT_FN);
		patch_rel32(x->site, stub);
		if (vx_cache_add_link(vp, x->site, stub) < 0)
			goto nomem;
	}

	/* Learn stubs of the predicted branches. */
	for (int i = 0; i < t.nlearn; i++) {
		uint8_t *stub = t.e.p;
		uint8_t *site = t.learn[i].site;
		/* lea r9, [rip + (site - next)] */
		e8(&t.e, 0x4c); e8(&t.e, 0x8d); e8(&t.e, 0x0d);
		e32(&t.e, (uint32_t)(site - (t.e.p + 4)));
		jmp_r15(&t.e, ST_LEARN_FN);
		patch_rel32(site + 1, stub);
		patch_rel32(t.learn[i].hit, stub);
		if (vx_cache_add_link(vp, t.learn[i].hit, stub) < 0)
			goto nomem;
	}

	struct frag *f = &vp->frags[vp->nfrags++];
	f->eip = start_eip;
	f->eip_end = end_eip ? end_eip : 0xffffffff;
	f->host = host;
	f->host_len = t.e.p - host;
	f->map = map0;
	f->nmap = vp->nmap - map0;
	vp->cache_used += (f->host_len + 15) & ~15u;
	vp->ntrans++;
	vx_cache_hash_insert(vp, f);

	/* Chain the exits whose targets already exist. */
	for (int i = 0; i < t.nexits && !vp->trace; i++) {
		struct frag *g = vx_cache_lookup(vp, t.exits[i].target);
		if (g)
			patch_rel32(t.exits[i].site, g->host);
	}
	if (vx_mem_protect_code(vp, start_eip, f->eip_end) < 0)
		goto nomem;
	return f;

nomem:
	vx_seterr(vp, "out of host memory while translating at 0x%08x", eip);
	*trap = -1;
	return NULL;
}
