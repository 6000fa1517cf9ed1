/*
 * gen-int.c - integer instruction forms (included by gen.c).
 *
 * Operand conventions: destination register edx/dx/dl (or dh), source
 * esi/si/ch, memory operand at mem+32 (absolute disp32) unless the form
 * is about addressing.  Register high bytes get their own forms.
 */

#define NS	24	/* states per ordinary form */

static const char *aluop[] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };

static uint32_t alu_mask(int op)
{
	/* and, or, xor (and test): AF undefined */
	return (op == 1 || op == 4 || op == 6) ? F_ALL & ~F_AF : F_ALL;
}

static void bcd_forms(void);

/* begin a form with the given key; variant v > 0 gets a '#v' name. */
static void beginv(const char *key, int v, int k, int n)
{
	const char *h = strchr(key, '#');
	char base[160];

	if (h) {	/* "key#v": an explicit variant */
		snprintf(base, sizeof base, "%.*s", (int)(h - key), key);
		begin(base, key, k, n);
		return;
	}
	begin(key, v ? fmt("%s#%d", key, v) : key, k, n);
}

static void alu_forms(void)
{
	static const uint32_t imm8s[] = { 1, 0x7f, 0x80, 0xff };
	static const uint32_t imm16s[] = { 0x1234, 0x8000, 0x7fff, 0xffff };
	static const uint32_t imm32s[] = { 0x12345678, 0x80000000, 0x7fffffff, 0xffffffff };
	static const int8_t imm83[] = { 1, -1, 0x7f, -0x80 };

	for (int op = 0; op < 8; op++) {
		const char *o = aluop[op];
		uint32_t m = alu_mask(op);
		int cf = op == 2 || op == 3;
		for (int size = 1; size <= 4; size *= 2) {
			char s = sfx[size];
			const char *d = rn(EDX, size), *src = size == 1 ? "ch" : rn(ESI, size);
			int srcr = size == 1 ? 5 : ESI;
			const uint32_t *imms = size == 1 ? imm8s : size == 2 ? imm16s : imm32s;

#define ALU_BEGIN(key, v, k, a, b) do { beginv(key, v, k, NS); \
	pairs(a, b, size); if (cf) alt_flags(F_CF); mask_all(m); } while (0)

			ALU_BEGIN(fmt("%s r%d,r%d", o, size * 8, size * 8), 0, 0, EDX, srcr);
			emit(NULL, fmt("\t{store} %s%c %%%s, %%%s", o, s, src, d));
			ALU_BEGIN(fmt("%s r%d,r%d (load form)", o, size * 8, size * 8), 0, 0, EDX, srcr);
			emit(NULL, fmt("\t{load} %s%c %%%s, %%%s", o, s, src, d));
			ALU_BEGIN(fmt("%s m%d,r%d", o, size * 8, size * 8), 0, K_MEM, MEMOP(32), srcr);
			emit(NULL, fmt("\t%s%c %%%s, mem+32", o, s, src));
			ALU_BEGIN(fmt("%s r%d,m%d", o, size * 8, size * 8), 0, K_MEM, EDX, MEMOP(32));
			emit(NULL, fmt("\t%s%c mem+32, %%%s", o, s, d));
			if (size == 1) {
				ALU_BEGIN(fmt("%s r8h,r8h", o), 0, 0, 6, 5);
				emit(NULL, fmt("\t%sb %%ch, %%dh", o));
			}
			if (op != 7) {
				ALU_BEGIN(fmt("lock %s m%d,r%d", o, size * 8, size * 8), 0, K_MEM, MEMOP(32), srcr);
				emit(NULL, fmt("\tlock %s%c %%%s, mem+32", o, s, src));
			}
			for (int v = 0; v < 4; v++) {
				uint32_t imm = imms[v];
				/* 80/81 on a register, memory; the accumulator form */
				ALU_BEGIN(fmt("%s r%d,imm%d", o, size * 8, size * 8), v, 0, EDX, -1);
				if (size == 1)
					emit(NULL, fmt("\t%sb $0x%x, %%dl", o, imm));
				else
					emit(NULL, fmt("\t%s.byte 0x81, 0x%x\n\t.%s 0x%x",
						       size == 2 ? ".byte 0x66\n\t" : "",
						       0xc2 | op << 3, size == 2 ? "short" : "long", imm));
				ALU_BEGIN(fmt("%s m%d,imm%d", o, size * 8, size * 8), v, K_MEM, MEMOP(32), -1);
				if (size == 1)
					emit(NULL, fmt("\t%sb $0x%x, mem+32", o, imm));
				else
					emit(NULL, fmt("\t%s.byte 0x81, 0x%x, 0x25\n\t.long mem+32\n\t.%s 0x%x",
						       size == 2 ? ".byte 0x66\n\t" : "",
						       0x04 | op << 3, size == 2 ? "short" : "long", imm));
				ALU_BEGIN(fmt("%s acc%d,imm%d", o, size * 8, size * 8), v, 0, EAX, -1);
				emit(NULL, fmt("\t%s%c $0x%x, %%%s", o, s, imm, rn(EAX, size)));
				if (op != 7) {
					ALU_BEGIN(fmt("lock %s m%d,imm%d", o, size * 8, size * 8), v, K_MEM, MEMOP(32), -1);
					emit(NULL, fmt("\tlock %s%c $0x%x, mem+32", o, s, imm));
				}
				if (size > 1) {
					/* 83: sign-extended imm8 */
					ALU_BEGIN(fmt("%s r%d,simm8", o, size * 8), v, 0, EDX, -1);
					emit(NULL, fmt("\t%s%c $%d, %%%s", o, s, imm83[v], d));
					ALU_BEGIN(fmt("%s m%d,simm8", o, size * 8), v, K_MEM, MEMOP(32), -1);
					emit(NULL, fmt("\t%s%c $%d, mem+32", o, s, imm83[v]));
				}
			}
		}
	}
}

/* 82: the alias of 80, #UD in 64-bit mode: a program of its own. */
static void alu82_forms(void)
{
	static const uint32_t imm8s[] = { 1, 0x7f, 0x80, 0xff };
	const int size = 1;

	for (int op = 0; op < 8; op++) {
		const char *o = aluop[op];
		uint32_t m = alu_mask(op);
		int cf = op == 2 || op == 3;
		for (int v = 0; v < 4; v++) {
			uint32_t imm = imm8s[v];
			ALU_BEGIN(fmt("%s r8,imm8 (82 alias)", o), v, 0, EDX, -1);
			emit(NULL, fmt("\t.byte 0x82, 0x%x, 0x%x", 0xc2 | op << 3, imm));
			ALU_BEGIN(fmt("%s m8,imm8 (82 alias)", o), v, K_MEM, MEMOP(32), -1);
			emit(NULL, fmt("\t.byte 0x82, 0x%x, 0x25\n\t.long mem+32\n\t.byte 0x%x",
				       0x04 | op << 3, imm));
		}
	}
}

static void unary_forms(void)
{
	static const char *ops[] = { "inc", "dec", "neg", "not" };

	for (int op = 0; op < 4; op++) {
		const char *o = ops[op];
		uint32_t m = op == 3 ? F_ALL : F_ALL;
		for (int size = 1; size <= 4; size *= 2) {
			char s = sfx[size];
			beginv(fmt("%s r%d", o, size * 8), 0, 0, NS);
			pairs(EDX, -1, size); alt_flags(F_CF); mask_all(m);
			emit(NULL, fmt("\t%s%c %%%s", o, s, rn(EDX, size)));
			beginv(fmt("%s m%d", o, size * 8), 0, K_MEM, NS);
			pairs(MEMOP(32), -1, size); alt_flags(F_CF); mask_all(m);
			emit(NULL, fmt("\t%s%c mem+32", o, s));
			beginv(fmt("lock %s m%d", o, size * 8), 0, K_MEM, NS);
			pairs(MEMOP(32), -1, size); alt_flags(F_CF); mask_all(m);
			emit(NULL, fmt("\tlock %s%c mem+32", o, s));
			if (size == 1) {
				beginv(fmt("%s r8h", o), 0, 0, NS);
				pairs(6, -1, 1); alt_flags(F_CF);
				emit(NULL, fmt("\t%sb %%dh", o));
			} else if (op < 2) {
				/* ff /0, ff /1 register forms (gas picks 40+r) */
				beginv(fmt("%s r%d (ff form)", o, size * 8), 0, 0, NS);
				pairs(EDX, -1, size); alt_flags(F_CF);
				emit(NULL, fmt("\t%s.byte 0xff, 0x%x", size == 2 ? ".byte 0x66\n\t" : "",
					       0xc2 | op << 3));
			}
		}
	}
	/* test */
	for (int size = 1; size <= 4; size *= 2) {
		char s = sfx[size];
		const char *d = rn(EDX, size), *src = size == 1 ? "ch" : rn(ESI, size);
		int srcr = size == 1 ? 5 : ESI;
		uint32_t imm = size == 1 ? 0x81 : size == 2 ? 0x8001 : 0x80000001;
		uint32_t m = F_ALL & ~F_AF;

		beginv(fmt("test r%d,r%d", size * 8, size * 8), 0, 0, NS);
		pairs(EDX, srcr, size); mask_all(m);
		emit(NULL, fmt("\ttest%c %%%s, %%%s", s, src, d));
		beginv(fmt("test m%d,r%d", size * 8, size * 8), 0, K_MEM, NS);
		pairs(MEMOP(32), srcr, size); mask_all(m);
		emit(NULL, fmt("\ttest%c %%%s, mem+32", s, src));
		beginv(fmt("test acc%d,imm", size * 8), 0, 0, NS);
		pairs(EAX, -1, size); mask_all(m);
		emit(NULL, fmt("\ttest%c $0x%x, %%%s", s, imm, rn(EAX, size)));
		beginv(fmt("test r%d,imm", size * 8), 0, 0, NS);
		pairs(EDX, -1, size); mask_all(m);
		emit(NULL, fmt("\ttest%c $0x%x, %%%s", s, imm, d));
		beginv(fmt("test m%d,imm", size * 8), 0, K_MEM, NS);
		pairs(MEMOP(32), -1, size); mask_all(m);
		emit(NULL, fmt("\ttest%c $0x%x, mem+32", s, imm));
	}
}

/* Undocumented aliases that hardware executes (qemu-i386 does not
   know f6/f7 /1: see qemu-wrong.txt), in a program of their own. */
static void alias_forms(void)
{
	for (int size = 1; size <= 4; size *= 2) {
		uint32_t imm = size == 1 ? 0x81 : size == 2 ? 0x8001 : 0x80000001;
		uint32_t m = F_ALL & ~F_AF;

		beginv(fmt("test r%d,imm (/1 alias)", size * 8), 0, 0, NS);
		pairs(EDX, -1, size); mask_all(m);
		if (size == 1)
			emit(NULL, "\t.byte 0xf6, 0xca, 0x81");
		else
			emit(NULL, fmt("\t%s.byte 0xf7, 0xca\n\t.%s 0x%x",
				       size == 2 ? ".byte 0x66\n\t" : "",
				       size == 2 ? "short" : "long", imm));
	}
}

/* div/idiv inputs that do not fault (faults have their own programs). */
static void fix_div(struct gst *s, int size, int sign, int op)
{
	uint32_t d = getop(s, op, size);

	if (d == 0)
		putop(s, op, size, d = 7);
	if (size == 4) {
		uint64_t n = (uint64_t)s->r[EDX] << 32 | s->r[EAX];
		if (!sign) {
			if ((n >> 32) >= d)
				s->r[EDX] %= d;
		} else {
			int64_t q;
			if ((int32_t)d == -1 && s->r[EAX] == 0x80000000)
				s->r[EAX] = 0x80000001;
			q = (int64_t)n / (int32_t)d;
			if (q != (int32_t)q)
				s->r[EDX] = (int32_t)s->r[EAX] < 0 ? 0xffffffff : 0;
		}
	} else if (size == 2) {
		uint32_t n = (s->r[EDX] & 0xffff) << 16 | (s->r[EAX] & 0xffff);
		if (!sign) {
			if ((n >> 16) >= d)
				s->r[EDX] = (s->r[EDX] & ~0xffffu) | ((n >> 16) % d);
		} else {
			int32_t q;
			if ((int16_t)d == -1 && (s->r[EAX] & 0xffff) == 0x8000)
				s->r[EAX] ^= 1;
			n = (s->r[EDX] & 0xffff) << 16 | (s->r[EAX] & 0xffff);
			q = (int32_t)n / (int16_t)d;
			if (q != (int16_t)q)
				s->r[EDX] = (s->r[EDX] & ~0xffffu) |
					((int16_t)s->r[EAX] < 0 ? 0xffff : 0);
		}
	} else {
		uint32_t n = s->r[EAX] & 0xffff;
		if (!sign) {
			if ((n >> 8) >= d)
				s->r[EAX] = (s->r[EAX] & ~0xff00u) | ((n >> 8) % d) << 8;
		} else {
			int32_t q;
			if ((int8_t)d == -1 && (s->r[EAX] & 0xff) == 0x80)
				s->r[EAX] ^= 1;
			n = s->r[EAX] & 0xffff;
			q = (int16_t)n / (int8_t)d;
			if (q != (int8_t)q)
				s->r[EAX] = (s->r[EAX] & ~0xff00u) |
					((int8_t)s->r[EAX] < 0 ? 0xff00 : 0);
		}
	}
}

static void muldiv_forms(void)
{
	static const char *ops[] = { "mul", "imul", "div", "idiv" };

	for (int op = 0; op < 4; op++) {
		for (int size = 1; size <= 4; size *= 2) {
			for (int mem = 0; mem < 2; mem++) {
				int src = mem ? MEMOP(32) : ECX;
				beginv(fmt("%s %s%d", ops[op], mem ? "m" : "r", size * 8),
				       0, mem ? K_MEM : 0, NS);
				pairs(EAX, src, size);
				/* mul: CF, OF defined; div: no flag defined */
				mask_all(op < 2 ? F_CF | F_OF | F_DF : F_DF);
				if (op >= 2)
					for (int i = 0; i < ns; i++)
						fix_div(&S[i], size, op == 3, src);
				emit(NULL, fmt("\t%s%c %s", ops[op], sfx[size],
					       mem ? "mem+32" : fmt("%%%s", rn(ECX, size))));
			}
		}
	}
	/* imul r, r/m and imul r, r/m, imm */
	for (int size = 2; size <= 4; size *= 2) {
		char s = sfx[size];
		const char *d = rn(EDX, size);
		for (int mem = 0; mem < 2; mem++) {
			char src[16];
			snprintf(src, sizeof src, "%s%s", mem ? "mem+32" : "%", mem ? "" : rn(ESI, size));
			int so = mem ? MEMOP(32) : ESI;
			beginv(fmt("imul r%d,%s%d", size * 8, mem ? "m" : "r", size * 8), 0, mem ? K_MEM : 0, NS);
			pairs(EDX, so, size); mask_all(F_CF | F_OF | F_DF);
			emit(NULL, fmt("\timul%c %s, %%%s", s, src, d));
			static const int i8[] = { 3, -1, 0x7f, -0x80 };
			static const int32_t i32[] = { 0x12345, -0x8000, 0x7fffffff, 0x10001 };
			for (int v = 0; v < 4; v++) {
				beginv(fmt("imul r%d,%s%d,simm8", size * 8, mem ? "m" : "r", size * 8), v, mem ? K_MEM : 0, NS);
				pairs(so, -1, size); mask_all(F_CF | F_OF | F_DF);
				emit(NULL, fmt("\timul%c $%d, %s, %%%s", s, i8[v], src, d));
				beginv(fmt("imul r%d,%s%d,imm%d", size * 8, mem ? "m" : "r", size * 8, size * 8), v, mem ? K_MEM : 0, NS);
				pairs(so, -1, size); mask_all(F_CF | F_OF | F_DF);
				int32_t imm = size == 2 ? (int16_t)(i32[v] | 0x100) : i32[v] | 0x100;
				/* force the 69 encoding */
				emit(NULL, fmt("\t%s.byte 0x69, 0x%x%s\n\t.%s %d",
					       size == 2 ? ".byte 0x66\n\t" : "",
					       mem ? 0x14 : 0xd6, mem ? ", 0x25\n\t.long mem+32" : "",
					       size == 2 ? "short" : "long", imm));
			}
		}
	}
}

/* The EFLAGS bits defined after shift/rotate `op` (group-2 number) by
   count `count` on `size` bytes. */
static uint32_t shift_mask(int op, int size, uint32_t count)
{
	uint32_t c = count & 31, m;

	if (c == 0)
		return F_ALL;		/* no flag is changed */
	if (op < 4) {			/* rol ror rcl rcr: only CF and OF */
		m = F_ALL;
	} else {
		m = F_ALL & ~F_AF;
		/* SHL/SHR: CF undefined when count >= operand size */
		if (op != 7 && c >= (uint32_t)szbits(size))
			m &= ~F_CF;
	}
	if (c != 1)
		m &= ~F_OF;
	return m;
}

static const uint32_t counts[] = {
	0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 255, 0x21, 0xc1,
	4, 5, 30, 18, 1, 0,
};

static void shift_forms(void)
{
	static const char *ops[] = { "rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar" };
	static const uint32_t imms[] = { 0, 1, 3, 8, 9, 16, 17, 31, 32, 33 };

	for (int op = 0; op < 8; op++) {
		/* /6 is an undocumented alias of shl: raw bytes */
		const char *o = op == 6 ? "shl" : ops[op];
		for (int size = 1; size <= 4; size *= 2) {
			char s = sfx[size];
			const char *p66 = size == 2 ? ".byte 0x66\n\t" : "";
			int b = size == 1 ? 0 : 1;
			for (int mem = 0; mem < 2; mem++) {
				int dst = mem ? MEMOP(32) : EDX;
				int k = mem ? K_MEM : 0;
				char modrm[40], dn[16];
				if (mem)
					snprintf(modrm, sizeof modrm, "0x%x, 0x25\n\t.long mem+32", 0x04 | op << 3);
				else
					snprintf(modrm, sizeof modrm, "0x%x", 0xc2 | op << 3);
				snprintf(dn, sizeof dn, "%s%s", mem ? "mem+32" : "%", mem ? "" : rn(EDX, size));
				const char *mk = mem ? "m" : "r";

				/* by 1 (d0/d1) */
				beginv(fmt("%s %s%d,1", ops[op], mk, size * 8), 0, k, NS);
				pairs(dst, -1, size); alt_flags(F_CF);
				for (int i = 0; i < ns; i++)
					S[i].mask = shift_mask(op, size, 1);
				if (op == 6)
					emit(NULL, fmt("\t%s.byte 0x%x, %s", p66, 0xd0 + b, modrm));
				else
					emit(NULL, fmt("\t%s%c %s", o, s, dn));
				/* by cl (d2/d3) */
				beginv(fmt("%s %s%d,cl", ops[op], mk, size * 8), 0, k, NS);
				pairs(dst, -1, size); alt_flags(F_CF);
				for (int i = 0; i < ns; i++) {
					S[i].r[ECX] = (S[i].r[ECX] & ~0xffu) | counts[i % 24];
					S[i].mask = shift_mask(op, size, counts[i % 24]);
				}
				if (op == 6)
					emit(NULL, fmt("\t%s.byte 0x%x, %s", p66, 0xd2 + b, modrm));
				else
					emit(NULL, fmt("\t%s%c %%cl, %s", o, s, dn));
				/* by imm8 (c0/c1), raw: gas turns $1 into d0/d1 */
				for (int v = 0; v < 10; v++) {
					beginv(fmt("%s %s%d,imm8", ops[op], mk, size * 8), v, k, 12);
					pairs(dst, -1, size); alt_flags(F_CF);
					mask_all(shift_mask(op, size, imms[v]));
					emit(NULL, fmt("\t%s.byte 0x%x, %s\n\t.byte %u", p66,
						       0xc0 + b, modrm, imms[v]));
				}
			}
		}
	}
	/* shld, shrd */
	for (int dir = 0; dir < 2; dir++) {
		const char *o = dir ? "shrd" : "shld";
		for (int size = 2; size <= 4; size *= 2) {
			char s = sfx[size];
			for (int mem = 0; mem < 2; mem++) {
				int dst = mem ? MEMOP(32) : EDX;
				char dn[16];
				int k = mem ? K_MEM : 0;
				snprintf(dn, sizeof dn, "%s%s", mem ? "mem+32" : "%", mem ? "" : rn(EDX, size));
				beginv(fmt("%s %s%d,r%d,cl", o, mem ? "m" : "r", size * 8, size * 8), 0, k, NS);
				pairs(dst, ESI, size);
				for (int i = 0; i < ns; i++) {
					/* counts above the operand size: result undefined */
					uint32_t c = counts[i % 24];
					if (size == 2 && (c & 31) > 16)
						c = c & 15;
					S[i].r[ECX] = (S[i].r[ECX] & ~0xffu) | c;
					S[i].mask = (c & 31) == 0 ? F_ALL :
						(c & 31) == 1 ? F_ALL & ~F_AF : F_ALL & ~F_AF & ~F_OF;
				}
				emit(NULL, fmt("\t%s%c %%cl, %%%s, %s", o, s, rn(ESI, size), dn));
				static const uint32_t im[] = { 0, 1, 4, 16, 31, 13 };
				for (int v = 0; v < 6; v++) {
					uint32_t c = im[v];
					if (size == 2 && c > 16)
						continue;
					beginv(fmt("%s %s%d,r%d,imm8", o, mem ? "m" : "r", size * 8, size * 8), v, k, 12);
					pairs(dst, ESI, size);
					mask_all(c == 0 ? F_ALL : c == 1 ? F_ALL & ~F_AF : F_ALL & ~F_AF & ~F_OF);
					emit(NULL, fmt("\t%s%c $%u, %%%s, %s", o, s, c, rn(ESI, size), dn));
				}
			}
		}
	}
}

static void bit_forms(void)
{
	static const char *ops[] = { "bt", "bts", "btr", "btc" };
	static const uint32_t im[] = { 0, 5, 15, 31, 33, 200 };
	const uint32_t m = F_CF | F_ZF | F_DF;	/* OF SF AF PF undefined */

	for (int op = 0; op < 4; op++) {
		for (int size = 2; size <= 4; size *= 2) {
			char s = sfx[size];
			const char *o = ops[op];
			beginv(fmt("%s r%d,r%d", o, size * 8, size * 8), 0, 0, NS);
			mask_all(m);
			for (int i = 0; i < ns; i++)
				S[i].r[ECX] = (int32_t)(rnd() % 200) - 60;
			emit(NULL, fmt("\t%s%c %%%s, %%%s", o, s, rn(ECX, size), rn(EDX, size)));
			for (int v = 0; v < 6; v++) {
				beginv(fmt("%s r%d,imm8", o, size * 8), v, 0, 8);
				mask_all(m);
				emit(NULL, fmt("\t%s%c $%u, %%%s", o, s, im[v], rn(EDX, size)));
				beginv(fmt("%s m%d,imm8", o, size * 8), v, K_MEM, 8);
				mask_all(m);
				emit(NULL, fmt("\t%s%c $%u, mem+32", o, s, im[v]));
				if (op) {
					beginv(fmt("lock %s m%d,imm8", o, size * 8), v, K_MEM, 8);
					mask_all(m);
					emit(NULL, fmt("\tlock %s%c $%u, mem+32", o, s, im[v]));
				}
			}
			/* register offsets into memory: near (within the area,
			   negative and positive), and far (K_BIG) */
			for (int far = 0; far < 2; far++) {
				for (int lock = 0; lock < (op ? 2 : 1); lock++) {
					beginv(fmt("%s%s m%d,r%d%s", lock ? "lock " : "", o, size * 8, size * 8,
						   far ? " (far offset)" : ""), 0, K_MEM | (far ? K_BIG : 0), NS);
					mask_all(m);
					for (int i = 0; i < ns; i++) {
						int32_t off;
						if (!far)
							off = (int32_t)(rnd() % 1024) - 512;
						else if (size == 2)
							off = (int16_t)rnd();
						else
							off = (int32_t)(rnd() % 500000) - 250000;
						S[i].r[ECX] = off;
					}
					emit(NULL, fmt("\t%s%s%c %%%s, mem+64", lock ? "lock " : "", o, s, rn(ECX, size)));
				}
			}
		}
	}
	/* bsf, bsr, popcnt */
	static const char *bo[] = { "bsf", "bsr", "popcnt" };
	for (int op = 0; op < 3; op++) {
		for (int size = 2; size <= 4; size *= 2) {
			for (int mem = 0; mem < 2; mem++) {
				int so = mem ? MEMOP(32) : ESI;
				beginv(fmt("%s r%d,%s%d", bo[op], size * 8, mem ? "m" : "r", size * 8), 0, mem ? K_MEM : 0, NS);
				pairs(so, -1, size);
				mask_all(op < 2 ? F_ZF | F_DF : F_ALL);
				for (int i = 0; i < 4; i++)
					putop(&S[i], so, size, 0);	/* zero input */
				if (op < 2)	/* dest undefined for a zero source */
					for (int i = 0; i < 4; i++)
						S[i].r[EDX] = 0x5a5a5a5a;
				emit(NULL, fmt("\t%s%c %s, %%%s", bo[op], sfx[size],
					       mem ? "mem+32" : fmt("%%%s", rn(ESI, size)), rn(EDX, size)));
			}
		}
	}
	beginv("bswap r32", 0, 0, NS);
	emit(NULL, "\tbswap %eax\n\tbswap %ecx\n\tbswap %edx\n\tbswap %ebx\n"
	     "\tbswap %ebp\n\tbswap %esi\n\tbswap %edi\n\tbswap %esp\n\tbswap %esp");
}

static void xchg_forms(void)
{
	for (int size = 1; size <= 4; size *= 2) {
		char s = sfx[size];
		const char *d = rn(EDX, size), *src = size == 1 ? "ch" : rn(ESI, size);
		int srcr = size == 1 ? 5 : ESI;

		beginv(fmt("xadd r%d,r%d", size * 8, size * 8), 0, 0, NS);
		pairs(EDX, srcr, size);
		emit(NULL, fmt("\txadd%c %%%s, %%%s", s, src, d));
		beginv(fmt("xadd m%d,r%d", size * 8, size * 8), 0, K_MEM, NS);
		pairs(MEMOP(32), srcr, size);
		emit(NULL, fmt("\txadd%c %%%s, mem+32", s, src));
		beginv(fmt("lock xadd m%d,r%d", size * 8, size * 8), 0, K_MEM, NS);
		pairs(MEMOP(32), srcr, size);
		emit(NULL, fmt("\tlock xadd%c %%%s, mem+32", s, src));

		for (int v = 0; v < 3; v++) {
			static const char *k[] = { "cmpxchg r%d,r%d", "cmpxchg m%d,r%d", "lock cmpxchg m%d,r%d" };
			int dst = v ? MEMOP(32) : EDX;
			beginv(fmt(k[v], size * 8, size * 8), 0, v ? K_MEM : 0, NS);
			pairs(dst, srcr, size);
			for (int i = 0; i < ns; i += 2)	/* equal: the store happens */
				put(&S[i], EAX, size, getop(&S[i], dst, size));
			emit(NULL, fmt("\t%scmpxchg%c %%%s, %s", v == 2 ? "lock " : "", s, src,
				       v ? "mem+32" : fmt("%%%s", d)));
		}

		beginv(fmt("xchg r%d,r%d", size * 8, size * 8), 0, 0, NS);
		emit(NULL, fmt("\txchg%c %%%s, %%%s", s, src, d));
		beginv(fmt("xchg m%d,r%d", size * 8, size * 8), 0, K_MEM, NS);
		emit(NULL, fmt("\txchg%c %%%s, mem+32", s, src));
		beginv(fmt("lock xchg m%d,r%d", size * 8, size * 8), 0, K_MEM, NS);
		emit(NULL, fmt("\tlock xchg%c %%%s, mem+32", s, src));
		if (size > 1) {
			beginv(fmt("xchg acc%d,r%d (90+r)", size * 8, size * 8), 0, 0, NS);
			emit(NULL, fmt("\txchg%c %%%s, %%%s", s, rn(EDX, size), rn(EAX, size)));
		}
	}
	for (int lock = 0; lock < 2; lock++) {
		beginv(fmt("%scmpxchg8b m64", lock ? "lock " : ""), 0, K_MEM, NS);
		for (int i = 0; i < ns; i += 2) {
			S[i].r[EAX] = S[i].m[8];
			S[i].r[EDX] = S[i].m[9];
		}
		for (int i = 1; i < ns; i += 4)
			S[i].r[EAX] = S[i].m[8];	/* half equal */
		emit(NULL, fmt("\t%scmpxchg8b mem+32", lock ? "lock " : ""));
	}
}

static const char *cc[] = { "o", "no", "b", "ae", "e", "ne", "be", "a",
			    "s", "ns", "p", "np", "l", "ge", "le", "g" };

/* 32 states covering every combination of CF ZF SF OF PF. */
static void all_flag_combos(void)
{
	for (int i = 0; i < ns; i++) {
		int j = i % 32;
		S[i].fl = 0x2 | (j & 1 ? F_CF : 0) | (j & 2 ? F_ZF : 0) |
			(j & 4 ? F_SF : 0) | (j & 8 ? F_OF : 0) |
			(j & 16 ? F_PF : 0) | (rnd() & F_AF);
	}
}

static void cond_forms(void)
{
	for (int c = 0; c < 16; c++) {
		beginv(fmt("set%s r8", cc[c]), 0, 0, 32);
		all_flag_combos();
		emit(NULL, fmt("\tset%s %%dl\n\tset%s %%bh", cc[c], cc[c]));
		beginv(fmt("set%s m8", cc[c]), 0, K_MEM, 32);
		all_flag_combos();
		emit(NULL, fmt("\tset%s mem+33", cc[c]));
		for (int size = 2; size <= 4; size *= 2) {
			beginv(fmt("cmov%s r%d,r%d", cc[c], size * 8, size * 8), 0, 0, 32);
			all_flag_combos();
			emit(NULL, fmt("\tcmov%s %%%s, %%%s", cc[c], rn(ESI, size), rn(EDX, size)));
			beginv(fmt("cmov%s r%d,m%d", cc[c], size * 8, size * 8), 0, K_MEM, 32);
			all_flag_combos();
			emit(NULL, fmt("\tcmov%s mem+32, %%%s", cc[c], rn(EDX, size)));
		}
		beginv(fmt("j%s rel8", cc[c]), 0, 0, 32);
		all_flag_combos();
		emit(NULL, fmt("\tj%s 1f\n\tmovl $0x0badf00d, %%esi\n1:", cc[c]));
		beginv(fmt("j%s rel32", cc[c]), 0, 0, 32);
		all_flag_combos();
		emit(NULL, fmt("\t{disp32} j%s 1f\n\tmovl $0x0badf00d, %%esi\n1:", cc[c]));
	}
	static const char *lo[] = { "loopne", "loope", "loop", "jecxz" };
	for (int l = 0; l < 4; l++) {
		beginv(fmt("%s rel8", lo[l]), 0, 0, 16);
		alt_flags(F_ZF);
		for (int i = 0; i < ns; i++)
			S[i].r[ECX] = (i / 2) % 4 == 0 ? 0 : (i / 2) % 4 == 1 ? 1 :
				(i / 2) % 4 == 2 ? 2 : rval() | 0x10000;
		emit(NULL, fmt("\t%s 1f\n\tmovl $0x0badf00d, %%esi\n1:", lo[l]));
		if (l < 3) {	/* backwards: loop until done or condition fails */
			beginv(fmt("%s rel8 (backward)", lo[l]), 0, 0, 16);
			alt_flags(F_ZF);
			/* ecx 0 would mean 2^32 iterations */
			for (int i = 0; i < ns; i++) {
				S[i].r[ECX] = 1 + i % 5;
				S[i].r[ESI] = i % 4;
			}
			emit(NULL, fmt("1:\tincl %%esi\n\tcmpl $3, %%esi\n\t%s 1b", lo[l]));
		}
	}
}

static void misc_forms(void)
{
	static const struct { const char *key, *insn; uint32_t mask; uint32_t alt; } t[] = {
		{ "lahf", "\tlahf", F_ALL, 0 },
		{ "sahf", "\tsahf", F_ALL, 0 },
		{ "cbw", "\tcbtw", F_ALL, 0 },
		{ "cwde", "\tcwtl", F_ALL, 0 },
		{ "cwd", "\tcwtd", F_ALL, 0 },
		{ "cdq", "\tcltd", F_ALL, 0 },
		{ "cmc", "\tcmc", F_ALL, F_CF },
		{ "clc", "\tclc", F_ALL, F_CF },
		{ "stc", "\tstc", F_ALL, F_CF },
		{ "cld", "\tstd\n\tcld", F_ALL, 0 },
		{ "std", "\tstd", F_ALL, 0 },
		{ "nop", "\tnop", F_ALL, 0 },
		{ "nop m32 (0f 1f)", "\tnopl mem+32", F_ALL, 0 },
		{ "nop m16 (66 0f 1f)", "\tnopw mem+32", F_ALL, 0 },
		{ "salc", "\t.byte 0xd6", F_ALL, F_CF },
		{ "daa", "\tdaa", F_ALL & ~F_OF, F_CF },
		{ "das", "\tdas", F_ALL & ~F_OF, F_CF },
		{ "aaa", "\taaa", F_CF | F_AF | F_DF, F_CF },
		{ "aas", "\taas", F_CF | F_AF | F_DF, F_CF },
		{ "aam imm8#10", "\taam", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "aam imm8#16", "\taam $16", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "aam imm8#7", "\taam $7", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "aad imm8#10", "\taad", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "aad imm8#16", "\taad $16", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "aad imm8#255", "\taad $255", F_SF | F_ZF | F_PF | F_DF, 0 },
		{ "xlat", "\txlat", F_ALL, 0 },
		{ "arpl r16,r16", "\tarpl %si, %dx", F_ALL, 0 },
		{ "arpl m16,r16", "\tarpl %si, mem+32", F_ALL, 0 },
		{ "movzx r16,r8", "\tmovzbw %ch, %dx", F_ALL, 0 },
		{ "movzx r32,r8", "\tmovzbl %cl, %edx", F_ALL, 0 },
		{ "movzx r32,r16", "\tmovzwl %si, %edx", F_ALL, 0 },
		{ "movzx r16,m8", "\tmovzbw mem+33, %dx", F_ALL, 0 },
		{ "movzx r32,m8", "\tmovzbl mem+33, %edx", F_ALL, 0 },
		{ "movzx r32,m16", "\tmovzwl mem+34, %edx", F_ALL, 0 },
		{ "movsx r16,r8", "\tmovsbw %ch, %dx", F_ALL, 0 },
		{ "movsx r32,r8", "\tmovsbl %cl, %edx", F_ALL, 0 },
		{ "movsx r32,r16", "\tmovswl %si, %edx", F_ALL, 0 },
		{ "movsx r16,m8", "\tmovsbw mem+33, %dx", F_ALL, 0 },
		{ "movsx r32,m8", "\tmovsbl mem+33, %edx", F_ALL, 0 },
		{ "movsx r32,m16", "\tmovswl mem+34, %edx", F_ALL, 0 },
		{ "mov r8,r8 (88)", "\t{store} movb %ch, %dl", F_ALL, 0 },
		{ "mov r8,r8 (8a)", "\t{load} movb %ch, %dl", F_ALL, 0 },
		{ "mov r16,r16 (89)", "\t{store} movw %si, %dx", F_ALL, 0 },
		{ "mov r16,r16 (8b)", "\t{load} movw %si, %dx", F_ALL, 0 },
		{ "mov r32,r32 (89)", "\t{store} movl %esi, %edx", F_ALL, 0 },
		{ "mov r32,r32 (8b)", "\t{load} movl %esi, %edx", F_ALL, 0 },
		{ "mov m8,r8", "\tmovb %dh, mem+33", F_ALL, 0 },
		{ "mov m16,r16", "\tmovw %si, mem+34", F_ALL, 0 },
		{ "mov m32,r32", "\tmovl %esi, mem+32", F_ALL, 0 },
		{ "mov r8,m8", "\tmovb mem+33, %dh", F_ALL, 0 },
		{ "mov r16,m16", "\tmovw mem+34, %si", F_ALL, 0 },
		{ "mov r32,m32", "\tmovl mem+32, %esi", F_ALL, 0 },
		{ "mov r8,imm8 (b0+r)", "\tmovb $0x85, %dh\n\tmovb $0x7a, %cl", F_ALL, 0 },
		{ "mov r16,imm16 (b8+r)", "\tmovw $0x8567, %dx", F_ALL, 0 },
		{ "mov r32,imm32 (b8+r)", "\tmovl $0x85674321, %edi", F_ALL, 0 },
		{ "mov r8,imm8 (c6)", "\t.byte 0xc6, 0xc6, 0x99", F_ALL, 0 },
		{ "mov r16,imm16 (c7)", "\t.byte 0x66, 0xc7, 0xc6, 0x99, 0x88", F_ALL, 0 },
		{ "mov r32,imm32 (c7)", "\t.byte 0xc7, 0xc6, 0x99, 0x88, 0x77, 0x66", F_ALL, 0 },
		{ "mov m8,imm8", "\tmovb $0x85, mem+35", F_ALL, 0 },
		{ "mov m16,imm16", "\tmovw $0x8567, mem+34", F_ALL, 0 },
		{ "mov m32,imm32", "\tmovl $0x85674321, mem+32", F_ALL, 0 },
		{ "mov al,moffs8", "\tmovb mem+33, %al", F_ALL, 0 },
		{ "mov ax,moffs16", "\tmovw mem+34, %ax", F_ALL, 0 },
		{ "mov eax,moffs32", "\tmovl mem+32, %eax", F_ALL, 0 },
		{ "mov moffs8,al", "\tmovb %al, mem+33", F_ALL, 0 },
		{ "mov moffs16,ax", "\tmovw %ax, mem+34", F_ALL, 0 },
		{ "mov moffs32,eax", "\tmovl %eax, mem+32", F_ALL, 0 },
		{ "mov r32,m32 (ds: override)", "\tmovl %ds:mem+32, %edx", F_ALL, 0 },
		{ "mov r32,m32 (es: override)", "\tmovl %es:mem+32, %edx", F_ALL, 0 },
		{ "mov r32,m32 (ss: override)", "\tmovl %ss:mem+32, %edx", F_ALL, 0 },
		{ "mov r32,m32 (cs: override)", "\tmovl %cs:mem+32, %edx", F_ALL, 0 },
		{ "mov m32,r32 (es: override)", "\tmovl %edx, %es:mem+36", F_ALL, 0 },
		{ "mov r32,sreg (ds)", "\tmovl %ds, %edx", F_ALL, 0 },
		{ "mov r16,sreg (ss)", "\tmovw %ss, %dx", F_ALL, 0 },
		{ "mov m16,sreg (es)", "\tmovw %es, mem+32", F_ALL, 0 },
		{ "mov sreg,r16 (ds)", "\tmovl %ds, %edx\n\tmovw %dx, %ds\n\tmovw %ds, %si", F_ALL, 0 },
		{ "bound r32,m32&32 (in range)", "\tboundl %edx, mem+32", F_ALL, 0 },
		{ "bound r16,m16&16 (in range)", "\tboundw %dx, mem+32", F_ALL, 0 },
		{ "into (OF clear)", "\tinto", F_ALL, 0 },
		{ "cpuid leaf 0", "\tmovl $0, %eax\n\tcpuid\n\tmovl $0, %eax\n\tmovl $0, %ebx\n\tmovl $0, %ecx\n\tmovl $0, %edx", F_ALL, 0 },
		{ "lea r16,m", "\tleaw 0x1234(%ebx,%esi,4), %dx", F_ALL, 0 },
		{ "prefetch m8 (0f 18 /0-3)", "\tprefetchnta mem+32\n\tprefetcht0 mem+32\n\tprefetcht1 mem\n\tprefetcht2 mem+64", F_ALL, 0 },
		{ "prefetchw m8 (0f 0d)", "\tprefetchw mem+32", F_ALL, 0 },
		{ "lfence mfence sfence", "\tlfence\n\tmfence\n\tsfence", F_ALL, 0 },
		{ "clflush m8", "\tclflush mem+32", F_ALL, 0 },
		{ "pause", "\tpause", F_ALL, 0 },
		{ "endbr32 (hint nop)", "\tendbr32", F_ALL, 0 },
		{ "fwait", "\tfwait", F_ALL, 0 },
		{ "movnti m32,r32", "\tmovnti %esi, mem+32", F_ALL, 0 },
		{ "movbe r16,m16", "\tmovbe mem+34, %dx", F_ALL, 0 },
		{ "movbe r32,m32", "\tmovbe mem+32, %edx", F_ALL, 0 },
		{ "movbe m16,r16", "\tmovbe %si, mem+34", F_ALL, 0 },
		{ "movbe m32,r32", "\tmovbe %esi, mem+32", F_ALL, 0 },
		{ "crc32 r32,r8", "\tcrc32b %ch, %edx", F_ALL, 0 },
		{ "crc32 r32,r16", "\tcrc32w %si, %edx", F_ALL, 0 },
		{ "crc32 r32,r32", "\tcrc32l %esi, %edx", F_ALL, 0 },
		{ "crc32 r32,m8", "\tcrc32b mem+33, %edx", F_ALL, 0 },
		{ "crc32 r32,m16", "\tcrc32w mem+34, %edx", F_ALL, 0 },
		{ "crc32 r32,m32", "\tcrc32l mem+32, %edx", F_ALL, 0 },
	};
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		char key[100];
		int v = 0;
		const char *h = strchr(t[i].key, '#');
		snprintf(key, sizeof key, "%.*s", h ? (int)(h - t[i].key) : (int)strlen(t[i].key), t[i].key);
		if (h)
			v = atoi(h + 1);
		beginv(key, v, strstr(t[i].insn, "mem") ? K_MEM : 0, NS);
		mask_all(t[i].mask);
		if (t[i].alt)
			alt_flags(t[i].alt);
		if (!strncmp(key, "xlat", 4))
			for (int j = 0; j < ns; j++) {
				S[j].r[EBX] = 0;
				S[j].rel[EBX] = 1;
			}
		if (!strncmp(key, "into", 4))
			for (int j = 0; j < ns; j++)
				S[j].fl &= ~F_OF;
		if (!strncmp(key, "bound", 5))
			for (int j = 0; j < ns; j++) {
				int32_t lo = (int32_t)rval() >> 2, hi;
				if (strstr(key, "r16")) {
					lo = (int16_t)lo >> 2;
					hi = lo + (int)(rnd() % 100);
					S[j].m[8] = (lo & 0xffff) | (uint32_t)(hi & 0xffff) << 16;
					put(&S[j], EDX, 2, lo + (int)(rnd() % (hi - lo + 1)));
				} else {
					hi = lo + (int)(rnd() % 1000);
					S[j].m[8] = lo;
					S[j].m[9] = hi;
					S[j].r[EDX] = lo + (int)(rnd() % (hi - lo + 1));
				}
			}
		if (!strncmp(key, "daa", 3) || !strncmp(key, "das", 3) ||
		    !strncmp(key, "aaa", 3) || !strncmp(key, "aas", 3))
			for (int j = 0; j < ns; j++)
				S[j].fl ^= (j & 2) ? F_AF : 0;
		emit(NULL, t[i].insn);
	}
}

/*
 * BCD adjustments exhaustively: every AL with every CF and AF (4 x 256
 * cases per instruction, as 16 variants of 64), AH varying with them.
 * daa das aaa aas read CF and AF; aam and aad ignore them but get the
 * same 1,024 inputs, for each immediate.  Defined flags only: OF is
 * undefined after daa/das, OF SF ZF PF after aaa/aas, OF AF CF after
 * aam/aad.
 */
static void bcd_forms(void)
{
	static const struct { const char *key, *insn; uint32_t mask; } b[] = {
		{ "daa", "\tdaa", F_ALL & ~F_OF },
		{ "das", "\tdas", F_ALL & ~F_OF },
		{ "aaa", "\taaa", F_CF | F_AF | F_DF },
		{ "aas", "\taas", F_CF | F_AF | F_DF },
		{ "aam imm8#10", "\taam", F_SF | F_ZF | F_PF | F_DF },
		{ "aam imm8#16", "\taam $16", F_SF | F_ZF | F_PF | F_DF },
		{ "aam imm8#7", "\taam $7", F_SF | F_ZF | F_PF | F_DF },
		{ "aad imm8#10", "\taad", F_SF | F_ZF | F_PF | F_DF },
		{ "aad imm8#16", "\taad $16", F_SF | F_ZF | F_PF | F_DF },
		{ "aad imm8#255", "\taad $255", F_SF | F_ZF | F_PF | F_DF },
	};

	for (unsigned i = 0; i < sizeof b / sizeof b[0]; i++) {
		const char *h = strchr(b[i].key, '#');
		char key[40];

		snprintf(key, sizeof key, "%.*s",
			 h ? (int)(h - b[i].key) : (int)strlen(b[i].key), b[i].key);
		for (int v = 0; v < 16; v++) {
			/* name: the key, its immediate, the AL range */
			begin(key, fmt("%s%s%s_al%02x", key, h ? "_" : "",
				       h ? h + 1 : "", v * 16), 0, 64);
			for (int j = 0; j < ns; j++) {
				uint32_t al = v * 16 + (j >> 2);
				uint32_t ah = (v * 37 + j * 11) & 0xff;
				S[j].r[EAX] = (S[j].r[EAX] & ~0xffffu) | ah << 8 | al;
				S[j].fl = (S[j].fl & ~(F_CF | F_AF)) |
					  (j & 1 ? F_CF : 0) | (j & 2 ? F_AF : 0);
				S[j].mask = b[i].mask;
			}
			emit(NULL, b[i].insn);
		}
	}
}

/* String instructions: b/w/l, every prefix, both directions, ecx 0.. */
static void string_forms(void)
{
	static const char *ops[] = { "movs", "cmps", "stos", "lods", "scas" };
	static const char *pfx[] = { "", "rep ", "repe ", "repne " };
	static const char *pk[] = { "", "rep ", "repe ", "repne " };

	for (int op = 0; op < 5; op++) {
		for (int size = 1; size <= 4; size *= 2) {
			for (int p = 0; p < 4; p++) {
				beginv(fmt("%s%s%c", pk[p], ops[op], sfx[size]), 0, K_MEM, 24);
				for (int i = 0; i < ns; i++) {
					struct gst *s = &S[i];
					int down = i & 1;
					static const uint32_t cnt[] = { 0, 1, 2, 3, 5, 7 };
					s->fl = (s->fl & ~F_DF) | (down ? F_DF : 0);
					s->r[ECX] = p ? cnt[(i / 2) % 6] : rval();
					s->r[ESI] = down ? 60 : 4;
					s->rel[ESI] = 1;
					s->r[EDI] = down ? 124 : 64;
					s->rel[EDI] = 1;
					/* some equal regions, so that repe runs on */
					if (i % 4 >= 2) {
						int si = down ? 60 - 28 : 4, di = down ? 124 - 28 : 64;
						memcpy((uint8_t *)s->m + di, (uint8_t *)s->m + si, 32);
						if (i % 8 >= 6)
							((uint8_t *)s->m)[di + 5] ^= 0x10;
					}
					/* scas: accumulator equal to some elements */
					if (op == 4 && i % 3 == 0)
						memcpy(&s->r[EAX], (uint8_t *)s->m + (down ? 124 - size : 64 + size), size);
					if (op == 4 && i % 3 == 1)
						memset((uint8_t *)s->m + (down ? 96 : 64), (int)(s->r[EAX] & 0xff), 32);
				}
				emit(NULL, fmt("\t%s%s%c", pfx[p], ops[op], sfx[size]));
			}
		}
	}
	/* source segment overrides (flat) */
	static const char *ov[] = { "es", "cs", "ss", "ds" };
	for (int o = 0; o < 4; o++) {
		static const char *ins[] = { "movsl", "lodsw", "cmpsb" };
		for (int k = 0; k < 3; k++) {
			beginv(fmt("rep %s %s: source", ins[k], ov[o]), 0, K_MEM, 16);
			for (int i = 0; i < ns; i++) {
				struct gst *s = &S[i];
				s->fl &= ~F_DF;
				s->r[ECX] = i % 6;
				s->r[ESI] = 4;
				s->rel[ESI] = 1;
				s->r[EDI] = 64;
				s->rel[EDI] = 1;
			}
			emit(NULL, fmt("\t.byte 0xf3, 0x%x\n\t%s", o == 0 ? 0x26 : o == 1 ? 0x2e : o == 2 ? 0x36 : 0x3e, ins[k]));
		}
	}
}

static void stack_forms(void)
{
	static const struct { const char *key, *insn; } t[] = {
		{ "push r32", "\tpushl %edx\n\tpushl %ebx" },
		{ "push r16", "\tpushw %dx\n\tpushw %bx" },
		{ "push esp", "\tpushl %esp" },
		{ "push sp", "\tpushw %sp" },
		{ "push imm8", "\tpushl $-3\n\tpushl $0x7f" },
		{ "push imm32", "\tpushl $0x12345678" },
		{ "push imm8 (16-bit)", "\tpushw $-3" },
		{ "push imm16", "\tpushw $0x1234" },
		{ "push m32", "\tpushl mem+32" },
		{ "push m16", "\tpushw mem+32" },
		{ "push m32 (esp-based)", "\tpushl (%esp)\n\tpushl 8(%esp)" },
		{ "pop r32", "\tpopl %edx\n\tpopl %ebx" },
		{ "pop r16", "\tpopw %dx\n\tpopw %bx" },
		{ "pop esp", "\tpopl %esp" },
		{ "pop m32", "\tpopl mem+32" },
		{ "pop m16", "\tpopw mem+32" },
		{ "pop m32 (esp-based: after increment)", "\tpopl (%esp)\n\tpopl 4(%esp)" },
		{ "pop r32 (8f form)", "\t.byte 0x8f, 0xc2" },
		{ "pusha", "\tpushal" },
		{ "pushaw", "\tpushaw" },
		{ "popa", "\tpopal" },
		{ "popaw", "\tpopaw" },
		{ "pushf", "\tpushfl" },
		{ "pushfw", "\tpushfw" },
		{ "popf", "\tpopfl" },
		{ "popfw", "\tpopfw" },
		{ "push/pop sreg", "\tmovl $0x2b, %edx\n\tmovw %dx, %es\n\tmovw %dx, %ds\n\tmovl $0, %edx\n\tmovw %dx, %fs\n\tmovw %dx, %gs\n"
		  "\tpushl %ds\n\tpushw %es\n\tpushl %ss\n\tpushl %cs\n\tpushl %fs\n\tpushl %gs\n\tpopl %ds\n\tpopw %es" },
		/* the selector pushed must be the current one, also when
		   the translation of this code saw another (see vx32-bugs.txt) */
		{ "push ds after pop ds", "\tpushl %ds\n\tpopl %ebx\n\tmovw %es, %cx\n\tpopl %ds\n\tpopl %es" },
		{ "leave", "\tleave" },
		{ "enter imm16,0#0", "\tenter $0, $0" },
		{ "enter imm16,0#1", "\tenter $20, $0" },
		{ "enter imm16,1", "\tenter $8, $1" },
		{ "enter imm16,2", "\tenter $8, $2" },
		{ "enter imm16,3", "\tenter $4, $3" },
		{ "enter imm16,5", "\tenter $0, $5" },
		{ "enter imm16,33 (level mod 32)", "\tenter $4, $33" },
		{ "enter imm16,0 (16-bit)", "\tenterw $6, $0" },
		{ "enter imm16,2 (16-bit)", "\tenterw $6, $2" },
		{ "call rel32", "\tcall 1f\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "call r32", "\tmovl $1f, %ebx\n\tcall *%ebx\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "call m32", "\tmovl $1f, mem+32\n\tcall *mem+32\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "call m32 (esp-based)", "\tmovl $1f, mem+96\n\tcall *(%esp)\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "jmp rel8", "\tjmp 1f\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "jmp rel32", "\t{disp32} jmp 1f\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "jmp r32", "\tmovl $1f, %ebx\n\tjmp *%ebx\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "jmp m32", "\tmovl $1f, mem+32\n\tjmp *mem+32\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "jmp m32 (sib)", "\tmovl $1f, mem+40\n\tmovl $2, %ecx\n\tjmp *mem+32(,%ecx,4)\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "ret", "\tmovl $1f, mem+96\n\tret\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "ret imm16#0", "\tmovl $1f, mem+96\n\tret $0\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "ret imm16#8", "\tmovl $1f, mem+96\n\tret $8\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "ret imm16#256", "\tmovl $1f, mem+96\n\tret $0x100\n\tmovl $0x0badf00d, %esi\n1:" },
		{ "call/ret pair", "\tcall 2f\n\tjmp 1f\n2:\tret\n1:" },
	};
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		char key[100];
		int v = 0;
		const char *h = strchr(t[i].key, '#');
		snprintf(key, sizeof key, "%.*s", h ? (int)(h - t[i].key) : (int)strlen(t[i].key), t[i].key);
		if (h)
			v = atoi(h + 1);
		beginv(key, v, K_MEM, 16);
		for (int j = 0; j < ns; j++) {
			struct gst *s = &S[j];
			/* popped flags: arithmetic bits and DF only */
			s->m[24] = (s->m[24] & (F_ARITH | F_DF)) | 0x2;
			if (!strcmp(key, "popfw"))
				s->m[24] |= (rnd() & 0xf000) << 16;
			if (!strcmp(key, "pop esp")) {
				s->m[24] = 40 + 4 * (j % 8);
				s->mrel[24] = 1;
			}
			if (!strcmp(key, "leave")) {
				s->r[EBP] = 64 + 4 * (j % 8);
				s->rel[EBP] = 1;
			}
			if (!strncmp(key, "enter", 5)) {
				s->r[EBP] = 124 - 2 * (j % 4);
				s->rel[EBP] = 1;
			}
			if (!strcmp(key, "push ds after pop ds")) {
				s->m[24] = j & 1 ? 0x2b : 0;
				s->m[25] = j & 2 ? 0x2b : 0;
			}
			if (!strncmp(key, "push/pop sreg", 13)) {
				s->m[24] = 0x2b;
				s->m[25] = 0x2b;
			}
		}
		emit(NULL, t[i].insn);
	}
}

/*
 * Addressing: every ModRM/SIB combination (mod 0-2, each base, each
 * index, each scale) for lea, mov load and mov store.  The form key is
 * the addressing kind (what a translator must distinguish: no base,
 * esp base, ebp base, other base; index or none; scale; displacement
 * size); each register combination is a variant of its kind.
 */
static const char *addr_kind(int mod, int rm, int base, int index, int scale)
{
	const char *disp = mod == 0 ? "" : mod == 1 ? "+disp8" : "+disp32";
	if (rm != 4) {
		if (mod == 0 && rm == 5)
			return "[disp32]";
		return fmt("[%s%s]", rm == 5 ? "ebp" : "reg", disp);
	}
	const char *b = (mod == 0 && base == 5) ? "" : base == 4 ? "esp" : base == 5 ? "ebp" : "reg";
	if (mod == 0 && base == 5)
		disp = "disp32";
	if (index == 4)
		return fmt("[sib:%s%s%s (no index, scale %d)]", b, *b ? "" : "", disp, 1 << scale);
	return fmt("[sib:%s%sidx*%d%s]", b, *b ? "+" : "", 1 << scale, disp);
}

static void addr_forms(void)
{
	static const char *what[] = { "lea r32,m", "mov r32,m32", "mov m32,r32",
				      "lea r16,m", "mov r8,m8" };

	for (int w = 0; w < 5; w++) {
		int n = 0;
		for (int mod = 0; mod < 3; mod++) {
			for (int rm = 0; rm < 8; rm++) {
				int nb = rm == 4 ? 8 : 1, ni = rm == 4 ? 8 : 1, nsc = rm == 4 ? 4 : 1;
				for (int base = 0; base < nb; base++)
				for (int index = 0; index < ni; index++)
				for (int scale = 0; scale < nsc; scale++) {
					/* the register loaded or stored: not a base/index */
					int reg = 0;
					while (reg == ESP || (reg == base && rm == 4) || (reg == index && rm == 4) ||
					       (rm != 4 && reg == rm))
						reg++;
					if (w == 0 || w == 3)	/* lea's destination may be anything */
						reg = (rm + base + index + mod) % 8;
					/* a memory access through base == index cannot
					   be aimed at the area: lea only */
					if (w != 0 && w != 3 && rm == 4 && index == base && index != 4 &&
					    !(mod == 0 && base == 5))
						continue;
					const char *key = fmt("%s%s", what[w], addr_kind(mod, rm, base, index, scale));
					beginv(key, ++n, w == 2 ? K_MEM : 0, 6);
					int8_t d8 = (int8_t)(rnd() % 33) - 16;
					int32_t d32 = (int32_t)(rnd() % 33) - 16;
					for (int j = 0; j < ns; j++) {
						struct gst *s = &S[j];
						if (w == 0 || w == 3)
							continue;	/* lea: any values */
						/* base registers point into the area,
						   index registers hold small numbers */
						int br = rm == 4 ? base : rm;
						if (br != ESP && !(mod == 0 && br == 5)) {
							s->r[br] = 64;
							s->rel[br] = 1;
						}
						if (rm == 4 && index != 4) {
							int32_t k = (int32_t)(rnd() % 9) - 4;
							if (index == ESP)
								continue;
							s->r[index] = k;
							s->rel[index] = 0;
						}
					}
					char bytes[200];
					int modrm = mod << 6 | reg << 3 | rm;
					int op = w == 2 ? 0x89 : w == 1 ? 0x8b : w == 4 ? 0x8a : 0x8d;
					int n0 = snprintf(bytes, sizeof bytes, "\t%s.byte 0x%x, 0x%x",
							  w == 3 ? ".byte 0x66\n\t" : "", op, modrm);
					if (rm == 4)
						n0 += snprintf(bytes + n0, sizeof bytes - n0, ", 0x%x", scale << 6 | index << 3 | base);
					int absd = mod == 0 && (rm == 5 || (rm == 4 && base == 5));
					if (mod == 1)
						snprintf(bytes + n0, sizeof bytes - n0, ", %d", d8);
					else if (mod == 2)
						snprintf(bytes + n0, sizeof bytes - n0, "\n\t.long %d", d32);
					else if (absd)
						snprintf(bytes + n0, sizeof bytes - n0, "\n\t.long mem+%d", 64 + d32);
					/* index esp for a memory access: esp is the
					   area's 96, index values scaled may leave the
					   area; the run-time's bss around it is mapped */
					emit(NULL, bytes);
				}
			}
		}
	}
}

/* One program per faulting case: both runners must die the same way. */
static void fault_prog(const char *name, const char *setup, const char *insn)
{
	begin_prog(fmt("fault-%s", name));
	beginv(fmt("fault %s", name), 0, 0, 1);
	S[0].r[EAX] = 0x10000;	/* placeholder, setup sets what matters */
	emit(setup, fmt("\t.globl fault_at\nfault_at:\n%s", insn));
	end_prog();
}

static void gen_faults(void)
{
	fault_prog("div8-zero", "\tmovl $0x1234, %eax\n\tmovl $0, %ecx", "\tdivb %cl");
	fault_prog("div8-overflow", "\tmovl $0x1234, %eax\n\tmovl $0x12, %ecx", "\tdivb %cl");
	fault_prog("div16-zero", "\tmovl $0x1234, %eax\n\tmovl $0, %ecx", "\tdivw %cx");
	fault_prog("div16-overflow", "\tmovl $0x1234, %eax\n\tmovl $5, %edx\n\tmovl $5, %ecx", "\tdivw %cx");
	fault_prog("div32-zero", "\tmovl $0x1234, %eax\n\tmovl $0, %ecx", "\tdivl %ecx");
	fault_prog("div32-overflow", "\tmovl $1, %edx\n\tmovl $1, %ecx", "\tdivl %ecx");
	fault_prog("div32-m-zero", "\tmovl $0, mem+32", "\tdivl mem+32");
	fault_prog("idiv8-zero", "\tmovl $0x1234, %eax\n\tmovl $0, %ecx", "\tidivb %cl");
	fault_prog("idiv8-overflow", "\tmovl $0xff80, %eax\n\tmovl $0xff, %ecx", "\tidivb %cl");
	fault_prog("idiv16-overflow", "\tmovl $0x8000, %eax\n\tmovl $0xffff, %edx\n\tmovl $-1, %ecx", "\tidivw %cx");
	fault_prog("idiv32-zero", "\tmovl $0, %ecx", "\tidivl %ecx");
	fault_prog("idiv32-overflow", "\tmovl $0x80000000, %eax\n\tmovl $-1, %edx\n\tmovl $-1, %ecx", "\tidivl %ecx");
	fault_prog("idiv32-overflow-positive", "\tmovl $0, %eax\n\tmovl $1, %edx\n\tmovl $2, %ecx", "\tidivl %ecx");
	fault_prog("aam-zero", "\tmovl $0x1234, %eax", "\t.byte 0xd4, 0x00");
}

/*
 * Control flow and stack sequences aimed at the translator's own work:
 * runs of push/pop/call/ret with esp-relative accesses in between (esp
 * updates may be deferred), indirect jumps and calls whose target
 * changes from case to case (inline lookup), returns to rewritten or
 * varying addresses (return prediction), recursion.  ecx selects the
 * path: 0-3 or a depth 1-4.
 */
static void flow_forms(void)
{
	static const struct { const char *key, *insn; } t[] = {
		{ "push/pop run with esp-relative accesses",
		  "\tpushl %eax\n\tpushl %ebx\n\tmovl 4(%esp), %ecx\n\tmovl (%esp), %edx\n"
		  "\tpopl %esi\n\tpushl $7\n\tleal 8(%esp), %edi\n\tpushw $-2\n\tpopw %bx\n"
		  "\tmovl %esp, %ebp\n\tpopl %eax\n\taddl $4, %esp\n\tpushl (%ebp)" },
		{ "pusha/popa with esp-relative accesses",
		  "\tpushal\n\tmovl 12(%esp), %eax\n\tmovl $5, 28(%esp)\n\tpopal\n\tpushl %esp\n\tpopl %ebx" },
		{ "call then esp-relative access",
		  "\tpushl %ecx\n\tcall 1f\n1:\tmovl (%esp), %eax\n\tmovl 4(%esp), %edx\n\taddl $8, %esp" },
		{ "jmp r32 (target varies)",
		  "\tandl $3, %ecx\n\tmovl 8f(,%ecx,4), %ebx\n\tjmp *%ebx\n1:\tmovl $1, %esi\n\tjmp 5f\n"
		  "2:\tmovl $2, %esi\n\tjmp 5f\n3:\tmovl $3, %esi\n\tjmp 5f\n4:\tmovl $4, %esi\n5:\n"
		  "\t.section .rodata\n\t.balign 4\n8:\t.long 1b, 2b, 3b, 4b\n\t.text" },
		{ "jmp m32 (target varies)",
		  "\tandl $3, %ecx\n\tjmp *8f(,%ecx,4)\n1:\tmovl $1, %esi\n\tjmp 5f\n"
		  "2:\tmovl $2, %esi\n\tjmp 5f\n3:\tmovl $3, %esi\n\tjmp 5f\n4:\tmovl $4, %esi\n5:\n"
		  "\t.section .rodata\n\t.balign 4\n8:\t.long 1b, 2b, 3b, 4b\n\t.text" },
		{ "call r32 (target varies)",
		  "\tandl $3, %ecx\n\tmovl 8f(,%ecx,4), %ebx\n\tcall *%ebx\n\tjmp 5f\n1:\tmovl $1, %esi\n\tret\n"
		  "2:\tmovl $2, %esi\n\tret\n3:\tmovl $3, %esi\n\tret $0\n4:\tmovl $4, %esi\n\tret\n5:\n"
		  "\t.section .rodata\n\t.balign 4\n8:\t.long 1b, 2b, 3b, 4b\n\t.text" },
		{ "call m32 (target varies)",
		  "\tandl $3, %ecx\n\tcall *8f(,%ecx,4)\n\tjmp 5f\n1:\tmovl $1, %esi\n\tret\n"
		  "2:\tmovl $2, %esi\n\tret\n3:\tmovl $3, %esi\n\tret\n4:\tmovl $4, %esi\n\tret\n5:\n"
		  "\t.section .rodata\n\t.balign 4\n8:\t.long 1b, 2b, 3b, 4b\n\t.text" },
		{ "ret to a rewritten return address",
		  "\tandl $1, %ecx\n\tcall 1f\n\tmovl $0x0badf00d, %esi\n\tjmp 3f\n"
		  "1:\ttestl %ecx, %ecx\n\tjz 2f\n\tmovl $4f, (%esp)\n2:\tret\n4:\tmovl $1, %edi\n3:" },
		{ "ret imm16 to a rewritten return address",
		  "\tandl $1, %ecx\n\tpushl %eax\n\tpushl %ebx\n\tcall 1f\n\tmovl $0x0badf00d, %esi\n\tjmp 3f\n"
		  "1:\ttestl %ecx, %ecx\n\tjz 2f\n\tmovl $4f, (%esp)\n2:\tret $8\n4:\tmovl $1, %edi\n3:" },
		{ "recursive call/ret (depth varies)",
		  "\tandl $3, %ecx\n\tincl %ecx\n\tcall 7f\n\tjmp 9f\n7:\tpushl %ecx\n\tdecl %ecx\n\tjz 8f\n"
		  "\tcall 7b\n8:\tpopl %edx\n\taddl %edx, %esi\n\tret\n9:" },
		{ "loop with a conditional branch inside (superblock)",
		  "\tandl $7, %ecx\n\tincl %ecx\n\txorl %eax, %eax\n1:\ttestl $1, %ecx\n\tjz 2f\n"
		  "\taddl %ecx, %eax\n\tjmp 3f\n2:\tsubl $3, %eax\n3:\tdecl %ecx\n\tjnz 1b" },
	};
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		beginv(t[i].key, 0, K_MEM, 16);
		for (int j = 0; j < ns; j++)
			S[j].r[ECX] = j < 8 ? (uint32_t)j : rval();
		emit(NULL, t[i].insn);
	}
}

static void gen_int(void)
{
	begin_prog("flow");
	flow_forms();
	end_prog();
	begin_prog("alu");
	alu_forms();
	end_prog();
	begin_prog("alu82");
	alu82_forms();
	end_prog();
	begin_prog("unary");
	unary_forms();
	muldiv_forms();
	end_prog();
	begin_prog("alias");
	alias_forms();
	end_prog();
	begin_prog("shift");
	shift_forms();
	end_prog();
	begin_prog("bit");
	bit_forms();
	xchg_forms();
	end_prog();
	begin_prog("cond");
	cond_forms();
	end_prog();
	begin_prog("misc");
	misc_forms();
	string_forms();
	stack_forms();
	end_prog();
	begin_prog("addr");
	addr_forms();
	end_prog();
	begin_prog("bcd");
	bcd_forms();
	end_prog();
	gen_faults();
	/* cpuid as the guest sees it: checked against the covered features */
	begin_prog("cpuid");
	beginv("cpuid leaf 1", 0, 0, 1);
	emit(NULL, "\tmovl $1, %eax\n\tcpuid");
	end_prog();
}
