/*
 * emit.h - a tiny x86-64 encoder for the instructions the translator
 * generates around copied guest instructions.
 *
 * Register numbers are the hardware encodings 0..15; guest registers are
 * 0..7 (eax..edi, with guest esp in rsp), the translator's scratch
 * registers are r8..r11, r14 holds the guest base and r15 the state block.
 */
#ifndef VX32_EMIT_H
#define VX32_EMIT_H

#include <stdint.h>
#include <string.h>

enum { R8 = 8, R9, R10, R11, R12, R13, R14, R15 };
#define RSP 4
#define RBP 5

struct emit {
	uint8_t *p;	/* next byte */
	uint8_t *end;	/* end of the buffer (checked by the caller) */
};

static inline void e8(struct emit *e, uint8_t b) { *e->p++ = b; }
static inline void e16(struct emit *e, uint16_t v)
{ memcpy(e->p, &v, 2); e->p += 2; }
static inline void e32(struct emit *e, uint32_t v)
{ memcpy(e->p, &v, 4); e->p += 4; }
static inline void e64(struct emit *e, uint64_t v)
{ memcpy(e->p, &v, 8); e->p += 8; }
static inline void ebytes(struct emit *e, const void *b, unsigned n)
{ memcpy(e->p, b, n); e->p += n; }

/* REX prefix for reg (ModRM.reg) and base (ModRM.rm), if needed. */
static inline void rex(struct emit *e, int w, int reg, int base)
{
	uint8_t r = 0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (base >= 8 ? 1 : 0);
	if (r != 0x40)
		e8(e, r);
}

/* ModRM + SIB + disp for [base + disp] (64-bit base register). */
static inline void modrm_base(struct emit *e, int reg, int base, int32_t disp)
{
	int mod = disp == 0 && (base & 7) != RBP ? 0 :
		  disp >= -128 && disp <= 127 ? 1 : 2;
	e8(e, mod << 6 | (reg & 7) << 3 | (base & 7));
	if ((base & 7) == RSP)
		e8(e, 0x24);
	if (mod == 1)
		e8(e, (uint8_t)disp);
	else if (mod == 2)
		e32(e, disp);
}

/* op reg, [base+disp] or op [base+disp], reg with a one-byte opcode;
   w selects 64-bit operand size. */
static inline void op_mem(struct emit *e, uint8_t op, int w, int reg,
			  int base, int32_t disp)
{
	rex(e, w, reg, base);
	e8(e, op);
	modrm_base(e, reg, base, disp);
}

/* op reg, reg (ModRM mod=3): dst in rm, src in reg field. */
static inline void op_rr(struct emit *e, uint8_t op, int w, int reg, int rm)
{
	rex(e, w, reg, rm);
	e8(e, op);
	e8(e, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* mov r32, imm32 */
static inline void mov_ri32(struct emit *e, int reg, uint32_t imm)
{
	if (reg >= 8)
		e8(e, 0x41);
	e8(e, 0xb8 + (reg & 7));
	e32(e, imm);
}

/* mov r64, imm64 */
static inline void mov_ri64(struct emit *e, int reg, uint64_t imm)
{
	e8(e, 0x48 | (reg >= 8 ? 1 : 0));
	e8(e, 0xb8 + (reg & 7));
	e64(e, imm);
}

/*
 * Guest stack access: mov{size} %reg, %gs:disp(%esp) (store) or the load
 * form, with the address computed in 32 bits.  size is 2 or 4.
 */
static inline void gs_esp(struct emit *e, int store, int size, int reg,
			  int32_t disp)
{
	e8(e, 0x65);
	e8(e, 0x67);
	if (size == 2)
		e8(e, 0x66);
	rex(e, 0, reg, 0);
	e8(e, store ? 0x89 : 0x8b);
	modrm_base(e, reg, RSP, disp);
}

/* Same through another 32-bit base register (guest ebp, say). */
static inline void gs_base(struct emit *e, int store, int size, int reg,
			   int base, int32_t disp)
{
	e8(e, 0x65);
	e8(e, 0x67);
	if (size == 2)
		e8(e, 0x66);
	rex(e, 0, reg, base);
	e8(e, store ? 0x89 : 0x8b);
	modrm_base(e, reg, base, disp);
}

/* lea esp, [rsp + delta] / lea dst32, [base64 + disp]: flags untouched,
   32-bit result, so the guest stack pointer wraps at 4 GiB. */
static inline void lea32(struct emit *e, int dst, int base, int32_t disp)
{
	op_mem(e, 0x8d, 0, dst, base, disp);
}
static inline void lea_esp(struct emit *e, int32_t delta)
{
	lea32(e, RSP, RSP, delta);
}

/* jmp *disp(%r15) */
static inline void jmp_r15(struct emit *e, int32_t disp)
{
	e8(e, 0x41);
	e8(e, 0xff);
	modrm_base(e, 4, R15, disp);
}

/* jmp rel32 / jcc rel32 to an absolute host address. */
static inline uint8_t *jmp_rel32(struct emit *e, const uint8_t *target)
{
	e8(e, 0xe9);
	uint8_t *site = e->p;
	e32(e, (uint32_t)(target - (e->p + 4)));
	return site;
}
static inline uint8_t *jcc_rel32(struct emit *e, int cc, const uint8_t *target)
{
	e8(e, 0x0f);
	e8(e, 0x80 | cc);
	uint8_t *site = e->p;
	e32(e, (uint32_t)(target - (e->p + 4)));
	return site;
}

/* Point the rel32 at site to target. */
static inline void patch_rel32(uint8_t *site, const uint8_t *target)
{
	int32_t rel = (int32_t)(target - (site + 4));
	__atomic_store_n((int32_t *)site, rel, __ATOMIC_RELAXED);
}

#endif
