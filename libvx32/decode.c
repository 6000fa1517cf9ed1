/*
 * decode.c - table-driven i386 instruction decoder.
 *
 * Each opcode has one table entry: its class (what the translator does),
 * its length rules (ModRM, immediate kind) and flags (lockable, memory
 * operand required).  Opcodes whose meaning depends on ModRM.reg point to
 * a group table of eight entries.  Everything absent from the tables is
 * VC_INVALID, so the decoder fails closed.
 */
#include <string.h>
#include "decode.h"
#include "vx32.h"

/* Length and validity flags. */
#define M	0x0001	/* has ModRM */
#define IB	0x0002	/* imm8 */
#define IW	0x0004	/* imm16 */
#define IZ	0x0008	/* imm16 or imm32 by operand size */
#define IO	0x0010	/* moffs: 32-bit absolute address */
#define IE	0x0020	/* enter: imm16 + imm8 */
#define IP	0x0040	/* far pointer: imm16/32 + selector */
#define L	0x0080	/* lock prefix allowed (with a memory operand) */
#define MEM	0x0100	/* ModRM must name memory (mod != 3) */
#define REG	0x0200	/* ModRM must name a register (mod == 3) */
#define GRP	0x0400	/* class comes from group table `arg` */
#define TIMM	0x0800	/* F6/F7: /0 and /1 (test) take an immediate:
			   imm8 for F6, imm16/32 for F7 */
#define BYTE	0x1000	/* byte-sized string op */
#define NEXT	0x2000	/* (trap) eip reported after the instruction */

struct opent {
	uint8_t cls;
	uint8_t arg;	/* trap code, helper, or group number */
	uint16_t flags;
};

#define E(c, f, a)	{ VC_##c, (a), (f) }
#define C(f)		E(COPY, (f), 0)
#define TRAPGP(f)	E(TRAP, (f), VXTRAP_PROTECTION)
#define H(h, f)		E(HELPER, (f), VH_##h)
#define G(n, f)		{ 0, (n), M | GRP | (f) }	/* f: the immediate */

/* Group numbers. */
enum { G_NONE, G_1, G_1NL, G_2, G_3, G_4, G_5, G_8F, G_C6, G_0F00,
       G_0F01, G_0F18, G_0FAE, G_0FBA, G_0FC7, G_0F71, G_0F72, G_0F73,
       G_COUNT };

/* The one-byte opcode map (prefix bytes are handled before lookup). */
static const struct opent map1[256] = {
	[0x00] = C(M | L), [0x01] = C(M | L), [0x02] = C(M), [0x03] = C(M),
	[0x04] = C(IB), [0x05] = C(IZ),
	[0x06] = E(PUSH_SEG, 0, SEG_ES), [0x07] = E(POP_SEG, 0, SEG_ES),
	[0x08] = C(M | L), [0x09] = C(M | L), [0x0a] = C(M), [0x0b] = C(M),
	[0x0c] = C(IB), [0x0d] = C(IZ),
	[0x0e] = E(PUSH_SEG, 0, SEG_CS),
	[0x10] = C(M | L), [0x11] = C(M | L), [0x12] = C(M), [0x13] = C(M),
	[0x14] = C(IB), [0x15] = C(IZ),
	[0x16] = E(PUSH_SEG, 0, SEG_SS), [0x17] = E(POP_SEG, 0, SEG_SS),
	[0x18] = C(M | L), [0x19] = C(M | L), [0x1a] = C(M), [0x1b] = C(M),
	[0x1c] = C(IB), [0x1d] = C(IZ),
	[0x1e] = E(PUSH_SEG, 0, SEG_DS), [0x1f] = E(POP_SEG, 0, SEG_DS),
	[0x20] = C(M | L), [0x21] = C(M | L), [0x22] = C(M), [0x23] = C(M),
	[0x24] = C(IB), [0x25] = C(IZ), [0x27] = H(DAA, 0),
	[0x28] = C(M | L), [0x29] = C(M | L), [0x2a] = C(M), [0x2b] = C(M),
	[0x2c] = C(IB), [0x2d] = C(IZ), [0x2f] = H(DAS, 0),
	[0x30] = C(M | L), [0x31] = C(M | L), [0x32] = C(M), [0x33] = C(M),
	[0x34] = C(IB), [0x35] = C(IZ), [0x37] = H(AAA, 0),
	[0x38] = C(M), [0x39] = C(M), [0x3a] = C(M), [0x3b] = C(M),
	[0x3c] = C(IB), [0x3d] = C(IZ), [0x3f] = H(AAS, 0),
	[0x40 ... 0x4f] = E(INCDEC, 0, 0),
	[0x50 ... 0x57] = E(PUSH_REG, 0, 0),
	[0x58 ... 0x5f] = E(POP_REG, 0, 0),
	[0x60] = E(PUSHA, 0, 0), [0x61] = E(POPA, 0, 0),
	[0x62] = H(BOUND, M | MEM), [0x63] = H(ARPL, M),
	[0x68] = E(PUSH_IMM, IZ, 0), [0x69] = C(M | IZ),
	[0x6a] = E(PUSH_IMM, IB, 0), [0x6b] = C(M | IB),
	[0x6c ... 0x6f] = TRAPGP(0),			/* ins, outs */
	[0x70 ... 0x7f] = E(JCC, IB, 0),
	[0x80] = G(G_1, IB), [0x81] = G(G_1, IZ), [0x82] = G(G_1, IB),
	[0x83] = G(G_1, IB),
	[0x84] = C(M), [0x85] = C(M), [0x86] = C(M | L), [0x87] = C(M | L),
	[0x88 ... 0x8b] = C(M),
	[0x8c] = E(MOV_FROM_SEG, M, 0), [0x8d] = E(LEA, M | MEM, 0),
	[0x8e] = E(MOV_TO_SEG, M, 0), [0x8f] = G(G_8F, 0),
	[0x90 ... 0x99] = C(0),				/* nop, xchg, cwde, cdq */
	[0x9a] = H(FARCALL, IP),			/* call far */
	[0x9b] = C(0),					/* fwait */
	[0x9c] = E(PUSHF, 0, 0), [0x9d] = E(POPF, 0, 0),
	[0x9e] = C(0), [0x9f] = C(0),			/* sahf, lahf */
	[0xa0 ... 0xa3] = E(MOFFS, IO, 0),
	[0xa4] = E(STRING, BYTE, 0), [0xa5] = E(STRING, 0, 0),
	[0xa6] = E(STRING, BYTE, 0), [0xa7] = E(STRING, 0, 0),
	[0xa8] = C(IB), [0xa9] = C(IZ),
	[0xaa] = E(STRING, BYTE, 0), [0xab] = E(STRING, 0, 0),
	[0xac] = E(STRING, BYTE, 0), [0xad] = E(STRING, 0, 0),
	[0xae] = E(STRING, BYTE, 0), [0xaf] = E(STRING, 0, 0),
	[0xb0 ... 0xb7] = C(IB), [0xb8 ... 0xbf] = C(IZ),
	[0xc0] = G(G_2, IB), [0xc1] = G(G_2, IB),
	[0xc2] = E(RET, IW, 0), [0xc3] = E(RET, 0, 0),
	[0xc4] = TRAPGP(M | MEM), [0xc5] = TRAPGP(M | MEM), /* les, lds */
	[0xc6] = G(G_C6, IB), [0xc7] = G(G_C6, IZ),
	[0xc8] = E(ENTER, IE, 0), [0xc9] = E(LEAVE, 0, 0),
	[0xca] = H(FARRET, IW), [0xcb] = H(FARRET, 0),	/* retf */
	[0xcc] = E(TRAP_NEXT, 0, VXTRAP_BREAKPOINT),
	[0xcd] = E(SOFTINT, IB, 0),
	[0xce] = H(INTO, 0), [0xcf] = H(IRET, 0),	/* into, iret */
	[0xd0 ... 0xd3] = G(G_2, 0),
	[0xd4] = H(AAM, IB), [0xd5] = H(AAD, IB), [0xd6] = H(SALC, 0),
	[0xd7] = E(XLAT, 0, 0),
	[0xd8 ... 0xdf] = C(M),				/* x87 */
	[0xe0 ... 0xe3] = E(LOOP, IB, 0),
	[0xe4 ... 0xe7] = TRAPGP(IB),			/* in, out */
	[0xe8] = E(CALL, IZ, 0), [0xe9] = E(JMP, IZ, 0),
	[0xea] = H(FARJMP, IP), [0xeb] = E(JMP, IB, 0),
	[0xec ... 0xef] = TRAPGP(0),
	[0xf1] = E(TRAP_NEXT, 0, VXTRAP_DEBUG),		/* int1 */
	[0xf4] = TRAPGP(0),				/* hlt */
	[0xf5] = C(0),					/* cmc */
	[0xf6] = G(G_3, TIMM), [0xf7] = G(G_3, TIMM),
	[0xf8] = C(0), [0xf9] = C(0),			/* clc, stc */
	[0xfa] = TRAPGP(0), [0xfb] = TRAPGP(0),		/* cli, sti */
	[0xfc] = E(DIRFLAG, 0, 0), [0xfd] = E(DIRFLAG, 0, 0), /* cld, std */
	[0xfe] = G(G_4, 0), [0xff] = G(G_5, 0),
};

/* The 0f xx map. */
static const struct opent map0f[256] = {
	[0x00] = G(G_0F00, 0), [0x01] = G(G_0F01, 0),
	[0x02] = TRAPGP(M), [0x03] = TRAPGP(M),		/* lar, lsl */
	[0x05] = E(SYSCALL, 0, 0),
	[0x06 ... 0x09] = TRAPGP(0),			/* clts sysret invd wbinvd */
	[0x0b] = E(INVALID, 0, 0),			/* ud2 */
	[0x0d] = C(M | MEM),				/* prefetchw */
	[0x10 ... 0x17] = C(M),				/* sse moves */
	[0x18] = G(G_0F18, 0), [0x19 ... 0x1f] = C(M),	/* hint nops */
	[0x20 ... 0x23] = TRAPGP(M),			/* mov cr/dr */
	[0x28 ... 0x2f] = C(M),
	[0x30] = TRAPGP(0), [0x31] = H(RDTSC, 0),	/* wrmsr, rdtsc */
	[0x32] = TRAPGP(0), [0x33] = TRAPGP(0),		/* rdmsr, rdpmc */
	[0x34] = E(SYSCALL, 0, 0), [0x35] = TRAPGP(0),	/* sysenter/exit */
	[0x40 ... 0x4f] = C(M),				/* cmovcc */
	[0x50 ... 0x6f] = C(M),
	[0x70] = C(M | IB),				/* pshuf* */
	[0x71] = G(G_0F71, IB), [0x72] = G(G_0F72, IB),
	[0x73] = G(G_0F73, IB),
	[0x74 ... 0x76] = C(M), [0x77] = C(0),		/* pcmpeq, emms */
	[0x7c ... 0x7f] = C(M),
	[0x80 ... 0x8f] = E(JCC, IZ, 0),
	[0x90 ... 0x9f] = C(M),				/* setcc */
	[0xa0] = E(PUSH_SEG, 0, SEG_FS), [0xa1] = E(POP_SEG, 0, SEG_FS),
	[0xa2] = H(CPUID, 0), [0xa3] = C(M),
	[0xa4] = C(M | IB), [0xa5] = C(M),		/* shld */
	[0xa8] = E(PUSH_SEG, 0, SEG_GS), [0xa9] = E(POP_SEG, 0, SEG_GS),
	[0xab] = C(M | L), [0xac] = C(M | IB), [0xad] = C(M),
	[0xae] = G(G_0FAE, 0), [0xaf] = C(M),
	[0xb0] = C(M | L), [0xb1] = C(M | L),		/* cmpxchg */
	[0xb2] = TRAPGP(M | MEM),			/* lss */
	[0xb3] = C(M | L),
	[0xb4] = TRAPGP(M | MEM), [0xb5] = TRAPGP(M | MEM), /* lfs, lgs */
	[0xb6] = C(M), [0xb7] = C(M),
	[0xb8] = C(M),			/* popcnt (F3 checked in vx_decode) */
	[0xba] = G(G_0FBA, IB), [0xbb] = C(M | L),
	[0xbc ... 0xbf] = C(M),
	[0xc0] = C(M | L), [0xc1] = C(M | L),		/* xadd */
	[0xc2] = C(M | IB), [0xc3] = C(M | MEM),	/* cmpps, movnti */
	[0xc4 ... 0xc6] = C(M | IB),
	[0xc7] = G(G_0FC7, 0),
	[0xc8 ... 0xcf] = C(0),				/* bswap */
	[0xd0 ... 0xf6] = C(M),
	[0xf7] = E(MASKMOV, M | REG, 0),	/* stores to implicit ds:[edi] */
	[0xf8 ... 0xfe] = C(M),
};

/* Group tables, indexed by ModRM.reg. */
static const struct opent groups[G_COUNT][8] = {
	[G_1] = { C(L), C(L), C(L), C(L), C(L), C(L), C(L), C(0) },
	[G_2] = { C(0), C(0), C(0), C(0), C(0), C(0), C(0), C(0) },
	[G_3] = { C(0), C(0), C(L), C(L), C(0), C(0), C(0), C(0) },
	[G_4] = { C(L), C(L) },
	[G_5] = { C(L), C(L), E(CALL_IND, 0, 0),
		  H(FARCALL, MEM), E(JMP_IND, 0, 0), H(FARJMP, MEM),
		  E(PUSH_RM, 0, 0) },
	[G_8F] = { E(POP_RM, 0, 0) },
	[G_C6] = { C(0) },
	[G_0F00] = { TRAPGP(0), TRAPGP(0), TRAPGP(0), TRAPGP(0),
		     TRAPGP(0), TRAPGP(0), TRAPGP(0), TRAPGP(0) },
	[G_0F01] = { TRAPGP(0), TRAPGP(0), TRAPGP(0), TRAPGP(0),
		     TRAPGP(0), TRAPGP(0), TRAPGP(0), TRAPGP(0) },
	[G_0F18] = { C(0), C(0), C(0), C(0), C(0), C(0), C(0), C(0) },
	[G_0FAE] = { C(MEM), C(MEM), C(MEM), C(MEM),	/* fxsave .. stmxcsr */
		     E(INVALID, 0, 0), C(REG), C(REG), C(0) },
		     /* xsave; lfence; mfence; sfence/clflush */
	[G_0FBA] = { E(INVALID, 0, 0), E(INVALID, 0, 0), E(INVALID, 0, 0),
		     E(INVALID, 0, 0), C(0), C(L), C(L), C(L) },
	[G_0FC7] = { E(INVALID, 0, 0), C(L | MEM) },	/* cmpxchg8b */
	[G_0F71] = { {0}, {0}, C(REG), {0}, C(REG), {0}, C(REG), {0} },
	[G_0F72] = { {0}, {0}, C(REG), {0}, C(REG), {0}, C(REG), {0} },
	[G_0F73] = { {0}, {0}, C(REG), C(REG), {0}, {0}, C(REG), C(REG) },
};

/*
 * 0f 38 (no immediate) and 0f 3a (imm8): the SSSE3, SSE4.1 and SSE4.2
 * opcodes that cpuid advertises.  A bit set means valid.
 */
static const uint8_t valid0f38[256] = {
	[0x00 ... 0x0b] = 1,		/* ssse3: pshufb .. pmulhrsw */
	[0x10] = 1, [0x14] = 1, [0x15] = 1, [0x17] = 1,	/* sse4.1 */
	[0x1c ... 0x1e] = 1,		/* ssse3: pabs* */
	[0x20 ... 0x25] = 1, [0x28 ... 0x2b] = 1,
	[0x30 ... 0x35] = 1, [0x37 ... 0x41] = 1,
	[0xf0] = 1, [0xf1] = 1,		/* movbe, crc32 (f2) */
};
static const uint8_t valid0f3a[256] = {
	[0x08 ... 0x0f] = 1,		/* round*, blend*, palignr */
	[0x14 ... 0x17] = 1, [0x20 ... 0x22] = 1,
	[0x40 ... 0x42] = 1,
	[0x60 ... 0x63] = 1,		/* pcmpestr/pcmpistr */
};

/* What each prefix byte sets; 0 for the bytes that are not prefixes. */
enum {
	P_SEG = 1, P_SEG_LAST = P_SEG + SEG_GS,	/* P_SEG + SEG_* */
	P_OPSIZE, P_ADDR16, P_LOCK, P_REP,
};
static const uint8_t prefix_kind[256] = {
	[0x26] = P_SEG + SEG_ES, [0x2e] = P_SEG + SEG_CS,
	[0x36] = P_SEG + SEG_SS, [0x3e] = P_SEG + SEG_DS,
	[0x64] = P_SEG + SEG_FS, [0x65] = P_SEG + SEG_GS,
	[0x66] = P_OPSIZE, [0x67] = P_ADDR16, [0xf0] = P_LOCK,
	[0xf2] = P_REP, [0xf3] = P_REP,
};

/*
 * 32-bit ModRM: the displacement's bytes (MR_DISP) and whether a SIB
 * byte follows (MR_SIB; a SIB with base 5 under mod 0 adds a disp32,
 * seen once the SIB is read).
 */
#define MR_DISP	7
#define MR_SIB	8
#define MR32(m)	((((m) >> 6) != 3 && ((m) & 7) == 4 ? MR_SIB : 0) |	\
		 (((m) >> 6) == 1 ? 1 : ((m) >> 6) == 2 ? 4 :		\
		  ((m) >> 6) == 0 && ((m) & 7) == 5 ? 4 : 0))
#define MR32x4(m)	MR32(m), MR32((m) + 1), MR32((m) + 2), MR32((m) + 3)
#define MR32x16(m)	MR32x4(m), MR32x4((m) + 4), MR32x4((m) + 8), \
			MR32x4((m) + 12)
#define MR32x64(m)	MR32x16(m), MR32x16((m) + 16), MR32x16((m) + 32), \
			MR32x16((m) + 48)
static const uint8_t modrm32[256] = {
	MR32x64(0), MR32x64(64), MR32x64(128), MR32x64(192)
};

/*
 * The immediate's size: imm_kind maps the flags IB..IP (at most one
 * of which an entry has; the first wins) to a kind, imm_size gives
 * the kind's size for [16-bit operand size][16-bit addressing].
 */
#define IMM_FLAGS	(IB | IW | IZ | IO | IE | IP)
enum { K_NONE, K_IB, K_IW, K_IZ, K_IO, K_IE, K_IP };
#define KIND(i)	((i) & (IB / IB) ? K_IB : (i) & (IW / IB) ? K_IW :	\
		 (i) & (IZ / IB) ? K_IZ : (i) & (IO / IB) ? K_IO :	\
		 (i) & (IE / IB) ? K_IE : (i) & (IP / IB) ? K_IP : K_NONE)
#define KINDx4(i)	KIND(i), KIND((i) + 1), KIND((i) + 2), KIND((i) + 3)
#define KINDx16(i)	KINDx4(i), KINDx4((i) + 4), KINDx4((i) + 8), \
			KINDx4((i) + 12)
static const uint8_t imm_kind[IMM_FLAGS / IB + 1] = {
	KINDx16(0), KINDx16(16), KINDx16(32), KINDx16(48)
};
static const uint8_t imm_size[7][2][2] = {
	[K_IB] = { { 1, 1 }, { 1, 1 } },
	[K_IW] = { { 2, 2 }, { 2, 2 } },
	[K_IZ] = { { 4, 4 }, { 2, 2 } },	/* operand size */
	[K_IO] = { { 4, 2 }, { 4, 2 } },	/* moffs32, moffs16 */
	[K_IE] = { { 3, 3 }, { 3, 3 } },	/* enter: imm16, imm8 */
	[K_IP] = { { 6, 6 }, { 4, 4 } },	/* ptr16:32, ptr16:16 */
};

/*
 * The little-endian field of size 0, 1, 2 or 4 bytes at p (room bytes
 * readable there, at least size), zero- or sign-extended: from one
 * 4-byte load and two masks where room allows, without a branch on the
 * size.
 */
static inline uint32_t le_field(const uint8_t *p, unsigned size,
				unsigned room, int sign)
{
	static const uint32_t keep[5] = { 0, 0xff, 0xffff, 0, 0xffffffff };
	static const uint32_t top[5] = { 0, 0x80, 0x8000, 0, 0x80000000 };
	uint32_t v = 0;

	if (room >= 4)
		memcpy(&v, p, 4);
	else
		for (unsigned i = 0; i < size; i++)
			v |= (uint32_t)p[i] << 8 * i;
	v &= keep[size];
	return sign ? (v ^ top[size]) - top[size] : v;
}

static int invalid(struct vxinsn *in, const char *why)
{
	in->cls = VC_INVALID;
	in->why = why;
	return 0;
}

/*
 * 0F opcodes known not to touch x87/MMX/SSE state.  The list names the
 * integer ones, so that anything else, including opcodes added to the
 * tables later, counts as touching it: guest code that used the host's
 * x87/SSE registers without the guest's state loaded would read host data
 * (see translate.c: fp_live).
 */
static const uint8_t integer_0f[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0b] = 1,
	[0x0d] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
	[0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, [0x20] = 1,
	[0x21] = 1, [0x22] = 1, [0x23] = 1, [0x30] = 1, [0x31] = 1,
	[0x32] = 1, [0x33] = 1, [0x34] = 1, [0x35] = 1, [0x37] = 1,
	[0x40] = 1, [0x41] = 1, [0x42] = 1, [0x43] = 1, [0x44] = 1,
	[0x45] = 1, [0x46] = 1, [0x47] = 1, [0x48] = 1, [0x49] = 1,
	[0x4a] = 1, [0x4b] = 1, [0x4c] = 1, [0x4d] = 1, [0x4e] = 1,
	[0x4f] = 1, [0x80] = 1, [0x81] = 1, [0x82] = 1, [0x83] = 1,
	[0x84] = 1, [0x85] = 1, [0x86] = 1, [0x87] = 1, [0x88] = 1,
	[0x89] = 1, [0x8a] = 1, [0x8b] = 1, [0x8c] = 1, [0x8d] = 1,
	[0x8e] = 1, [0x8f] = 1, [0x90] = 1, [0x91] = 1, [0x92] = 1,
	[0x93] = 1, [0x94] = 1, [0x95] = 1, [0x96] = 1, [0x97] = 1,
	[0x98] = 1, [0x99] = 1, [0x9a] = 1, [0x9b] = 1, [0x9c] = 1,
	[0x9d] = 1, [0x9e] = 1, [0x9f] = 1, [0xa0] = 1, [0xa1] = 1,
	[0xa2] = 1, [0xa3] = 1, [0xa4] = 1, [0xa5] = 1, [0xa8] = 1,
	[0xa9] = 1, [0xab] = 1, [0xac] = 1, [0xad] = 1, [0xaf] = 1,
	[0xb0] = 1, [0xb1] = 1, [0xb2] = 1, [0xb3] = 1, [0xb4] = 1,
	[0xb5] = 1, [0xb6] = 1, [0xb7] = 1, [0xb8] = 1, [0xba] = 1,
	[0xbb] = 1, [0xbc] = 1, [0xbd] = 1, [0xbe] = 1, [0xbf] = 1,
	[0xc0] = 1, [0xc1] = 1, [0xc7] = 1, [0xc8] = 1, [0xc9] = 1,
	[0xca] = 1, [0xcb] = 1, [0xcc] = 1, [0xcd] = 1, [0xce] = 1,
	[0xcf] = 1,
};

static int touches_fpu(const struct vxinsn *in)
{
	switch (in->map) {
	case MAP_1:
		/* x87 escapes and fwait */
		return (in->opcode >= 0xd8 && in->opcode <= 0xdf) ||
		       in->opcode == 0x9b;
	case MAP_0F:
		return !integer_0f[in->opcode];
	default:
		return 1;	/* 0F 38 / 0F 3A: SSSE3 and later */
	}
}

/*
 * 0F opcodes that, without a 66, F2 or F3 prefix, are SSE instructions on
 * XMM registers and MXCSR alone: movups, movlps, unpcklps, unpckhps,
 * movhps, movaps, movntps, ucomiss, comiss, the packed-single arithmetic
 * and logic of 50-5f (with cvtps2pd, cvtdq2ps), cmpps, shufps.  Every
 * other unprefixed opcode that touches x87/MMX/SSE state counts as
 * touching the x87/MMX part: the MMX instructions (60-7f, c4, c5, d1-fe,
 * emms), cvtpi2ps and cvt(t)ps2pi (an MMX operand), and anything added
 * later.  A guest whose code touches only XMM state runs with the host's
 * x87 registers left in place (translate.c: fp_live), so a wrong "no"
 * here would let guest code reach host x87 state: the list names the
 * safe ones.
 */
static const uint8_t sse_only_0f[256] = {
	[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
	[0x15] = 1, [0x16] = 1, [0x17] = 1, [0x28] = 1, [0x29] = 1,
	[0x2b] = 1, [0x2e] = 1, [0x2f] = 1,
	[0x50] = 1, [0x51] = 1, [0x52] = 1, [0x53] = 1, [0x54] = 1,
	[0x55] = 1, [0x56] = 1, [0x57] = 1, [0x58] = 1, [0x59] = 1,
	[0x5a] = 1, [0x5b] = 1, [0x5c] = 1, [0x5d] = 1, [0x5e] = 1,
	[0x5f] = 1, [0xc2] = 1, [0xc6] = 1,
};

/* Whether an instruction that touches x87/MMX/SSE state (touches_fpu)
   may touch the x87/MMX part of it. */
static int touches_x87(const struct vxinsn *in)
{
	int prefixed = in->opsize == 2 || in->rep;

	switch (in->map) {
	case MAP_1:
		return 1;			/* x87 escapes, fwait */
	case MAP_0F:
		/* Group 15 with memory: fxsave, fxrstor, xsave, xrstor,
		   xsaveopt do; ldmxcsr, stmxcsr, clflush do not; the
		   register forms are fences. */
		if (in->opcode == 0xae)
			return in->mod != 3 && in->reg != 2 && in->reg != 3 &&
			       in->reg != 7;
		if (!prefixed)
			return !sse_only_0f[in->opcode];
		/* Prefixed, the XMM forms; but these keep an MMX operand:
		   cvtpi2pd, cvttpd2pi, cvtpd2pi (66), movq2dq (F3) and
		   movdq2q (F2). */
		if (in->opcode == 0x2a || in->opcode == 0x2c ||
		    in->opcode == 0x2d)
			return !in->rep;
		return in->opcode == 0xd6 && in->rep;
	default:
		/* 0F 38 / 0F 3A: with 66 the XMM forms of SSSE3 and SSE4;
		   without, the MMX forms of SSSE3 (and SHA, counted too). */
		return !prefixed;
	}
}

int vx_decode(struct vxinsn *in, uint32_t eip, const uint8_t *code,
	      unsigned avail)
{
	const struct opent *op;
	unsigned n = 0, max = avail < 15 ? avail : 15;
	unsigned flags;		/* 32 bits: a uint16_t was spilled as a
				   word and reloaded as a quadword, a
				   store-forwarding stall */
	int addr16 = 0;
	uint8_t map = MAP_1, opc;

	memset(in, 0, sizeof *in);
	in->eip = eip;

#define NEED(k)	do { if (n + (k) > max) goto short_read; } while (0)

	/* Prefixes (in locals first, for the reason given at ModRM). */
	uint8_t seg = SEG_NONE, opsize = 4, rep = 0, lock = 0;
	for (;; n++) {
		if (n >= max) {
			in->seg = seg, in->opsize = opsize;
			in->rep = rep, in->lock = lock, in->npfx = n;
			goto short_read;
		}
		uint8_t b = code[n], k = prefix_kind[b];
		if (!k)
			break;
		if (k <= P_SEG_LAST)
			seg = k - P_SEG;
		else if (k == P_OPSIZE)
			opsize = 2;
		else if (k == P_ADDR16)
			addr16 = 1;
		else if (k == P_LOCK)
			lock = 1;
		else
			rep = b;
		in->prefix[n] = b;
	}
	in->npfx = n;
	in->seg = seg;
	in->opsize = opsize;
	in->rep = rep;
	in->lock = lock;
	in->opc_off = n;
	/* in->map and in->opcode are stored as they are found (a short
	   read leaves them so) and read back only as the locals. */
	NEED(1);
	in->opcode = opc = code[n++];
	if (opc == 0x0f) {
		NEED(1);
		in->opcode = opc = code[n++];
		if (opc == 0x38 || opc == 0x3a) {
			in->map = map = opc == 0x38 ? MAP_0F38 : MAP_0F3A;
			NEED(1);
			in->opcode = opc = code[n++];
			static const struct opent sse38 = C(M),
						  sse3a = C(M | IB);
			const uint8_t *valid = map == MAP_0F38 ?
				valid0f38 : valid0f3a;
			op = valid[opc] ? (map == MAP_0F38 ? &sse38 : &sse3a) :
					  NULL;
		} else {
			map = MAP_0F;
			op = &map0f[opc];
		}
	} else {
		op = &map1[opc];
	}
	in->map = map;

	/* In 32-bit mode, c4/c5 and 62 with mod == 3 are VEX/EVEX. */
	if (map == MAP_1 && (opc == 0xc4 || opc == 0xc5 ||
				 opc == 0x62)) {
		NEED(1);
		if ((code[n] >> 6) == 3) {
			in->len = n + 1;
			return invalid(in, "VEX/EVEX-encoded (AVX) instruction");
		}
	}

	flags = op ? op->flags : 0;
	/*
	 * Fields are worked on in locals and only stored: conditions on
	 * in->mod, in->rm and in->sib right after their byte stores were
	 * compiled into one 8-byte load of the structure, which the CPU
	 * cannot forward from those stores (a stall of a dozen cycles, a
	 * third of decoding).  Lengths come from tables and the fields
	 * are cut out of one 4-byte load where the bytes are there: the
	 * opcode, ModRM and SIB bytes of a stream of code are not
	 * predictable, and each branch on them was a misprediction.
	 */
	unsigned mod = 0, reg = 0, rm = 0;
	if (flags & M) {
		NEED(1);
		uint8_t modrm = code[n];
		unsigned dsz;
		mod = modrm >> 6;
		reg = (modrm >> 3) & 7;
		rm = modrm & 7;
		in->has_modrm = 1;
		in->modrm_off = n++;
		in->mod = mod;
		in->reg = reg;
		in->rm = rm;
		if (addr16) {
			/* 16-bit ModRM: no SIB; disp8 for mod 1, disp16
			   for mod 2 and for mod 0 rm 6 */
			dsz = mod == 1 ? 1 :
			      mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
		} else {
			uint8_t info = modrm32[modrm];
			dsz = info & MR_DISP;
			if (info & MR_SIB) {
				NEED(1);
				uint8_t sib = code[n++];
				in->has_sib = 1;
				in->sib = sib;
				if (mod == 0 && (sib & 7) == 5)
					dsz = 4;
			}
		}
		in->disp_size = dsz;
		NEED(dsz);
		in->disp = (int32_t)le_field(code + n, dsz, max - n, 1);
		n += dsz;
	}
	if (flags & GRP) {
		unsigned outer = flags;
		op = &groups[op->arg][reg];
		flags = op->flags | (outer & ~GRP);
		if ((flags & TIMM) && reg < 2)
			flags |= opc & 1 ? IZ : IB;
	}

	/* Immediates. */
	unsigned isz = imm_size[imm_kind[(flags & IMM_FLAGS) / IB]]
			       [opsize == 2][addr16];
	in->imm_off = n;
	in->imm_size = isz;
	NEED(isz);
	if (!(flags & (IE | IP))) {
		in->imm = le_field(code + n, isz, max - n, 0);
	} else if (flags & IE) {		/* imm16, imm8 */
		in->imm = code[n] | code[n + 1] << 8;
		in->imm2 = code[n + 2];
	} else {				/* offset, then selector */
		unsigned o = isz - 2;
		memcpy(&in->imm, code + n, 4);
		in->farsel = code[n + o] | code[n + o + 1] << 8;
		if (o == 2)
			in->imm &= 0xffff;
	}
	n += isz;
	in->len = n;

	/* Classify. */
	if (!op)
		return invalid(in, NULL);
	uint8_t cls = op->cls;
	in->cls = cls;
	if (cls == VC_TRAP || cls == VC_TRAP_NEXT)
		in->trap = op->arg;
	if (cls == VC_HELPER)
		in->helper = op->arg;
	if (cls == VC_INVALID)
		return invalid(in, NULL);
	if (cls == VC_COPY && map == MAP_1 && opc == 0x82)
		in->cls = cls = VC_ALIAS82;
	if ((flags & MEM) && mod == 3)
		return invalid(in, NULL);
	if ((flags & REG) && mod != 3)
		return invalid(in, NULL);
	int has_mem = (flags & M) && mod != 3;
	if (lock && (!(flags & L) || !has_mem))
		return invalid(in, "lock prefix on a non-lockable instruction");
	if (flags & BYTE)
		in->opsize = opsize = 1;

	/* Prefix-dependent meanings. */
	if (map == MAP_0F) {
		if (opc == 0xae && mod == 3 && rep == 0xf3)
			return invalid(in, "rdfsbase/wrgsbase family");
		if (opc == 0xb8 && rep != 0xf3)
			return invalid(in, NULL);		/* jmpe */
		if (opc == 0xc7 && reg == 1 && opsize == 2)
			return invalid(in, NULL);
		if (opc == 0x78 || opc == 0x79)
			return invalid(in, NULL);	/* vmread/vmwrite */
	}
	if (addr16) {
		in->addr16 = 1;
		if ((seg == SEG_FS || seg == SEG_GS) &&
		    (has_mem || cls == VC_MOFFS || cls == VC_XLAT ||
		     cls == VC_STRING))
			return invalid(in, "16-bit addressing (0x67) with an "
				       "fs:/gs: override");
		if (cls == VC_MASKMOV)
			return invalid(in, "maskmovq/maskmovdqu with 16-bit "
				       "addressing (0x67)");
		/* The translation clears the code pointer fields of these
		   images by re-addressing them (translate.c:
		   vx_fp_pointer_fields). */
		if (has_mem &&
		    ((map == MAP_0F && opc == 0xae && reg == 0) ||
		     (map == MAP_1 && reg == 6 &&
		      (opc == 0xd9 || opc == 0xdd))))
			return invalid(in, "fnstenv/fnsave/fxsave with 16-bit "
				       "addressing (0x67)");
	}
	if (map == MAP_0F) {
		/* tzcnt/lzcnt run as bsf/bsr; tpause/umwait as mfence */
		if ((opc == 0xbc || opc == 0xbd) && rep == 0xf3)
			in->drop_pfx = DROP_F3;
		if (opc == 0xae && mod == 3 && reg == 6)
			in->drop_pfx = DROP_66 | DROP_F2;
	}
	if (cls == VC_MASKMOV && (seg == SEG_FS || seg == SEG_GS))
		return invalid(in, "maskmovq/maskmovdqu with an fs/gs override");
	in->fpu = touches_fpu(in);
	in->x87 = in->fpu && touches_x87(in);
	return 0;

short_read:
	if (max == 15 && avail >= 15) {
		/* Prefixes alone filled 15 bytes: #GP as on hardware. */
		in->len = 15;
		in->cls = VC_TRAP;
		in->trap = VXTRAP_PROTECTION;
		in->why = "instruction longer than 15 bytes";
		return 0;
	}
	return -1;
#undef NEED
}

int vx_ends_block(const struct vxinsn *in)
{
	switch (in->cls) {
	case VC_JCC: case VC_JMP: case VC_CALL: case VC_RET:
	case VC_JMP_IND: case VC_CALL_IND: case VC_LOOP:
	case VC_SOFTINT: case VC_SYSCALL: case VC_TRAP: case VC_TRAP_NEXT:
	case VC_INVALID: case VC_HELPER: case VC_MOV_TO_SEG:
	case VC_POP_SEG:
		return 1;
	default:
		return 0;
	}
}
