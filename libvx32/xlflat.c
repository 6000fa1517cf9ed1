/*
 * xlflat.c - the flat backend's translator: one guest instruction into
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
 * conventions; translate.c drives the block loop.
 *
 * Precise traps: every emitted sequence performs its possibly-faulting
 * guest memory access before it changes any guest register, so a host
 * fault anywhere inside an instruction's translation leaves exactly the
 * guest state before that instruction; the fragment's map gives its EIP.
 */
#include <stdlib.h>
#include <string.h>
#include "xlate.h"

/* Make %rsp the guest's esp again (lea: the flags stay as they are). */
static void esp_flush(struct tctx *t)
{
	if (t->esp_delta) {
		t->ret_slot -= t->esp_delta;	/* %rsp moves under it */
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

/*
 * How a probe tests its compare without touching the flags.  jecxz
 * jumps when ecx is zero, so a hit (difference zero) is a taken branch
 * followed by the jump to the target: two taken branches where the CPU
 * runs one.  loop jumps when ecx - 1 is not zero, so with the
 * difference biased by one a hit falls through to the jump and only a
 * miss branches.  On AMD CPUs (Zen) loop is one fast operation and the
 * fall-through form runs returns, indirect calls and jump tables
 * 10-20% faster (doc/perf.md); on Intel loop is microcoded (about 7
 * operations), so jecxz stays there.  VX32_PROBE=loop or jecxz forces
 * one (for measurements).  Decided once per process.
 */
static int probe_loop = -1;

static int cpu_is_amd(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0), "c"(0));
	/* "AuthenticAMD" or "HygonGenuine" (a Zen licensee) */
	return (b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) ||
	       (b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975);
}

static int use_loop(void)
{
	int v = __atomic_load_n(&probe_loop, __ATOMIC_RELAXED);

	if (v < 0) {
		const char *e = getenv("VX32_PROBE");
		v = e && !strcmp(e, "loop") ? 1 :
		    e && !strcmp(e, "jecxz") ? 0 : cpu_is_amd();
		__atomic_store_n(&probe_loop, v, __ATOMIC_RELAXED);
	}
	return v;
}

/*
 * Indirect jump to the guest EIP in r8d: an inline probe of the EIP hash
 * table that leaves the flags alone, so a hit costs no call and no flag
 * save.  The table holds -eip, so the comparison is one lea (r8 + -eip
 * is zero on a hit) tested with jecxz.  On a miss, exit to the runtime
 * with EXIT_LOOKUP.  saved: rcx is already in r10 (after a predicted
 * branch's compare missed), so the probe does not save it again.
 */
static void emit_lookup(struct tctx *t, int loop, int saved)
{
	static const uint8_t index[] = {
		0x45, 0x0f, 0xb7, 0xc8,		/* movzx r9d, r8w */
	};
	static const uint8_t save[] = {
		0x49, 0x89, 0xca,		/* mov r10, rcx */
	};
	static const uint8_t probe[] = {
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
	/* The same with loop: the hit falls through. */
	static const uint8_t cmp_loop[] = {
		0x42, 0x8d, 0x4c, 0x01, 0x01,	/* lea ecx, [rcx+r8+1] */
		0x67, 0xe2, 0x0b,		/* loopl miss (+11) */
		0x4c, 0x89, 0xd1,		/* mov rcx, r10 */
		0x43, 0xff, 0xa4, 0xcf,		/* jmp [r15+r9*8+P] */
	};
	static const uint8_t miss[] = {
		0x4c, 0x89, 0xd1,		/* mov rcx, r10 */
		0x41, 0xb9, 0, 0, 0, 0,		/* mov r9d, EXIT_LOOKUP */
		0x41, 0xff, 0x67, ST_EXIT_FN,	/* jmp [r15+exit_fn] */
	};

	ebytes(&t->e, index, sizeof index);
	if (!saved)
		ebytes(&t->e, save, sizeof save);
	ebytes(&t->e, probe, sizeof probe);
	e32(&t->e, ST_HASH_EIP);
	if (loop) {
		ebytes(&t->e, cmp_loop, sizeof cmp_loop);
		e32(&t->e, ST_HASH_PTR);
		ebytes(&t->e, miss, sizeof miss);
		return;
	}
	ebytes(&t->e, cmp, sizeof cmp);
	e32(&t->e, ST_HASH_PTR);
}
/* Bytes of the jecxz form with rcx saved by the caller. */
#define LOOKUP_LEN_SAVED	(8 + 4 + 27 + 4)

/*
 * VX32_COUNT: one more in counter n (enum vxcount), without touching the
 * flags, through r9, which is free where this is emitted (before a
 * probe, which sets it).
 */
static void emit_count(struct tctx *t, int n)
{
	if (!t->vp->count)
		return;
	op_mem(&t->e, 0x8b, 1, R9, R15, ST_COUNT + 8 * n);	/* mov */
	op_mem(&t->e, 0x8d, 1, R9, R9, 1);		/* lea r9, [r9+1] */
	op_mem(&t->e, 0x89, 1, R9, R15, ST_COUNT + 8 * n);	/* mov */
}

/*
 * With loop (use_loop), the compare is biased by one and the hit falls
 * through to the jump (PS_HIT_LOOP), the lookup following out of line:
 *
 *   +8   lea 1-PRED(%r8), %ecx  ; disp32 at +11
 *   +15  loopl miss
 *   +18  mov %r10, %rcx
 *   +21  jmp PRED's fragment    ; rel32 at PS_HIT_LOOP
 *   miss: <emit_lookup, rcx still in r10>
 *
 * vx_predict_learn tells the two apart by the opcode at +16.
 *
 * A predicted indirect branch (ret, call *): the site remembers
 * the last target it learned and checks it with one flag-free lea before
 * falling back to the inline probe, so a return to the usual caller is a
 * compare and a direct jump.  Layout, from site:
 *
 *   +0   jmp learn          ; until the first target is learned, then a
 *                           ; 5-byte nop (vx_predict_learn)
 *   +5   mov %rcx, %r10
 *   +8   lea -PRED(%r8), %ecx   ; disp32 at +11
 *   +15  jecxz hit
 *   +18  <emit_lookup, rcx still in r10>
 *   hit: mov %r10, %rcx
 *        jmp PRED's fragment    ; rel32 at PS_HIT; a chaining link whose
 *                               ; stub is learn, so invalidation relearns
 *   learn (with the block's exit stubs):
 *        lea site(%rip), %r9
 *        jmp *ST_LEARN_FN(%r15) ; r8 = the target
 */
#define PS_DISP	11
#define PS_HIT	(PS_DISP + 4 + 3 + LOOKUP_LEN_SAVED + 3 + 1)
#define PS_HIT_LOOP	(PS_DISP + 4 + 3 + 3 + 1)

static void emit_predicted_lookup(struct tctx *t, int miss_count)
{
	struct emit *e = &t->e;
	uint8_t *site = e->p, *jcc, *hit;

	t->learn[t->nlearn].site = site;
	jmp_rel32(e, e->p);				/* +0 */
	e8(e, 0x49); e8(e, 0x89); e8(e, 0xca);		/* mov r10, rcx */
	e8(e, 0x41); e8(e, 0x8d); e8(e, 0x88);		/* lea ecx,[r8+d32] */
	e32(e, 0);
	/* Counting takes this form everywhere: its miss path is out of
	   the way of the layout that vx_predict_learn patches. */
	if (use_loop() || t->vp->count) {
		e8(e, 0x67); e8(e, 0xe2); e8(e, 3 + 5);	/* loopl miss */
		e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);	/* mov rcx, r10 */
		hit = jmp_rel32(e, e->p);
		if (hit != site + PS_HIT_LOOP)
			abort();	/* the layout above is wrong */
		emit_count(t, miss_count);		/* miss: */
		emit_lookup(t, 1, 1);
		t->learn[t->nlearn].hit = hit;
		t->nlearn++;
		return;
	}
	e8(e, 0x67); e8(e, 0xe3); e8(e, 0);		/* jecxz hit */
	jcc = e->p;
	emit_lookup(t, 0, 1);
	jcc[-1] = (uint8_t)(e->p - jcc);
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov rcx, r10 */
	hit = jmp_rel32(e, e->p);
	if (hit != site + PS_HIT)
		abort();		/* the layout above is wrong */
	t->learn[t->nlearn].hit = hit;
	t->nlearn++;
}

/* ---- memory operands ---- */

/* Is the memory operand based on esp (so a pop must see esp+size)? */
static int mem_base_is_esp(const struct vxinsn *in)
{
	return in->has_sib && (in->sib & 7) == RSP &&
	       !(in->mod == 0 && (in->sib & 7) == 5);
}

/*
 * What to add to a memory operand's displacement: the TLS base for an
 * fs/gs override, plus the pending esp delta for an esp-based address.
 * Returns -1 for a null or unusable selector (the access must raise
 * #GP).
 */
static int seg_extra(struct tctx *t, const struct vxinsn *in, uint32_t *extra)
{
	if (vx_xl_tls_base(t, in, extra) < 0)
		return -1;
	/* esp as base: the guest's esp is %rsp + the pending delta */
	if (vx_has_mem(in) && mem_base_is_esp(in))
		*extra += t->esp_delta;
	return 0;
}

/*
 * 16-bit addressing (0x67): 64-bit code has none, so the effective
 * address is computed into r10d with lea (the flags stay), cut to 16
 * bits as the CPU does (the sum wraps at 64 KiB), and the instruction
 * addresses %gs:(%r10d) instead: inside the guest's 4 GiB like any
 * other operand.  No register of the guest changes before the access.
 */
static void emit_ea16(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int base = vx_addr16_base(in), index = vx_addr16_index(in);

	if (base < 0) {					/* disp16 alone */
		mov_ri32(e, R10, (uint16_t)in->disp);
		return;
	}
	e8(e, 0x44); e8(e, 0x8d);			/* lea d32(b,i), r10d */
	if (index < 0) {
		e8(e, 0x90 | base);
	} else {
		e8(e, 0x94);
		e8(e, index << 3 | base);
	}
	e32(e, (uint32_t)in->disp);
	e8(e, 0x45); e8(e, 0x0f); e8(e, 0xb7); e8(e, 0xd2); /* movzwl r10w */
}

/* The ModRM of in's memory operand with reg in the reg field and extra
   added: the guest's form, or [r10 + extra] under 16-bit addressing,
   whose REX.B the caller emits (mem_rex). */
static void emit_mem(struct emit *e, const struct vxinsn *in, int reg,
		     uint32_t extra)
{
	if (in->addr16)
		modrm_base(e, reg, R10, (int32_t)extra);
	else
		vx_emit_mem_modrm(e, in, reg, extra);
}

/* REX for reg and the memory operand's base (none, or r10). */
static void mem_rex(struct emit *e, const struct vxinsn *in, int reg)
{
	rex(e, 0, reg, in->addr16 ? R10 : 0);
}

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
	mem_rex(&t->e, in, dst);
	if (size == 2) {
		e8(&t->e, 0x0f);
		e8(&t->e, 0xb7);
	} else {
		e8(&t->e, 0x8b);
	}
	emit_mem(&t->e, in, dst, extra);
	return 0;
}

/* ---- instruction classes ---- */

/* Clear the code pointer and selectors of an x87/SSE state image just
   stored (vx_fp_pointer_fields): mov{w,l} $0, %gs:field(mem). */
static void xl_fp_fixup(struct tctx *t, const struct vxinsn *in,
			uint32_t extra)
{
	struct fpfield f[3];
	int n = vx_fp_pointer_fields(in, f);

	for (int i = 0; i < n; i++) {
		e8(&t->e, 0x65);
		e8(&t->e, 0x67);
		if (f[i].size == 2)
			e8(&t->e, 0x66);
		mem_rex(&t->e, in, 0);
		e8(&t->e, 0xc7);
		emit_mem(&t->e, in, 0, extra + f[i].off);
		if (f[i].size == 2)
			e16(&t->e, 0);
		else
			e32(&t->e, 0);
	}
}

/*
 * Does ModRM.reg name a byte register (al..bh)?  *writes: does the
 * instruction write it?  Only the integer forms with a byte register
 * operand in ModRM.reg: the alu r/m8 forms, test, xchg, mov, cmpxchg
 * and xadd.
 */
static int byte_reg_operand(const struct vxinsn *in, int *writes)
{
	*writes = 0;
	if (in->map == MAP_0F)
		switch (in->opcode) {
		case 0xc0:				/* xadd */
			*writes = 1;
			/* fall through */
		case 0xb0:				/* cmpxchg */
			return 1;
		default:
			return 0;
		}
	if (in->map != MAP_1)
		return 0;
	switch (in->opcode) {
	case 0x02: case 0x0a: case 0x12: case 0x1a: case 0x22: case 0x2a:
	case 0x32: case 0x86: case 0x8a:
		*writes = 1;
		return 1;
	case 0x00: case 0x08: case 0x10: case 0x18: case 0x20: case 0x28:
	case 0x30: case 0x38: case 0x3a: case 0x84: case 0x88:
		return 1;
	default:
		return 0;
	}
}

/* xchg %?h, %?l (no REX, flags untouched) for register low = 0..3 */
static void xchg_high_low(struct emit *e, int low)
{
	e8(e, 0x86);
	e8(e, 0xc0 | low << 3 | (low + 4));
}

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
	/* 16-bit addressing needs a REX prefix (for r10), with which
	   ModRM.reg 4-7 of a byte operand means spl..dil, not ah..bh: such
	   a high byte goes through r9b (xchg within the register leaves the
	   flags alone), and back if the instruction writes it. */
	int writes, hi = in->addr16 && byte_reg_operand(in, &writes) &&
			 in->reg >= 4;
	int low = in->reg & 3, reg = hi ? R9 : in->reg;
	if (hi) {
		xchg_high_low(e, low);
		op_rr(e, 0x89, 0, low, R9);		/* mov r9d, e?x */
		xchg_high_low(e, low);
	}
	emit_prefixes(e, in, 1);
	if (in->addr16)
		e8(e, hi ? 0x45 : 0x41);		/* REX.B (and .R) */
	uint8_t *op = e->p;
	ebytes(e, t->code + in->opc_off, in->modrm_off - in->opc_off);
	if (alias82)
		*op = 0x80;
	emit_mem(e, in, reg, extra);
	ebytes(e, t->code + in->imm_off, in->imm_size);
	xl_fp_fixup(t, in, extra);
	if (hi && writes) {
		xchg_high_low(e, low);
		e8(e, 0x44); e8(e, 0x88); e8(e, 0xc8 | low);	/* mov ?l, r9b */
		xchg_high_low(e, low);
	}
	return 0;
}

static void xl_lea(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	if (in->addr16) {			/* r10d = the address */
		if (in->opsize == 2)
			e8(e, 0x66);
		op_rr(e, 0x89, 0, R10, in->reg);	/* mov reg, r10 */
		return;
	}

	e8(e, 0x67);
	if (in->opsize == 2)
		e8(e, 0x66);
	e8(e, 0x8d);
	vx_emit_mem_modrm(e, in, in->reg,
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
	static const uint8_t xlat16[] = {
		0x44, 0x0f, 0xb6, 0xd0,		/* movzbl %al, %r10d */
		0x46, 0x8d, 0x14, 0x13,		/* lea (%rbx,%r10), %r10d */
		0x45, 0x0f, 0xb7, 0xd2,		/* movzwl %r10w, %r10d */
		0x65, 0x67, 0x41, 0x8a, 0x02,	/* mov %gs:(%r10d), %al */
	};

	if (in->seg == SEG_FS || in->seg == SEG_GS)
		return -1;
	if (in->addr16) {			/* al = [(bx + al) & 0xffff] */
		ebytes(&t->e, xlat16, sizeof xlat16);
		return 0;
	}
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
	mem_rex(e, in, R8);
	e8(e, 0x89);					/* mov r/m, r8 */
	emit_mem(e, in, R8, extra);
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

/* popf's end: load the sanitised flags (r9d) with popfq from the state
   block, and esp = the saved rsp (r11) + n. */
static void xl_popf_load(struct tctx *t, int n)
{
	struct emit *e = &t->e;

	op_mem(e, 0x89, 1, R9, R15, ST_FLAGS_SLOT);
	op_rr(e, 0x89, 1, RSP, R11);			/* mov r11, rsp */
	op_mem(e, 0x8d, 1, RSP, R15, ST_FLAGS_SLOT);	/* lea rsp, slot */
	e8(e, 0x9d);					/* popfq */
	lea32(e, RSP, R11, n);				/* esp = old + n */
}

/*
 * popf: the arithmetic flags and DF go into the host's flags; TF, NT, AC
 * and ID into the shadow (a 16-bit popf changes only TF and NT there).
 * When TF ends up set, the block ends after the popf, so that the next
 * instruction runs single-stepped (run.c: step_mode); the test is made
 * while the host flags are still free to clobber, and each path loads
 * the guest's flags itself.
 */
static void xl_popf(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	uint8_t *jtf, *jdone;

	if (in->opsize == 2) {
		e8(e, 0x65); e8(e, 0x67); e8(e, 0x44);	/* movzx r9d, word */
		e8(e, 0x0f); e8(e, 0xb7);
		modrm_base(e, R9, RSP, 0);
		/* xflags = (xflags & ~XFLAGS16) | (new & XFLAGS16) */
		op_rr(e, 0x89, 0, R9, R10);		/* mov r10d, r9d */
		e8(e, 0x41); e8(e, 0x81); e8(e, 0xe2);	/* and r10d, XFLAGS16 */
		e32(e, XFLAGS16);
		op_mem(e, 0x8b, 0, R11, R15, ST_XFLAGS); /* mov r11d, xflags */
		e8(e, 0x41); e8(e, 0x81); e8(e, 0xe3);	/* and r11d, ~XFLAGS16 */
		e32(e, ~(uint32_t)XFLAGS16);
		op_rr(e, 0x09, 0, R10, R11);		/* or r11d, r10d */
		op_mem(e, 0x89, 1, R11, R15, ST_XFLAGS);
	} else {
		gs_esp(e, 0, 4, R9, 0);
		/* xflags = new & (TF|NT|AC|ID) */
		op_rr(e, 0x89, 0, R9, R10);		/* mov r10d, r9d */
		e8(e, 0x41); e8(e, 0x81); e8(e, 0xe2);	/* and r10d, XFLAGS */
		e32(e, XFLAGS);
		op_mem(e, 0x89, 1, R10, R15, ST_XFLAGS);
	}
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xe1);		/* and r9d, mask */
	e32(e, GUEST_FLAGS);
	e8(e, 0x41); e8(e, 0x81); e8(e, 0xc9);		/* or r9d, 0x202 */
	e32(e, 0x202);
	{
		/* DF's step: 1 - ((flags >> 9) & 2) */
		static const uint8_t step[] = {
			0x45, 0x89, 0xca,		/* mov r10d, r9d */
			0x41, 0xc1, 0xea, 0x09,		/* shr r10d, 9 */
			0x41, 0x83, 0xe2, 0x02,		/* and r10d, 2 */
			0x41, 0xf7, 0xda,		/* neg r10d */
			0x41, 0x83, 0xc2, 0x01,		/* add r10d, 1 */
			0x45, 0x88, 0x97,		/* mov [r15+d], r10b */
		};
		ebytes(e, step, sizeof step);
		e32(e, ST_DSTEP);
	}
	e8(e, 0x41); e8(e, 0xf7); e8(e, 0x87);		/* testl $TF, xflags */
	e32(e, ST_XFLAGS);
	e32(e, F_TF);
	e8(e, 0x75); e8(e, 0);				/* jnz tf */
	jtf = e->p;
	xl_popf_load(t, in->opsize);
	e8(e, 0xeb); e8(e, 0);				/* jmp done */
	jdone = e->p;
	jtf[-1] = (uint8_t)(e->p - jtf);
	xl_popf_load(t, in->opsize);			/* tf: */
	emit_exit(t, in->eip + in->len, EXIT_LOOKUP);
	jdone[-1] = (uint8_t)(e->p - jdone);		/* done: */
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

static int xl_mov_from_seg(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	uint32_t extra;

	if (in->reg > SEG_GS)
		return 1;				/* invalid */
	uint16_t sel = vx_xl_sel(t, in->reg);
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
	mem_rex(e, in, 0);
	e8(e, 0xc7);
	emit_mem(e, in, 0, extra);
	e16(e, sel);
	return 0;
}

static void xl_call_common(struct tctx *t, uint32_t ret_eip)
{
	xl_push_imm(t, ret_eip, 4);
}

/* movb $step, ST_DSTEP(%r15): DF's step after cld (1) or std (-1). */
static void dstep_set(struct tctx *t, int step)
{
	static const uint8_t movb[] = { 0x41, 0xc6, 0x87 };

	ebytes(&t->e, movb, sizeof movb);
	e32(&t->e, ST_DSTEP);
	e8(&t->e, (uint8_t)step);
}

/*
 * One element of movs, cmps, stos, lods or scas, inline: the accesses
 * through %gs with 32-bit addresses (as string.S's general path: esi and
 * edi wrap at 4 GiB), then esi/edi step by DF, read from ST_DSTEP
 * without touching the flags (cmps and scas set them with their cmp).
 * A fault is at the instruction with esi and edi unchanged; a store to
 * code stops after the instruction as any copied store does.
 */
static void xl_string_once(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int size = in->opsize, byte = size == 1;
	uint8_t scale = size == 4 ? 0x80 : size == 2 ? 0x40 : 0;
	int src = 0, dst = 0;

#define GS32()	do { e8(e, 0x65); e8(e, 0x67); \
		     if (size == 2) e8(e, 0x66); } while (0)
	switch (in->opcode & ~1) {
	case 0xa4:					/* movs */
		GS32(); e8(e, 0x44); e8(e, byte ? 0x8a : 0x8b); e8(e, 0x06);
		GS32(); e8(e, 0x44); e8(e, byte ? 0x88 : 0x89); e8(e, 0x07);
		src = dst = 1;
		break;
	case 0xa6:					/* cmps */
		GS32(); e8(e, 0x44); e8(e, byte ? 0x8a : 0x8b); e8(e, 0x06);
		GS32(); e8(e, 0x44); e8(e, byte ? 0x3a : 0x3b); e8(e, 0x07);
		src = dst = 1;
		break;
	case 0xaa:					/* stos */
		GS32(); e8(e, byte ? 0x88 : 0x89); e8(e, 0x07);
		dst = 1;
		break;
	case 0xac:					/* lods */
		GS32(); e8(e, byte ? 0x8a : 0x8b); e8(e, 0x06);
		src = 1;
		break;
	default:					/* scas */
		GS32(); e8(e, byte ? 0x3a : 0x3b); e8(e, 0x07);
		dst = 1;
		break;
	}
#undef GS32
	/* movsbq ST_DSTEP(%r15), %r9 */
	e8(e, 0x4d); e8(e, 0x0f); e8(e, 0xbe); e8(e, 0x8f);
	e32(e, ST_DSTEP);
	if (src) {				/* lea (%rsi,%r9,size), %esi */
		e8(e, 0x42); e8(e, 0x8d); e8(e, 0x34); e8(e, scale | 0x0e);
	}
	if (dst) {				/* lea (%rdi,%r9,size), %edi */
		e8(e, 0x42); e8(e, 0x8d); e8(e, 0x3c); e8(e, scale | 0x0f);
	}
}

/* string.S: [op][rep(e) or repne][size] */
extern const uint8_t *const vx_string_table[5][2][3];

/* The routine of a string instruction with a rep prefix. */
const uint8_t *vx_string_routine(const struct vxinsn *in)
{
	int op, rep;

	switch (in->opcode) {
	case 0xa4: case 0xa5: op = 0; break;	/* movs */
	case 0xa6: case 0xa7: op = 1; break;	/* cmps */
	case 0xaa: case 0xab: op = 2; break;	/* stos */
	case 0xac: case 0xad: op = 3; break;	/* lods */
	default: op = 4; break;			/* scas */
	}
	rep = (op == 1 || op == 4) && in->rep == 0xf2;	/* repne cmps/scas */
	return vx_string_table[op][rep][in->opsize == 1 ? 0 : in->opsize == 2 ? 1 : 2];
}

/* Call in's string.S routine on the private stack. */
static void xl_string_call(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;

	op_rr(e, 0x89, 1, RSP, R11);			/* mov r11, rsp */
	op_mem(e, 0x8d, 1, RSP, R15, ST_STACK_TOP);	/* lea rsp, top */
	mov_ri64(e, R10, (uint64_t)(uintptr_t)vx_string_routine(in));
	e8(e, 0x41); e8(e, 0xff); e8(e, 0xd2);		/* call r10 */
	op_rr(e, 0x89, 1, R11, RSP);			/* mov rsp, r11 */
}

/*
 * rep movs and rep stos, inline: where every element the instruction
 * will touch lies in [0, 4 GiB) (string.S's FAST_OR test, the same
 * instructions), the host's own rep instruction on host addresses
 * (guest base %r14 + esi/edi; the base is 4 GiB-aligned, so at a fault
 * the low halves of %rsi/%rdi are the guest's, and ecx the count left:
 * an architectural state, at this instruction's map entry); else the
 * string.S routine, element by element through %gs.  This saves the
 * routine's call, return and stack switch, most of the cost of a short
 * copy (glibc's i386 memcpy is a rep movsl and a rep movsb).  Where a
 * cld earlier in the block says DF is clear (t->df_up), only the
 * upward test.  No instruction here writes the flags.
 */
static int xl_rep_fast(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int movs = (in->opcode & ~1) == 0xa4;
	int size = in->opsize;
	uint8_t ss = size == 4 ? 0x80 : size == 2 ? 0x40 : 0;
	uint8_t *jup = NULL, *jcheck = NULL, *jfast, *jdone;

	e8(e, 0x41); e8(e, 0x89); e8(e, 0xca);		/* mov %ecx, %r10d */
	if (!t->df_up) {
		/* movzbl ST_DSTEP(%r15), %ecx: 1 up, 255 down */
		e8(e, 0x41); e8(e, 0x0f); e8(e, 0xb6); e8(e, 0x8f);
		e32(e, ST_DSTEP);
		e8(e, 0x8d); e8(e, 0x49); e8(e, 0xff);	/* lea -1(%rcx), %ecx */
		e8(e, 0xe3); e8(e, 0);			/* jrcxz up */
		jup = e->p;
		/* Down: the lowest element's address, reg - (count - 1) *
		   size, as reg + ~(count * size) + size + 1. */
		e8(e, 0x4e); e8(e, 0x8d); e8(e, 0x0c);	/* lea (,%r10,s), %r9 */
		e8(e, ss | 0x15); e32(e, 0);
		e8(e, 0x49); e8(e, 0xf7); e8(e, 0xd1);	/* not %r9 */
		if (movs) {		/* lea size+1(%rsi,%r9), %r8 */
			e8(e, 0x4e); e8(e, 0x8d); e8(e, 0x44); e8(e, 0x0e);
			e8(e, size + 1);
		}
		/* lea size+1(%rdi,%r9), %r8 or %r9 */
		e8(e, 0x4e); e8(e, 0x8d); e8(e, movs ? 0x4c : 0x44);
		e8(e, 0x0f); e8(e, size + 1);
		e8(e, 0xeb); e8(e, 0);			/* jmp check */
		jcheck = e->p;
		jup[-1] = (uint8_t)(e->p - jup);
	}
	/* Up: the last byte, reg + count * size - 1 */
	if (movs) {				/* lea -1(%rsi,%r10,s), %r8 */
		e8(e, 0x4e); e8(e, 0x8d); e8(e, 0x44); e8(e, ss | 0x16);
		e8(e, 0xff);
	}
	/* lea -1(%rdi,%r10,s), %r8 or %r9 */
	e8(e, 0x4e); e8(e, 0x8d); e8(e, movs ? 0x4c : 0x44); e8(e, ss | 0x17);
	e8(e, 0xff);
	if (jcheck)
		jcheck[-1] = (uint8_t)(e->p - jcheck);
	/* check: rcx = a - (a mod 2^32) for r8 (and r9), summed: zero iff
	   all below 4 GiB (string.S, FAST_OR) */
	{
		static const uint8_t one[] = {
			0x44, 0x89, 0xc1,		/* mov %r8d, %ecx */
			0x48, 0xf7, 0xd1,		/* not %rcx */
			0x49, 0x8d, 0x4c, 0x08, 0x01,	/* lea 1(%r8,%rcx), %rcx */
		};
		static const uint8_t two[] = {
			0x45, 0x89, 0xc8,		/* mov %r9d, %r8d */
			0x49, 0xf7, 0xd0,		/* not %r8 */
			0x4f, 0x8d, 0x44, 0x01, 0x01,	/* lea 1(%r9,%r8), %r8 */
			0x4a, 0x8d, 0x0c, 0x01,		/* lea (%rcx,%r8), %rcx */
		};
		ebytes(e, one, sizeof one);
		if (movs)
			ebytes(e, two, sizeof two);
	}
	e8(e, 0xe3); e8(e, 0);				/* jrcxz fast */
	jfast = e->p;
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov %r10, %rcx */
	xl_string_call(t, in);
	e8(e, 0xeb); e8(e, 0);				/* jmp done */
	jdone = e->p;
	jfast[-1] = (uint8_t)(e->p - jfast);
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov %r10, %rcx */
	if (movs) {				/* lea (%rsi,%r14), %rsi */
		e8(e, 0x4a); e8(e, 0x8d); e8(e, 0x34); e8(e, 0x36);
	}
	e8(e, 0x4a); e8(e, 0x8d); e8(e, 0x3c); e8(e, 0x37); /* lea (%rdi,%r14), %rdi */
	if (size == 2)
		e8(e, 0x66);
	e8(e, 0xf3);
	e8(e, (movs ? 0xa4 : 0xaa) | (size > 1));	/* rep movs/stos */
	if (movs) {
		e8(e, 0x89); e8(e, 0xf6);		/* mov %esi, %esi */
	}
	e8(e, 0x89); e8(e, 0xff);			/* mov %edi, %edi */
	jdone[-1] = (uint8_t)(e->p - jdone);
	return 0;
}

/*
 * String instructions write through ES, which cannot be overridden in
 * 64-bit mode, so they are never copied: one element is translated
 * inline (xl_string_once), the rep forms call a routine in string.S on
 * the private stack, which works on guest addresses.
 */
static int xl_string(struct tctx *t, const struct vxinsn *in)
{
	/* A source override other than the flat segments is not supported. */
	if (in->seg == SEG_FS || in->seg == SEG_GS)
		return -1;
	if (!in->rep) {
		xl_string_once(t, in);
		return 0;
	}
	if ((in->opcode & ~1) == 0xa4 || (in->opcode & ~1) == 0xaa)
		return xl_rep_fast(t, in);
	xl_string_call(t, in);
	return 0;
}

/*
 * loop, loope, loopne and jcxz with 0x67 count in cx, which 64-bit code
 * cannot: cx is decremented with lea and a 16-bit move, and tested for
 * zero with jrcxz on a zero-extended copy (rcx kept in r10); none of
 * that touches the flags loope/loopne look at.
 */
static void xl_loop16(struct tctx *t, const struct vxinsn *in)
{
	static const uint8_t dec_cx[] = {
		0x44, 0x8d, 0x51, 0xff,		/* lea -1(%rcx), %r10d */
		0x66, 0x44, 0x89, 0xd1,		/* mov %r10w, %cx */
	};
	static const uint8_t test_cx[] = {
		0x49, 0x89, 0xca,		/* mov %rcx, %r10 */
		0x0f, 0xb7, 0xc9,		/* movzwl %cx, %ecx */
		0xe3, 0x00,			/* jrcxz zero */
	};
	static const uint8_t restore[] = { 0x4c, 0x89, 0xd1 }; /* rcx = r10 */
	struct emit *e = &t->e;
	uint32_t next = in->eip + in->len;
	uint32_t taken = next + (int8_t)in->imm;
	uint8_t *jz;

	if (in->opcode != 0xe3)
		ebytes(e, dec_cx, sizeof dec_cx);
	ebytes(e, test_cx, sizeof test_cx);
	jz = e->p;
	ebytes(e, restore, sizeof restore);		/* cx != 0 */
	switch (in->opcode) {
	case 0xe0:					/* loopne */
		emit_direct_jcc(t, 0x5, taken);
		emit_direct_jmp(t, next);
		break;
	case 0xe1:					/* loope */
		emit_direct_jcc(t, 0x4, taken);
		emit_direct_jmp(t, next);
		break;
	case 0xe2:					/* loop */
		emit_direct_jmp(t, taken);
		break;
	default:					/* jcxz */
		emit_direct_jmp(t, next);
		break;
	}
	jz[-1] = (uint8_t)(e->p - jz);
	ebytes(e, restore, sizeof restore);		/* zero: */
	emit_direct_jmp(t, in->opcode == 0xe3 ? taken : next);
}

/* ---- esp deferral ---- */

/* One-byte opcodes whose ModRM reg field is an opcode extension (the
   groups: shl, and $imm, mul... are /4 and name no esp). */
static const uint8_t reg_is_ext[256] = {
	[0x80] = 1, [0x81] = 1, [0x82] = 1, [0x83] = 1, [0x8f] = 1,
	[0xc0] = 1, [0xc1] = 1, [0xc6] = 1, [0xc7] = 1,
	[0xd0] = 1, [0xd1] = 1, [0xd2] = 1, [0xd3] = 1,
	[0xf6] = 1, [0xf7] = 1, [0xfe] = 1, [0xff] = 1,
};

/*
 * Might the instruction name esp as a register operand?  Conservative:
 * a ModRM reg field of 4 counts where it is an xmm/mm/st register or
 * the extension of an opcode outside reg_is_ext, and so does a
 * one-byte opcode whose low three bits are 4 (al/imm forms, mov ah,
 * ...).  Each false "yes" costs an esp update the block did not need.
 */
static int names_esp(const struct vxinsn *in)
{
	if (in->has_modrm)
		return (in->reg == RSP &&
			!(in->map == MAP_1 && reg_is_ext[in->opcode])) ||
		       (in->mod == 3 && in->rm == RSP);
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
	case VC_DIRFLAG:
	case VC_CALL:
	case VC_PC_THUNK:
	case VC_RET:
		return 1;
	default:
		return 0;
	}
}

static void track_writes(struct tctx *t, const struct vxinsn *in);

/* Translate one instruction.  Returns 1 if it ended the block. */
static int flat_insn(struct tctx *t, const struct vxinsn *in)
{
	uint32_t next = in->eip + in->len;
	int r = 0;

	if (t->following)
		track_writes(t, in);
	if (in->addr16 && vx_has_mem(in))
		switch (in->cls) {
		case VC_COPY: case VC_ALIAS82: case VC_LEA: case VC_PUSH_RM:
		case VC_POP_RM: case VC_MOV_FROM_SEG: case VC_JMP_IND:
		case VC_CALL_IND:
			emit_ea16(t, in);
			break;
		}
	switch (in->cls) {
	case VC_COPY:
		r = xl_copy(t, in, 0);
		break;
	case VC_ALIAS82:
		r = xl_copy(t, in, 1);
		break;
	case VC_DIRFLAG:
		r = xl_copy(t, in, 0);
		dstep_set(t, in->opcode == 0xfd ? -1 : 1);
		t->df_up = in->opcode == 0xfc;
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
		t->df_up = 0;
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
		uint16_t sel = vx_xl_sel(t, t->code[in->opc_off] == 0x0f ?
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
	case VC_JCC:
		if (in->opsize == 2)
			goto invalid;
		return vx_xl_jcc(t, in);
	case VC_JMP:
		if (in->opsize == 2)
			goto invalid;
		vx_xl_jmp(t, in);
		return 1;
	case VC_CALL:
		if (in->opsize == 2)
			goto invalid;
		xl_call_common(t, next);
		esp_flush(t);
		emit_direct_jmp(t, next + in->imm);
		return 1;
	case VC_PC_THUNK:
		/* translate.c: pc_thunk_reg; the push is the only access */
		xl_call_common(t, next);
		mov_ri32(&t->e, in->reg, next);
		t->esp_delta += 4;
		break;
	case VC_RET:
		if (in->opsize == 2)
			goto invalid;
		gs_esp(&t->e, 0, 4, R8, t->esp_delta);
		lea_esp(&t->e, t->esp_delta + 4 + (in->imm_size ? in->imm : 0));
		t->esp_delta = 0;
		emit_count(t, COUNT_RET);
		emit_predicted_lookup(t, COUNT_RET_MISS);
		return 1;
	case VC_JMP_IND:
		if (in->opsize == 2)
			goto invalid;
		if (emit_load_rm(t, in, R8, 4) < 0)
			goto gpf;
		/* jecxz: measured over ten code-cache layouts, loop ran
		   interp's computed gotos 10% faster but the Lua
		   interpreter's 1-3% slower (doc/perf.md) */
		emit_count(t, COUNT_IJMP);
		emit_lookup(t, 0, 0);
		return 1;
	case VC_CALL_IND:
		if (in->opsize == 2)
			goto invalid;
		if (emit_load_rm(t, in, R8, 4) < 0)
			goto gpf;
		xl_call_common(t, next);
		esp_flush(t);
		/*
		 * Predicted like a ret: the site checks the target it
		 * learned first, then probes.  Most indirect call sites
		 * call one function (qsort's comparison, a method slot),
		 * and even where they rotate through several, this CPU
		 * predicts the compare-then-probe better than the probe's
		 * indirect jump alone: icall (eight targets in turn) 0.78
		 * -> 0.40 s against 0.69 s natively (doc/perf.md).
		 */
		emit_count(t, COUNT_ICALL);
		emit_predicted_lookup(t, COUNT_ICALL_MISS);
		return 1;
	case VC_LOOP: {
		/* 67 e0-e3 use ecx in 64-bit mode; branch over the
		   not-taken exit. */
		if (in->opsize == 2)
			goto invalid;
		if (in->addr16) {
			xl_loop16(t, in);
			return 1;
		}
		e8(&t->e, 0x67);
		e8(&t->e, in->opcode);
		e8(&t->e, 5);
		emit_direct_jmp(t, next);
		emit_direct_jmp(t, next + (int8_t)in->imm);
		return 1;
	}
	case VC_STRING:
		if (in->addr16) {
			/* si, di and cx, wrapping at 64 KiB: helper.c */
			emit_exit(t, in->eip, EXIT_HELPER);
			return 1;
		}
		r = xl_string(t, in);
		if (r < 0) {
			emit_trap(t, in->eip, VXTRAP_INVALID);
			return 1;
		}
		break;
	case VC_SOFTINT:
		emit_trap(t, next, vx_softint_trap(in->imm));
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


/* ---- calls followed into their callee (translate.c) ---- */

static void flat_inline_call(struct tctx *t, uint32_t ret_eip)
{
	xl_call_common(t, ret_eip);
	t->following = 1;
	t->ret_slot = t->esp_delta;
	t->ret_dirty = 0;
}

/*
 * Does a copied instruction leave memory alone (no store, no fence)?
 * The loads among the forms with a memory operand; anything else with
 * one counts as a store.
 */
static int copy_reads_only(const struct vxinsn *in)
{
	if (!in->has_modrm || in->mod == 3)
		return !(in->map == MAP_0F && in->opcode == 0xae); /* fences */
	if (in->lock)
		return 0;
	if (in->map == MAP_0F)
		return in->opcode == 0xb6 || in->opcode == 0xb7 ||
		       in->opcode == 0xbe || in->opcode == 0xbf ||
		       in->opcode == 0xaf || in->opcode == 0xa3 ||
		       (in->opcode >= 0x40 && in->opcode <= 0x4f);
	if (in->map != MAP_1)
		return 0;
	switch (in->opcode) {
	case 0x02: case 0x03: case 0x0a: case 0x0b:	/* add, or r, m */
	case 0x12: case 0x13: case 0x1a: case 0x1b:	/* adc, sbb */
	case 0x22: case 0x23: case 0x2a: case 0x2b:	/* and, sub */
	case 0x32: case 0x33:				/* xor */
	case 0x38: case 0x39: case 0x3a: case 0x3b:	/* cmp */
	case 0x84: case 0x85:				/* test */
	case 0x8a: case 0x8b:				/* mov r, m */
	case 0x69: case 0x6b:				/* imul r, m, i */
		return 1;
	case 0x80: case 0x81: case 0x82: case 0x83:	/* cmp m, i */
		return in->reg == 7;
	case 0xf6: case 0xf7:		/* test, mul, imul, div, idiv m */
		return in->reg != 2 && in->reg != 3;
	}
	return 0;
}

/* add/sub $imm, %esp: by how much it moves esp (1), or 0. */
static int esp_adjust(const struct vxinsn *in, int *by)
{
	if (in->map != MAP_1 || (in->opcode != 0x81 && in->opcode != 0x83) ||
	    in->mod != 3 || in->rm != RSP || (in->reg != 0 && in->reg != 5))
		return 0;
	int imm = in->opcode == 0x83 ? (int8_t)in->imm : (int32_t)in->imm;
	*by = in->reg == 0 ? imm : -imm;
	return 1;
}

/*
 * A store of at most 4 bytes to an esp-based address without index
 * (a local variable, an outgoing argument): 1 and its offset from esp
 * in *disp, or 0.  Not through fs or gs: their base (a TLS base the
 * guest chose) could make any offset land on the return address.
 */
static int esp_store(const struct vxinsn *in, int *disp)
{
	if (in->map != MAP_1 || in->addr16 || !in->has_sib || in->mod == 3 ||
	    in->lock || (in->sib & 7) != RSP || ((in->sib >> 3) & 7) != 4 ||
	    in->seg == SEG_FS || in->seg == SEG_GS)
		return 0;
	switch (in->opcode) {
	case 0x00: case 0x01: case 0x08: case 0x09: case 0x10: case 0x11:
	case 0x18: case 0x19: case 0x20: case 0x21: case 0x28: case 0x29:
	case 0x30: case 0x31: case 0x88: case 0x89: case 0xc6: case 0xc7:
	case 0x80: case 0x81: case 0x83: case 0xc0: case 0xc1:
	case 0xd0: case 0xd1: case 0xd2: case 0xd3: case 0xf6: case 0xf7:
	case 0xfe: case 0xff:
		if (names_esp(in) || (in->opcode == 0xff && in->reg > 1) ||
		    (in->opcode == 0xfe && in->reg > 1))
			return 0;
		*disp = in->disp;
		return 1;
	}
	return 0;
}

/*
 * Might the instruction write memory other than by a push or a store
 * to an esp-based address, move esp other than by a push, pop or
 * add/sub of a constant, or order memory (a fence)?
 */
static int may_write(const struct vxinsn *in)
{
	int x;

	switch (in->cls) {
	case VC_COPY:
		if (esp_adjust(in, &x) || esp_store(in, &x))
			return 0;
		/* fall through */
	case VC_ALIAS82:
		return names_esp(in) || !copy_reads_only(in);
	case VC_LEA:
	case VC_INCDEC:
		return names_esp(in);
	case VC_MOFFS:
		return in->opcode == 0xa2 || in->opcode == 0xa3; /* stores */
	case VC_JCC:
		return 0;
	case VC_POP_REG:
	case VC_PUSH_REG:
		return (in->opcode & 7) == RSP;
	case VC_PUSH_IMM:
	case VC_PC_THUNK:	/* a push */
	case VC_RET:		/* ends the block: reads only */
		return 0;
	default:
		return 1;
	}
}

/*
 * While a followed callee is translated: where the return address's
 * slot is, and whether the instruction may write it (if none does, the
 * ret needs no check: flat_inline_ret).  Called after flat_before, so
 * an instruction that names esp finds %rsp exact.
 */
static void track_writes(struct tctx *t, const struct vxinsn *in)
{
	int lo = 0, size = 4, by;

	if (may_write(in)) {
		t->ret_dirty = 1;
		return;
	}
	if (in->cls == VC_COPY && esp_adjust(in, &by)) {
		t->ret_slot -= by;		/* %rsp moves by it */
		return;
	}
	if (in->cls == VC_COPY && esp_store(in, &lo))
		lo += t->esp_delta;
	else if (in->cls == VC_PUSH_REG || in->cls == VC_PUSH_IMM ||
		 in->cls == VC_PC_THUNK) {
		size = in->cls == VC_PC_THUNK ? 4 : in->opsize;
		lo = t->esp_delta - size;
	} else {
		return;
	}
	if (lo < t->ret_slot + 4 && lo + size > t->ret_slot)
		t->ret_dirty = 1;
}

/*
 * The callee's ret, when the call was followed: a flag-free compare of
 * the return address with ret_eip, the hit going on with the caller's
 * code (esp's update deferred with the rest), the miss to an
 * out-of-line stub that returns as an ordinary ret does:
 *
 *   mov %rcx, %r10
 *   mov %gs:d(%esp), %ecx
 *   lea -ret_eip(%rcx), %ecx
 *   jecxz hit
 *   jmp miss                 ; flat_ret_stub
 *   hit: mov %r10, %rcx
 */
static void flat_inline_ret(struct tctx *t, const struct vxinsn *in,
			    uint32_t ret_eip)
{
	struct emit *e = &t->e;
	int d = t->esp_delta;
	int after = d + 4 + (in->imm_size ? (int)in->imm : 0);

	t->following = 0;
	/* Unchecked where nothing since the call wrote the slot, and no
	   other thread's or handler's write could be ordered between: the
	   ret reads the call's store (x86-TSO lets a thread's load take
	   its own last store to an address). */
	if (t->ret_dirty || d != t->ret_slot ||
	    t->vp->follow == FOLLOW_CHECK) {
		e8(e, 0x49); e8(e, 0x89); e8(e, 0xca);	/* mov r10, rcx */
		gs_esp(e, 0, 4, 1, d);			/* mov ecx, ra */
		e8(e, 0x8d); e8(e, 0x89);		/* lea ecx,[rcx+d32] */
		e32(e, 0u - ret_eip);
		e8(e, 0x67); e8(e, 0xe3); e8(e, 5);	/* jecxz hit */
		uint8_t *site = jmp_rel32(e, e->p);
		e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);	/* mov rcx, r10 */
		t->rmiss[t->nrmiss].site = site;
		t->rmiss[t->nrmiss].ret_eip = ret_eip;
		t->rmiss[t->nrmiss].esp_delta = after;
		t->nrmiss++;
	}
	t->esp_delta = after;
	if (in->imm_size)
		esp_flush(t);	/* up to 64 KiB: not deferred (the map keeps
				   16-bit deltas) */
}

/* The miss: ecx = return address - ret_eip, rcx saved in r10. */
static void flat_ret_stub(struct tctx *t, int i)
{
	struct emit *e = &t->e;

	emit_count(t, COUNT_FOLLOW_MISS);
	e8(e, 0x44); e8(e, 0x8d); e8(e, 0x81);		/* lea r8d,[rcx+d32] */
	e32(e, t->rmiss[i].ret_eip);
	lea_esp(e, t->rmiss[i].esp_delta);
	emit_lookup(t, 0, 1);
}

/* ---- the hooks of struct vxxlate ---- */

/* The poll load: faults when vxproc_interrupt() revoked the page. */
static uint8_t *flat_prologue(struct tctx *t)
{
	static const uint8_t poll[] = { 0x45, 0x8b, 0x87 }; /* mov r8d,[r15+d] */
	uint8_t *host = t->e.p;

	ebytes(&t->e, poll, sizeof poll);
	e32(&t->e, (uint32_t)ST_POLL);
	return host;
}

static void flat_before(struct tctx *t, const struct vxinsn *in)
{
	if (!defers_esp(in))
		esp_flush(t);
}

/* mov $target, %r8d; lea site(%rip), %r9; jmp *ST_EXIT_FN(%r15) */
static void flat_stub(struct tctx *t, uint8_t *site, uint32_t target)
{
	mov_ri32(&t->e, R8, target);
	e8(&t->e, 0x4c); e8(&t->e, 0x8d); e8(&t->e, 0x0d);
	e32(&t->e, (uint32_t)(site - (t->e.p + 4)));
	jmp_r15(&t->e, ST_EXIT_FN);
}

/* lea site(%rip), %r9; jmp *ST_LEARN_FN(%r15) (r8 = the target) */
static void flat_learn_stub(struct tctx *t, uint8_t *site)
{
	e8(&t->e, 0x4c); e8(&t->e, 0x8d); e8(&t->e, 0x0d);
	e32(&t->e, (uint32_t)(site - (t->e.p + 4)));
	jmp_r15(&t->e, ST_LEARN_FN);
}

/*
 * Learning again.  A predicted branch that learned its first target
 * keeps it: that is the usual one for most sites, but a function
 * called from many places (an interpreter's helpers) first returns to
 * wherever start-up called it, and then misses on nearly every later
 * return (doc/perf.md, "Indirect branches counted": Lua's returns
 * missed 93-99.9% of the time).  So the site's +0 jump comes here: a
 * countdown in a byte of ST_LEARNCTR.  The first run learns, as
 * before (most sites have one target, and learning it at once keeps
 * their targets out of the inline table); runs 2-256 go on to the
 * compare with what it learned; the 257th learns again, that run's
 * target, and vx_predict_learn then makes the +0 jump a nop.
 *
 *        mov    %rcx, %r10
 *        movzbl CTR(%r15), %ecx
 *        jecxz  1f              ; 0: the first run, or the 257th
 *        lea    -1(%rcx), %ecx
 *        mov    %cl, CTR(%r15)
 *        mov    %r10, %rcx
 *        jmp    site+5          ; the compare
 *   1:   movb   $255, CTR(%r15)
 *        mov    %r10, %rcx
 *        jmp    learn
 */
static uint8_t *flat_prelearn_stub(struct tctx *t, uint8_t *site,
				   uint8_t *learn)
{
	struct emit *e = &t->e;
	uint8_t *stub = e->p;
	uint32_t ctr = ST_LEARNCTR +
		(((uint32_t)(site - t->vp->cache) >> 4) &
		 (ST_LEARNCTR_SIZE - 1));

	e8(e, 0x49); e8(e, 0x89); e8(e, 0xca);		/* mov r10, rcx */
	e8(e, 0x41); e8(e, 0x0f); e8(e, 0xb6); e8(e, 0x8f);
	e32(e, ctr);					/* movzx ecx, [ctr] */
	e8(e, 0x67); e8(e, 0xe3); e8(e, 3 + 7 + 3 + 5);	/* jecxz 1f */
	e8(e, 0x8d); e8(e, 0x49); e8(e, 0xff);		/* lea ecx, [rcx-1] */
	e8(e, 0x41); e8(e, 0x88); e8(e, 0x8f);
	e32(e, ctr);					/* mov [ctr], cl */
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov rcx, r10 */
	jmp_rel32(e, site + 5);
	e8(e, 0x41); e8(e, 0xc6); e8(e, 0x87);		/* 1: movb $255, */
	e32(e, ctr); e8(e, 0xff);			/*    [ctr] */
	e8(e, 0x4c); e8(e, 0x89); e8(e, 0xd1);		/* mov rcx, r10 */
	jmp_rel32(e, learn);
	return stub;
}

/* The glue at the start of the cache: where a string routine that wrote
   over its own fragment returns (signal.c), to leave before the
   fragment's stale rest runs. */
static void flat_glue(struct vxpriv *vp)
{
	struct emit e = { vp->cache, vp->cache + vp->cache_size };

	vp->smc_stub = e.p;
	op_rr(&e, 0x89, 1, R11, RSP);			/* mov rsp, r11 */
	op_mem(&e, 0x8b, 0, R8, R15, ST_SMC_EIP);	/* mov r8d, eip */
	mov_ri32(&e, R9, EXIT_LOOKUP);
	jmp_r15(&e, ST_EXIT_FN);
}

const struct vxxlate vx_xlate_flat = {
	.prologue = flat_prologue,
	.before = flat_before,
	.settle = esp_flush,
	.insn = flat_insn,
	.stub = flat_stub,
	.learn_stub = flat_learn_stub,
	.prelearn_stub = flat_prelearn_stub,
	.inline_call = flat_inline_call,
	.inline_ret = flat_inline_ret,
	.may_write = may_write,
	.ret_stub = flat_ret_stub,
	.glue = flat_glue,
	.lookup_bias = 0,
	.ps_disp = PS_DISP,
	.ps_hit = PS_HIT,
	.ps_hit_loop = PS_HIT_LOOP,
};
