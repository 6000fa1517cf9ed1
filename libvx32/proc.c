/*
 * proc.c - library set-up, guest allocation, limits, options and errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "backend.h"
#include "ldt.h"
#include "lowmem.h"

#define STACK_DEFAULT	(8u << 20)

int vx32_siginit(void)
{
	if (vx_signal_setup() < 0 || vx_altstack_ensure() < 0)
		return -1;
	return 0;
}

/* A host may fork while other threads allocate guests (LDT entries,
   room below 4 GiB): the child must not inherit those tables half
   changed, or their locks held by threads it does not have. */
static void fork_lock(void)
{
	vx_ldt_fork_lock();
	vx_low_fork_lock();
}

static void fork_unlock(void)
{
	vx_low_fork_unlock();
	vx_ldt_fork_unlock();
}

int vx32_init(void)
{
	static int done, reserved;
	uint32_t r[4];

	if (done)
		return 0;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(0x80000001), "c"(0));
	if (!(r[2] & 1)) {		/* lahf/sahf in 64-bit mode */
		vx_setliberr("this CPU lacks lahf/sahf in 64-bit mode");
		errno = ENOSYS;
		return -1;
	}
	if (vx32_siginit() < 0) {
		vx_setliberr("cannot install signal handlers or an alternate "
			     "signal stack: %s", strerror(errno));
		return -1;
	}
	if (!reserved) {
		vx_low_reserve();
		pthread_atfork(fork_lock, fork_unlock, fork_unlock);
	}
	reserved = 1;
	if (vx_backend_init() < 0)
		return -1;
	done = 1;
	return 0;
}

void vx_seterr(struct vxpriv *vp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vp->err, sizeof vp->err, fmt, ap);
	va_end(ap);
}

const char *vxproc_error(vxproc *p)
{
	return p && p->priv ? p->priv->err : vx_liberr;
}

/* A new empty guest on backend bk (a thread of share's, if share), or
   NULL (errno, vx_liberr). */
static vxproc *proc_new(const struct vxbackend *bk, struct vxpriv *share)
{
	vxproc *p;
	struct vxpriv *vp;

	p = calloc(1, sizeof *p);
	vp = calloc(1, sizeof *vp);
	if (!p || !vp)
		goto fail;
	p->priv = vp;
	vp->proc = p;
	vp->bk = bk;
	vp->xl = bk->xl;
	vp->space = bk->space_max;
	vp->stack_limit = STACK_DEFAULT;
	vp->trace = getenv("VX32_TRACE") ? TRACE_LOG : 0;
	vp->stats = getenv("VX32_STATS") != NULL;
	vp->count = getenv("VX32_COUNT") != NULL && bk->id == VX32_BACKEND_FLAT;
	const char *learn = getenv("VX32_LEARN");
	vp->learn_first = learn && !strcmp(learn, "first");
	vp->perfmap = getenv("VX32_PERFMAP") != NULL;
	const char *follow = getenv("VX32_FOLLOW");
	vp->follow = !follow ? FOLLOW_ON : !strcmp(follow, "0") ? FOLLOW_OFF :
		     !strcmp(follow, "check") ? FOLLOW_CHECK : FOLLOW_ON;
	vp->sel[SEG_CS] = SEL_CS;
	vp->sel[SEG_DS] = vp->sel[SEG_ES] = vp->sel[SEG_SS] = SEL_DS;

	vp->stmem = bk->map(VX_PAGE + ST_SIZE, PROT_READ | PROT_WRITE);
	if (!vp->stmem)
		goto fail;
	if (mprotect(vp->stmem, VX_PAGE, bk->poll_prot) < 0)
		goto fail;
	vp->st = vp->stmem + VX_PAGE;

	struct vxstate *st = vx_state(vp);
	st->cpu.eflags = 0x202;
	/* Initial x87/SSE state, as after finit: all exceptions masked. */
	uint8_t *fx = vp->st + ST_FXSAVE;
	*(uint16_t *)(fx + 0) = 0x037f;		/* FCW */
	*(uint32_t *)(fx + 24) = 0x1f80;	/* MXCSR */
	*(uint32_t *)(fx + 28) = 0xffff;	/* MXCSR_MASK (ignored) */
	p->cpu = &st->cpu;

	if (vx_mem_init(vp, share) < 0 || bk->init(vp) < 0 ||
	    vx_cache_init(vp) < 0)
		goto fail;
	if (!share) {
		vp->mem->base = vp->base;	/* flat reserves at once */
		vp->mem->space = vp->space;
	}
	return p;

fail:
	if (vp && vp->err[0])
		vx_setliberr("%s", vp->err);
	else
		vx_setliberr("cannot create a guest (%s backend): %s",
			     bk->name, strerror(errno));
	if (p)
		vxproc_free(p);
	else
		free(vp);
	errno = ENOMEM;
	return NULL;
}

vxproc *vx_proc_new(const struct vxbackend *bk)
{
	return proc_new(bk, NULL);
}

vxproc *vxproc_clone(vxproc *p)
{
	struct vxpriv *vp = p->priv;
	vxproc *q;

	/* The address space exists before it is shared (seg reserves it at
	   the first mapping otherwise). */
	if (vp->snap) {
		vx_seterr(vp, "vxproc_clone: the guest has a snapshot "
			  "(vxproc_snapshot_drop it first)");
		errno = EBUSY;
		return NULL;
	}
	if (vx_mem_reserve(vp) < 0)
		return NULL;
	if (!(q = proc_new(vp->bk, vp)))
		return NULL;
	struct vxpriv *vq = q->priv;
	*q->cpu = *p->cpu;
	memcpy(vq->st + ST_FXSAVE, vp->st + ST_FXSAVE, 512);
	vx_state(vq)->fp_live = vx_state(vp)->fp_live;
	memcpy(vq->sel, vp->sel, sizeof vq->sel);
	vq->xcache = vp->xcache;
	memcpy(vq->tls_base, vp->tls_base, sizeof vq->tls_base);
	memcpy(vq->tls_used, vp->tls_used, sizeof vq->tls_used);
	vq->stack_limit = vp->stack_limit;
	vq->opt_rdtsc = vp->opt_rdtsc;
	vq->opt_nosyms = vp->opt_nosyms;
	if (vx_cache_set_limit(vq, vp->cache_limit) < 0) {
		vxproc_free(q);
		return NULL;
	}
	return q;
}

void vxproc_forked(vxproc *p)
{
	vx_mem_forked(p->priv);
}

vxproc *vxproc_alloc(void)
{
	const struct vxbackend *bk;

	if (vx32_init() < 0 || !(bk = vx_backend_pick()))
		return NULL;
	return vx_proc_new(bk);
}

/* VX32_STATS: what the translator and the run loop did for this guest
   (doc/perf.md reads these), one line on stderr. */
static void print_stats(struct vxpriv *vp)
{
	fprintf(stderr, "vx32 stats: translated %llu in %.2f ms, "
		"from the xcache %llu, "
		"calls followed %llu (%llu unchecked), "
		"flushes %llu, "
		"cache %zu KiB (%u blocks, %u map entries in %u KiB, %u links), "
		"exits: chain %llu, learn %llu, lookup miss "
		"%llu, helper %llu, syscall or int %llu, irq %llu, trap %llu\n",
		(unsigned long long)vp->ntrans, vp->xl_ns / 1e6,
		(unsigned long long)vp->nxcache,
		(unsigned long long)vp->nfollow,
		(unsigned long long)vp->nfollow_free,
		(unsigned long long)vp->nflush, vp->cache_used >> 10,
		vp->nfrags, vp->nmapent, vp->nmap >> 10, vp->nlinks,
		(unsigned long long)vp->nexit_link,
		(unsigned long long)vp->nexit_learn,
		(unsigned long long)vp->nexit_lookup,
		(unsigned long long)vp->nexit_helper,
		(unsigned long long)vp->nexit_syscall,
		(unsigned long long)vp->nexit_irq,
		(unsigned long long)vp->nexit_trap);
}

/* VX32_COUNT: the counts the translated code kept, one line. */
static void print_counts(struct vxpriv *vp)
{
	const uint64_t *c = (const uint64_t *)(vp->st + ST_COUNT);

	fprintf(stderr, "vx32 counts: rets %llu (learned target "
		"missed %llu), indirect calls %llu (missed %llu), "
		"indirect jumps %llu, followed calls' rets missed %llu\n",
		(unsigned long long)c[COUNT_RET],
		(unsigned long long)c[COUNT_RET_MISS],
		(unsigned long long)c[COUNT_ICALL],
		(unsigned long long)c[COUNT_ICALL_MISS],
		(unsigned long long)c[COUNT_IJMP],
		(unsigned long long)c[COUNT_FOLLOW_MISS]);
}

void vxproc_free(vxproc *p)
{
	struct vxpriv *vp;

	if (!p)
		return;
	vp = p->priv;
	if (vp) {
		if (vp->stats)
			print_stats(vp);
		if (vp->count)
			print_counts(vp);
		vx_perfmap_write(vp);
		if (vx_current == vp)
			vx_current = NULL;
		vx_plugin_free(vp);
		vx_cache_free(vp);
		vx_mem_free(vp);
		vp->bk->fini(vp);
		free(vp->execfn);
		if (vp->stmem)
			vp->bk->unmap(vp->stmem, VX_PAGE + ST_SIZE);
		free(vp);
	}
	free(p);
}

/*
 * The size of the guest address space: while nothing is mapped, a whole
 * number of pages, 64 KiB at least, the backend's most at most.  A space
 * the backend reserved already (it had nothing mapped) is given back and
 * reserved anew at the next mapping.
 */
static int set_space(struct vxpriv *vp, uint64_t value)
{
	if (vp->mem->mapped || vx_mem_shared(vp)) {
		vx_seterr(vp, "VXLIMIT_SPACE: the guest has memory mapped");
		errno = EBUSY;
		return -1;
	}
	if (value < (64u << 10) || value > vp->bk->space_max ||
	    (value & (VX_PAGE - 1))) {
		vx_seterr(vp, "VXLIMIT_SPACE: 0x%llx is not a multiple of 4 KiB "
			  "between 64 KiB and 0x%llx (%s backend)",
			  (unsigned long long)value,
			  (unsigned long long)vp->bk->space_max, vp->bk->name);
		errno = EINVAL;
		return -1;
	}
	if (vp->bk->id == VX32_BACKEND_SEG) {
		if (vp->base)
			vp->bk->release(vp);
		vp->mem->base = NULL;
		vx_backend_promise(value - vp->promised);
		vp->promised = value;
	}
	vp->space = vp->mem->space = value;
	return 0;
}

int vxproc_setlimit(vxproc *p, int limit, uint64_t value)
{
	struct vxpriv *vp = p->priv;

	switch (limit) {
	case VXLIMIT_MEMORY:
		if (value > VX_4G)
			value = VX_4G;
		vp->mem->limit = value;
		return 0;
	case VXLIMIT_CODECACHE:
		return vx_cache_set_limit(vp, value);
	case VXLIMIT_STACK:
		if (value < VX_PAGE || value > (1u << 30))
			break;
		vp->stack_limit = (value + VX_PAGE - 1) & ~(uint64_t)(VX_PAGE - 1);
		return 0;
	case VXLIMIT_CPUTIME:
		return vx_limit_set_cputime(vp, value);
	case VXLIMIT_SPACE:
		return set_space(vp, value);
	}
	errno = EINVAL;
	return -1;
}

uint64_t vxproc_getlimit(vxproc *p, int limit)
{
	struct vxpriv *vp = p->priv;

	switch (limit) {
	case VXLIMIT_MEMORY: return vp->mem->limit;
	case VXLIMIT_CODECACHE: return vp->cache_limit;
	case VXLIMIT_STACK: return vp->stack_limit;
	case VXLIMIT_CPUTIME: return vp->cpu_limit;
	case VXLIMIT_SPACE: return vp->space;
	}
	return 0;
}

int vxproc_setopt(vxproc *p, int opt, long value)
{
	switch (opt) {
	case VXOPT_RDTSC:
		p->priv->opt_rdtsc = value != 0;
		return 0;
	case VXOPT_SYMBOLS:
		p->priv->opt_nosyms = value == 0;
		return 0;
	}
	errno = EINVAL;
	return -1;
}

/* MXCSR bits this CPU implements (fxsave's MXCSR_MASK; 0 means 0xffbf). */
static uint32_t mxcsr_mask(void)
{
	static uint32_t mask;
	uint8_t fx[512] __attribute__((aligned(16)));

	if (!mask) {
		memset(fx, 0, sizeof fx);
		__asm__ volatile("fxsave %0" : "=m"(fx));
		memcpy(&mask, fx + 28, 4);
		if (!mask)
			mask = 0xffbf;
	}
	return mask;
}

void vxproc_getfpstate(vxproc *p, void *fxsave512)
{
	memcpy(fxsave512, p->priv->st + ST_FXSAVE, 512);
}

void vxproc_setfpstate(vxproc *p, const void *fxsave512)
{
	uint8_t *fx = p->priv->st + ST_FXSAVE;
	uint32_t mxcsr;

	memcpy(fx, fxsave512, 512);
	/* fxrstor of reserved MXCSR bits would #GP in vx_enter. */
	memcpy(&mxcsr, fx + 24, 4);
	mxcsr &= mxcsr_mask();
	memcpy(fx + 24, &mxcsr, 4);
}

void vxproc_getstats(vxproc *p, struct vxstats *s)
{
	struct vxpriv *vp = p->priv;

	s->translations = vp->ntrans;
	s->flushes = vp->nflush;
	s->cache_used = vp->cache_used;
	s->cpu_ns = vp->cpu_used;
}
