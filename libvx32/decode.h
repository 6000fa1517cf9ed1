/*
 * decode.h - i386 instruction decoder.
 *
 * vx_decode() splits one guest instruction into prefixes, opcode, ModRM,
 * SIB, displacement and immediate, and classifies it.  The translator
 * switches on the class (enum vxclass), never on raw opcode bytes; the
 * table in decode.c is the one place that knows opcode lengths and
 * meanings.
 */
#ifndef VX32_DECODE_H
#define VX32_DECODE_H

#include <stdint.h>

/* What the translator must do with an instruction. */
enum vxclass {
	VC_INVALID = 0,	/* undefined or unsupported: #UD */
	VC_COPY,	/* copy, rewriting any memory operand to gs:+addr32 */
	VC_LEA,		/* lea: rewrite the address, no segment */
	VC_INCDEC,	/* 40-4f: inc/dec reg (REX prefixes in 64-bit mode) */
	VC_ALIAS82,	/* 82: alias of 80, invalid in 64-bit mode */
	VC_MOFFS,	/* a0-a3: mov with absolute address */
	VC_XLAT,	/* d7: implicit [ebx+al] */
	VC_MASKMOV,	/* 0f f7: maskmovq/maskmovdqu, implicit ds:[edi] */
	VC_PUSH_REG, VC_POP_REG, VC_PUSH_IMM, VC_PUSH_RM, VC_POP_RM,
	VC_PUSHA, VC_POPA, VC_PUSHF, VC_POPF, VC_ENTER, VC_LEAVE,
	VC_PUSH_SEG,	/* push es/cs/ss/ds/fs/gs */
	VC_POP_SEG,	/* pop es/ss/ds/fs/gs */
	VC_MOV_FROM_SEG,/* 8c */
	VC_MOV_TO_SEG,	/* 8e */
	VC_JCC,		/* 70-7f, 0f 80-8f */
	VC_JMP,		/* e9, eb */
	VC_CALL,	/* e8 */
	VC_PC_THUNK,	/* e8 to a get-pc thunk, `mov (%esp),%reg; ret`:
			   set by translate.c, never by vx_decode; the
			   register in vxinsn.reg */
	VC_RET,		/* c3, c2 iw */
	VC_JMP_IND,	/* ff /4 */
	VC_CALL_IND,	/* ff /2 */
	VC_LOOP,	/* e0-e3: loopne, loope, loop, jecxz */
	VC_STRING,	/* movs cmps stos lods scas */
	VC_DIRFLAG,	/* cld, std: copied; the flat backend also keeps
			   DF's step in the state block (ST_DSTEP) */
	VC_SOFTINT,	/* int n */
	VC_SYSCALL,	/* syscall, sysenter */
	VC_TRAP,	/* always traps: trap code in vxinsn.trap */
	VC_TRAP_NEXT,	/* traps with eip after the instruction (int3) */
	VC_HELPER,	/* emulated by C code in helper.c: vxinsn.helper */
};

/* Helpers (C emulations of rare instructions), see helper.c. */
enum vxhelper {
	VH_NONE = 0,
	VH_CPUID, VH_RDTSC, VH_DAA, VH_DAS, VH_AAA, VH_AAS, VH_AAM, VH_AAD,
	VH_SALC, VH_INTO, VH_BOUND, VH_ARPL, VH_ENTER,
	VH_FARJMP, VH_FARCALL, VH_FARRET, VH_IRET,
};

/*
 * Prefixes that give an encoding a meaning only on CPUs with a feature
 * the guest's cpuid does not advertise (tzcnt, lzcnt, tpause, umwait):
 * the copy leaves them out, so the instruction runs as it does on the
 * CPU cpuid describes (bsf, bsr, mfence), whatever the host has.
 */
#define DROP_F3	1
#define DROP_66	2
#define DROP_F2	4

/* Segment override prefixes, as the sreg field of 8c/8e encodes them. */
enum { SEG_ES = 0, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_NONE = 7 };

/* Opcode maps. */
enum { MAP_1 = 0, MAP_0F, MAP_0F38, MAP_0F3A };

struct vxinsn {
	uint32_t eip;		/* guest address of the first byte */
	uint8_t len;		/* total length, 1..15 */
	uint8_t cls;		/* enum vxclass */
	uint8_t trap;		/* VC_TRAP*: trap code */
	uint8_t helper;		/* VC_HELPER: enum vxhelper */
	uint8_t map;		/* MAP_* */
	uint8_t opcode;		/* last opcode byte */
	uint8_t seg;		/* SEG_* override, SEG_NONE if none */
	uint8_t opsize;		/* operand size in bytes: 2 or 4 (1 for
				   byte forms of string ops) */
	uint8_t rep;		/* 0, 0xf2 or 0xf3 */
	uint8_t lock;		/* lock prefix present */
	uint8_t npfx;		/* number of prefix bytes */
	uint8_t opc_off;	/* offset of the first opcode byte */
	uint8_t has_modrm;
	uint8_t modrm_off;	/* offset of ModRM (if has_modrm) */
	uint8_t mod, reg, rm;	/* ModRM fields */
	uint8_t has_sib, sib;
	uint8_t addr16;		/* 0x67: 16-bit addressing (ModRM without
				   SIB, moffs16, si/di/cx, bx+al) */
	uint8_t disp_size;	/* 0, 1, 2 (16-bit addressing) or 4 */
	int32_t disp;
	uint8_t imm_off;	/* offset of the immediate */
	uint8_t imm_size;	/* total immediate bytes (enter: 3) */
	uint32_t imm;		/* first immediate, zero-extended */
	uint8_t imm2;		/* enter's second immediate */
	uint16_t farsel;	/* ptr16:16/32 (ea, 9a): the selector; imm
				   holds the offset */
	uint8_t prefix[15];	/* the prefix bytes in order */
	uint8_t fpu;		/* may read or write x87/MMX/SSE state */
	uint8_t x87;		/* of those, may read or write the x87/MMX
				   part (registers, control, status, tags),
				   not only XMM registers and MXCSR */
	uint8_t drop_pfx;	/* DROP_*: prefixes the copy leaves out */
	const char *why;	/* for VC_INVALID: a reason, or NULL */
};

/*
 * 16-bit addressing: the registers ModRM.rm adds (bx+si, bx+di, bp+si,
 * bp+di, si, di, bp, bx), -1 for none; mod 0 rm 6 is disp16 alone.  The
 * sum with the displacement wraps at 64 KiB; bp's default segment is ss,
 * flat like ds.
 */
static inline int vx_addr16_base(const struct vxinsn *in)
{
	static const signed char base[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };

	return in->mod == 0 && in->rm == 6 ? -1 : base[in->rm];
}

static inline int vx_addr16_index(const struct vxinsn *in)
{
	return in->rm < 4 ? 6 + (in->rm & 1) : -1;
}

/* True if the instruction has a memory operand (ModRM with mod != 3). */
static inline int vx_has_mem(const struct vxinsn *in)
{
	return in->has_modrm && in->mod != 3;
}

/*
 * Decode the instruction at guest address eip whose bytes start at code;
 * avail is how many bytes are readable there (at most 15 are looked at).
 * Returns 0 on success, or -1 if the instruction runs past avail bytes
 * (the caller reports a page fault on the next byte).  An undecodable
 * instruction is not an error: it decodes as VC_INVALID (or VC_TRAP for
 * over-long instructions).
 */
int vx_decode(struct vxinsn *in, uint32_t eip, const uint8_t *code,
	      unsigned avail);

/* Does the class end a basic block? */
int vx_ends_block(const struct vxinsn *in);

#endif
