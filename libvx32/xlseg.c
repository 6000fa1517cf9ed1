/*
 * xlseg.c - the seg backend's translator: one guest instruction into
 * 32-bit host code, run in compatibility mode (segtramp.S).
 *
 * DS = ES = SS is the guest's data segment, so the CPU checks every
 * access a copied instruction makes - explicit or implicit, string
 * instructions and the stack included - against the guest's limit.  Most
 * instructions are therefore copied as they are; what must not run
 * natively:
 *
 *  - segment overrides: cs: would read through the code segment (base 0,
 *    the host's low 4 GiB), fs:/gs: are the host's; all are dropped, and
 *    an fs:/gs: TLS base (the guest's, seg.c) is added to the
 *    displacement, as on the flat backend;
 *  - anything that loads or reveals a segment register or descriptor
 *    (mov/push/pop sreg, lds-family, far transfers, lar/lsl/verr/verw,
 *    sgdt...): emulated with the guest's own selectors (seg.c) or
 *    trapped by the decoder, never executed;
 *  - control transfers (guest EIPs are not host addresses), int, syscall,
 *    sysenter: as on the flat backend;
 *  - pushf/popf: the guest may not set TF, AC, NT, IOPL or ID in the real
 *    flags (guest-arch.md); TF, NT, AC and ID live in a shadow.
 *
 * There are no spare registers: translated code reaches its state block
 * through %gs (ST_SEG(offset)), and saves ebx and ecx there around an
 * indirect-branch lookup.  Every sequence makes its possibly-faulting
 * guest access while all guest registers still hold their values, so a
 * fault leaves the guest state of the instruction's start; the map gives
 * its EIP (translate.c).
 */
#include <stdlib.h>
#include <string.h>
#include "xlate.h"

/* ---- state-block accesses through %gs ---- */

/* mov %reg, %gs:off / mov %gs:off, %reg (moffs form for eax). */
static void gs_store(struct emit *e, int reg, uint32_t off)
{
	e8(e, 0x65);
	if (reg == 0) {
		e8(e, 0xa3);
	} else {
		e8(e, 0x89);
		e8(e, 0x05 | reg << 3);
	}
	e32(e, ST_SEG(off));
}

static void gs_load(struct emit *e, int reg, uint32_t off)
{
	e8(e, 0x65);
	if (reg == 0) {
		e8(e, 0xa1);
	} else {
		e8(e, 0x8b);
		e8(e, 0x05 | reg << 3);
	}
	e32(e, ST_SEG(off));
}

/* movl $imm, %gs:off */
static void gs_store_imm(struct emit *e, uint32_t off, uint32_t imm)
{
	e8(e, 0x65); e8(e, 0xc7); e8(e, 0x05);
	e32(e, ST_SEG(off));
	e32(e, imm);
}

/* ljmp *%gs:off: to 64-bit code through a far pointer. */
static void gs_ljmp(struct emit *e, uint32_t off)
{
	e8(e, 0x65); e8(e, 0xff); e8(e, 0x2d);
	e32(e, ST_SEG(off));
}

/* lss %gs:off, %esp */
static void gs_lss_esp(struct emit *e, uint32_t off)
{
	e8(e, 0x65); e8(e, 0x0f); e8(e, 0xb2); e8(e, 0x25);
	e32(e, ST_SEG(off));
}

#define EBX_	3
#define ECX_	1

/* ---- exits ---- */

/* Leave translated code with exit reason (eip, why), like flat's r8/r9. */
static void sx_exit(struct tctx *t, uint32_t eip, uint32_t why)
{
	gs_store_imm(&t->e, ST_EXIT_R8, eip);
	gs_store_imm(&t->e, ST_EXIT_R9, why);
	gs_ljmp(&t->e, ST_SEG_EXITFAR);
}

static void sx_trap(struct tctx *t, uint32_t eip, int trap)
{
	sx_exit(t, eip, EXIT_TRAP | trap);
}

/* ---- indirect branches ---- */

/* Save ecx and ebx for a lookup (the target then goes into ebx). */
static void save_cb(struct tctx *t)
{
	gs_store(&t->e, ECX_, ST_SEG_SAVE_C);
	gs_store(&t->e, EBX_, ST_SEG_SAVE_B);
}

static void restore_cb(struct tctx *t)
{
	gs_load(&t->e, ECX_, ST_SEG_SAVE_C);
	gs_load(&t->e, EBX_, ST_SEG_SAVE_B);
}

/*
 * The inline probe, with ecx and ebx saved and ebx = the target EIP:
 * the same table as the flat backend's (-eip, then the host address),
 * compared with one lea and jecxz so the flags stay the guest's.  A hit
 * jumps to the fragment's lookup entry, which restores ecx and ebx; a
 * miss leaves with EXIT_LOOKUP.
 *
 *        movzwl %bx, %ecx
 *        mov    %gs:HASH_EIP(,%ecx,4), %ecx    ; -eip of the slot
 *        lea    (%ebx,%ecx), %ecx              ; 0 iff the slot is ebx
 *        jecxz  hit
 *        mov    %ebx, %gs:EXIT_R8 ; restore ecx, ebx
 *        movl   $EXIT_LOOKUP, %gs:EXIT_R9 ; ljmp *%gs:EXITFAR
 *   hit: movzwl %bx, %ecx
 *        jmp    *%gs:HASH_PTR(,%ecx,8)         ; the low half: < 4 GiB
 */
static void sx_lookup_tail(struct tctx *t)
{
	struct emit *e = &t->e;
	uint8_t *jcc;

	e8(e, 0x0f); e8(e, 0xb7); e8(e, 0xcb);
	e8(e, 0x65); e8(e, 0x8b); e8(e, 0x0c); e8(e, 0x8d);
	e32(e, ST_SEG(ST_HASH_EIP));
	e8(e, 0x8d); e8(e, 0x0c); e8(e, 0x0b);
	e8(e, 0xe3); e8(e, 0);
	jcc = e->p;
	gs_store(e, EBX_, ST_EXIT_R8);
	restore_cb(t);
	gs_store_imm(e, ST_EXIT_R9, EXIT_LOOKUP);
	gs_ljmp(e, ST_SEG_EXITFAR);
	jcc[-1] = (uint8_t)(e->p - jcc);
	e8(e, 0x0f); e8(e, 0xb7); e8(e, 0xcb);
	e8(e, 0x65); e8(e, 0xff); e8(e, 0x24); e8(e, 0xcd);
	e32(e, ST_SEG(ST_HASH_PTR));
}

/*
 * A predicted branch (ret, call *), with ecx and ebx saved and ebx = the
 * target.
 * Layout, from site:
 *
 *   +0   jmp learn              ; until a target is learned, then a
 *                               ; 5-byte nop (vx_predict_learn)
 *   +5   lea -PRED(%ebx), %ecx  ; disp32 at +7
 *   +11  jecxz hit
 *   +13  <sx_lookup_tail>
 *   hit: jmp PRED's lookup entry ; rel32 at PS_HIT: a chaining link whose
 *                               ; stub is learn, so invalidation relearns
 *   learn (with the block's exit stubs): sx_learn_stub
 */
#define PS_DISP		7
#define LOOKUP_TAIL_LEN	(3 + 8 + 3 + 2 + 7 + 14 + 11 + 7 + 3 + 8)
#define PS_HIT		(13 + LOOKUP_TAIL_LEN + 1)

static void sx_predicted_lookup(struct tctx *t)
{
	struct emit *e = &t->e;
	uint8_t *site = e->p, *jcc, *hit;

	t->learn[t->nlearn].site = site;
	jmp_rel32(e, e->p);				/* +0 */
	e8(e, 0x8d); e8(e, 0x8b);			/* lea d32(%ebx),%ecx */
	e32(e, 0);
	e8(e, 0xe3); e8(e, 0);				/* jecxz hit */
	jcc = e->p;
	sx_lookup_tail(t);
	jcc[-1] = (uint8_t)(e->p - jcc);
	hit = jmp_rel32(e, e->p);
	if (hit != site + PS_HIT)
		abort();		/* the layout above is wrong */
	t->learn[t->nlearn].hit = hit;
	t->nlearn++;
}

/* ---- operands ---- */

/* Copy the guest's prefixes except segment overrides and the dropped
   ones; 0x67 (16-bit addressing, which 32-bit code has natively: the
   CPU wraps the address at 64 KiB and checks it against the guest's
   segment) stays unless the caller re-encodes the address. */
static void sx_prefixes_keep67(struct emit *e, const struct vxinsn *in,
			       int keep67)
{
	for (int i = 0; i < in->npfx; i++) {
		uint8_t b = in->prefix[i];
		if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
		    b == 0x64 || b == 0x65 || (b == 0x67 && !keep67))
			continue;
		if ((b == 0xf3 && (in->drop_pfx & DROP_F3)) ||
		    (b == 0x66 && (in->drop_pfx & DROP_66)) ||
		    (b == 0xf2 && (in->drop_pfx & DROP_F2)))
			continue;
		e8(e, b);
	}
}

static void sx_prefixes(struct emit *e, const struct vxinsn *in)
{
	sx_prefixes_keep67(e, in, 1);
}

/* 0x67 before an instruction of ours that takes in's ModRM operand */
static void sx_addr16(struct emit *e, const struct vxinsn *in)
{
	if (in->addr16)
		e8(e, 0x67);
}

/*
 * The ModRM operand and what follows it, with reg in the reg field: the
 * guest's own bytes, or re-encoded with the TLS base of an fs:/gs:
 * override in the displacement.
 */
static void sx_modrm(struct tctx *t, const struct vxinsn *in, int reg,
		     uint32_t tls)
{
	if (tls == 0 && reg == in->reg) {
		ebytes(&t->e, t->code + in->modrm_off, in->imm_off - in->modrm_off);
		return;
	}
	vx_emit_mem_modrm(&t->e, in, reg, tls);
}

/* Clear the code pointer and selectors of an x87/SSE state image just
   stored (vx_fp_pointer_fields): mov{w,l} $0, field(mem). */
static void sx_fp_fixup(struct tctx *t, const struct vxinsn *in, uint32_t tls)
{
	struct fpfield f[3];
	int n = vx_fp_pointer_fields(in, f);

	for (int i = 0; i < n; i++) {
		sx_addr16(&t->e, in);	/* never: the decoder refuses it */
		if (f[i].size == 2)
			e8(&t->e, 0x66);
		e8(&t->e, 0xc7);
		vx_emit_mem_modrm(&t->e, in, 0, tls + f[i].off);
		if (f[i].size == 2)
			e16(&t->e, 0);
		else
			e32(&t->e, 0);
	}
}

/* Copy the instruction without its segment overrides, folding a TLS
   base into a memory operand.  -1: the override's selector is unusable
   (#GP). */
static int sx_copy(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	uint32_t tls = 0;

	/* An override on an instruction without a memory operand is
	   ignored, as on hardware (and flat): only a memory operand needs
	   a usable selector. */
	if (vx_has_mem(in) && vx_xl_tls_base(t, in, &tls) < 0)
		return -1;
	sx_prefixes(e, in);
	if (!in->has_modrm) {
		ebytes(e, t->code + in->opc_off, in->len - in->opc_off);
		return 0;
	}
	ebytes(e, t->code + in->opc_off, in->modrm_off - in->opc_off);
	if (in->mod == 3)
		ebytes(e, t->code + in->modrm_off, in->imm_off - in->modrm_off);
	else
		sx_modrm(t, in, in->reg, tls);
	ebytes(e, t->code + in->imm_off, in->len - in->imm_off);
	sx_fp_fixup(t, in, tls);
	return 0;
}

/* a0-a3: mov between al/eax and an absolute address. */
static int sx_moffs(struct tctx *t, const struct vxinsn *in)
{
	uint32_t tls;

	if (vx_xl_tls_base(t, in, &tls) < 0)
		return -1;
	/* moffs16 becomes the same address as a moffs32 */
	sx_prefixes_keep67(&t->e, in, 0);
	e8(&t->e, in->opcode);
	e32(&t->e, in->imm + tls);
	return 0;
}

/* Load the operand of an indirect jmp/call (ModRM r/m) into ebx. */
static int sx_load_target(struct tctx *t, const struct vxinsn *in)
{
	uint32_t tls;

	if (in->mod == 3) {
		if (in->rm != EBX_) {
			e8(&t->e, 0x89);		/* mov %rm, %ebx */
			e8(&t->e, 0xc0 | in->rm << 3 | EBX_);
		}
		return 0;
	}
	if (vx_xl_tls_base(t, in, &tls) < 0)
		return -1;
	sx_addr16(&t->e, in);
	e8(&t->e, 0x8b);				/* mov m, %ebx */
	vx_emit_mem_modrm(&t->e, in, EBX_, tls);
	return 0;
}

/* ---- instruction classes ---- */

/* push imm32, or pushw imm16 */
static void sx_push_imm(struct tctx *t, uint32_t imm, int size)
{
	if (size == 2) {
		e8(&t->e, 0x66); e8(&t->e, 0x68);
		e16(&t->e, imm);
	} else {
		e8(&t->e, 0x68);
		e32(&t->e, imm);
	}
}

/*
 * pushf: the real pushf (a guest store, the only access that can fault)
 * pushes the guest's flags as they are in the CPU: arithmetic flags and
 * DF, IF, bit 1 - and TF while the handler single-steps after
 * self-modifying code.  The pushed word is then rewritten with the guest
 * view (masked, plus the AC/ID shadow) while the real flags are restored
 * from the pushed original, so a single-step in progress goes on.
 */
static void sx_pushf(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int n = in->opsize;

	if (n == 2)
		e8(e, 0x66);
	e8(e, 0x9c);					/* pushf */
	gs_store(e, EBX_, ST_SEG_SAVE_B);
	/* Read back only what was pushed: 4 bytes after a pushfw would
	   reach past the top of the stack, which may end there. */
	if (n == 2) {
		e8(e, 0x0f); e8(e, 0xb7);		/* movzwl (%esp), %ebx */
	} else {
		e8(e, 0x8b);				/* mov (%esp), %ebx */
	}
	e8(e, 0x1c); e8(e, 0x24);
	e8(e, 0x81); e8(e, 0xe3); e32(e, GUEST_FLAGS);	/* and $, %ebx */
	e8(e, 0x81); e8(e, 0xcb); e32(e, 0x202);	/* or $0x202, %ebx */
	e8(e, 0x65); e8(e, 0x0b); e8(e, 0x1d);		/* or xflags, %ebx */
	e32(e, ST_SEG(ST_XFLAGS));
	if (n == 4) {
		e8(e, 0x9d);				/* popf */
		e8(e, 0x89); e8(e, 0x5c); e8(e, 0x24); e8(e, 0xfc);
	} else {
		e8(e, 0x66); e8(e, 0x9d);		/* popfw */
		e8(e, 0x66); e8(e, 0x89); e8(e, 0x5c); e8(e, 0x24);
		e8(e, 0xfe);				/* mov %bx, -2(%esp) */
	}
	e8(e, 0x8d); e8(e, 0x64); e8(e, 0x24); e8(e, -n);	/* lea */
	gs_load(e, EBX_, ST_SEG_SAVE_B);
}

/* popf's end: esp past the popped flags, then load them with popf from
   the state block (esp switches there and back with lss, since neither
   the guest's memory nor its stack may be written), ebx back. */
static void sx_popf_load(struct tctx *t, int n)
{
	struct emit *e = &t->e;

	e8(e, 0x8d); e8(e, 0x64); e8(e, 0x24); e8(e, n);	/* lea n(%esp) */
	gs_store(e, 4, ST_SEG_SAVEESP);			/* mov %esp, save */
	gs_lss_esp(e, ST_SEG_PRIVFAR);
	e8(e, 0x9d);					/* popf */
	gs_lss_esp(e, ST_SEG_SAVEESP);
	gs_load(e, EBX_, ST_SEG_SAVE_B);
}

/*
 * popf: read the new flags (the only guest access), keep TF, NT, AC and
 * ID in the shadow (a 16-bit popf: TF and NT), mask the rest.  When TF
 * ends up set, the block ends after the popf so that the next
 * instruction runs single-stepped (run.c: step_mode); the test is made
 * while the host flags are still free to clobber.
 */
static void sx_popf(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int n = in->opsize;
	uint8_t *jtf, *jdone;

	gs_store(e, EBX_, ST_SEG_SAVE_B);
	if (n == 2) {
		e8(e, 0x0f); e8(e, 0xb7); e8(e, 0x1c); e8(e, 0x24);
		gs_store(e, EBX_, ST_SEG_TMP);
		e8(e, 0x81); e8(e, 0xe3); e32(e, XFLAGS16);
		e8(e, 0x65); e8(e, 0x81); e8(e, 0x25);	/* andl $, xflags */
		e32(e, ST_SEG(ST_XFLAGS));
		e32(e, ~(uint32_t)XFLAGS16);
		e8(e, 0x65); e8(e, 0x09); e8(e, 0x1d);	/* or %ebx, xflags */
		e32(e, ST_SEG(ST_XFLAGS));
		gs_load(e, EBX_, ST_SEG_TMP);
	} else {
		e8(e, 0x8b); e8(e, 0x1c); e8(e, 0x24);	/* mov (%esp), %ebx */
		gs_store(e, EBX_, ST_SEG_TMP);
		e8(e, 0x81); e8(e, 0xe3); e32(e, XFLAGS);
		gs_store(e, EBX_, ST_XFLAGS);
		gs_load(e, EBX_, ST_SEG_TMP);
	}
	e8(e, 0x81); e8(e, 0xe3); e32(e, GUEST_FLAGS);
	e8(e, 0x81); e8(e, 0xcb); e32(e, 0x202);
	gs_store(e, EBX_, ST_SEG_POPF);
	e8(e, 0x65); e8(e, 0xf7); e8(e, 0x05);		/* testl $TF, xflags */
	e32(e, ST_SEG(ST_XFLAGS));
	e32(e, F_TF);
	e8(e, 0x75); e8(e, 0);				/* jnz tf */
	jtf = e->p;
	sx_popf_load(t, n);
	e8(e, 0xeb); e8(e, 0);				/* jmp done */
	jdone = e->p;
	jtf[-1] = (uint8_t)(e->p - jtf);
	sx_popf_load(t, n);				/* tf: */
	sx_exit(t, in->eip + in->len, EXIT_LOOKUP);
	jdone[-1] = (uint8_t)(e->p - jdone);		/* done: */
}

/* mov %sreg, r/m: the guest's selector, as a constant. */
static int sx_mov_from_seg(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	uint16_t sel;
	uint32_t tls;

	if (in->reg > SEG_GS)
		return 1;				/* invalid */
	sel = vx_xl_sel(t, in->reg);
	if (in->mod == 3) {
		if (in->opsize == 2)
			e8(e, 0x66);
		e8(e, 0xb8 + in->rm);
		if (in->opsize == 2)
			e16(e, sel);
		else
			e32(e, sel);
		return 0;
	}
	if (vx_xl_tls_base(t, in, &tls) < 0)
		return -1;
	sx_addr16(e, in);
	e8(e, 0x66); e8(e, 0xc7);			/* movw $sel, m */
	vx_emit_mem_modrm(e, in, 0, tls);
	e16(e, sel);
	return 0;
}

/* ret [imm16]: the target into ebx, esp past it and the immediate. */
static void sx_ret(struct tctx *t, const struct vxinsn *in)
{
	struct emit *e = &t->e;
	int32_t d = 4 + (in->imm_size ? (int32_t)in->imm : 0);

	save_cb(t);
	e8(e, 0x8b); e8(e, 0x1c); e8(e, 0x24);		/* mov (%esp), %ebx */
	e8(e, 0x8d); e8(e, 0xa4); e8(e, 0x24);		/* lea d(%esp), %esp */
	e32(e, d);
	sx_predicted_lookup(t);
}

/*
 * call *r/m: read the target first (it may fault), push the return
 * address with every guest register intact (it may fault too), then
 * look the target up.
 */
static int sx_call_ind(struct tctx *t, const struct vxinsn *in)
{
	gs_store(&t->e, EBX_, ST_SEG_SAVE_B);
	if (sx_load_target(t, in) < 0)
		return -1;
	gs_store(&t->e, EBX_, ST_SEG_TMP);
	gs_load(&t->e, EBX_, ST_SEG_SAVE_B);
	sx_push_imm(t, in->eip + in->len, 4);
	save_cb(t);
	gs_load(&t->e, EBX_, ST_SEG_TMP);
	sx_predicted_lookup(t);		/* as flat does (xlflat.c) */
	return 0;
}

/* Translate one instruction.  Returns 1 if it ended the block. */
static int seg_insn(struct tctx *t, const struct vxinsn *in)
{
	uint32_t next = in->eip + in->len;
	int r = 0;

	switch (in->cls) {
	case VC_LEA:
		/* no segment at all: the guest's bytes, less overrides */
		sx_prefixes(&t->e, in);
		ebytes(&t->e, t->code + in->opc_off, in->len - in->opc_off);
		break;
	case VC_COPY:
	case VC_DIRFLAG:	/* (string instructions run natively here) */
	case VC_ALIAS82:
	case VC_INCDEC:
	case VC_MASKMOV:
	case VC_PUSH_REG:
	case VC_POP_REG:
	case VC_PUSH_IMM:
	case VC_PUSH_RM:
	case VC_POP_RM:
	case VC_PUSHA:
	case VC_POPA:
	case VC_ENTER:
		/* The CPU checks these against the guest's segments. */
		r = sx_copy(t, in);
		break;
	case VC_MOFFS:
		r = sx_moffs(t, in);
		break;
	case VC_XLAT:
		/* as on the flat backend: no fs/gs override */
		if (in->seg == SEG_FS || in->seg == SEG_GS)
			goto gpf;
		r = sx_copy(t, in);
		break;
	case VC_STRING:
		/* ES is the guest's; a ds/cs/ss/es source override is
		   dropped, fs/gs is #UD as on the flat backend. */
		if (in->seg == SEG_FS || in->seg == SEG_GS)
			goto invalid;
		r = sx_copy(t, in);
		break;
	case VC_LEAVE:
		if (in->opsize != 4)
			goto invalid;
		r = sx_copy(t, in);
		break;
	case VC_PUSHF:
		sx_pushf(t, in);
		break;
	case VC_POPF:
		sx_popf(t, in);
		break;
	case VC_PUSH_SEG: {
		int sreg = t->code[in->opc_off] == 0x0f ?
			(in->opcode == 0xa0 ? SEG_FS : SEG_GS) :
			(t->code[in->opc_off] >> 3) & 3;
		sx_push_imm(t, vx_xl_sel(t, sreg), in->opsize);
		break;
	}
	case VC_MOV_FROM_SEG:
		r = sx_mov_from_seg(t, in);
		if (r > 0)
			goto invalid;
		break;
	case VC_POP_SEG:
	case VC_MOV_TO_SEG:
	case VC_HELPER:
		sx_exit(t, in->eip, EXIT_HELPER);
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
		sx_push_imm(t, next, 4);
		emit_direct_jmp(t, next + in->imm);
		return 1;
	case VC_PC_THUNK: {
		/* translate.c: pc_thunk_reg; the push is the only access */
		static const uint8_t pop[] = { 0x8d, 0x64, 0x24, 0x04 };
		sx_push_imm(t, next, 4);
		mov_ri32(&t->e, in->reg, next);
		ebytes(&t->e, pop, sizeof pop);		/* lea 4(%esp), %esp */
		break;
	}
	case VC_RET:
		if (in->opsize == 2)
			goto invalid;
		sx_ret(t, in);
		return 1;
	case VC_JMP_IND:
		if (in->opsize == 2)
			goto invalid;
		save_cb(t);
		if (sx_load_target(t, in) < 0)
			goto gpf;
		sx_lookup_tail(t);
		return 1;
	case VC_CALL_IND:
		if (in->opsize == 2)
			goto invalid;
		if (sx_call_ind(t, in) < 0)
			goto gpf;
		return 1;
	case VC_LOOP:
		/* e0-e3 count with ecx in 32-bit code, cx with 0x67;
		   branch over the not-taken exit. */
		if (in->opsize == 2)
			goto invalid;
		sx_addr16(&t->e, in);
		e8(&t->e, in->opcode);
		e8(&t->e, 5);
		emit_direct_jmp(t, next);
		emit_direct_jmp(t, next + (int8_t)in->imm);
		return 1;
	case VC_SOFTINT:
		sx_trap(t, next, vx_softint_trap(in->imm));
		return 1;
	case VC_SYSCALL:
		sx_trap(t, next, VXTRAP_SYSCALL);
		return 1;
	case VC_TRAP:
		sx_trap(t, in->eip, in->trap);
		return 1;
	case VC_TRAP_NEXT:
		sx_trap(t, next, in->trap);
		return 1;
	case VC_INVALID:
	default:
		goto invalid;
	}
	if (r < 0)
		goto gpf;
	return 0;

invalid:
	sx_trap(t, in->eip, VXTRAP_INVALID);
	return 1;
gpf:
	sx_trap(t, in->eip, VXTRAP_PROTECTION);
	return 1;
}

/* ---- the hooks of struct vxxlate ---- */

/*
 * The lookup entry restores the ecx and ebx an indirect branch saved;
 * the fragment proper begins with the poll: a store to the poll page,
 * which faults once vxproc_interrupt() revoked it, and changes neither
 * a register nor the flags.
 */
#define LOOKUP_BIAS	14

static uint8_t *seg_prologue(struct tctx *t)
{
	uint8_t *host;

	restore_cb(t);
	host = t->e.p;
	e8(&t->e, 0x65); e8(&t->e, 0xa3);		/* mov %eax, %gs:0 */
	e32(&t->e, 0);
	return host;
}

static void seg_stub(struct tctx *t, uint8_t *site, uint32_t target)
{
	gs_store_imm(&t->e, ST_EXIT_R8, target);
	gs_store_imm(&t->e, ST_EXIT_R9, (uint32_t)(uintptr_t)site);
	gs_ljmp(&t->e, ST_SEG_EXITFAR);
}

/* ebx = the target, ecx and ebx saved (sx_predicted_lookup). */
static void seg_learn_stub(struct tctx *t, uint8_t *site)
{
	gs_store(&t->e, EBX_, ST_EXIT_R8);
	restore_cb(t);
	gs_store_imm(&t->e, ST_EXIT_R9, (uint32_t)(uintptr_t)site);
	gs_ljmp(&t->e, ST_SEG_LEARNFAR);
}

const struct vxxlate vx_xlate_seg = {
	.prologue = seg_prologue,
	.insn = seg_insn,
	.stub = seg_stub,
	.learn_stub = seg_learn_stub,
	.lookup_bias = LOOKUP_BIAS,
	.ps_disp = PS_DISP,
	.ps_hit = PS_HIT,
};
