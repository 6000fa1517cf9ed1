/*
 * call.c - calling guest functions from the host: plug-in start-up,
 * vxproc_call(), callbacks, and memory from the guest's allocator.
 *
 * A call writes the arguments and a return address onto the guest's
 * stack and runs the guest from the function.  The return address is a
 * gate: a page the library maps (read/exec) below the guest's stack
 * holding `int $0x30`, so the function's `ret` leads to a trap the host
 * recognises by its eip alone.  A guest that jumps to the gate on its
 * own only ends its own call early.  Around each call the guest's
 * registers are saved and put back, so a call that traps leaves the
 * guest as it was before (apart from its memory), and calls nest: a
 * callback may call into the guest again, below the frame of the call
 * it interrupted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plugin.h"

static const uint8_t gate_code[] = GATE_CODE;

/* The highest free page below the guest's stack (or its space). */
static uint32_t free_page_below(struct vxpriv *vp, uint32_t top)
{
	for (uint32_t pg = top >> 12; pg-- > 16;)
		if (!(vp->pageflags[pg] & PG_MAPPED))
			return pg << 12;
	return 0;
}

static int gate_setup(struct vxpriv *vp, struct vxcallctx *cc)
{
	vxproc *p = vp->proc;
	uint64_t top = vp->space < 0xc0000000u ? vp->space : 0xc0000000u;
	uint32_t g;

	if (p->load.stack_lo && p->load.stack_lo < top)
		top = p->load.stack_lo;
	g = free_page_below(vp, (uint32_t)top);
	if (!g) {
		vx_seterr(vp, "no free page below 0x%llx for the call gate",
			  (unsigned long long)top);
		errno = ENOMEM;
		return -1;
	}
	if (vxmem_map(p, g, VX_PAGE, VXPERM_READ | VXPERM_WRITE) < 0)
		return -1;
	memcpy(vp->base + g, gate_code, sizeof gate_code);
	if (vxmem_setperm(p, g, VX_PAGE, VXPERM_READ | VXPERM_EXEC) < 0)
		return -1;
	cc->gate = g;
	return 0;
}

/* The call state without the gate (settings may come before a load). */
static struct vxcallctx *ctx_only(struct vxpriv *vp)
{
	struct vxcallctx *cc = vp->call;

	if (cc)
		return cc;
	if (!(cc = calloc(1, sizeof *cc))) {
		vx_seterr(vp, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	cc->hostcall = vxhostcall_default;
	vp->call = cc;
	return cc;
}

struct vxcallctx *vx_call_ctx(struct vxpriv *vp)
{
	struct vxcallctx *cc = ctx_only(vp);

	if (!cc)
		return NULL;
	if (!cc->gate) {
		if (gate_setup(vp, cc) < 0)
			return NULL;
		vx_brk_init(vp, cc);
	}
	return cc;
}

/* From the loader: a new image, with its symbols; the gate, the break
   and any snapshot went with the old one. */
void vx_plugin_loaded(struct vxpriv *vp, const void *img, size_t size,
		      uint32_t bias)
{
	vx_syms_load(vp, img, size, bias);
	if (vp->call) {
		vp->call->gate = 0;
		vp->call->started = 0;
		vp->call->fn_malloc = vp->call->fn_free = 0;
	}
	vx_snap_free(vp);
}

void vx_plugin_free(struct vxpriv *vp)
{
	vx_snap_discard(vp);
	vx_syms_free(vp);
	free(vp->call);
	vp->call = NULL;
}

/* ---------------------------------------------------------------- traps */

static const char *trap_name(int trap, char *buf, size_t len)
{
	switch (trap) {
	case VXTRAP_DIVIDE: return "divide error";
	case VXTRAP_DEBUG: return "debug trap";
	case VXTRAP_BREAKPOINT: return "breakpoint";
	case VXTRAP_OVERFLOW: return "overflow";
	case VXTRAP_BOUND: return "bound range exceeded";
	case VXTRAP_INVALID: return "invalid opcode";
	case VXTRAP_PROTECTION: return "general protection";
	case VXTRAP_PAGEFAULT: return "page fault";
	case VXTRAP_FPOINT: return "x87 floating point";
	case VXTRAP_ALIGN: return "alignment check";
	case VXTRAP_SIMD: return "SIMD floating point";
	case VXTRAP_SYSCALL: return "syscall";
	case VXTRAP_IRQ: return "interrupted (vxproc_interrupt)";
	case VXTRAP_LIMIT + VXLIMIT_CPUTIME: return "CPU time limit";
	}
	if (VXTRAP_CATEGORY(trap) == VXTRAP_SOFT)
		snprintf(buf, len, "int 0x%02x", VXTRAP_NUMBER(trap));
	else
		snprintf(buf, len, "trap 0x%x", trap);
	return buf;
}

/* "(name+0x12)" for a guest address, or "" without a symbol. */
static void where(vxproc *p, uint32_t eip, char *buf, size_t len)
{
	uint32_t off;
	const char *fn = vxproc_symname(p, eip, &off);

	if (fn)
		snprintf(buf, len, " (%.60s+0x%x)", fn, off);
	else
		buf[0] = 0;
}

/* The one-line report of a trap that ended a call or (with what
   "start-up: ") start-up. */
static void report(struct vxpriv *vp, int trap, const char *what)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	char name[40], at[80], detail[120] = "";
	int inv = trap == VXTRAP_INVALID;

	if (VXTRAP_CATEGORY(trap) == VXTRAP_EXIT) {
		vx_seterr(vp, "%sthe guest exited with status %d", what,
			  VXTRAP_NUMBER(trap));
		return;
	}
	if (VXTRAP_CATEGORY(trap) == VXTRAP_KILL) {
		vx_seterr(vp, "%sthe guest %s (signal %d)", what,
			  VXTRAP_NUMBER(trap) == 6 ? "aborted" : "killed itself",
			  VXTRAP_NUMBER(trap));
		return;
	}
	where(vp->proc, c->eip, at, sizeof at);
	if (trap == VXTRAP_PAGEFAULT)
		snprintf(detail, sizeof detail, ": %s 0x%08x",
			 c->traperr & 0x10 ? "instruction fetch from" :
			 c->traperr & 2 ? "write to" : "read from", c->trapva);
	else if (inv)	/* run.c's description of the bytes */
		snprintf(detail, sizeof detail, " (%.100s)", vp->err);
	vx_seterr(vp, "%s%s at eip 0x%08x%s%s", what,
		  trap_name(trap, name, sizeof name), c->eip, at, detail);
}

/* ---------------------------------------------------------------- running */

/* Serve a callback: guest call 32, ebx = number, ecx = arguments. */
static void callback(struct vxpriv *vp, struct vxcallctx *cc)
{
	vxproc *p = vp->proc;
	struct vxcpu *c = p->cpu;
	uint32_t n = c->reg[EBX], at = c->reg[ECX], bad;
	uint32_t arg[VXCALLBACK_ARGS] = { 0 }, words = VXCALLBACK_ARGS;
	uint64_t r;

	if (n >= VXCALL_NCALLBACKS || !cc->cb[n].fn) {
		c->reg[EAX] = -ENOSYS;
		c->reg[EDX] = -1;
		return;
	}
	if (!vxmem_checkperm(p, at, sizeof arg, VXPERM_READ, &bad))
		words = bad > at ? (bad - at) / 4 : 0;
	if (words)
		vxmem_read(p, arg, at, words * 4);
	r = cc->cb[n].fn(p, cc->cb[n].user, arg, at);
	c->reg[EAX] = (uint32_t)r;
	c->reg[EDX] = (uint32_t)(r >> 32);
}

/*
 * Run until the call returns through the gate (or, for start-up, the
 * guest says it is ready): 0; or a trap ends it: the trap code in
 * *trap, 1; or the guest cannot run: -1.
 */
static int run(struct vxpriv *vp, struct vxcallctx *cc, int start,
	       int *trapp)
{
	vxproc *p = vp->proc;
	struct vxcpu *c = p->cpu;

	for (;;) {
		int trap = vxproc_run(p);

		if (trap == VXTRAP_SOFT + 0x30) {
			if (c->eip == GATE_TRAP_EIP(cc->gate) && !start)
				return 0;
			switch (c->reg[EAX]) {
			case VXABI_CALLBACK:
				callback(vp, cc);
				continue;
			case VXABI_READY:
				if (start)
					return 0;
				c->reg[EAX] = 0;
				continue;
			}
			trap = cc->hostcall(p, cc->hostcall_user);
			if (trap == 0)
				continue;
		}
		if (trap < 0)
			return -1;
		*trapp = trap;
		return 1;
	}
}

/*
 * Pop the x87 stack: a function returning a float leaves it in st0,
 * and cdecl has the caller pop it.  The whole stack is emptied, so that
 * even a guest that left more (or trapped mid-computation) starts its
 * next call with an empty one, as the ABI has it.
 */
static void take_st0(struct vxpriv *vp, struct vxret *r)
{
	uint8_t *fx = vp->st + ST_FXSAVE;
	uint16_t fsw;

	r->st0_valid = 0;
	if (fx[4] == 0)		/* abridged tag word: all empty */
		return;
	memcpy(&fsw, fx + 2, 2);
	if (fx[4] & (1u << ((fsw >> 11) & 7))) {
		r->st0 = 0;
		memcpy(&r->st0, fx + 32, 10);	/* ST(0), 80 bits */
		r->st0_valid = 1;
	}
	fx[4] = 0;
	fsw &= ~0x3800;		/* TOP = 0 */
	memcpy(fx + 2, &fsw, 2);
}

/* Arguments as the words of the stack above the return address. */
static int arg_words(struct vxpriv *vp, const struct vxarg *args, int nargs,
		     uint32_t *w)
{
	int n = 0;

	if (nargs < 0 || (nargs && !args))
		goto bad;
	for (int i = 0; i < nargs; i++) {
		int two = args[i].kind == VXARG_I64 || args[i].kind == VXARG_F64;
		if (n + 1 + two > VXCALL_MAXWORDS)
			goto bad;
		switch (args[i].kind) {
		case VXARG_I32:
		case VXARG_F32:
			w[n++] = args[i].v.i32;
			break;
		case VXARG_I64:
		case VXARG_F64:
			w[n++] = (uint32_t)args[i].v.i64;
			w[n++] = (uint32_t)(args[i].v.i64 >> 32);
			break;
		default:
			goto bad;
		}
	}
	return n;
bad:
	vx_seterr(vp, "vxproc_call: bad arguments (kinds 1-4, at most %d "
		  "words)", VXCALL_MAXWORDS);
	errno = EINVAL;
	return -1;
}

int vxproc_call(vxproc *p, uint32_t fn, const struct vxarg *args, int nargs,
		struct vxret *ret)
{
	struct vxpriv *vp = p->priv;
	struct vxcallctx *cc = vp->call;
	struct vxcpu *c = p->cpu, saved;
	struct vxret ignored;
	uint32_t w[VXCALL_MAXWORDS + 1], sp;
	int n, r, trap = 0;

	if (!ret)
		ret = &ignored;
	if ((!cc || !cc->gate) && !(cc = vx_call_ctx(vp)))
		return -1;
	if ((n = arg_words(vp, args, nargs, w + 1)) < 0)
		return -1;
	/* esp 16-aligned at the arguments, the return address below. */
	sp = ((c->reg[ESP] - 4 * n) & ~15u) - 4;
	w[0] = cc->gate;
	if (vxmem_write(p, w, sp, 4 * (n + 1)) < 0) {
		vx_seterr(vp, "vxproc_call: the guest's stack at 0x%08x is not "
			  "writable", sp);
		errno = EFAULT;
		return -1;
	}
	saved = *c;
	c->reg[ESP] = sp;
	c->eip = fn;
	c->eflags = 0x202;
	cc->depth++;
	r = run(vp, cc, 0, &trap);
	cc->depth--;
	if (r == 0) {
		ret->eax = c->reg[EAX];
		ret->edx = c->reg[EDX];
		ret->trap = 0;
	} else if (r == 1) {
		ret->trap = trap;
		ret->cpu = *c;
		report(vp, trap, "");
	}
	take_st0(vp, ret);
	*c = saved;
	return r;
}

int vxproc_start(vxproc *p)
{
	struct vxpriv *vp = p->priv;
	struct vxcallctx *cc = vx_call_ctx(vp);
	int r, trap = 0;

	if (!cc)
		return -1;
	if (cc->depth) {
		vx_seterr(vp, "vxproc_start: inside a call");
		errno = EBUSY;
		return -1;
	}
	cc->depth++;
	r = run(vp, cc, 1, &trap);
	cc->depth--;
	if (r == 0) {
		cc->started = 1;
		return 0;
	}
	if (r == 1) {
		report(vp, trap, "start-up: ");
		if (VXTRAP_CATEGORY(trap) == VXTRAP_EXIT)
			vx_seterr(vp, "start-up: the guest exited with status "
				  "%d before it was ready (a plug-in is built "
				  "with vxcc -shared)", VXTRAP_NUMBER(trap));
		errno = ENOEXEC;
	}
	return -1;
}

int vxproc_loadplugin(vxproc *p, const char *file)
{
	const char *const argv[] = { file, NULL };

	if (vxproc_loadelffile(p, file, argv, NULL) < 0)
		return -1;
	return vxproc_start(p);
}

int vxproc_loadpluginmem(vxproc *p, const void *image, size_t size)
{
	static const char *const argv[] = { "plugin", NULL };

	if (vxproc_loadelfmem(p, image, size, argv, NULL) < 0)
		return -1;
	return vxproc_start(p);
}

/* ---------------------------------------------------------------- settings */

int vxproc_setcallback(vxproc *p, unsigned n, vxcallback fn, void *user)
{
	struct vxcallctx *cc;

	if (n >= VXCALL_NCALLBACKS) {
		errno = EINVAL;
		return -1;
	}
	if (!(cc = ctx_only(p->priv)))
		return -1;
	cc->cb[n].fn = fn;
	cc->cb[n].user = user;
	return 0;
}

int vxproc_sethostcall(vxproc *p, vxhostcall fn, void *user)
{
	struct vxcallctx *cc = ctx_only(p->priv);

	if (!cc)
		return -1;
	cc->hostcall = fn ? fn : vxhostcall_default;
	cc->hostcall_user = fn ? user : NULL;
	return 0;
}

/* ---------------------------------------------------------------- memory */

/* Call a guest function of one 32-bit argument; 0 or -1, result in *r. */
static int call1(vxproc *p, const char *name, uint32_t *fn, uint32_t a,
		 uint32_t *r)
{
	struct vxarg arg = VXARG_U32(a);
	struct vxret ret;

	if (!*fn && !(*fn = vxproc_sym(p, name)))
		return -1;
	switch (vxproc_call(p, *fn, &arg, 1, &ret)) {
	case 0:
		*r = ret.eax;
		return 0;
	case 1:
		errno = EFAULT;
		return -1;
	}
	return -1;
}

uint32_t vxmem_alloc(vxproc *p, uint32_t size)
{
	struct vxpriv *vp = p->priv;
	struct vxcallctx *cc = vx_call_ctx(vp);
	uint32_t a;

	if (!cc || call1(p, "malloc", &cc->fn_malloc, size, &a) < 0)
		return 0;
	if (!a) {
		vx_seterr(vp, "the guest's malloc(%u) returned NULL", size);
		errno = ENOMEM;
		return 0;
	}
	if (!vxmem_checkperm(p, a, size, VXPERM_READ | VXPERM_WRITE, NULL)) {
		vx_seterr(vp, "the guest's malloc(%u) returned 0x%08x, which "
			  "is not writable guest memory", size, a);
		errno = EFAULT;
		return 0;
	}
	return a;
}

int vxmem_free(vxproc *p, uint32_t addr)
{
	struct vxcallctx *cc = vx_call_ctx(p->priv);
	uint32_t r;

	if (!cc || call1(p, "free", &cc->fn_free, addr, &r) < 0)
		return -1;
	return 0;
}

uint32_t vxmem_dup(vxproc *p, const void *buf, uint32_t len)
{
	uint32_t a = vxmem_alloc(p, len ? len : 1);

	if (a && vxmem_write(p, buf, a, len) < 0)
		return 0;
	return a;
}
