/*
 * segfault.c - the guest address behind a seg-backend #GP or #SS.
 *
 * An access past the guest's segment limit does not page-fault: the CPU
 * raises #GP (through ds or es) or #SS (through ss) with no address, and
 * Linux delivers SIGSEGV (si_code SI_KERNEL) or SIGBUS.  To report it as
 * the flat backend would (a page fault at the first address the guest
 * has no memory at), the handler decodes the faulting instruction - 32-bit
 * code in the guest's code cache, so the guest's own decoder reads it -
 * and recomputes the addresses it touches from the registers of the
 * signal context: its ModRM operand, or the implicit ones of stack and
 * string instructions.  The first access that does not fit below the
 * limit is the fault; if none crosses it, the #GP was the instruction's
 * own (a misaligned movaps, reserved MXCSR bits): a protection trap.
 *
 * Access sizes are exact for the implicit operands and an upper bound for
 * ModRM operands of x87/SSE instructions; whether an access writes
 * follows the opcode tables below (for the page-fault error code only).
 */
#define _GNU_SOURCE
#include "segfault.h"

struct access {
	uint32_t addr;
	uint32_t size;
	int write;
};

/* Effective address of a ModRM memory operand (32-bit, no segment). */
static uint32_t modrm_ea(const struct vxinsn *in, const uint32_t *r)
{
	uint32_t a = in->disp;

	if (in->has_sib) {
		int base = in->sib & 7, index = (in->sib >> 3) & 7;
		if (!(base == 5 && in->mod == 0))
			a += r[base];
		if (index != 4)
			a += r[index] << (in->sib >> 6);
	} else if (!(in->mod == 0 && in->rm == 5)) {
		a += r[in->rm];
	}
	return a;
}

/* Largest number of bytes a copied instruction's ModRM operand covers. */
static uint32_t copy_size(const struct vxinsn *in)
{
	if (in->map == MAP_0F && in->opcode == 0xae)
		return in->reg <= 1 ? 512 : 4;	/* fxsave, fxrstor; mxcsr */
	if (in->map == MAP_0F && in->opcode == 0xc7)
		return 8;			/* cmpxchg8b */
	if (in->map == MAP_1 && in->opcode >= 0xd8 && in->opcode <= 0xdf)
		return 108;			/* x87: up to fnsave */
	if (in->fpu)
		return 16;			/* MMX, SSE */
	return in->opsize;
}

static int has_prefix(const struct vxinsn *in, uint8_t b)
{
	for (int i = 0; i < in->npfx; i++)
		if (in->prefix[i] == b)
			return 1;
	return 0;
}

/* Does a copied instruction write its ModRM memory operand? */
static int copy_writes(const struct vxinsn *in)
{
	uint8_t op = in->opcode;
	int reg = in->reg;

	if (in->map == MAP_1) {
		if (op < 0x40 && (op & 7) < 2)
			return (op & 0x38) != 0x38;	/* op r/m, r; not cmp */
		switch (op) {
		case 0x80: case 0x81: case 0x82: case 0x83:
			return reg != 7;
		case 0x86: case 0x87: case 0x88: case 0x89:
		case 0xc0: case 0xc1: case 0xc6: case 0xc7:
		case 0xd0: case 0xd1: case 0xd2: case 0xd3:
			return 1;
		case 0xf6: case 0xf7:
			return reg == 2 || reg == 3;	/* not, neg */
		case 0xfe: case 0xff:
			return reg <= 1;		/* inc, dec */
		case 0xd9:
			return reg == 2 || reg == 3 || reg >= 6;
		case 0xdb:
			return reg == 1 || reg == 2 || reg == 3 || reg == 7;
		case 0xdd: case 0xdf:
			return reg == 1 || reg == 2 || reg == 3 || reg >= 6;
		}
		return 0;
	}
	if (in->map == MAP_0F) {
		if (op >= 0x90 && op <= 0x9f)
			return 1;			/* setcc */
		switch (op) {
		case 0xa4: case 0xa5: case 0xab: case 0xac: case 0xad:
		case 0xb0: case 0xb1: case 0xb3: case 0xbb: case 0xc0:
		case 0xc1: case 0xc3: case 0xc7: case 0x11: case 0x13:
		case 0x17: case 0x29: case 0x2b: case 0xd6: case 0xe7:
		case 0x7f:
			return 1;
		case 0x7e:
			return in->rep != 0xf3;		/* movd/movq store */
		case 0xba:
			return reg >= 5;		/* bts, btr, btc */
		case 0xae:
			return reg == 0 || reg == 3;	/* fxsave, stmxcsr */
		}
		return 0;
	}
	if (in->map == MAP_0F38)
		return op == 0xf1 && !has_prefix(in, 0xf2);	/* movbe */
	return op >= 0x14 && op <= 0x17;	/* 0f 3a: pextr*, extractps */
}

/* bt, bts, btr, btc with a register bit offset reach past the operand. */
static uint32_t bit_offset_bytes(const struct vxinsn *in, const uint32_t *r)
{
	if (in->map != MAP_0F || (in->opcode != 0xa3 && in->opcode != 0xab &&
				  in->opcode != 0xb3 && in->opcode != 0xbb))
		return 0;
	if (in->opsize == 2)
		return 2 * (uint32_t)((int16_t)r[in->reg] >> 4);
	return 4 * (uint32_t)((int32_t)r[in->reg] >> 5);
}

/* The guest accesses of in, in the order the CPU makes them. */
static int accesses(const struct vxinsn *in, const uint32_t *r,
		    struct access *a)
{
	uint32_t esp = r[ESP], n = in->opsize;
	int k = 0;

#define ACC(ad, sz, w)	(a[k++] = (struct access){ (ad), (sz), (w) })
	switch (in->cls) {
	case VC_COPY:
	case VC_ALIAS82:
		if (vx_has_mem(in))
			ACC(modrm_ea(in, r) + bit_offset_bytes(in, r),
			    copy_size(in), copy_writes(in));
		break;
	case VC_MOFFS:
		ACC(in->imm, in->opcode & 1 ? n : 1, in->opcode >= 0xa2);
		break;
	case VC_XLAT:
		ACC(r[EBX] + (r[EAX] & 0xff), 1, 0);
		break;
	case VC_MASKMOV:
		ACC(r[EDI], has_prefix(in, 0x66) ? 16 : 8, 1);
		break;
	case VC_PUSH_REG:
	case VC_PUSH_IMM:
	case VC_PUSHF:
	case VC_PUSH_SEG:
		ACC(esp - n, n, 1);
		break;
	case VC_PUSH_RM:
		ACC(modrm_ea(in, r), n, 0);
		ACC(esp - n, n, 1);
		break;
	case VC_POP_REG:
	case VC_POPF:
		ACC(esp, n, 0);
		break;
	case VC_POP_RM: {
		uint32_t rr[8];
		for (int i = 0; i < 8; i++)
			rr[i] = r[i];
		rr[ESP] += n;		/* the address uses esp after the pop */
		ACC(esp, n, 0);
		ACC(modrm_ea(in, rr), n, 1);
		break;
	}
	case VC_PUSHA:
		ACC(esp - 8 * n, 8 * n, 1);
		break;
	case VC_POPA:
		ACC(esp, 8 * n, 0);
		break;
	case VC_ENTER: {
		uint32_t level = in->imm2 & 31;
		ACC(esp - n, n, 1);
		if (level > 1)
			ACC(r[EBP] - (level - 1) * n, (level - 1) * n, 0);
		if (level > 0)
			ACC(esp - (level + 1) * n, level * n, 1);
		break;
	}
	case VC_LEAVE:
		ACC(r[EBP], n, 0);
		break;
	case VC_STRING:
		switch (in->opcode & ~1) {
		case 0xa4: ACC(r[ESI], n, 0); ACC(r[EDI], n, 1); break;
		case 0xa6: ACC(r[ESI], n, 0); ACC(r[EDI], n, 0); break;
		case 0xaa: ACC(r[EDI], n, 1); break;
		case 0xac: ACC(r[ESI], n, 0); break;
		case 0xae: ACC(r[EDI], n, 0); break;
		}
		break;
	}
#undef ACC
	return k;
}

void vx_seg_limit_fault(struct vxpriv *vp, const ucontext_t *uc,
			struct vxfault *f)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	const uint8_t *pc = (const uint8_t *)g[REG_RIP];
	const uint8_t *end = vp->cache + vp->cache_used;
	uint32_t r[8] = {
		g[REG_RAX], g[REG_RCX], g[REG_RDX], g[REG_RBX],
		g[REG_RSP], g[REG_RBP], g[REG_RSI], g[REG_RDI],
	};
	struct access a[3];
	struct vxinsn in;
	unsigned avail = end - pc < 15 ? end - pc : 15;

	/* pc is in the cache (signal.c checked): translated code.  Its
	   own accesses to the state block (gs:) never fault, and no guest
	   access carries a segment override after translation. */
	if (vx_decode(&in, 0, pc, avail) < 0 || in.seg != SEG_NONE) {
		f->kind = FAULT_NOT_OURS;
		return;
	}
	int n = accesses(&in, r, a);
	for (int i = 0; i < n; i++) {
		uint64_t last = (uint64_t)a[i].addr + a[i].size;
		if (a[i].size == 0 || last <= vp->space)
			continue;
		f->kind = FAULT_TRAP;
		f->trap = VXTRAP_PAGEFAULT;
		f->va = a[i].addr >= vp->space ? a[i].addr : (uint32_t)vp->space;
		f->err = (a[i].write ? 2 : 0) | 4;	/* user, not present */
		return;
	}
	f->kind = FAULT_TRAP;
	f->trap = VXTRAP_PROTECTION;
}
