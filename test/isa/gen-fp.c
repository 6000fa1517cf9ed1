/*
 * gen-fp.c - x87, MMX and SSE..SSE4.2 forms (included by gen.c).
 *
 * x87 forms start from st0-st3 loaded with interesting values and a
 * control word with every rounding mode and precision control (all
 * exceptions masked); dump prints the control and status words and the
 * non-empty registers bit-exact.  Vector forms start from xmm0-7 (and
 * mm0-7) with float, double, byte-edge and random patterns and mostly the
 * default MXCSR, some with other rounding modes, FTZ or DAZ; dump prints
 * MXCSR (with its exception flags) and xmm0-3 / mm0-3.
 */

/* Control words: RC 0-3 x PC single/double/extended, exceptions masked. */
static void fcw_states(void)
{
	static const uint16_t pc[] = { 3, 2, 0 };

	for (int i = 0; i < ns; i++)
		F[i].fcw = 0x007f | pc[(i / 4) % 3] << 8 | (i % 4) << 10;
}

/* Memory operand at mem+32 in a given x87 format for load forms. */
enum { FM_NONE, FM_F32, FM_F64, FM_F80, FM_I16, FM_I32, FM_I64, FM_BCD };

static void fill_fmem(int f)
{
	for (int i = 0; i < ns; i++) {
		uint8_t *p = (uint8_t *)S[i].m + 32;
		long double v = fprand();
		switch (f) {
		case FM_F32: {
			uint32_t x = rnd() % 2 ? fpool32[rnd() % 24] : 0;
			if (!x) { float y = v; memcpy(&x, &y, 4); }
			memcpy(p, &x, 4);
			break;
		}
		case FM_F64: {
			uint64_t x = rnd() % 2 ? fpool64[rnd() % 24] : 0;
			if (!x) { double y = v; memcpy(&x, &y, 8); }
			memcpy(p, &x, 8);
			break;
		}
		case FM_F80:
			ld80(p, v);
			if (i % 5 == 4) {	/* pseudo-denormal-free specials */
				static const uint8_t inf[10] = { 0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x7f };
				static const uint8_t nan[10] = { 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff };
				static const uint8_t den[10] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
				memcpy(p, i % 3 == 0 ? inf : i % 3 == 1 ? nan : den, 10);
			}
			break;
		case FM_I16: case FM_I32: case FM_I64: {
			uint32_t a = rval(), b = rnd() % 3 == 0 ? rval() : ((int32_t)a < 0 ? 0xffffffff : 0);
			memcpy(p, &a, 4);
			memcpy(p + 4, &b, 4);
			break;
		}
		case FM_BCD:
			for (int j = 0; j < 9; j++)
				p[j] = (rnd() % 10) << 4 | rnd() % 10;
			p[9] = rnd() % 2 ? 0x80 : 0;
			break;
		}
	}
}

struct x87 {
	const char *key, *insn;
	int fm;
	uint32_t alt;	/* flags to alternate (fcmov) */
};

/*
 * The FSW bits defined after an x87 instruction: C0, C2 and C3 are
 * undefined after everything but comparisons, fxam, fprem* and the
 * environment loads; C2 is defined after fsin/fcos/fsincos/fptan.
 */
static uint32_t fsw_mask(const char *key)
{
	static const char *all[] = { "fcom", "fucom", "ficom", "ftst", "fxam",
				     "fprem", "fldenv", "frstor", "fnstenv",
				     "fnsave", "fxsave", "fxrstor", "fninit",
				     "fnstsw", "fstsw", "fstenv", "fsave",
				     "finit" };
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!strncmp(key, all[i], strlen(all[i])))
			return 0xffff;
	if (!strncmp(key, "fsin", 4) || !strncmp(key, "fcos", 4) ||
	    !strncmp(key, "fptan", 5))
		return 0xffff & ~0x4100;
	return 0xffff & ~0x4500;
}

static void x87_list(const struct x87 *t, int n, int allfcw)
{
	for (int i = 0; i < n; i++) {
		char key[100];
		int v = 0;
		const char *h = strchr(t[i].key, '#');
		snprintf(key, sizeof key, "%.*s", h ? (int)(h - t[i].key) : (int)strlen(t[i].key), t[i].key);
		if (h)
			v = atoi(h + 1);
		beginv(key, v, K_X87 | (strstr(t[i].insn, "mem") ? K_MEM : 0), 24);
		if (allfcw)
			fcw_states();
		else
			for (int j = 0; j < ns; j++)
				F[j].fcw = j % 4 ? 0x037f : 0x007f | (j / 4 % 4) << 10;
		fill_fmem(t[i].fm);
		for (int j = 0; j < ns; j++)
			S[j].mask = (S[j].mask & 0xffff) | fsw_mask(key) << 16;
		if (t[i].alt)
			all_flag_combos();
		emit(NULL, t[i].insn);
	}
}

static void x87_forms(void)
{
	static const struct x87 t[] = {
		{ "fld m32", "\tflds mem+32", FM_F32 },
		{ "fld m64", "\tfldl mem+32", FM_F64 },
		{ "fld m80", "\tfldt mem+32", FM_F80 },
		{ "fld st(i)", "\tfld %st(2)", 0 },
		{ "fild m16", "\tfilds mem+32", FM_I16 },
		{ "fild m32", "\tfildl mem+32", FM_I32 },
		{ "fild m64", "\tfildll mem+32", FM_I64 },
		{ "fbld m80", "\tfbld mem+32", FM_BCD },
		{ "fst m32", "\tfsts mem+32", 0 },
		{ "fst m64", "\tfstl mem+32", 0 },
		{ "fstp m32", "\tfstps mem+32", 0 },
		{ "fstp m64", "\tfstpl mem+32", 0 },
		{ "fstp m80", "\tfstpt mem+32", 0 },
		{ "fst st(i)", "\tfst %st(2)", 0 },
		{ "fstp st(i)", "\tfstp %st(2)", 0 },
		{ "fist m16", "\tfists mem+32", 0 },
		{ "fist m32", "\tfistl mem+32", 0 },
		{ "fistp m16", "\tfistps mem+32", 0 },
		{ "fistp m32", "\tfistpl mem+32", 0 },
		{ "fistp m64", "\tfistpll mem+32", 0 },
		{ "fisttp m16", "\tfisttps mem+32", 0 },
		{ "fisttp m32", "\tfisttpl mem+32", 0 },
		{ "fisttp m64", "\tfisttpll mem+32", 0 },
		{ "fbstp m80", "\tfbstp mem+32", 0 },
		{ "fld1", "\tfld1", 0 },
		{ "fldz", "\tfldz", 0 },
		{ "fldpi", "\tfldpi", 0 },
		{ "fldl2e", "\tfldl2e", 0 },
		{ "fldl2t", "\tfldl2t", 0 },
		{ "fldlg2", "\tfldlg2", 0 },
		{ "fldln2", "\tfldln2", 0 },
		{ "fcom m32", "\tfcoms mem+32\n\tfnstsw %ax", FM_F32 },
		{ "fcom m64", "\tfcoml mem+32\n\tfnstsw %ax", FM_F64 },
		{ "fcom st(i)", "\tfcom %st(2)\n\tfnstsw %ax", 0 },
		{ "fcomp m32", "\tfcomps mem+32\n\tfnstsw %ax", FM_F32 },
		{ "fcomp m64", "\tfcompl mem+32\n\tfnstsw %ax", FM_F64 },
		{ "fcomp st(i)", "\tfcomp %st(1)\n\tfnstsw %ax", 0 },
		{ "fcompp", "\tfcompp\n\tfnstsw %ax", 0 },
		{ "fucom st(i)", "\tfucom %st(1)\n\tfnstsw %ax", 0 },
		{ "fucomp st(i)", "\tfucomp %st(3)\n\tfnstsw %ax", 0 },
		{ "fucompp", "\tfucompp\n\tfnstsw %ax", 0 },
		{ "fcomi st,st(i)", "\tfcomi %st(1), %st", 0 },
		{ "fcomip st,st(i)", "\tfcomip %st(2), %st", 0 },
		{ "fucomi st,st(i)", "\tfucomi %st(1), %st", 0 },
		{ "fucomip st,st(i)", "\tfucomip %st(3), %st", 0 },
		{ "ficom m16", "\tficoms mem+32\n\tfnstsw %ax", FM_I16 },
		{ "ficom m32", "\tficoml mem+32\n\tfnstsw %ax", FM_I32 },
		{ "ficomp m16", "\tficomps mem+32\n\tfnstsw %ax", FM_I16 },
		{ "ficomp m32", "\tficompl mem+32\n\tfnstsw %ax", FM_I32 },
		{ "ftst", "\tftst\n\tfnstsw %ax", 0 },
		{ "fxam", "\tfxam\n\tfnstsw %ax\n\tmovl %eax, %edx\n\tfstp %st\n\tfxam\n\tfnstsw %ax\n\tmovl %eax, %ecx\n\tffree %st(3)\n\tfincstp\n\tfincstp\n\tfincstp\n\tfxam\n\tfnstsw %ax", 0 },
		{ "fchs", "\tfchs", 0 },
		{ "fabs", "\tfabs", 0 },
		{ "fxch st(i)", "\tfxch %st(3)", 0 },
		{ "ffree st(i)", "\tffree %st(1)", 0 },
		{ "ffreep st(i)", "\t.byte 0xdf, 0xc1", 0 },
		{ "fincstp", "\tfincstp", 0 },
		{ "fdecstp", "\tfdecstp", 0 },
		{ "fnop", "\tfnop", 0 },
		{ "fxch (d9 c9)", "\tfxch", 0 },
		{ "fstp st(i) (df d8 alias)", "\t.byte 0xdf, 0xd9", 0 },
		{ "fldcw m16", "\tmovw $0x0e7f, mem+32\n\tfldcw mem+32\n\tfadd %st(1), %st", 0 },
		{ "fnstcw m16", "\tfnstcw mem+32", 0 },
		{ "fnstsw m16", "\tftst\n\tfnstsw mem+32", 0 },
		{ "fnstsw ax", "\tfcom %st(2)\n\tfnstsw %ax", 0 },
		{ "fnclex", "\tfdivs mem+32\n\tfnclex", FM_F32 },
		{ "fninit", "\tfninit", 0 },
		{ "fwait", "\tfld1\n\tfwait", 0 },
		/* environment images: IP/DP/opcode fields depend on where the
		   last x87 instruction ran and are not compared */
		{ "fnstenv m28", "\tfcom %st(1)\n\tfnstenv mem+32\n\tmovw $0, mem+34\n\tmovw $0, mem+38\n\tmovw $0, mem+42\n\tmovl $0, mem+44\n\tmovl $0, mem+48\n\tmovl $0, mem+52\n\tmovl $0, mem+56", 0 },
		{ "fldenv m28", "\tfnstenv mem+32\n\tmovw $0x0c7f, mem+32\n\tfldenv mem+32\n\tfadd %st(1), %st\n\tfnstenv mem+32\n\tandw $0xbaff, mem+36\n\tmovw $0, mem+34\n\tmovw $0, mem+38\n\tmovw $0, mem+42\n\tmovl $0, mem+44\n\tmovl $0, mem+48\n\tmovl $0, mem+52\n\tmovl $0, mem+56", 0 },
		{ "fnsave m108", "\tfnsave mem\n\tmovw $0, mem+2\n\tmovw $0, mem+6\n\tmovw $0, mem+10\n\tmovl $0, mem+12\n\tmovl $0, mem+16\n\tmovl $0, mem+20\n\tmovl $0, mem+24\n\tfld1", 0 },
		{ "frstor m108", "\tfnsave mem\n\tfld1\n\tfrstor mem\n\tmovw $0, mem+2\n\tmovw $0, mem+6\n\tmovw $0, mem+10\n\tmovl $0, mem+12\n\tmovl $0, mem+16\n\tmovl $0, mem+20\n\tmovl $0, mem+24", 0 },
		{ "fxsave m512", "\tfldpi\n\tfxsave bigmem_hi\n\tmovl $0, bigmem_hi+8\n\tmovl $0, bigmem_hi+12\n\tmovl $0, bigmem_hi+16\n\tmovl $0, bigmem_hi+20\n\tmovl bigmem_hi, %eax\n\tmovzbl bigmem_hi+4, %edx\n\tmovl bigmem_hi+24, %ecx\n\n\tmovl bigmem_hi+32, %esi\n\tmovl bigmem_hi+36, %edi\n\tmovl bigmem_hi+112, %ebp", 0 },
		/* aliases of the reserved encodings, executed by every x87 */
		{ "fcom st(i) (dc d0+i alias)", "\t.byte 0xdc, 0xd2\n\tfnstsw %ax", 0 },
		{ "fcomp st(i) (dc d8+i alias)", "\t.byte 0xdc, 0xda\n\tfnstsw %ax", 0 },
		{ "fcomp st(i) (de d0+i alias)", "\t.byte 0xde, 0xd2\n\tfnstsw %ax", 0 },
		{ "fxch st(i) (dd c8+i alias)", "\t.byte 0xdd, 0xca", 0 },
		{ "fxch st(i) (df c8+i alias)", "\t.byte 0xdf, 0xcb", 0 },
		{ "fstp st(i) (d9 d8+i alias)", "\t.byte 0xd9, 0xda", 0 },
		{ "fstp st(i) (df d0+i alias)", "\t.byte 0xdf, 0xd2", 0 },
		{ "fneni fndisi fnsetpm (no-ops)", "\t.byte 0xdb, 0xe0, 0xdb, 0xe1, 0xdb, 0xe4", 0 },
		/* the waiting forms (9b prefix) of the control instructions */
		{ "fstsw ax (wait form)", "\tftst\n\tfstsw %ax", 0 },
		{ "fstsw m16 (wait form)", "\tftst\n\tfstsw mem+32", 0 },
		{ "fstcw m16 (wait form)", "\tfstcw mem+32", 0 },
		{ "fclex (wait form)", "\tfdivs mem+32\n\tfclex", FM_F32 },
		{ "finit (wait form)", "\tfinit", 0 },
		{ "fstenv m28 (wait form)", "\tfcom %st(1)\n\tfstenv mem+32\n\tmovw $0, mem+34\n\tmovw $0, mem+38\n\tmovw $0, mem+42\n\tmovl $0, mem+44\n\tmovl $0, mem+48\n\tmovl $0, mem+52\n\tmovl $0, mem+56", 0 },
		{ "fsave m108 (wait form)", "\tfsave mem\n\tmovw $0, mem+2\n\tmovw $0, mem+6\n\tmovw $0, mem+10\n\tmovl $0, mem+12\n\tmovl $0, mem+16\n\tmovl $0, mem+20\n\tmovl $0, mem+24\n\tfld1", 0 },
		{ "fxrstor m512", "\tfxsave bigmem_hi\n\tfld1\n\tfld1\n\tfxrstor bigmem_hi", 0 },
	};
	static const char *ar[] = { "add", "mul", "sub", "subr", "div", "divr" };
	static const char *cm[] = { "b", "e", "be", "u", "nb", "ne", "nbe", "nu" };

	begin_prog("x87");
	x87_list(t, sizeof t / sizeof t[0], 1);
	for (int a = 0; a < 6; a++) {
		struct x87 u[] = {
			{ fmt("f%s m32", ar[a]), fmt("\tf%ss mem+32", ar[a]), FM_F32 },
			{ fmt("f%s m64", ar[a]), fmt("\tf%sl mem+32", ar[a]), FM_F64 },
			{ fmt("f%s st,st(i)", ar[a]), fmt("\tf%s %%st(2), %%st", ar[a]), 0 },
			{ fmt("f%s st(i),st", ar[a]), fmt("\tf%s %%st, %%st(2)", ar[a]), 0 },
			{ fmt("f%sp st(i),st", ar[a]), fmt("\tf%sp %%st, %%st(3)", ar[a]), 0 },
			{ fmt("fi%s m16", ar[a]), fmt("\tfi%ss mem+32", ar[a]), FM_I16 },
			{ fmt("fi%s m32", ar[a]), fmt("\tfi%sl mem+32", ar[a]), FM_I32 },
		};
		/* keys hold fmt() buffers: copy before the next fmt() round */
		static char keys[7][64], insns[7][128];
		for (int i = 0; i < 7; i++) {
			snprintf(keys[i], 64, "%s", u[i].key);
			snprintf(insns[i], 128, "%s", u[i].insn);
			u[i].key = keys[i];
			u[i].insn = insns[i];
		}
		x87_list(u, 7, 1);
	}
	for (int c = 0; c < 8; c++) {
		struct x87 u = { fmt("fcmov%s st,st(i)", cm[c]), fmt("\tfcmov%s %%st(2), %%st", cm[c]), 0, 1 };
		static char k[64], s[64];
		snprintf(k, 64, "%s", u.key);
		snprintf(s, 64, "%s", u.insn);
		u.key = k;
		u.insn = s;
		x87_list(&u, 1, 0);
	}
	{
		static const struct x87 alg[] = {
			{ "fsqrt", "\tfsqrt", 0 },
			{ "frndint", "\tfrndint", 0 },
			{ "fscale", "\tfscale", 0 },
			{ "fxtract", "\tfxtract", 0 },
			{ "fprem", "\tfprem\n\tfnstsw %ax", 0 },
			{ "fprem1", "\tfprem1\n\tfnstsw %ax", 0 },
		};
		x87_list(alg, sizeof alg / sizeof alg[0], 1);
	}
	end_prog();

	/* Transcendentals: results are approximations on hardware too;
	   compared bit-exact (see qemu-wrong.txt) */
	static const struct x87 tr[] = {
		{ "fsin", "\tfsin\n\tfnstsw %ax", 0 },
		{ "fcos", "\tfcos\n\tfnstsw %ax", 0 },
		{ "fsincos", "\tfsincos\n\tfnstsw %ax", 0 },
		{ "fptan", "\tfptan\n\tfnstsw %ax", 0 },
		{ "fpatan", "\tfpatan", 0 },
		{ "f2xm1", "\tf2xm1", 0 },
		{ "fyl2x", "\tfyl2x", 0 },
		{ "fyl2xp1", "\tfyl2xp1", 0 },
	};
	begin_prog("x87trans");
	x87_list(tr, sizeof tr / sizeof tr[0], 0);
	end_prog();
}

/* ---------------------------------------------------------------- vectors */

enum { P_XX, P_XXI, P_MM, P_MMI, P_XR, P_XRI, P_RX, P_RXI, P_ST, P_MR, P_MRI,
       P_RM, P_RMI, P_XM, P_MX, P_RAW };

struct vop {
	const char *op;
	int pat;
	const char *ext;
	const char *mem;	/* memory operand size for the key, NULL: no memory form */
	uint8_t imms[8];
	int nimm;
};

#define I8(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

static void vec_mxcsr(void)
{
	static const uint32_t mx[] = { 0x1f80, 0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9f80, 0x1fc0, 0x1f80 };

	for (int i = 0; i < ns; i++)
		V[i].mxcsr = mx[i % 8];
	/* pcmpestr lengths, maskmov destination, gpr sources */
	for (int i = 0; i < ns; i++) {
		S[i].r[EAX] = (int32_t)(rnd() % 41) - 20;
		S[i].r[EDX] = (int32_t)(rnd() % 41) - 20;
		S[i].r[EDI] = 64;
		S[i].rel[EDI] = 1;
	}
}

static void vop_emit(const struct vop *o, int mem, int v)
{
	const char *key, *insn;
	int k = mem ? K_MEM : 0;
	unsigned imm = o->nimm ? o->imms[v] : 0;
	const char *src;

	switch (o->pat) {
	case P_XX: case P_XXI:
		src = mem ? "mem+32" : "%xmm1";
		key = fmt("%s xmm,%s%s (%s)", o->op, mem ? o->mem : "xmm", o->pat == P_XXI ? ",imm8" : "", o->ext);
		insn = o->pat == P_XXI ? fmt("\t%s $%u, %s, %%xmm2", o->op, imm, src)
				       : fmt("\t%s %s, %%xmm2", o->op, src);
		k |= K_SSE;
		break;
	case P_MM: case P_MMI:
		src = mem ? "mem+32" : "%mm1";
		key = fmt("%s mm,%s%s (%s)", o->op, mem ? o->mem : "mm", o->pat == P_MMI ? ",imm8" : "", o->ext);
		insn = o->pat == P_MMI ? fmt("\t%s $%u, %s, %%mm2", o->op, imm, src)
				       : fmt("\t%s %s, %%mm2", o->op, src);
		k |= K_MMX;
		break;
	case P_XR: case P_XRI:	/* r32 <- xmm (or m) */
		src = mem ? "mem+32" : "%xmm1";
		key = fmt("%s r32,%s%s (%s)", o->op, mem ? o->mem : "xmm", o->pat == P_XRI ? ",imm8" : "", o->ext);
		insn = o->pat == P_XRI ? fmt("\t%s $%u, %s, %%edx", o->op, imm, src)
				       : fmt("\t%s %s, %%edx", o->op, src);
		k |= K_SSE;
		break;
	case P_MR: case P_MRI:	/* r32 <- mm */
		key = fmt("%s r32,mm%s (%s)", o->op, o->pat == P_MRI ? ",imm8" : "", o->ext);
		insn = o->pat == P_MRI ? fmt("\t%s $%u, %%mm1, %%edx", o->op, imm)
				       : fmt("\t%s %%mm1, %%edx", o->op);
		k |= K_MMX;
		break;
	case P_RX: case P_RXI:	/* xmm <- r32/m */
		src = mem ? "mem+32" : "%esi";
		key = fmt("%s xmm,%s%s (%s)", o->op, mem ? o->mem : "r32", o->pat == P_RXI ? ",imm8" : "", o->ext);
		insn = o->pat == P_RXI ? fmt("\t%s $%u, %s, %%xmm2", o->op, imm, src)
				       : fmt("\t%s %s, %%xmm2", o->op, src);
		k |= K_SSE;
		break;
	case P_RM: case P_RMI:	/* mm <- r32/m */
		src = mem ? "mem+32" : "%esi";
		key = fmt("%s mm,%s%s (%s)", o->op, mem ? o->mem : "r32", o->pat == P_RMI ? ",imm8" : "", o->ext);
		insn = o->pat == P_RMI ? fmt("\t%s $%u, %s, %%mm2", o->op, imm, src)
				       : fmt("\t%s %s, %%mm2", o->op, src);
		k |= K_MMX;
		break;
	case P_ST:		/* store xmm to memory (or its register form) */
		key = fmt("%s %s,xmm%s (%s)", o->op, mem ? o->mem : "xmm", o->nimm ? ",imm8" : "", o->ext);
		insn = o->nimm ? fmt("\t%s $%u, %%xmm1, %s", o->op, imm, mem ? "mem+32" : "%edx")
			       : fmt("\t%s %%xmm1, %s", o->op, mem ? "mem+32" : "%xmm2");
		k |= K_SSE | K_MEM;
		break;
	case P_XM:		/* xmm <- mm */
		key = fmt("%s xmm,%s (%s)", o->op, mem ? o->mem : "mm", o->ext);
		insn = fmt("\t%s %s, %%xmm2", o->op, mem ? "mem+32" : "%mm1");
		k |= K_SSE | K_MMX;
		break;
	case P_MX:		/* mm <- xmm */
		key = fmt("%s mm,%s (%s)", o->op, mem ? o->mem : "xmm", o->ext);
		insn = fmt("\t%s %s, %%mm2", o->op, mem ? "mem+32" : "%xmm1");
		k |= K_SSE | K_MMX;
		break;
	default:		/* P_RAW: op is the instruction text, mem the key */
		key = o->mem;
		insn = fmt("\t%s", o->op);
		k |= K_SSE | K_MMX | K_MEM;
		break;
	}
	if (strstr(insn, "mem"))
		k |= K_MEM;
	beginv(key, o->nimm > 1 ? v + 1 : 0, k, 16);
	vec_mxcsr();
	emit(NULL, insn);
}

static void vop_list(const struct vop *t, int n)
{
	for (int i = 0; i < n; i++) {
		int nv = t[i].nimm ? t[i].nimm : 1;
		for (int v = 0; v < nv; v++) {
			if (t[i].pat != P_MR && t[i].pat != P_MRI && t[i].pat != P_RAW)
				vop_emit(&t[i], 0, v);
			if (t[i].mem && t[i].pat != P_RAW)
				vop_emit(&t[i], 1, v);
			if (t[i].pat == P_RAW || t[i].pat == P_MR || t[i].pat == P_MRI)
				vop_emit(&t[i], 0, v);
		}
	}
}

#define X(op, ext, mem)		{ op, P_XX, ext, mem, {0}, 0 }
#define XI(op, ext, mem, ...)	{ op, P_XXI, ext, mem, I8(__VA_ARGS__) }
#define MM(op, ext)		{ op, P_MM, ext, "m64", {0}, 0 }
#define MMI(op, ext, ...)	{ op, P_MMI, ext, "m64", I8(__VA_ARGS__) }

static const struct vop sse1[] = {
	X("addps", "sse", "m128"), X("addss", "sse", "m32"),
	X("subps", "sse", "m128"), X("subss", "sse", "m32"),
	X("mulps", "sse", "m128"), X("mulss", "sse", "m32"),
	X("divps", "sse", "m128"), X("divss", "sse", "m32"),
	X("sqrtps", "sse", "m128"), X("sqrtss", "sse", "m32"),
	X("rcpps", "sse", "m128"), X("rcpss", "sse", "m32"),
	X("rsqrtps", "sse", "m128"), X("rsqrtss", "sse", "m32"),
	X("maxps", "sse", "m128"), X("maxss", "sse", "m32"),
	X("minps", "sse", "m128"), X("minss", "sse", "m32"),
	X("andps", "sse", "m128"), X("andnps", "sse", "m128"),
	X("orps", "sse", "m128"), X("xorps", "sse", "m128"),
	XI("cmpps", "sse", "m128", 0, 1, 2, 3, 4, 5, 6, 7),
	XI("cmpss", "sse", "m32", 0, 1, 2, 3, 4, 5, 6, 7),
	X("unpckhps", "sse", "m128"), X("unpcklps", "sse", "m128"),
	XI("shufps", "sse", "m128", 0x1b, 0x00, 0xe4, 0x9c),
	X("movaps", "sse", "m128"), X("movups", "sse", "m128"),
	X("movss", "sse", "m32"),
	{ "movlps mem+32, %xmm2", P_RAW, "sse", "movlps xmm,m64 (sse)", {0}, 0 },
	{ "movhps mem+32, %xmm2", P_RAW, "sse", "movhps xmm,m64 (sse)", {0}, 0 },
	{ "movhlps %xmm1, %xmm2", P_RAW, "sse", "movhlps xmm,xmm (sse)", {0}, 0 },
	{ "movlhps %xmm1, %xmm2", P_RAW, "sse", "movlhps xmm,xmm (sse)", {0}, 0 },
	{ "comiss %xmm1, %xmm2", P_RAW, "sse", "comiss xmm,xmm (sse)", {0}, 0 },
	{ "comiss mem+32, %xmm2", P_RAW, "sse", "comiss xmm,m32 (sse)", {0}, 0 },
	{ "ucomiss %xmm1, %xmm2", P_RAW, "sse", "ucomiss xmm,xmm (sse)", {0}, 0 },
	{ "ucomiss mem+32, %xmm2", P_RAW, "sse", "ucomiss xmm,m32 (sse)", {0}, 0 },
	{ "movmskps %xmm1, %edx", P_RAW, "sse", "movmskps r32,xmm (sse)", {0}, 0 },
	{ "cvtsi2ss %esi, %xmm2", P_RAW, "sse", "cvtsi2ss xmm,r32 (sse)", {0}, 0 },
	{ "cvtsi2ssl mem+32, %xmm2", P_RAW, "sse", "cvtsi2ss xmm,m32 (sse)", {0}, 0 },
	{ "cvtss2si %xmm1, %edx", P_RAW, "sse", "cvtss2si r32,xmm (sse)", {0}, 0 },
	{ "cvtss2si mem+32, %edx", P_RAW, "sse", "cvtss2si r32,m32 (sse)", {0}, 0 },
	{ "cvttss2si %xmm1, %edx", P_RAW, "sse", "cvttss2si r32,xmm (sse)", {0}, 0 },
	{ "cvttss2si mem+32, %edx", P_RAW, "sse", "cvttss2si r32,m32 (sse)", {0}, 0 },
	{ "cvtpi2ps %mm1, %xmm2", P_RAW, "sse", "cvtpi2ps xmm,mm (sse)", {0}, 0 },
	{ "cvtpi2ps mem+32, %xmm2", P_RAW, "sse", "cvtpi2ps xmm,m64 (sse)", {0}, 0 },
	{ "cvtps2pi %xmm1, %mm2", P_RAW, "sse", "cvtps2pi mm,xmm (sse)", {0}, 0 },
	{ "cvtps2pi mem+32, %mm2", P_RAW, "sse", "cvtps2pi mm,m64 (sse)", {0}, 0 },
	{ "cvttps2pi %xmm1, %mm2", P_RAW, "sse", "cvttps2pi mm,xmm (sse)", {0}, 0 },
	{ "cvttps2pi mem+32, %mm2", P_RAW, "sse", "cvttps2pi mm,m64 (sse)", {0}, 0 },
	{ "movaps %xmm1, mem+32", P_RAW, "sse", "movaps m128,xmm (sse)", {0}, 0 },
	{ "movups %xmm1, mem+33", P_RAW, "sse", "movups m128,xmm (sse)", {0}, 0 },
	{ "movups mem+35, %xmm2", P_RAW, "sse", "movups xmm,m128 unaligned (sse)", {0}, 0 },
	{ "movss %xmm1, mem+32", P_RAW, "sse", "movss m32,xmm (sse)", {0}, 0 },
	{ "movlps %xmm1, mem+32", P_RAW, "sse", "movlps m64,xmm (sse)", {0}, 0 },
	{ "movhps %xmm1, mem+32", P_RAW, "sse", "movhps m64,xmm (sse)", {0}, 0 },
	{ "movntps %xmm1, mem+32", P_RAW, "sse", "movntps m128,xmm (sse)", {0}, 0 },
	{ "andl $0xffff, mem+32\n\torl $0x1f80, mem+32\n\tldmxcsr mem+32\n\tmovl $0, mem+32\n\taddps %xmm1, %xmm2\n\tstmxcsr mem+32\n\tandl $~2, mem+32", P_RAW, "sse", "ldmxcsr/stmxcsr m32 (sse)", {0}, 0 },
	{ "movl $0x1fbf, mem+32\n\tldmxcsr mem+32\n\tmulps %xmm1, %xmm2\n\tdivps %xmm3, %xmm0\n\tstmxcsr mem+36\n\tandl $~2, mem+36", P_RAW, "sse", "mxcsr exception flags (sse)", {0}, 0 },
	/* MMX extensions that came with SSE */
	MM("pavgb", "sse"), MM("pavgw", "sse"), MM("pmaxsw", "sse"),
	MM("pmaxub", "sse"), MM("pminsw", "sse"), MM("pminub", "sse"),
	MM("pmulhuw", "sse"), MM("psadbw", "sse"),
	MMI("pshufw", "sse", 0x1b, 0xe4, 0x00),
	{ "pextrw", P_MRI, "sse", NULL, I8(0, 3, 5) },
	{ "pinsrw", P_RMI, "sse", "m16", I8(0, 3, 6) },
	{ "pmovmskb", P_MR, "sse", NULL, {0}, 0 },
	{ "movntq %mm1, mem+32", P_RAW, "sse", "movntq m64,mm (sse)", {0}, 0 },
};

static const struct vop sse2[] = {
	X("addpd", "sse2", "m128"), X("addsd", "sse2", "m64"),
	X("subpd", "sse2", "m128"), X("subsd", "sse2", "m64"),
	X("mulpd", "sse2", "m128"), X("mulsd", "sse2", "m64"),
	X("divpd", "sse2", "m128"), X("divsd", "sse2", "m64"),
	X("sqrtpd", "sse2", "m128"), X("sqrtsd", "sse2", "m64"),
	X("maxpd", "sse2", "m128"), X("maxsd", "sse2", "m64"),
	X("minpd", "sse2", "m128"), X("minsd", "sse2", "m64"),
	X("andpd", "sse2", "m128"), X("andnpd", "sse2", "m128"),
	X("orpd", "sse2", "m128"), X("xorpd", "sse2", "m128"),
	XI("cmppd", "sse2", "m128", 0, 1, 2, 3, 4, 5, 6, 7),
	XI("cmpsd", "sse2", "m64", 0, 1, 2, 3, 4, 5, 6, 7),
	X("unpckhpd", "sse2", "m128"), X("unpcklpd", "sse2", "m128"),
	XI("shufpd", "sse2", "m128", 0, 1, 2, 3),
	X("movapd", "sse2", "m128"), X("movupd", "sse2", "m128"),
	X("movsd", "sse2", "m64"),
	X("cvtpd2ps", "sse2", "m128"), X("cvtps2pd", "sse2", "m64"),
	X("cvtsd2ss", "sse2", "m64"), X("cvtss2sd", "sse2", "m32"),
	X("cvtpd2dq", "sse2", "m128"), X("cvttpd2dq", "sse2", "m128"),
	X("cvtdq2pd", "sse2", "m64"), X("cvtps2dq", "sse2", "m128"),
	X("cvttps2dq", "sse2", "m128"), X("cvtdq2ps", "sse2", "m128"),
	{ "cvtpd2pi %xmm1, %mm2", P_RAW, "sse2", "cvtpd2pi mm,xmm (sse2)", {0}, 0 },
	{ "cvtpd2pi mem+32, %mm2", P_RAW, "sse2", "cvtpd2pi mm,m128 (sse2)", {0}, 0 },
	{ "cvttpd2pi %xmm1, %mm2", P_RAW, "sse2", "cvttpd2pi mm,xmm (sse2)", {0}, 0 },
	{ "cvttpd2pi mem+32, %mm2", P_RAW, "sse2", "cvttpd2pi mm,m128 (sse2)", {0}, 0 },
	{ "cvtpi2pd %mm1, %xmm2", P_RAW, "sse2", "cvtpi2pd xmm,mm (sse2)", {0}, 0 },
	{ "cvtpi2pd mem+32, %xmm2", P_RAW, "sse2", "cvtpi2pd xmm,m64 (sse2)", {0}, 0 },
	{ "cvtsd2si %xmm1, %edx", P_RAW, "sse2", "cvtsd2si r32,xmm (sse2)", {0}, 0 },
	{ "cvtsd2si mem+32, %edx", P_RAW, "sse2", "cvtsd2si r32,m64 (sse2)", {0}, 0 },
	{ "cvttsd2si %xmm1, %edx", P_RAW, "sse2", "cvttsd2si r32,xmm (sse2)", {0}, 0 },
	{ "cvttsd2si mem+32, %edx", P_RAW, "sse2", "cvttsd2si r32,m64 (sse2)", {0}, 0 },
	{ "cvtsi2sd %esi, %xmm2", P_RAW, "sse2", "cvtsi2sd xmm,r32 (sse2)", {0}, 0 },
	{ "cvtsi2sdl mem+32, %xmm2", P_RAW, "sse2", "cvtsi2sd xmm,m32 (sse2)", {0}, 0 },
	{ "comisd %xmm1, %xmm2", P_RAW, "sse2", "comisd xmm,xmm (sse2)", {0}, 0 },
	{ "comisd mem+32, %xmm2", P_RAW, "sse2", "comisd xmm,m64 (sse2)", {0}, 0 },
	{ "ucomisd %xmm1, %xmm2", P_RAW, "sse2", "ucomisd xmm,xmm (sse2)", {0}, 0 },
	{ "ucomisd mem+32, %xmm2", P_RAW, "sse2", "ucomisd xmm,m64 (sse2)", {0}, 0 },
	{ "movmskpd %xmm1, %edx", P_RAW, "sse2", "movmskpd r32,xmm (sse2)", {0}, 0 },
	{ "pmovmskb %xmm1, %edx", P_RAW, "sse2", "pmovmskb r32,xmm (sse2)", {0}, 0 },
	{ "movlpd mem+32, %xmm2", P_RAW, "sse2", "movlpd xmm,m64 (sse2)", {0}, 0 },
	{ "movhpd mem+32, %xmm2", P_RAW, "sse2", "movhpd xmm,m64 (sse2)", {0}, 0 },
	{ "movlpd %xmm1, mem+32", P_RAW, "sse2", "movlpd m64,xmm (sse2)", {0}, 0 },
	{ "movhpd %xmm1, mem+32", P_RAW, "sse2", "movhpd m64,xmm (sse2)", {0}, 0 },
	{ "movapd %xmm1, mem+32", P_RAW, "sse2", "movapd m128,xmm (sse2)", {0}, 0 },
	{ "movupd %xmm1, mem+37", P_RAW, "sse2", "movupd m128,xmm (sse2)", {0}, 0 },
	{ "movsd %xmm1, mem+32", P_RAW, "sse2", "movsd m64,xmm (sse2)", {0}, 0 },
	{ "movdqa %xmm1, mem+32", P_RAW, "sse2", "movdqa m128,xmm (sse2)", {0}, 0 },
	{ "movdqu %xmm1, mem+33", P_RAW, "sse2", "movdqu m128,xmm (sse2)", {0}, 0 },
	{ "movq %xmm1, mem+32", P_RAW, "sse2", "movq m64,xmm (sse2)", {0}, 0 },
	{ "movq mem+32, %xmm2", P_RAW, "sse2", "movq xmm,m64 (sse2)", {0}, 0 },
	{ "movq %xmm1, %xmm2", P_RAW, "sse2", "movq xmm,xmm (sse2)", {0}, 0 },
	{ "movd %esi, %xmm2", P_RAW, "sse2", "movd xmm,r32 (sse2)", {0}, 0 },
	{ "movd mem+32, %xmm2", P_RAW, "sse2", "movd xmm,m32 (sse2)", {0}, 0 },
	{ "movd %xmm1, %edx", P_RAW, "sse2", "movd r32,xmm (sse2)", {0}, 0 },
	{ "movd %xmm1, mem+32", P_RAW, "sse2", "movd m32,xmm (sse2)", {0}, 0 },
	{ "movq2dq %mm1, %xmm2", P_RAW, "sse2", "movq2dq xmm,mm (sse2)", {0}, 0 },
	{ "movdq2q %xmm1, %mm2", P_RAW, "sse2", "movdq2q mm,xmm (sse2)", {0}, 0 },
	{ "movntdq %xmm1, mem+32", P_RAW, "sse2", "movntdq m128,xmm (sse2)", {0}, 0 },
	{ "movntpd %xmm1, mem+32", P_RAW, "sse2", "movntpd m128,xmm (sse2)", {0}, 0 },
	{ "pextrw", P_XRI, "sse2", NULL, I8(0, 5, 7) },
	{ "pinsrw", P_RXI, "sse2", "m16", I8(0, 5, 7) },
	X("movdqa", "sse2", "m128"), X("movdqu", "sse2", "m128"),
	XI("pshufd", "sse2", "m128", 0x1b, 0xe4, 0x4e),
	XI("pshufhw", "sse2", "m128", 0x1b, 0xe4),
	XI("pshuflw", "sse2", "m128", 0x1b, 0xe4),
	X("pmuludq", "sse2", "m128"), MM("pmuludq", "sse2"),
	X("paddq", "sse2", "m128"), MM("paddq", "sse2"),
	X("psubq", "sse2", "m128"), MM("psubq", "sse2"),
	X("punpckhqdq", "sse2", "m128"), X("punpcklqdq", "sse2", "m128"),
	{ "pslldq $3, %xmm2", P_RAW, "sse2", "pslldq xmm,imm8 (sse2)", {0}, 0 },
	{ "psrldq $5, %xmm2", P_RAW, "sse2", "psrldq xmm,imm8 (sse2)", {0}, 0 },
	{ "pslldq $16, %xmm2", P_RAW, "sse2", "pslldq xmm,imm8 (sse2)#2", {0}, 0 },
};

/* MMX integer ops that exist in mm and (SSE2) xmm forms. */
static const char *mmxops[] = {
	"paddb", "paddw", "paddd", "paddsb", "paddsw", "paddusb", "paddusw",
	"psubb", "psubw", "psubd", "psubsb", "psubsw", "psubusb", "psubusw",
	"pmullw", "pmulhw", "pmaddwd", "pcmpeqb", "pcmpeqw", "pcmpeqd",
	"pcmpgtb", "pcmpgtw", "pcmpgtd", "pand", "pandn", "por", "pxor",
	"packsswb", "packssdw", "packuswb", "punpckhbw", "punpckhwd",
	"punpckhdq", "punpcklbw", "punpcklwd", "punpckldq", "psllw", "pslld",
	"psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad",
};
/* and the SSE-added ones with xmm forms in SSE2 */
static const char *sse2int[] = {
	"pavgb", "pavgw", "pmaxsw", "pmaxub", "pminsw", "pminub", "pmulhuw",
	"psadbw",
};

static const struct vop sse3[] = {
	X("addsubps", "sse3", "m128"), X("addsubpd", "sse3", "m128"),
	X("haddps", "sse3", "m128"), X("haddpd", "sse3", "m128"),
	X("hsubps", "sse3", "m128"), X("hsubpd", "sse3", "m128"),
	X("movshdup", "sse3", "m128"), X("movsldup", "sse3", "m128"),
	X("movddup", "sse3", "m64"),
	{ "lddqu mem+33, %xmm2", P_RAW, "sse3", "lddqu xmm,m128 (sse3)", {0}, 0 },
};

static const char *ssse3ops[] = {
	"pshufb", "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd",
	"phsubsw", "pmaddubsw", "pmulhrsw", "psignb", "psignw", "psignd",
	"pabsb", "pabsw", "pabsd",
};

static const struct vop sse41[] = {
	XI("blendps", "sse4.1", "m128", 0x5, 0xa, 0xf),
	XI("blendpd", "sse4.1", "m128", 1, 2),
	{ "blendvps %xmm0, %xmm1, %xmm2", P_RAW, "sse4.1", "blendvps xmm,xmm,xmm0 (sse4.1)", {0}, 0 },
	{ "blendvps %xmm0, mem+32, %xmm2", P_RAW, "sse4.1", "blendvps xmm,m128,xmm0 (sse4.1)", {0}, 0 },
	{ "blendvpd %xmm0, %xmm1, %xmm2", P_RAW, "sse4.1", "blendvpd xmm,xmm,xmm0 (sse4.1)", {0}, 0 },
	{ "blendvpd %xmm0, mem+32, %xmm2", P_RAW, "sse4.1", "blendvpd xmm,m128,xmm0 (sse4.1)", {0}, 0 },
	{ "pblendvb %xmm0, %xmm1, %xmm2", P_RAW, "sse4.1", "pblendvb xmm,xmm,xmm0 (sse4.1)", {0}, 0 },
	{ "pblendvb %xmm0, mem+32, %xmm2", P_RAW, "sse4.1", "pblendvb xmm,m128,xmm0 (sse4.1)", {0}, 0 },
	XI("pblendw", "sse4.1", "m128", 0x0f, 0xa5),
	XI("dpps", "sse4.1", "m128", 0xff, 0x31, 0xf2),
	XI("dppd", "sse4.1", "m128", 0x33, 0x31, 0x12),
	XI("insertps", "sse4.1", "m32", 0x00, 0x4d, 0xc6, 0x3f),
	XI("mpsadbw", "sse4.1", "m128", 0, 5, 2),
	X("packusdw", "sse4.1", "m128"), X("pcmpeqq", "sse4.1", "m128"),
	X("phminposuw", "sse4.1", "m128"),
	X("pmaxsb", "sse4.1", "m128"), X("pmaxsd", "sse4.1", "m128"),
	X("pmaxud", "sse4.1", "m128"), X("pmaxuw", "sse4.1", "m128"),
	X("pminsb", "sse4.1", "m128"), X("pminsd", "sse4.1", "m128"),
	X("pminud", "sse4.1", "m128"), X("pminuw", "sse4.1", "m128"),
	X("pmovsxbw", "sse4.1", "m64"), X("pmovsxbd", "sse4.1", "m32"),
	X("pmovsxbq", "sse4.1", "m16"), X("pmovsxwd", "sse4.1", "m64"),
	X("pmovsxwq", "sse4.1", "m32"), X("pmovsxdq", "sse4.1", "m64"),
	X("pmovzxbw", "sse4.1", "m64"), X("pmovzxbd", "sse4.1", "m32"),
	X("pmovzxbq", "sse4.1", "m16"), X("pmovzxwd", "sse4.1", "m64"),
	X("pmovzxwq", "sse4.1", "m32"), X("pmovzxdq", "sse4.1", "m64"),
	X("pmuldq", "sse4.1", "m128"), X("pmulld", "sse4.1", "m128"),
	X("ptest", "sse4.1", "m128"),
	XI("roundps", "sse4.1", "m128", 0, 1, 2, 3, 4, 8, 9, 12),
	XI("roundpd", "sse4.1", "m128", 0, 1, 2, 3, 4, 8),
	XI("roundss", "sse4.1", "m32", 0, 1, 2, 3, 4, 8),
	XI("roundsd", "sse4.1", "m64", 0, 1, 2, 3, 4, 8),
	{ "movntdqa mem+32, %xmm2", P_RAW, "sse4.1", "movntdqa xmm,m128 (sse4.1)", {0}, 0 },
	{ "pextrb", P_XRI, "sse4.1", NULL, I8(0, 9, 15) },
	{ "pextrd", P_XRI, "sse4.1", NULL, I8(0, 3) },
	{ "extractps", P_XRI, "sse4.1", NULL, I8(0, 2, 3) },
	{ "pextrb $7, %xmm1, mem+33", P_RAW, "sse4.1", "pextrb m8,xmm,imm8 (sse4.1)", {0}, 0 },
	{ "pextrw $5, %xmm1, mem+34", P_RAW, "sse4.1", "pextrw m16,xmm,imm8 (sse4.1)", {0}, 0 },
	{ "pextrd $2, %xmm1, mem+32", P_RAW, "sse4.1", "pextrd m32,xmm,imm8 (sse4.1)", {0}, 0 },
	{ "extractps $1, %xmm1, mem+32", P_RAW, "sse4.1", "extractps m32,xmm,imm8 (sse4.1)", {0}, 0 },
	{ "pinsrb", P_RXI, "sse4.1", "m8", I8(0, 7, 15) },
	{ "pinsrd", P_RXI, "sse4.1", "m32", I8(0, 3) },
};

static const struct vop sse42[] = {
	X("pcmpgtq", "sse4.2", "m128"),
	XI("pcmpestri", "sse4.2", "m128", 0x00, 0x04, 0x08, 0x0c, 0x01, 0x41, 0x1a, 0x3a, ),
	XI("pcmpestrm", "sse4.2", "m128", 0x00, 0x44, 0x08, 0x4c, 0x19, 0x61, 0x72),
	XI("pcmpistri", "sse4.2", "m128", 0x00, 0x04, 0x08, 0x0c, 0x01, 0x41, 0x1a, 0x3a),
	XI("pcmpistrm", "sse4.2", "m128", 0x00, 0x44, 0x08, 0x4c, 0x19, 0x61, 0x72),
};

static void vec_names(const char **ops, int n, const char *ext, int mmx, int xmm, const char *xext)
{
	for (int i = 0; i < n; i++) {
		struct vop m = MM(ops[i], ext), x = X(ops[i], xext, "m128");
		if (mmx)
			vop_list(&m, 1);
		if (xmm)
			vop_list(&x, 1);
	}
}

/* Stores through the implicit ds:edi operand, kept apart: see
   vx32-bugs.txt (they used to write to the host address). */
static const struct vop maskmov[] = {
	{ "maskmovq %mm1, %mm2", P_RAW, "sse", "maskmovq mm,mm (sse)", {0}, 0 },
	{ "maskmovdqu %xmm1, %xmm2", P_RAW, "sse2", "maskmovdqu xmm,xmm (sse2)", {0}, 0 },
};

static void gen_fp(void)
{
	x87_forms();

	begin_prog("maskmov");
	vop_list(maskmov, 2);
	end_prog();

	begin_prog("mmx");
	vec_names(mmxops, sizeof mmxops / sizeof mmxops[0], "mmx", 1, 0, NULL);
	{
		static const struct vop t[] = {
			{ "movq %mm1, %mm2", P_RAW, "mmx", "movq mm,mm (mmx)", {0}, 0 },
			{ "movq mem+32, %mm2", P_RAW, "mmx", "movq mm,m64 (mmx)", {0}, 0 },
			{ "movq %mm1, mem+32", P_RAW, "mmx", "movq m64,mm (mmx)", {0}, 0 },
			{ "movd %esi, %mm2", P_RAW, "mmx", "movd mm,r32 (mmx)", {0}, 0 },
			{ "movd mem+32, %mm2", P_RAW, "mmx", "movd mm,m32 (mmx)", {0}, 0 },
			{ "movd %mm1, %edx", P_RAW, "mmx", "movd r32,mm (mmx)", {0}, 0 },
			{ "movd %mm1, mem+32", P_RAW, "mmx", "movd m32,mm (mmx)", {0}, 0 },
			{ "psllw $3, %mm2\n\tpslld $17, %mm1\n\tpsllq $33, %mm0", P_RAW, "mmx", "psll mm,imm8 (mmx)", {0}, 0 },
			{ "psrlw $3, %mm2\n\tpsrld $17, %mm1\n\tpsrlq $33, %mm0", P_RAW, "mmx", "psrl mm,imm8 (mmx)", {0}, 0 },
			{ "psraw $3, %mm2\n\tpsrad $17, %mm1", P_RAW, "mmx", "psra mm,imm8 (mmx)", {0}, 0 },
			{ "psraw $20, %mm2\n\tpsrad $40, %mm1\n\tpsrlq $64, %mm0", P_RAW, "mmx", "psra/psrl mm,imm8 (mmx)#2", {0}, 0 },
			{ "emms", P_RAW, "mmx", "emms (mmx)", {0}, 0 },
		};
		vop_list(t, sizeof t / sizeof t[0]);
	}
	vec_names(ssse3ops, sizeof ssse3ops / sizeof ssse3ops[0], "ssse3", 1, 0, NULL);
	{
		struct vop p = MMI("palignr", "ssse3", 0, 3, 8, 12);
		vop_list(&p, 1);
	}
	end_prog();

	begin_prog("sse");
	vop_list(sse1, sizeof sse1 / sizeof sse1[0]);
	vop_list(sse3, sizeof sse3 / sizeof sse3[0]);
	end_prog();

	begin_prog("sse2");
	vop_list(sse2, sizeof sse2 / sizeof sse2[0]);
	vec_names(mmxops, sizeof mmxops / sizeof mmxops[0], NULL, 0, 1, "sse2");
	vec_names(sse2int, sizeof sse2int / sizeof sse2int[0], NULL, 0, 1, "sse2");
	{
		static const struct vop t[] = {
			{ "psllw $3, %xmm2\n\tpslld $17, %xmm1\n\tpsllq $33, %xmm0", P_RAW, "sse2", "psll xmm,imm8 (sse2)", {0}, 0 },
			{ "psrlw $3, %xmm2\n\tpsrld $17, %xmm1\n\tpsrlq $33, %xmm0", P_RAW, "sse2", "psrl xmm,imm8 (sse2)", {0}, 0 },
			{ "psraw $3, %xmm2\n\tpsrad $17, %xmm1", P_RAW, "sse2", "psra xmm,imm8 (sse2)", {0}, 0 },
		};
		vop_list(t, sizeof t / sizeof t[0]);
	}
	end_prog();

	begin_prog("sse4");
	vec_names(ssse3ops, sizeof ssse3ops / sizeof ssse3ops[0], NULL, 0, 1, "ssse3");
	{
		struct vop p = XI("palignr", "ssse3", "m128", 0, 3, 8, 17);
		vop_list(&p, 1);
	}
	vop_list(sse41, sizeof sse41 / sizeof sse41[0]);
	vop_list(sse42, sizeof sse42 / sizeof sse42[0]);
	end_prog();
}
