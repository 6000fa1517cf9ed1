/*
 * api_call.c - the call API on a real plug-in (test/plugins/calltest.c,
 * built with vxcc -shared): symbols, arguments and results of every
 * kind, the i386 stack alignment, callbacks (nested ones too), host
 * calls, the guest's allocator, and traps that end a call while the
 * guest stays usable.  Expected values are computed here, by the host's
 * own C.  Also: start-up of something that is not a plug-in, images
 * without or with broken symbol tables.
 */
#include <elf.h>
#include <math.h>
#include <sys/stat.h>

#include "check.h"

#define SPACE	(256u << 20)	/* plug-ins fit; several fit on seg too */

static char plugin[512];

/* A started calltest plug-in, or NULL after a failed check. */
static vxproc *start(const char *name)
{
	vxproc *p = vxproc_alloc();

	if (!p)
		die(name, "vxproc_alloc failed");
	if (vxproc_setlimit(p, VXLIMIT_SPACE, SPACE) < 0 ||
	    vxproc_setlimit(p, VXLIMIT_STACK, 1 << 20) < 0)
		die(name, "cannot size the guest");
	if (vxproc_loadplugin(p, plugin) < 0) {
		check(name, 0, "vxproc_loadplugin: %s", vxproc_error(p));
		vxproc_free(p);
		return NULL;
	}
	return p;
}

static uint32_t sym(vxproc *p, const char *name)
{
	uint32_t a = vxproc_sym(p, name);

	if (!a) {
		printf("not ok sym-%s: %s\n", name, vxproc_error(p));
		exit(1);
	}
	return a;
}

/* Call fn with 32-bit arguments; the result (eax), or a failed check. */
static int call32(vxproc *p, const char *fn, struct vxret *r, int n, ...)
{
	struct vxarg a[16];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		a[i] = VXARG_U32(va_arg(ap, uint32_t));
	va_end(ap);
	return vxproc_call(p, sym(p, fn), a, n, r);
}

static void test_symbols(void)
{
	vxproc *p = start("symbols");
	uint32_t off, v = 0;
	const char *n;

	if (!p)
		return;
	check("sym-global-function", vxproc_sym(p, "add") != 0 &&
	      vxproc_sym(p, "add") >= p->load.image_lo &&
	      vxproc_sym(p, "add") < p->load.image_hi, "add at %#x, image "
	      "%#x-%#x", vxproc_sym(p, "add"), p->load.image_lo,
	      p->load.image_hi);
	check("sym-static-hidden", vxproc_sym(p, "hidden_helper") == 0 &&
	      errno == ENOENT && strstr(vxproc_error(p), "hidden_helper"),
	      "a static function was found, or a bad message: %s",
	      vxproc_error(p));
	check("sym-missing", vxproc_sym(p, "no_such_thing") == 0 &&
	      strstr(vxproc_error(p), "not defined"), "message: %s",
	      vxproc_error(p));
	vxmem_read(p, &v, vxproc_sym(p, "counter"), 4);
	check("sym-global-object", v == 5, "counter reads %u, not 5", v);
	n = vxproc_symname(p, vxproc_sym(p, "reverse") + 3, &off);
	check("symname", n && !strcmp(n, "reverse") && off == 3,
	      "reverse+3 named %s+%u", n ? n : "(null)", n ? off : 0);
	n = vxproc_symname(p, 0x1000, &off);
	check("symname-none", n == NULL, "0x1000 named %s", n);
	vxproc_free(p);

	/* VXOPT_SYMBOLS 0: the next load keeps no table. */
	p = vxproc_alloc();
	if (!p)
		die("symbols-off", "vxproc_alloc failed");
	if (vxproc_setlimit(p, VXLIMIT_SPACE, SPACE) < 0 ||
	    vxproc_setlimit(p, VXLIMIT_STACK, 1 << 20) < 0 ||
	    vxproc_setopt(p, VXOPT_SYMBOLS, 0) < 0 ||
	    vxproc_loadplugin(p, plugin) < 0) {
		check("symbols-off", 0, "setup: %s", vxproc_error(p));
		vxproc_free(p);
		return;
	}
	check("symbols-off", vxproc_sym(p, "add") == 0 && errno == ENOENT &&
	      strstr(vxproc_error(p), "VXOPT_SYMBOLS") &&
	      vxproc_symname(p, p->load.entry, NULL) == NULL,
	      "a symbol was found, or a bad message: %s", vxproc_error(p));
	vxproc_free(p);
}

static void test_integers(void)
{
	vxproc *p = start("integers");
	struct vxret r;
	int t;

	if (!p)
		return;
	t = call32(p, "add", &r, 2, 40, 2);
	check("call-add", t == 0 && r.eax == 42 && !r.st0_valid,
	      "returned %d, eax %u, st0_valid %d (%s)", t, r.eax,
	      r.st0_valid, vxproc_error(p));
	t = call32(p, "add", &r, 2, 0x7fffffff, 1);
	check("call-add-wrap", t == 0 && r.eax == 0x80000000u, "eax %#x", r.eax);

	struct vxarg ll[] = { VXARG_U64(0x123456789abcLL), VXARG_U32(-7),
			      VXARG_U64(-1000000007LL) };
	int64_t want = 0x123456789abcLL * 3 - (int64_t)-7 * -1000000007LL;
	t = vxproc_call(p, sym(p, "llmix"), ll, 3, &r);
	check("call-i64", t == 0 && (int64_t)vxret_u64(&r) == want,
	      "edx:eax %#llx, want %#llx", (unsigned long long)vxret_u64(&r),
	      (unsigned long long)want);

	/* 64 words: n and 63 more; a hash the host recomputes. */
	struct vxarg v[64];
	unsigned h = 0;
	v[0] = VXARG_U32(63);
	for (int i = 1; i < 64; i++) {
		v[i] = VXARG_U32(i * 2654435761u);
		h = h * 31 + i * 2654435761u;
	}
	t = vxproc_call(p, sym(p, "sumv"), v, 64, &r);
	check("call-64-words", t == 0 && r.eax == h, "eax %#x, want %#x",
	      r.eax, h);
	struct vxarg big[65];
	for (int i = 0; i < 65; i++)
		big[i] = VXARG_U32(0);
	errno = 0;
	t = vxproc_call(p, sym(p, "sumv"), big, 65, &r);
	check("call-too-many-words", t == -1 && errno == EINVAL, "returned "
	      "%d errno %d", t, errno);
	struct vxarg badkind = { 9, { 0 } };
	t = vxproc_call(p, sym(p, "add"), &badkind, 1, &r);
	check("call-bad-kind", t == -1 && errno == EINVAL, "returned %d", t);

	t = call32(p, "entry_esp", &r, 0);
	check("stack-aligned", t == 0 && (r.eax & 15) == 0 &&
	      r.eax < p->load.stack_hi && r.eax > p->load.stack_lo,
	      "esp+4 at entry %#x", r.eax);
	uint32_t esp0 = p->cpu->reg[ESP], eip0 = p->cpu->eip;
	t = call32(p, "entry_esp", &r, 1, 0);
	check("stack-aligned-odd-args", t == 0 && (r.eax & 15) == 0,
	      "esp+4 at entry %#x", r.eax);
	check("registers-kept", p->cpu->reg[ESP] == esp0 &&
	      p->cpu->eip == eip0, "esp %#x eip %#x, before %#x %#x",
	      p->cpu->reg[ESP], p->cpu->eip, esp0, eip0);
	t = call32(p, "call_hidden", &r, 1, 10);
	check("call-static-inside", t == 0 && r.eax == 15, "eax %u", r.eax);
	vxproc_free(p);
}

static void test_floats(void)
{
	vxproc *p = start("floats");
	struct vxret r;
	int t, ok = 1;

	if (!p)
		return;
	struct vxarg a[] = { VXARG_U32(-3), VXARG_U64(1LL << 40),
			     VXARG_DBL(0.25), VXARG_FLT(-1.5f), VXARG_U32(9) };
	double want = -3 + (double)(1LL << 40) * 3 + 0.25 * 5 + -1.5 * 7 +
		      9.0 * 11;
	t = vxproc_call(p, sym(p, "dmix"), a, 5, &r);
	check("call-double", t == 0 && r.st0_valid && (double)r.st0 == want,
	      "returned %d, st0_valid %d, st0 %.17Lg, want %.17g", t,
	      r.st0_valid, r.st0, want);
	/* Twenty calls returning floats: the x87 stack is popped. */
	for (int i = 0; i < 20 && ok; i++) {
		struct vxarg f = VXARG_FLT((float)i + 0.5f);
		t = vxproc_call(p, sym(p, "fhalf"), &f, 1, &r);
		ok = t == 0 && r.st0_valid && (float)r.st0 == ((float)i + 0.5f) / 2;
	}
	check("call-float-repeated", ok, "call gave %d, st0 %Lg", t, r.st0);
	t = call32(p, "ldthird", &r, 1, 10);
	check("call-long-double", t == 0 && r.st0_valid &&
	      r.st0 == (long double)10 / 3, "st0 %.21Lg, want %.21Lg", r.st0,
	      (long double)10 / 3);
	t = call32(p, "fpu_junk", &r, 0);
	int t2 = call32(p, "ldthird", &r, 1, 3);
	check("x87-junk-emptied", t == 0 && t2 == 0 && r.st0 == 1,
	      "after a call leaving three values, ldthird(3) gave %Lg", r.st0);
	vxproc_free(p);
}

static void test_memory(void)
{
	vxproc *p = start("memory");
	struct vxret r;
	char buf[64] = "";
	uint32_t s, blk;
	int t;

	if (!p)
		return;
	s = vxmem_dup(p, "sandboxed", 10);
	check("dup", s != 0, "vxmem_dup: %s", vxproc_error(p));
	t = call32(p, "reverse", &r, 1, s);
	vxmem_read(p, buf, s, 10);
	check("pointer-arg", t == 0 && r.eax == 9 && !strcmp(buf, "dexobdnas"),
	      "returned %d, eax %u, string '%s'", t, r.eax, buf);
	check("free", vxmem_free(p, s) == 0, "%s", vxproc_error(p));

	blk = vxmem_alloc(p, 48u << 20);
	check("alloc-big", blk != 0 && vxmem_checkperm(p, blk, 48u << 20,
	      VXPERM_WRITE, NULL), "vxmem_alloc(48M): %s", vxproc_error(p));
	vxmem_free(p, blk);
	t = call32(p, "fill", &r, 2, 100000, 'x');
	check("guest-malloc", t == 0 && r.eax && vxmem_hostptr(p, r.eax,
	      100000, VXPERM_READ) && ((char *)vxmem_hostptr(p, r.eax,
	      100000, VXPERM_READ))[99999] == 'x', "fill: %d eax %#x", t,
	      r.eax);
	vxmem_free(p, r.eax);

	vxproc_setlimit(p, VXLIMIT_MEMORY, vxmem_mapped(p) + (1u << 20));
	errno = 0;
	blk = vxmem_alloc(p, 8u << 20);
	check("alloc-over-limit", blk == 0 && errno == ENOMEM &&
	      strstr(vxproc_error(p), "NULL"), "got %#x errno %d: %s", blk,
	      errno, vxproc_error(p));
	vxproc_free(p);
}

/* Callback 1: check and combine the arguments (i, i*i, i/2.0). */
static int cb_bad;
static uint64_t cb1(vxproc *p, void *user, const uint32_t *a, uint32_t at)
{
	int i = (int)a[0];
	uint32_t w;

	if ((int64_t)vxarg_u64(a, 1) != (int64_t)i * i ||
	    vxarg_f64(a, 3) != i / 2.0 || vxmem_read(p, &w, at, 4) != 4 ||
	    w != a[0])
		cb_bad++;
	++*(int *)user;
	return (uint64_t)i * 1000 + 1;
}

/* Callback 2: call the guest's add from inside a callback. */
static uint64_t cb2(vxproc *p, void *user, const uint32_t *a, uint32_t at)
{
	struct vxret r;
	uint32_t esp = p->cpu->reg[ESP];

	if (call32(p, "add", &r, 2, a[0], 100) != 0 || p->cpu->reg[ESP] != esp)
		return (uint64_t)-1;
	return r.eax;
}

static uint64_t cb_interrupt(vxproc *p, void *user, const uint32_t *a,
			     uint32_t at)
{
	vxproc_interrupt(p);
	return 0;
}

static void test_callbacks(void)
{
	vxproc *p = start("callbacks");
	struct vxret r;
	int calls = 0, t;
	int64_t want = 0;

	if (!p)
		return;
	check("setcallback-range", vxproc_setcallback(p, VXCALL_NCALLBACKS,
	      cb1, NULL) == -1 && errno == EINVAL, "number 256 accepted");
	vxproc_setcallback(p, 1, cb1, &calls);
	vxproc_setcallback(p, 2, cb2, NULL);
	vxproc_setcallback(p, 4, cb_interrupt, NULL);
	for (int i = 0; i < 1000; i++)
		want += (int64_t)i * 1000 + 1;
	t = call32(p, "cb_loop", &r, 1, 1000);
	check("callback-args", t == 0 && calls == 1000 && !cb_bad &&
	      (int64_t)vxret_u64(&r) == want, "returned %d, %d calls, %d "
	      "bad, sum %lld want %lld", t, calls, cb_bad,
	      (long long)vxret_u64(&r), (long long)want);
	t = call32(p, "cb_nested", &r, 1, 5);
	check("callback-nested", t == 0 && r.eax == 1050, "returned %d eax %d",
	      t, (int)r.eax);
	t = call32(p, "cb_number", &r, 1, 200);
	check("callback-unregistered", t == 0 && (int64_t)vxret_u64(&r) ==
	      -38, "got %lld", (long long)vxret_u64(&r));
	t = call32(p, "cb_number", &r, 1, 1000);
	check("callback-out-of-range", t == 0 && (int64_t)vxret_u64(&r) ==
	      -38, "got %lld", (long long)vxret_u64(&r));
	t = call32(p, "cb_number", &r, 1, 4);
	check("callback-interrupt", t == 1 && r.trap == VXTRAP_IRQ,
	      "returned %d trap %#x", t, r.trap);
	t = call32(p, "add", &r, 2, 1, 2);
	check("after-interrupt", t == 0 && r.eax == 3, "returned %d eax %u (%s)",
	      t, r.eax, vxproc_error(p));
	vxproc_setcallback(p, 1, NULL, NULL);
	t = call32(p, "cb_number", &r, 1, 1);
	check("callback-removed", t == 0 && (int)r.eax == -38, "eax %d",
	      (int)r.eax);
	vxproc_free(p);
}

/* A host-call handler: serves call 100, records writes, passes the
   rest to the default. */
static char said[64];
static int hc(vxproc *p, void *user)
{
	struct vxcpu *c = p->cpu;

	if (c->reg[EAX] == 100) {
		c->reg[EAX] = c->reg[EBX] * 2 + *(int *)user;
		return 0;
	}
	if (c->reg[EAX] == 3 && c->reg[EBX] == 2 && c->reg[EDX] < sizeof said) {
		vxmem_read(p, said, c->reg[ECX], c->reg[EDX]);
		c->reg[EAX] = c->reg[EDX];
		return 0;
	}
	return vxhostcall_default(p, user);
}

static void test_hostcalls(void)
{
	vxproc *p = start("hostcalls");
	struct vxret r;
	int extra = 7, t;
	uint32_t s;

	if (!p)
		return;
	t = call32(p, "hostcall", &r, 2, 33, 0);
	check("ready-mid-call", t == 0 && r.eax == 0, "returned %d eax %d", t,
	      (int)r.eax);
	t = call32(p, "hostcall", &r, 2, 100, 21);
	check("hostcall-default-enosys", t == 0 && (int)r.eax == -38,
	      "returned %d eax %d", t, (int)r.eax);
	vxproc_sethostcall(p, hc, &extra);
	t = call32(p, "hostcall", &r, 2, 100, 21);
	check("hostcall-own", t == 0 && r.eax == 49, "returned %d eax %d", t,
	      (int)r.eax);
	s = vxmem_dup(p, "diagnostic", 11);
	t = call32(p, "say", &r, 1, s);
	check("hostcall-write", t == 0 && r.eax == 10 &&
	      !strcmp(said, "diagnostic"), "returned %d eax %d, host saw '%s'",
	      t, (int)r.eax, said);
	vxproc_sethostcall(p, NULL, NULL);
	t = call32(p, "hostcall", &r, 2, 100, 21);
	check("hostcall-reset", t == 0 && (int)r.eax == -38, "eax %d",
	      (int)r.eax);
	t = call32(p, "bye", &r, 1, 300);
	check("exit-ends-call", t == 1 && r.trap == VXTRAP_EXIT + (300 & 255) &&
	      strstr(vxproc_error(p), "exited with status 44"),
	      "returned %d trap %#x: %s", t, r.trap, vxproc_error(p));
	t = call32(p, "die", &r, 0);
	check("abort-ends-call", t == 1 && r.trap == VXTRAP_KILL + 6 &&
	      strstr(vxproc_error(p), "aborted"), "returned %d trap %#x: %s",
	      t, r.trap, vxproc_error(p));
	t = call32(p, "add", &r, 2, 2, 2);
	check("after-exit", t == 0 && r.eax == 4, "returned %d (%s)", t,
	      vxproc_error(p));
	vxproc_free(p);
}

/* One trapping call: what vxproc_call returned and the report. */
static void trapping(vxproc *p, const char *name, const char *fn,
		     uint32_t arg, int want, uint32_t eip_lo, uint32_t eip_hi,
		     const char *text)
{
	struct vxret r;
	int t = call32(p, fn, &r, 1, arg);

	check(name, t == 1 && r.trap == want && r.cpu.eip >= eip_lo &&
	      r.cpu.eip < eip_hi && strstr(vxproc_error(p), text),
	      "returned %d, trap %#x at %#x (want %#x in %#x-%#x): %s", t,
	      r.trap, r.cpu.eip, want, eip_lo, eip_hi, vxproc_error(p));
}

static void test_traps(void)
{
	vxproc *p = start("traps");
	struct vxret r;
	uint32_t f, esp0;
	int t, ok = 1;

	if (!p)
		return;
	esp0 = p->cpu->reg[ESP];
	f = sym(p, "readp");
	trapping(p, "trap-read", "readp", 0x1234, VXTRAP_PAGEFAULT, f, f + 16,
		 "(readp+0x");
	check("trap-read-address", strstr(vxproc_error(p),
	      "read from 0x00001234") != NULL, "%s", vxproc_error(p));
	f = sym(p, "writep");
	trapping(p, "trap-write", "writep", 0xfff0, VXTRAP_PAGEFAULT, f, f + 16,
		 "write to 0x0000fff0");
	f = sym(p, "divide");
	{
		struct vxarg a[] = { VXARG_U32(1), VXARG_U32(0) };
		t = vxproc_call(p, f, a, 2, &r);
		check("trap-divide", t == 1 && r.trap == VXTRAP_DIVIDE &&
		      strstr(vxproc_error(p), "divide error"), "returned %d "
		      "trap %#x: %s", t, r.trap, vxproc_error(p));
	}
	trapping(p, "trap-jump", "jump", 0xdead0000, VXTRAP_PAGEFAULT,
		 0xdead0000, 0xdead0001, "instruction fetch from 0xdead0000");
	trapping(p, "trap-smash", "smash", 0x31337000, VXTRAP_PAGEFAULT,
		 0x31337000, 0x31337001, "instruction fetch");
	f = sym(p, "undefined");
	trapping(p, "trap-ud2", "undefined", 0, VXTRAP_INVALID, f, f + 8,
		 "invalid opcode");
	f = sym(p, "int80");
	trapping(p, "trap-int80", "int80", 0, VXTRAP_SOFT + 0x80, f, f + 16,
		 "int 0x80");
	/* Deep recursion runs off the stack into the gate page below it
	   (read-only), and the write faults there. */
	uint32_t g = p->load.stack_lo - 4096;
	t = call32(p, "recurse", &r, 1, 100000);
	check("trap-stack-overflow", t == 1 && r.trap == VXTRAP_PAGEFAULT &&
	      r.cpu.trapva >= g && r.cpu.trapva < g + 4096 &&
	      (r.cpu.traperr & 2) && r.cpu.eip >= p->load.image_lo &&
	      r.cpu.eip < p->load.image_hi, "returned %d, trap %#x at eip %#x "
	      "address %#x (gate page %#x): %s", t, r.trap, r.cpu.eip,
	      r.cpu.trapva, g, vxproc_error(p));
	/* The gate itself cannot be written. */
	{
		struct vxarg a[] = { VXARG_U32(g), VXARG_U32(0x90909090) };
		t = vxproc_call(p, sym(p, "writep"), a, 2, &r);
		check("gate-read-only", t == 1 && r.trap == VXTRAP_PAGEFAULT &&
		      r.cpu.trapva == g && (r.cpu.traperr & 2), "returned %d "
		      "trap %#x at %#x", t, r.trap, r.cpu.trapva);
	}
	vxproc_setlimit(p, VXLIMIT_CPUTIME, 50000000);
	f = sym(p, "spin");
	trapping(p, "trap-cpu-limit", "spin", 0, VXTRAP_LIMIT + VXLIMIT_CPUTIME,
		 f, f + 16, "CPU time limit");
	vxproc_setlimit(p, VXLIMIT_CPUTIME, 0);

	/* After all that, the guest still works, at the same esp. */
	for (int i = 0; i < 1000 && ok; i++) {
		ok = call32(p, "readp", &r, 1, 8) == 1 &&
		     call32(p, "add", &r, 2, i, 1) == 0 && r.eax == (uint32_t)i + 1;
	}
	check("usable-after-traps", ok && p->cpu->reg[ESP] == esp0,
	      "a later call failed (%s), or esp %#x is not %#x",
	      vxproc_error(p), p->cpu->reg[ESP], esp0);
	vxproc_free(p);
}

/* A hand-made guest, no ELF: calls work (the gate goes at the highest
   free page), the allocator is missing with a clear error. */
static void test_handmade(void)
{
	static const uint8_t code[] = {
		0x8b, 0x44, 0x24, 0x04,		/* mov 4(%esp), %eax */
		0x03, 0x44, 0x24, 0x08,		/* add 8(%esp), %eax */
		0xc3,				/* ret */
	};
	vxproc *p = guest("handmade", code, sizeof code);
	struct vxarg a[] = { VXARG_U32(20), VXARG_U32(22) };
	struct vxret r;
	int t = vxproc_call(p, CODE_ADDR, a, 2, &r);

	check("handmade-call", t == 0 && r.eax == 42 &&
	      p->cpu->reg[ESP] == STACK_ADDR + 0x1000, "returned %d eax %u "
	      "(%s)", t, r.eax, vxproc_error(p));
	errno = 0;
	check("handmade-no-malloc", vxmem_alloc(p, 16) == 0 && errno == ENOENT &&
	      strstr(vxproc_error(p), "malloc"), "errno %d: %s", errno,
	      vxproc_error(p));
	vxproc_free(p);
}

/* Not a plug-in: a program with a main() exits during start-up. */
static void test_not_plugin(void)
{
	const char *dir = getenv("VX32_TEST_OUT");
	char path[600];
	vxproc *p = vxproc_alloc();

	snprintf(path, sizeof path, "%s/guests/hello", dir);
	check("start-program", vxproc_loadplugin(p, path) == -1 &&
	      strstr(vxproc_error(p), "before it was ready"), "%s",
	      vxproc_error(p));
	vxproc_free(p);
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	uint8_t *b;

	if (!f || fstat(fileno(f), &sb) < 0 || !(b = malloc(sb.st_size)) ||
	    fread(b, 1, sb.st_size, f) != (size_t)sb.st_size)
		die("slurp", path);
	fclose(f);
	*n = sb.st_size;
	return b;
}

/* Without section headers, and with ones pointing anywhere. */
static void test_bad_symtab(void)
{
	size_t n;
	uint8_t *img = slurp(plugin, &n), *copy = malloc(n);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)copy;
	vxproc *p = vxproc_alloc();
	unsigned seed = 1, loaded = 0;

	memcpy(copy, img, n);
	eh->e_shoff = 0;
	vxproc_setlimit(p, VXLIMIT_SPACE, SPACE);
	check("no-section-headers", vxproc_loadpluginmem(p, copy, n) == 0 &&
	      vxproc_sym(p, "add") == 0 &&
	      strstr(vxproc_error(p), "no section headers"), "%s",
	      vxproc_error(p));
	vxproc_free(p);

	/* Random damage to the section headers and the symbol table:
	   the load may fail, lookups may fail, nothing crashes. */
	for (int i = 0; i < 300; i++) {
		memcpy(copy, img, n);
		Elf32_Ehdr *h = (Elf32_Ehdr *)copy;
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245 + 12345;
			size_t at = h->e_shoff + (seed >> 8) % (h->e_shnum *
				sizeof(Elf32_Shdr));
			if (k & 1)	/* or anywhere past the program */
				at = (seed >> 4) % n;
			seed = seed * 1103515245 + 12345;
			copy[at] = seed >> 16;
		}
		p = vxproc_alloc();
		vxproc_setlimit(p, VXLIMIT_SPACE, SPACE);
		if (vxproc_loadelfmem(p, copy, n, NULL, NULL) == 0) {
			loaded++;
			vxproc_sym(p, "add");
			vxproc_sym(p, "counter");
			vxproc_symname(p, p->load.entry, NULL);
		}
		vxproc_free(p);
	}
	check("damaged-symtab", loaded > 0, "no damaged image loaded at all");
	free(copy);
	free(img);
}

int main(void)
{
	const char *dir = getenv("VX32_TEST_OUT");

	if (!dir) {
		printf("skip call: VX32_TEST_OUT not set (run by test/run.sh)\n");
		return 0;
	}
	snprintf(plugin, sizeof plugin, "%s/plugins/calltest.vxp", dir);
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("symbols", test_symbols);
	isolated("integers", test_integers);
	isolated("floats", test_floats);
	isolated("memory", test_memory);
	isolated("callbacks", test_callbacks);
	isolated("hostcalls", test_hostcalls);
	isolated("traps", test_traps);
	isolated("handmade", test_handmade);
	isolated("not-plugin", test_not_plugin);
	isolated("bad-symtab", test_bad_symtab);
	return nfailed != 0;
}
