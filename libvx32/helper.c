/*
 * helper.c - C emulation of instructions that are rare, invalid in 64-bit
 * mode, or must not run natively: cpuid, rdtsc, the BCD adjustments,
 * salc, into, bound, arpl, enter with a nesting level, and segment
 * register loads.  Translated code exits to the runtime for them
 * (EXIT_HELPER); the runtime re-decodes the instruction and calls
 * vx_helper(), which works on the saved guest state and either advances
 * eip or returns a trap.
 */
#include <string.h>
#include "priv.h"

#define F_CF	0x001
#define F_PF	0x004
#define F_AF	0x010
#define F_ZF	0x040
#define F_SF	0x080
#define F_OF	0x800

/* ---- guest memory access with page-fault reporting ---- */

static int rd(struct vxpriv *vp, uint32_t addr, void *v, unsigned n)
{
	uint32_t bad;
	struct vxcpu *c = &vx_state(vp)->cpu;

	if (!vxmem_checkperm(vp->proc, addr, n, VXPERM_READ, &bad)) {
		c->trapva = bad;
		c->traperr = 4;
		return VXTRAP_PAGEFAULT;
	}
	memcpy(v, vp->base + addr, n);
	return 0;
}

static int wr(struct vxpriv *vp, uint32_t addr, const void *v, unsigned n)
{
	uint32_t bad;
	struct vxcpu *c = &vx_state(vp)->cpu;

	if (!vxmem_checkperm(vp->proc, addr, n, VXPERM_WRITE, &bad)) {
		c->trapva = bad;
		c->traperr = 6 | ((vp->pageflags[bad >> 12] & VXPERM_READ) ? 1 : 0);
		return VXTRAP_PAGEFAULT;
	}
	vx_mem_prepare_write(vp, addr, n);
	memcpy(vp->base + addr, v, n);
	return 0;
}

/* Effective address of in's memory operand (32-bit, with segment base). */
static int ea(struct vxpriv *vp, const struct vxinsn *in, uint32_t *out)
{
	const uint32_t *r = vx_state(vp)->cpu.reg;
	uint32_t a = in->disp, segbase = 0;

	if (in->addr16) {
		int b = vx_addr16_base(in), i = vx_addr16_index(in);
		if (b >= 0)
			a += r[b];
		if (i >= 0)
			a += r[i];
		a &= 0xffff;
	} else if (in->has_sib) {
		int base = in->sib & 7, index = (in->sib >> 3) & 7;
		if (!(base == 5 && in->mod == 0))
			a += r[base];
		if (index != 4)
			a += r[index] << (in->sib >> 6);
	} else if (!(in->mod == 0 && in->rm == 5)) {
		a += r[in->rm];
	}
	if ((in->seg == SEG_FS || in->seg == SEG_GS) &&
	    vx_seg_base(vp, in->seg, &segbase) < 0)
		return VXTRAP_PROTECTION;
	*out = a + segbase;
	return 0;
}

static uint32_t szp(uint8_t v)
{
	uint32_t f = 0;

	if (v == 0)
		f |= F_ZF;
	if (v & 0x80)
		f |= F_SF;
	if (!(__builtin_popcount(v) & 1))
		f |= F_PF;
	return f;
}

/* ---- cpuid ---- */

/* What the translator handles (decode.c tables); intersected with the
   host's features so copied instructions always exist there. */
#define EDX_FEATURES	(1u << 0 | 1u << 8 | 1u << 15 | 1u << 19 | \
			 1u << 23 | 1u << 24 | 1u << 25 | 1u << 26)
			/* fpu cx8 cmov clflush mmx fxsr sse sse2 */
#define EDX_TSC		(1u << 4)
#define ECX_FEATURES	(1u << 0 | 1u << 9 | 1u << 19 | 1u << 20 | \
			 1u << 22 | 1u << 23)
			/* sse3 ssse3 sse4.1 sse4.2 movbe popcnt */

static void host_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(leaf), "c"(sub));
}

/*
 * The host's feature words (ecx and edx of leaves 1 and 0x80000001), read
 * once per process: cpuid traps to the hypervisor in a virtual machine
 * (4-8 us each here), and glibc's start-up asks several times.  Only
 * feature bits are kept, which are the same on every CPU of the machine
 * (ebx of leaf 1, which holds the APIC id, is not used).  Threads may
 * race to fill it; they store the same values.
 */
static void host_features(uint32_t leaf, uint32_t *ecx, uint32_t *edx)
{
	static uint32_t feat[2][3];	/* ecx, edx, valid */
	uint32_t (*f)[3] = &feat[leaf == 1 ? 0 : 1], h[4];

	if (!__atomic_load_n(&(*f)[2], __ATOMIC_ACQUIRE)) {
		host_cpuid(leaf, 0, h);
		__atomic_store_n(&(*f)[0], h[2], __ATOMIC_RELAXED);
		__atomic_store_n(&(*f)[1], h[3], __ATOMIC_RELAXED);
		__atomic_store_n(&(*f)[2], 1, __ATOMIC_RELEASE);
	}
	*ecx = __atomic_load_n(&(*f)[0], __ATOMIC_RELAXED);
	*edx = __atomic_load_n(&(*f)[1], __ATOMIC_RELAXED);
}

void vx_cpuid(struct vxpriv *vp, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	static const char brand[48] = "vx32 virtual i686 CPU";
	uint32_t h[4];

	memset(r, 0, 16);
	switch (leaf) {
	case 0:
		r[0] = 1;
		memcpy(&r[1], "Genu", 4);
		memcpy(&r[3], "ineI", 4);
		memcpy(&r[2], "ntel", 4);
		break;
	case 1:
		host_features(1, &h[2], &h[3]);
		r[0] = 0x000006f1;		/* family 6, model 15 */
		r[1] = 8 << 8 | 1 << 16;	/* 64-byte clflush, 1 cpu */
		r[2] = h[2] & ECX_FEATURES;
		r[3] = h[3] & (EDX_FEATURES | (vp->opt_rdtsc ? EDX_TSC : 0));
		break;
	case 0x80000000:
		r[0] = 0x80000004;
		break;
	case 0x80000001:
		host_features(0x80000001, &h[2], &h[3]);
		r[2] = h[2] & 1;		/* lahf/sahf */
		break;
	case 0x80000002: case 0x80000003: case 0x80000004:
		memcpy(r, brand + 16 * (leaf - 0x80000002), 16);
		break;
	}
}

/* ---- the helpers ---- */

static int enter_nested(struct vxpriv *vp, const struct vxinsn *in)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	int size = in->opsize, level = in->imm2 & 31, t;
	uint32_t esp = c->reg[ESP], ebp = c->reg[EBP], frame, v;

	esp -= size;
	if ((t = wr(vp, esp, &ebp, size)))
		return t;
	frame = esp;
	for (int i = 1; i < level; i++) {
		ebp -= size;
		v = 0;
		if ((t = rd(vp, ebp, &v, size)))
			return t;
		esp -= size;
		if ((t = wr(vp, esp, &v, size)))
			return t;
	}
	if (level > 0) {
		esp -= size;
		if ((t = wr(vp, esp, &frame, size)))
			return t;
	}
	if (size == 2) {
		c->reg[EBP] = (c->reg[EBP] & 0xffff0000) | (frame & 0xffff);
	} else {
		c->reg[EBP] = frame;
	}
	c->reg[ESP] = esp - (uint16_t)in->imm;
	return 0;
}

static int seg_load(struct vxpriv *vp, const struct vxinsn *in)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	uint16_t sel = 0;
	uint32_t a;
	int sreg, t;

	if (in->cls == VC_POP_SEG) {
		sreg = in->map == MAP_0F ? (in->opcode == 0xa1 ? SEG_FS : SEG_GS)
					 : (in->opcode >> 3) & 3;
		if ((t = rd(vp, c->reg[ESP], &sel, 2)))
			return t;
		if ((t = vx_seg_load(vp, sreg, sel)))
			goto refused;
		c->reg[ESP] += in->opsize;
		return 0;
	}
	sreg = in->reg;
	if (in->mod == 3) {
		sel = c->reg[in->rm];
	} else {
		if ((t = ea(vp, in, &a)) || (t = rd(vp, a, &sel, 2)))
			return t;
	}
	if (!(t = vx_seg_load(vp, sreg, sel)))
		return 0;
refused:
	/* #GP's error code: the selector without its RPL (0 for null) */
	if (t == VXTRAP_PROTECTION)
		c->traperr = sel & 0xfffc;
	return t;
}

/*
 * Far transfers (ljmp, lcall, lret, iret) to the guest's own code
 * segment, the one it sees in %cs: a near transfer plus the selector's
 * checks, as at CPL 3 in a flat code segment.  Any other selector is
 * #GP with the selector as error code (as Linux reports it), before any
 * register changes; the guest can reach no other segment, in particular
 * not the host's 64-bit code segment.  Returns VX_NOTRAP with eip set.
 */
static int far_refuse(struct vxcpu *c, uint16_t sel)
{
	c->traperr = sel & 0xfffc;
	return VXTRAP_PROTECTION;
}

static uint32_t get_n(const uint8_t *p, int n)
{
	return n == 2 ? (uint32_t)(p[0] | p[1] << 8) :
		(uint32_t)(p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24);
}

static void put_n(uint8_t *p, uint32_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

static int far_transfer(struct vxpriv *vp, const struct vxinsn *in)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	uint16_t cs = vp->sel[SEG_CS], sel;
	uint32_t esp = c->reg[ESP], off, fl, a, mask;
	int n = in->opsize, t;
	uint8_t b[12];

	switch (in->helper) {
	case VH_FARJMP:
	case VH_FARCALL:
		if (in->has_modrm) {		/* m16:16 or m16:32 */
			if ((t = ea(vp, in, &a)) || (t = rd(vp, a, b, n + 2)))
				return t;
			off = get_n(b, n);
			sel = b[n] | b[n + 1] << 8;
		} else {			/* ptr16:16 or ptr16:32 */
			off = in->imm;
			sel = in->farsel;
		}
		/* A non-conforming code segment: any RPL will do, and cs
		   keeps the CPL as its RPL. */
		if ((sel & ~3) != (cs & ~3))
			return far_refuse(c, sel);
		if (in->helper == VH_FARCALL) {
			/* push cs (zero-extended), push eip */
			put_n(b, in->eip + in->len, n);
			put_n(b + n, cs, n);
			if ((t = wr(vp, esp - 2 * n, b, 2 * n)))
				return t;
			c->reg[ESP] = esp - 2 * n;
		}
		c->eip = off;
		return VX_NOTRAP;
	case VH_FARRET:
		if ((t = rd(vp, esp, b, 2 * n)))
			return t;
		off = get_n(b, n);
		sel = b[n] | b[n + 1] << 8;
		/* Same privilege only: the selector's RPL must be 3. */
		if (sel != cs)
			return far_refuse(c, sel);
		c->reg[ESP] = esp + 2 * n + (uint16_t)in->imm;
		c->eip = off;
		return VX_NOTRAP;
	case VH_IRET:
		/* NT asks for a return from a nested task: #GP(0) here, as
		   on a 64-bit kernel (there are no tasks). */
		if (c->eflags & F_NT)
			return far_refuse(c, 0);
		if ((t = rd(vp, esp, b, 3 * n)))
			return t;
		off = get_n(b, n);
		sel = b[n] | b[n + 1] << 8;
		fl = get_n(b + 2 * n, n);
		if (sel != cs)
			return far_refuse(c, sel);
		/* At CPL 3 with IOPL 0: IF, IOPL and VM stay; RF reads 0. */
		mask = GUEST_FLAGS | XFLAGS;
		if (n == 2)
			mask &= 0xffff;
		c->eflags = (c->eflags & ~mask) | (fl & mask);
		c->reg[ESP] = esp + 3 * n;
		c->eip = off;
		return VX_NOTRAP;
	}
	return VXTRAP_INVALID;
}

/*
 * String instructions with 16-bit addressing (0x67): si, di and cx, each
 * wrapping at 64 KiB, the upper halves of esi, edi and ecx untouched.
 * The flat backend cannot run them natively (string.S works on the
 * 32-bit registers).  Registers are updated after each element, so a
 * fault leaves the completed iterations done, as on hardware.
 */
static void sub_flags(uint32_t *fl, uint32_t a, uint32_t b, int n)
{
	uint32_t mask = n == 4 ? 0xffffffffu : (1u << 8 * n) - 1;
	uint32_t sign = 1u << (8 * n - 1), res = (a - b) & mask, f = 0;

	a &= mask;
	b &= mask;
	if (a < b)
		f |= F_CF;
	if (!(__builtin_popcount(res & 0xff) & 1))
		f |= F_PF;
	if ((a ^ b ^ res) & 0x10)
		f |= F_AF;
	if (res == 0)
		f |= F_ZF;
	if (res & sign)
		f |= F_SF;
	if ((a ^ b) & (a ^ res) & sign)
		f |= F_OF;
	*fl = (*fl & ~(F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)) | f;
}

static int string16(struct vxpriv *vp, const struct vxinsn *in)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	uint32_t *r = c->reg, a = 0, b = 0;
	int n = in->opsize, op = in->opcode & ~1, t;
	uint16_t step = c->eflags & 0x400 ? -n : n;
	uint32_t mask = n == 4 ? 0xffffffffu : (1u << 8 * n) - 1;

	for (;;) {
		uint16_t si = r[ESI], di = r[EDI];
		if (in->rep && (uint16_t)r[ECX] == 0)
			break;
		switch (op) {
		case 0xa4:					/* movs */
			if ((t = rd(vp, si, &a, n)) || (t = wr(vp, di, &a, n)))
				return t;
			si += step;
			di += step;
			break;
		case 0xa6:					/* cmps */
			if ((t = rd(vp, si, &a, n)) || (t = rd(vp, di, &b, n)))
				return t;
			sub_flags(&c->eflags, a, b, n);
			si += step;
			di += step;
			break;
		case 0xaa:					/* stos */
			if ((t = wr(vp, di, &r[EAX], n)))
				return t;
			di += step;
			break;
		case 0xac:					/* lods */
			if ((t = rd(vp, si, &a, n)))
				return t;
			r[EAX] = (r[EAX] & ~mask) | a;
			si += step;
			break;
		default:					/* scas */
			if ((t = rd(vp, di, &b, n)))
				return t;
			sub_flags(&c->eflags, r[EAX], b, n);
			di += step;
			break;
		}
		r[ESI] = (r[ESI] & ~0xffffu) | si;
		r[EDI] = (r[EDI] & ~0xffffu) | di;
		if (!in->rep)
			break;
		r[ECX] = (r[ECX] & ~0xffffu) | (uint16_t)(r[ECX] - 1);
		if (op == 0xa6 || op == 0xae) {
			int zf = (c->eflags & F_ZF) != 0;
			if (in->rep == 0xf3 ? !zf : zf)
				break;
		}
	}
	c->eip = in->eip + in->len;
	return VX_NOTRAP;
}

int vx_helper(struct vxpriv *vp, const struct vxinsn *in)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	uint32_t *r = c->reg, f = c->eflags, a, v[2];
	uint8_t al = r[EAX], ah = r[EAX] >> 8;
	int t;

	/* rd(), wr(), ea() and seg_load() return 0 or a trap code that is
	   never VXTRAP_DIVIDE; vx_helper itself returns VX_NOTRAP. */

	switch (in->cls) {
	case VC_POP_SEG:
	case VC_MOV_TO_SEG:
		if ((t = seg_load(vp, in)))
			return t;
		goto next;
	case VC_ENTER:
		if ((t = enter_nested(vp, in)))
			return t;
		goto next;
	case VC_STRING:
		if (!in->addr16)
			return VXTRAP_INVALID;
		return string16(vp, in);
	case VC_HELPER:
		if (in->helper >= VH_FARJMP && in->helper <= VH_IRET)
			return far_transfer(vp, in);
		break;
	default:
		return VXTRAP_INVALID;
	}

	switch (in->helper) {
	case VH_CPUID: {
		uint32_t q[4];
		vx_cpuid(vp, r[EAX], r[ECX], q);
		r[EAX] = q[0]; r[EBX] = q[1]; r[ECX] = q[2]; r[EDX] = q[3];
		break;
	}
	case VH_RDTSC: {
		if (!vp->opt_rdtsc)
			return VXTRAP_PROTECTION;
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		r[EAX] = lo;
		r[EDX] = hi;
		break;
	}
	case VH_DAA: {
		int cf = f & F_CF, old = al;
		f &= ~(F_CF | F_AF | F_ZF | F_SF | F_PF | F_OF);
		if ((al & 0xf) > 9 || (c->eflags & F_AF)) {
			if (al > 0xf9)
				cf = 1;
			al += 6;
			f |= F_AF;
		}
		if (old > 0x99 || (c->eflags & F_CF)) {
			al += 0x60;
			cf = 1;
		} else {
			cf = 0;
		}
		f |= (cf ? F_CF : 0) | szp(al);
		r[EAX] = (r[EAX] & ~0xffu) | al;
		break;
	}
	case VH_DAS: {
		int cf = 0, old = al;
		f &= ~(F_CF | F_AF | F_ZF | F_SF | F_PF | F_OF);
		if ((al & 0xf) > 9 || (c->eflags & F_AF)) {
			cf = (c->eflags & F_CF) || al < 6;
			al -= 6;
			f |= F_AF;
		}
		if (old > 0x99 || (c->eflags & F_CF)) {
			al -= 0x60;
			cf = 1;
		}
		f |= (cf ? F_CF : 0) | szp(al);
		r[EAX] = (r[EAX] & ~0xffu) | al;
		break;
	}
	case VH_AAA:
	case VH_AAS: {
		uint16_t ax = r[EAX];
		if ((al & 0xf) > 9 || (f & F_AF)) {
			ax = in->helper == VH_AAA ? ax + 0x106 : ax - 0x106;
			f |= F_AF | F_CF;
		} else {
			f &= ~(F_AF | F_CF);
		}
		ax &= 0xff0f;
		r[EAX] = (r[EAX] & ~0xffffu) | ax;
		break;
	}
	case VH_AAM:
		if ((uint8_t)in->imm == 0)
			return VXTRAP_DIVIDE;
		ah = al / (uint8_t)in->imm;
		al = al % (uint8_t)in->imm;
		goto aa_flags;
	case VH_AAD:
		al = al + ah * (uint8_t)in->imm;
		ah = 0;
	aa_flags:
		f &= ~(F_CF | F_AF | F_ZF | F_SF | F_PF | F_OF);
		f |= szp(al);
		r[EAX] = (r[EAX] & ~0xffffu) | ah << 8 | al;
		break;
	case VH_SALC:
		r[EAX] = (r[EAX] & ~0xffu) | (f & F_CF ? 0xff : 0);
		break;
	case VH_INTO:
		if (f & F_OF) {
			c->eip = in->eip + in->len;
			return VXTRAP_OVERFLOW;
		}
		break;
	case VH_BOUND: {
		int size = in->opsize;
		v[0] = v[1] = 0;
		if ((t = ea(vp, in, &a)) || (t = rd(vp, a, &v[0], size)) ||
		    (t = rd(vp, a + size, &v[1], size)))
			return t;
		int32_t idx = size == 2 ? (int16_t)r[in->reg] : (int32_t)r[in->reg];
		int32_t lo = size == 2 ? (int16_t)v[0] : (int32_t)v[0];
		int32_t hi = size == 2 ? (int16_t)v[1] : (int32_t)v[1];
		if (idx < lo || idx > hi)
			return VXTRAP_BOUND;
		break;
	}
	case VH_ARPL: {
		uint16_t dst, src = r[in->reg];
		if (in->mod == 3) {
			dst = r[in->rm];
		} else if ((t = ea(vp, in, &a)) || (t = rd(vp, a, &dst, 2))) {
			return t;
		}
		if ((dst & 3) < (src & 3)) {
			dst = (dst & ~3) | (src & 3);
			if (in->mod == 3)
				r[in->rm] = (r[in->rm] & ~0xffffu) | dst;
			else if ((t = wr(vp, a, &dst, 2)))
				return t;
			f |= F_ZF;
		} else {
			f &= ~F_ZF;
		}
		break;
	}
	default:
		return VXTRAP_INVALID;
	}
	c->eflags = f;
next:
	c->eip = in->eip + in->len;
	return VX_NOTRAP;
}
