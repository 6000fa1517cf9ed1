/*
 * api_flowwrap.c - the emulated memory forms of jmp, call, push and pop
 * (ff /4, ff /2, ff /6, 8f /0), and two copied ones (mov m32 to eax, inc
 * m32), with effective addresses that wrap at 4 GiB, and with fs:/gs: TLS
 * bases (vxproc_settls) added to a disp8, a disp32, a base register, an
 * index, or nothing but the displacement.
 *
 * The translator builds the emulated accesses itself and re-encodes the
 * copied ones, so each must compute its address in 32 bits (0x67) and
 * fold the TLS base in modulo 2^32: an address computed in 64 bits lands
 * in the guard tail beyond 4 GiB and faults.  Both end pages are mapped;
 * each case says where its operand lies, computed here by hand, and
 * checks the branch target, the stack, registers and memory.
 *
 * An access that crosses 4 GiB by its own size (a dword at 0xfffffffe)
 * does not wrap in vx32: it reaches the guard tail, and the fault must
 * be reported at 0xffffffff (invariant 8), eip at the instruction.
 *
 * In an address space smaller than 4 GiB (at most 3 GiB on the seg
 * backend; flat runs the same cases with its space set so too) the
 * effective address still wraps mod 2^32, but an operand at or past the
 * end of the space faults: a page fault at its first byte past the end,
 * eip at the instruction, nothing changed (a call or push pushes
 * nothing, a pop does not move esp).
 *
 * The guest code is assembled by the host compiler as 32-bit code
 * (.code32 below), so the encodings are the assembler's, not ours.
 */
#include "check.h"

#define SMALL	0xc0000000u	/* the small space: seg's default and most */

/* The guest's address space in this run. */
static uint64_t space;

/* A guest for this run's space. */
static vxproc *new_guest(const char *name, const void *code, size_t n)
{
	guest_space = space < default_space() ? space : 0;
	return guest(name, code, n);
}

/* Can a dword at a be reached? */
static int inside(uint32_t a)
{
	return (uint64_t)a + 4 <= space;
}

/* Each snippet: the instruction, a stop (int $0x30) after it, then the
   landing stop that jmp/call targets. */
#define SNIP(name, insn) \
	".globl " #name "\n" #name ":\n\t" insn "\n\tint $0x30\n" \
	#name "_land:\n\tint $0x30\n" #name "_end:\n"

__asm__(".pushsection .rodata.guest, \"a\"\n.code32\n"
	SNIP(j_b8, "jmp *0x10(%ebx)")
	SNIP(j_b8neg, "jmp *-0x10(%ebx)")
	SNIP(j_sib, "jmp *0x7ffffff0(%ebx,%esi,2)")
	SNIP(j_abs, "jmp *0xfffffff8")
	SNIP(j_fs, "jmp *%fs:0x10")
	SNIP(j_gs_b8, "jmp *%gs:0x10(%ebx)")
	SNIP(j_gs_b32, "jmp *%gs:0x12345678(%ebx)")
	SNIP(j_fs_sib, "jmp *%fs:(%ebx,%esi,4)")
	SNIP(j_gs_idx, "jmp *%gs:0x10(,%esi,8)")
	SNIP(c_b8, "call *0x10(%ebx)")
	SNIP(c_b8neg, "call *-0x10(%ebx)")
	SNIP(c_sib, "call *0x7ffffff0(%ebx,%esi,2)")
	SNIP(c_abs, "call *0xfffffff8")
	SNIP(c_fs, "call *%fs:0x10")
	SNIP(c_gs_b8, "call *%gs:0x10(%ebx)")
	SNIP(c_gs_b32, "call *%gs:0x12345678(%ebx)")
	SNIP(c_fs_sib, "call *%fs:(%ebx,%esi,4)")
	SNIP(c_gs_idx, "call *%gs:0x10(,%esi,8)")
	SNIP(pu_b8, "pushl 0x10(%ebx)")
	SNIP(pu_b8neg, "pushl -0x10(%ebx)")
	SNIP(pu_sib, "pushl 0x7ffffff0(%ebx,%esi,2)")
	SNIP(pu_abs, "pushl 0xfffffff8")
	SNIP(pu_fs, "pushl %fs:0x10")
	SNIP(pu_gs_b8, "pushl %gs:0x10(%ebx)")
	SNIP(pu_gs_b32, "pushl %gs:0x12345678(%ebx)")
	SNIP(pu_fs_sib, "pushl %fs:(%ebx,%esi,4)")
	SNIP(pu_gs_idx, "pushl %gs:0x10(,%esi,8)")
	SNIP(po_b8, "popl 0x10(%ebx)")
	SNIP(po_b8neg, "popl -0x10(%ebx)")
	SNIP(po_sib, "popl 0x7ffffff0(%ebx,%esi,2)")
	SNIP(po_abs, "popl 0xfffffff8")
	SNIP(po_fs, "popl %fs:0x10")
	SNIP(po_gs_b8, "popl %gs:0x10(%ebx)")
	SNIP(po_gs_b32, "popl %gs:0x12345678(%ebx)")
	SNIP(po_fs_sib, "popl %fs:(%ebx,%esi,4)")
	SNIP(po_gs_idx, "popl %gs:0x10(,%esi,8)")
	SNIP(ld_b8, "movl 0x10(%ebx), %eax")
	SNIP(ld_b8neg, "movl -0x10(%ebx), %eax")
	SNIP(ld_sib, "movl 0x7ffffff0(%ebx,%esi,2), %eax")
	SNIP(ld_abs, "movl 0xfffffff8, %eax")
	SNIP(ld_fs, "movl %fs:0x10, %eax")
	SNIP(ld_gs_b8, "movl %gs:0x10(%ebx), %eax")
	SNIP(ld_gs_b32, "movl %gs:0x12345678(%ebx), %eax")
	SNIP(ld_fs_sib, "movl %fs:(%ebx,%esi,4), %eax")
	SNIP(ld_gs_idx, "movl %gs:0x10(,%esi,8), %eax")
	SNIP(in_b8, "incl 0x10(%ebx)")
	SNIP(in_b8neg, "incl -0x10(%ebx)")
	SNIP(in_sib, "incl 0x7ffffff0(%ebx,%esi,2)")
	SNIP(in_abs, "incl 0xfffffff8")
	SNIP(in_fs, "incl %fs:0x10")
	SNIP(in_gs_b8, "incl %gs:0x10(%ebx)")
	SNIP(in_gs_b32, "incl %gs:0x12345678(%ebx)")
	SNIP(in_fs_sib, "incl %fs:(%ebx,%esi,4)")
	SNIP(in_gs_idx, "incl %gs:0x10(,%esi,8)")
	SNIP(gt_moffs, "movl %eax, 0xfffffffe")
	SNIP(gt_ebx, "movl %eax, 2(%ebx)")
	SNIP(gt_push, "pushl (%ebx)")
	".code64\n.popsection\n");

#define DECL(n) extern const uint8_t n[], n##_land[], n##_end[]
DECL(j_b8); DECL(j_b8neg); DECL(j_sib); DECL(j_abs); DECL(j_fs);
DECL(j_gs_b8); DECL(j_gs_b32); DECL(j_fs_sib); DECL(j_gs_idx);
DECL(c_b8); DECL(c_b8neg); DECL(c_sib); DECL(c_abs); DECL(c_fs);
DECL(c_gs_b8); DECL(c_gs_b32); DECL(c_fs_sib); DECL(c_gs_idx);
DECL(pu_b8); DECL(pu_b8neg); DECL(pu_sib); DECL(pu_abs); DECL(pu_fs);
DECL(pu_gs_b8); DECL(pu_gs_b32); DECL(pu_fs_sib); DECL(pu_gs_idx);
DECL(po_b8); DECL(po_b8neg); DECL(po_sib); DECL(po_abs); DECL(po_fs);
DECL(po_gs_b8); DECL(po_gs_b32); DECL(po_fs_sib); DECL(po_gs_idx);
DECL(ld_b8); DECL(ld_b8neg); DECL(ld_sib); DECL(ld_abs); DECL(ld_fs);
DECL(ld_gs_b8); DECL(ld_gs_b32); DECL(ld_fs_sib); DECL(ld_gs_idx);
DECL(in_b8); DECL(in_b8neg); DECL(in_sib); DECL(in_abs); DECL(in_fs);
DECL(in_gs_b8); DECL(in_gs_b32); DECL(in_fs_sib); DECL(in_gs_idx);
DECL(gt_moffs); DECL(gt_ebx); DECL(gt_push);

/* An addressing form: registers, TLS bases, and the effective address
   they make (by hand, mod 2^32). */
struct form {
	const char *name;
	uint32_t ebx, esi, fs_base, gs_base, ea;
};

static const struct form forms[] = {
	/* 0xfffffff8 + 0x10 */
	{ "base-disp8-wraps-up", 0xfffffff8, 0, 0, 0, 0x8 },
	/* 0x8 - 0x10 */
	{ "base-disp8-wraps-down", 0x8, 0, 0, 0, 0xfffffff8 },
	/* 0x90000000 + 2 * 0x3ffffffc + 0x7ffffff0 = 0x1'8fffffe8 */
	{ "sib-wraps", 0x90000000, 0x3ffffffc, 0, 0, 0x8fffffe8 },
	/* an absolute disp32 on the last page */
	{ "disp32-top", 0, 0, 0, 0, 0xfffffff8 },
	/* fs base 0xfffffffc + 0x10 */
	{ "fs-disp-wraps", 0, 0, 0xfffffffc, 0, 0xc },
	/* gs base 0xfffffff0 + ebx 0x8 + 0x10 */
	{ "gs-base-disp8-wraps", 0x8, 0, 0, 0xfffffff0, 0x8 },
	/* gs base 0xedcba990 + ebx 0x20 + 0x12345678 = 0x1'00000028 */
	{ "gs-base-disp32-wraps", 0x20, 0, 0, 0xedcba990, 0x28 },
	/* fs base 0x80000000 + 0x7ffff000 + 4 * 0x3ff = 0xffffffc */
	{ "fs-sib-top", 0x7ffff000, 0x3ff, 0x80000000, 0, 0xffffffffu - 3 },
	/* gs base 0x7ffffff8 + 8 * 0x10000001 + 0x10 = 0x1'00000010: an
	   index alone, scaled past 4 GiB */
	{ "gs-index-wraps", 0, 0x10000001, 0, 0x7ffffff8, 0x10 },
};

enum kind { JMP, CALL, PUSH, POP, LOAD, INC };
static const char *kindname[] = { "jmp", "call", "push", "pop", "mov", "inc" };

struct snip { const uint8_t *start, *land, *end; };
#define S(n) { n, n##_land, n##_end }
static const struct snip snips[6][9] = {
	{ S(j_b8), S(j_b8neg), S(j_sib), S(j_abs), S(j_fs), S(j_gs_b8),
	  S(j_gs_b32), S(j_fs_sib), S(j_gs_idx) },
	{ S(c_b8), S(c_b8neg), S(c_sib), S(c_abs), S(c_fs), S(c_gs_b8),
	  S(c_gs_b32), S(c_fs_sib), S(c_gs_idx) },
	{ S(pu_b8), S(pu_b8neg), S(pu_sib), S(pu_abs), S(pu_fs), S(pu_gs_b8),
	  S(pu_gs_b32), S(pu_fs_sib), S(pu_gs_idx) },
	{ S(po_b8), S(po_b8neg), S(po_sib), S(po_abs), S(po_fs), S(po_gs_b8),
	  S(po_gs_b32), S(po_fs_sib), S(po_gs_idx) },
	{ S(ld_b8), S(ld_b8neg), S(ld_sib), S(ld_abs), S(ld_fs), S(ld_gs_b8),
	  S(ld_gs_b32), S(ld_fs_sib), S(ld_gs_idx) },
	{ S(in_b8), S(in_b8neg), S(in_sib), S(in_abs), S(in_fs), S(in_gs_b8),
	  S(in_gs_b32), S(in_fs_sib), S(in_gs_idx) },
};

#define ESP0	(STACK_ADDR + 0x800)

/* One instruction in one form; returns 1 if right. */
static int one(enum kind k, int fi)
{
	const struct form *f = &forms[fi];
	const struct snip *s = &snips[k][fi];
	uint32_t len = (uint32_t)(s->end - s->start);
	uint32_t land = CODE_ADDR + (uint32_t)(s->land - s->start);
	uint32_t after = land - 2;	/* the stop after the instruction */
	uint32_t value = k <= CALL ? land : 0x5eed1234;
	uint32_t top = (uint32_t)(space - 0x1000);
	char name[80];

	snprintf(name, sizeof name, "%s-%s%s", kindname[k], f->name,
		 space < (1ull << 32) ? "-small" : "");
	vxproc *p = new_guest(name, s->start, len);
	uint32_t *r = p->cpu->reg;
	int ok = 1, t, in = inside(f->ea);

	/* The operand's page (if the space has it) and both end pages
	   mapped: an address computed past 4 GiB faults in the guard
	   tail, one past the end of a smaller space faults there. */
	if (in)
		vxmem_map(p, f->ea & ~0xfffu, 0x1000, VXPERM_READ | VXPERM_WRITE);
	vxmem_map(p, top, 0x1000, VXPERM_READ | VXPERM_WRITE);
	vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
	if (f->fs_base) {
		ok &= vxproc_settls(p, 0, f->fs_base, 1) == 0;
		ok &= vxproc_setsel(p, 4, VXTLS_SELECTOR(0)) == 0;
	}
	if (f->gs_base) {
		ok &= vxproc_settls(p, 1, f->gs_base, 1) == 0;
		ok &= vxproc_setsel(p, 5, VXTLS_SELECTOR(1)) == 0;
	}
	if (!ok)
		die(name, "cannot set the TLS base");
	r[EBX] = f->ebx;
	r[ESI] = f->esi;
	r[ESP] = ESP0;
	if (k == POP) {
		vxmem_write(p, &value, ESP0, 4);
		uint32_t zero = 0;
		if (in)
			vxmem_write(p, &zero, f->ea, 4);
	} else if (in) {
		vxmem_write(p, &value, f->ea, 4);
	}
	t = vxproc_run(p);
	if (!in) {
		/* A page fault at the operand, before anything changed:
		   only pop (and inc, a read-modify-write) fault writing. */
		int write = k == POP || k == INC;
		ok = t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR &&
		     p->cpu->trapva == f->ea &&
		     !!(p->cpu->traperr & 2) == write && r[ESP] == ESP0 &&
		     r[EBX] == f->ebx && r[ESI] == f->esi && r[EAX] == 0 &&
		     rd32(p, ESP0 - 4) == 0 &&
		     rd32(p, ESP0) == (k == POP ? value : 0);
		if (!ok)
			check(name, 0, "trap %#x eip %#x (trapva %#x, %s), esp %#x, "
			      "[esp-4] %#x, eax %#x; want a %s fault at %#x, eip "
			      "%#x, nothing changed", t, p->cpu->eip,
			      p->cpu->trapva,
			      p->cpu->traperr & 2 ? "write" : "read", r[ESP],
			      rd32(p, ESP0 - 4), r[EAX],
			      write ? "write" : "read", f->ea, CODE_ADDR);
		vxproc_free(p);
		return ok;
	}
	switch (k) {
	case JMP:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == land + 2 &&
		     r[ESP] == ESP0;
		break;
	case CALL:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == land + 2 &&
		     r[ESP] == ESP0 - 4 && rd32(p, ESP0 - 4) == after;
		break;
	case PUSH:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == after + 2 &&
		     r[ESP] == ESP0 - 4 && rd32(p, ESP0 - 4) == value;
		break;
	case POP:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == after + 2 &&
		     r[ESP] == ESP0 + 4 && rd32(p, f->ea) == value;
		break;
	case LOAD:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == after + 2 &&
		     r[EAX] == value && r[ESP] == ESP0;
		break;
	case INC:
		ok = t == VXTRAP_SOFT + 0x30 && p->cpu->eip == after + 2 &&
		     rd32(p, f->ea) == value + 1 && r[ESP] == ESP0;
		break;
	}
	if (!ok)
		check(name, 0, "trap %#x eip %#x (trapva %#x), esp %#x, [esp] %#x, "
		      "[%#x] %#x; want eip %#x", t, p->cpu->eip, p->cpu->trapva,
		      r[ESP], rd32(p, r[ESP]), f->ea, rd32(p, f->ea),
		      k <= CALL ? land + 2 : after + 2);
	vxproc_free(p);
	return ok;
}

static void run_kind_in(enum kind k)
{
	int good = 0, n = sizeof forms / sizeof forms[0];
	char name[40];

	snprintf(name, sizeof name, "wrap-%s-m%s", kindname[k],
		 space < (1ull << 32) ? "-small" : "");
	vxproc *p = vxproc_alloc();
	if (!p)
		die(name, "vxproc_alloc failed");
	if (limits_waived(p, name)) {
		vxproc_free(p);
		return;
	}
	vxproc_free(p);
	for (int i = 0; i < n; i++)
		good += one(k, i);
	check(name, good == n, "%d of %d forms wrong (listed above)",
	      n - good, n);
}

/* In the backend's own space, and in a small one if that is larger. */
static void run_kind(enum kind k)
{
	uint64_t def = default_space();

	space = def;
	run_kind_in(k);
	if (def > SMALL) {
		space = SMALL;
		run_kind_in(k);
	}
}

static void test_jmp(void) { run_kind(JMP); }
static void test_call(void) { run_kind(CALL); }
static void test_push(void) { run_kind(PUSH); }
static void test_pop(void) { run_kind(POP); }
static void test_load(void) { run_kind(LOAD); }
static void test_inc(void) { run_kind(INC); }

/*
 * A dword store or load that runs past the end of the space by its own
 * size, or lies beyond it: a page fault at its first byte past the end -
 * in a 4 GiB space at 0xffffffff (invariant 8: the guard tail is never
 * reported at its offset past 4 GiB).
 */
struct edge_case {
	int snip;	/* gt_moffs (at 0xfffffffe), gt_ebx, gt_push */
	uint32_t at;	/* the operand's address */
};

static int edge_one(const struct edge_case *c)
{
	static const struct snip g[] = { S(gt_moffs), S(gt_ebx), S(gt_push) };
	static const int write[] = { 1, 1, 0 };
	int i = c->snip;
	uint32_t want = c->at >= space ? c->at : space >= (1ull << 32) ?
		0xffffffffu : (uint32_t)space;
	vxproc *p = new_guest("guard-tail", g[i].start,
			      (uint32_t)(g[i].end - g[i].start));

	vxmem_map(p, (uint32_t)(space - 0x1000), 0x1000,
		  VXPERM_READ | VXPERM_WRITE);
	vxmem_map(p, 0, 0x1000, VXPERM_READ | VXPERM_WRITE);
	p->cpu->reg[EBX] = i == 1 ? c->at - 2 : c->at;
	int t = vxproc_run(p);
	int ok = t == VXTRAP_PAGEFAULT && p->cpu->eip == CODE_ADDR &&
		 p->cpu->trapva == want && !!(p->cpu->traperr & 2) == write[i];
	if (!ok)
		printf("# %s at %#x: trap %#x eip %#x trapva %#x traperr %#x; "
		       "want a fault at %#x\n", i == 0 ? "moffs" : i == 1 ?
		       "ebx" : "push", c->at, t, p->cpu->eip, p->cpu->trapva,
		       p->cpu->traperr, want);
	vxproc_free(p);
	return ok;
}

static void test_guard(void)
{
	uint64_t def = default_space();
	int good = 0, n = 0;

	space = def;
	if (def >= (1ull << 32)) {
		const struct edge_case c[] = {
			{ 0, 0xfffffffe }, { 1, 0xfffffffe }, { 2, 0xfffffffe },
		};
		for (int i = 0; i < 3; i++)
			good += edge_one(&c[i]);
		check("guard-tail-report", good == 3, "%d of 3 wrong", 3 - good);
		space = SMALL;
	}
	vxproc *p = vxproc_alloc();
	if (!p)
		die("end-report-small", "vxproc_alloc failed");
	if (limits_waived(p, "end-report-small")) {
		vxproc_free(p);
		return;
	}
	vxproc_free(p);
	uint32_t end = (uint32_t)space;
	const struct edge_case c[] = {
		{ 0, 0xfffffffe }, { 1, 0xfffffffe }, { 2, 0xfffffffe },
		{ 1, end - 2 }, { 2, end - 2 }, { 1, end }, { 2, end + 8 },
	};
	good = 0;
	n = sizeof c / sizeof c[0];
	for (int i = 0; i < n; i++)
		good += edge_one(&c[i]);
	check("end-report-small", good == n, "%d of %d wrong", n - good, n);
}

int main(void)
{
	if (vx32_init() < 0) {
		printf("not ok init: vx32_init failed (errno %d)\n", errno);
		return 1;
	}
	isolated("wrap-jmp-m", test_jmp);
	isolated("wrap-call-m", test_call);
	isolated("wrap-push-m", test_push);
	isolated("wrap-pop-m", test_pop);
	isolated("wrap-mov-m", test_load);
	isolated("wrap-inc-m", test_inc);
	isolated("guard-tail-report", test_guard);
	return nfailed != 0;
}
