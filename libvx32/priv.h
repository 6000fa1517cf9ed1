/*
 * priv.h - library-internal structures shared by the libvx32 sources.
 */
#ifndef VX32_PRIV_H
#define VX32_PRIV_H

#include <signal.h>
#include <stdint.h>
#include <time.h>
#include "vx32.h"
#include "state.h"
#include "decode.h"

#define VX_PAGE		4096u
#define VX_PAGES	(1u << 20)		/* guest pages in 4 GiB */
#define VX_GUARD	(1u << 20)		/* guard tail after 4 GiB */
#define VX_4G		(1ull << 32)

/* pageflags[] bits: guest permissions plus translator state. */
#define PG_PERM		(VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC)
#define PG_CODE		0x10	/* translated: host copy write-protected */
#define PG_MAPPED	0x20	/* mapped (counted, contents kept), even
				   with no permission */
#define PG_SNAP		0x40	/* as in the snapshot (snapshot.c): host
				   copy write-protected until changed */
#define PG_SHARED	0x80	/* the host's shared memory (vxmem_mapshared) */
#define PG_NOWRITE	0x08	/* ... which cannot be made writable */

/* Exit reasons, as translated code leaves them in %r9 (see run.c). */
#define EXIT_LOOKUP	0		/* r8d = guest target EIP */
#define EXIT_TRAP	0x10000		/* | trap code; r8d = guest EIP */
#define EXIT_HELPER	0x20000		/* r8d = EIP of the instruction */
#define EXIT_IS_LINK(r9) ((r9) >= 0x100000)	/* r9 = patch site */
/* st->exit_kind: which exit function left (see state.h). */
#define EXIT_KIND_NORMAL 0
#define EXIT_KIND_LEARN	1	/* r9 = predicted-branch site, r8 = eip */

/* The flags a guest sees and may set (CF PF AF ZF SF DF OF), kept in
   the host's flags while it runs; and the ones kept only in a shadow
   (vxstate.xflags), never in the host's flags: TF (single-stepping is
   the run loop's, run.c), NT (only iret looks at it), AC and ID (CPU
   detection).  XFLAGS16: those a 16-bit popf or iret may change. */
#define GUEST_FLAGS	0x0cd5
#define XFLAGS		0x244100
#define XFLAGS16	(XFLAGS & 0xffff)
#define F_TF		0x0100
#define F_DF		0x0400
#define F_NT		0x4000

/* vxpriv.trace: why blocks are one instruction long and never chained
   (every block returns to the run loop). */
#define TRACE_LOG	1	/* VX32_TRACE: log each block */
#define TRACE_STEP	2	/* the guest's TF: a debug trap after each
				   instruction (run.c) */

/* Segment selectors a guest sees (Linux i386 user values). */
#define SEL_CS		0x23
#define SEL_DS		0x2b
#define SEL_TLS0	0x33		/* GDT entries 6..8, RPL 3 */
#define VX_NTLS		3

/* Whether direct calls are followed into short callees (translate.c). */
enum { FOLLOW_ON, FOLLOW_OFF, FOLLOW_CHECK };
enum { LEAF_NO, LEAF_MAYBE, LEAF_YES };

/* A translated basic block. */
struct frag {
	uint32_t eip;		/* guest address of the first instruction */
	uint32_t eip_end;	/* one past the last guest byte */
	uint8_t *host;		/* translated code */
	uint32_t host_len;
	uint32_t map;		/* its map: bytes [map, map + nmap) of */
	uint32_t nmap;		/* vxpriv.map (struct mapent) */
	uint16_t misses;	/* indirect branches to it that missed the
				   inline table (run.c), up to 0xffff */
	/* LEAF_*: whether a call to it is worth following (translate.c) */
	uint8_t leaf;
	/* It followed calls into callees elsewhere: vxpriv.callees */
	uint8_t followed;
};

/* The guest bytes of the callees a fragment's calls were followed into
   (translate.c): [eip, eip_end) encloses them all. */
struct callee_range {
	uint32_t frag;		/* index in vxpriv.frags */
	uint32_t eip, eip_end;
};

/*
 * Host offset -> guest EIP, one entry per translated instruction, in
 * the order of both.  Stored compressed (translate.c: add_map, cache.c:
 * vx_map_next), since a fragment's entries are read only when a fault,
 * a signal or self-modifying code stops it there, while every
 * translated instruction writes one: each entry is its differences from
 * the one before (the first's from 0, frag->eip and 0), mostly two
 * bytes against eight as a structure (python's start-up translates
 * 290 000 instructions: 0.6 MiB of map instead of 2.3 MiB to fault in):
 *
 *   byte 0: host_off increase, 0-254; 255: a u16 host_off follows
 *   byte 1: bits 0-3: eip increase, 0-14; 15: a u32 eip follows
 *           bits 4-7: esp_delta change / 4, signed, -7..7; -8: an i16
 *           esp_delta follows (after the eip, if both)
 *
 * (little-endian, unaligned).  vx_map_next reads them.
 */
struct mapent {
	uint32_t host_off;	/* offset from frag->host */
	int esp_delta;		/* guest esp = %esp + esp_delta here */
	uint32_t eip;
};

struct mapiter {
	const uint8_t *p, *end;
	struct mapent e;	/* the entry read last */
};

/* Start reading f's map; vx_map_next then returns each entry (0 at the
   end). */
static inline void vx_map_begin(struct mapiter *it, const uint8_t *map,
				const struct frag *f)
{
	it->p = map + f->map;
	it->end = it->p + f->nmap;
	it->e = (struct mapent){ 0, 0, f->eip };
}

int vx_map_next(struct mapiter *it);

/* A patchable direct exit: jmp/jcc rel32 at site, slow stub at stub,
   both as offsets into the code cache (a few bytes per translated
   instruction: half the pages of two pointers). */
struct link {
	uint32_t site;
	uint32_t stub;
};

struct vxbackend;
struct vxxlate;

/*
 * A guest memory, shared by the vxprocs that are threads of one guest
 * (vxproc_clone): the address space, the page flags, what is mapped and
 * its limit.  Each vxproc keeps copies of base, space and pageflags (they
 * never change while shared) and its own code cache; lock (a spinlock,
 * taken also in the fault handler, never while guest code runs) orders
 * changes of page flags with their host protections, and the list of
 * sharers, so that a write to translated code in one thread invalidates
 * every sharer's translations.
 */
struct vxmem {
	int refs;
	volatile int lock;
	uint8_t *base;		/* as vxpriv.base; NULL until reserved */
	uint64_t space;
	uint8_t *pageflags;
	uint64_t mapped;	/* bytes mapped, with or without access */
	uint64_t limit;		/* VXLIMIT_MEMORY */
	struct vxpriv *sharers;	/* linked by vxpriv.mem_next */
	uint64_t gen;		/* raised when translated code may be stale */
	uint32_t shared;	/* pages of the host's shared memory */
};

/* VX32_COUNT's counters, u64 each at ST_COUNT + 8 * n (doc/api.md). */
enum vxcount {
	COUNT_RET,		/* guest rets (not of a followed call) */
	COUNT_RET_MISS,		/* ... whose site's learned target differed */
	COUNT_ICALL,		/* indirect calls */
	COUNT_ICALL_MISS,	/* ... whose site's learned target differed */
	COUNT_IJMP,		/* indirect jumps (each a probe) */
	COUNT_FOLLOW_MISS,	/* followed calls' rets that went elsewhere */
	NCOUNT
};

struct vxpriv {
	vxproc *proc;
	const struct vxbackend *bk;	/* flat or seg (backend.h) */
	const struct vxxlate *xl;	/* bk->xl */

	/* Guest memory (mem.c): shared with the guest's other threads. */
	struct vxmem *mem;
	struct vxpriv *mem_next;	/* the next sharer */
	uint8_t *base;		/* host address of guest address 0, or NULL
				   while no space is reserved (seg) */
	uint64_t space;		/* guest addresses are [0, space)
				   (VXLIMIT_SPACE) */
	uint8_t *pageflags;	/* VX_PAGES entries */
	uint64_t stack_limit;

	/* State block (state.h), preceded by the poll page. */
	uint8_t *stmem;		/* mmap: poll page + state block */
	uint8_t *st;		/* value of %r15 in translated code */

	/* Code cache (cache.c). */
	uint8_t *cache;
	size_t cache_size;	/* bytes mapped */
	size_t cache_limit;	/* VXLIMIT_CODECACHE */
	size_t cache_used;
	struct frag *frags;	/* in host-address order */
	unsigned nfrags, maxfrags;
	struct callee_range *callees;	/* in fragment order */
	unsigned ncallees, maxcallees;
	/* A filter of the EIPs of fragments that may be leaves (LEAF_MAYBE
	   at translation): a clear bit spares a call site the lookup. */
	uint64_t leafbits[1024];
	unsigned nleaves;
	uint8_t *map;		/* fragments' maps (struct mapent) */
	unsigned nmap, maxmap;	/* bytes */
	unsigned nmapent;	/* entries in it (VX32_STATS) */
	struct link *links;
	unsigned nlinks, maxlinks;
	struct fslot {		/* guest EIP -> frag index+1 (0: empty), */
		uint32_t eip, idx;	/* open addressing (cache.c) */
	} *fhash;
	unsigned fhash_size;	/* power of two */
	unsigned fhash_used;	/* slots in use */
	int inline_dirty;	/* entries added since last emptied */
	int seg_baked;		/* a fragment since the last flush has a
				   selector or fs/gs base in it (seg.c) */
	uint8_t *smc_stub;	/* string routine return after SMC */
	int smc_step;		/* single-stepping to an insn boundary */
	uint32_t *codepages;	/* pages marked PG_CODE */
	unsigned ncodepages, maxcodepages;
	int flush_pending;	/* set by signal handler (self-modifying code) */
	uint64_t seen_gen;	/* vxmem.gen at this cache's last flush */
	uint64_t nflush;	/* statistics */
	uint64_t ntrans;
	uint64_t xl_ns;		/* VX32_STATS: time spent in vx_translate */
	uint64_t nxcache;	/* of ntrans, installed from the xcache */
	uint64_t nfollow;	/* calls followed into callees */
	uint64_t nfollow_free;	/* of those, returns left unchecked */
	struct vx32_xcache *xcache;	/* vxproc_setxcache (xcache.c) */
	struct vximageid imageid;	/* vxproc_setimageid, for the */
	int has_imageid;		/*   next load only */
	/* Exits from translated code by kind (VX32_STATS, proc.c). */
	uint64_t nexit_link, nexit_learn, nexit_lookup, nexit_helper;
	uint64_t nexit_syscall, nexit_trap, nexit_irq;
	int stats;		/* VX32_STATS: print them at vxproc_free */
	int perfmap;		/* VX32_PERFMAP: perfmap.c */
	int follow;		/* VX32_FOLLOW: FOLLOW_* (translate.c) */

	/* Seg backend: LDT entries + 1 (0: none); address space promised
	   to this guest while not reserved (backend.c: auto). */
	int ldt_state, ldt_data;
	uint64_t promised;

	/* Segments (seg.c). */
	uint16_t sel[6];	/* es cs ss ds fs gs */
	uint32_t tls_base[VX_NTLS];
	uint8_t tls_used[VX_NTLS];

	/* Auxiliary-vector overrides (elf.c). */
#define VX_NAUX 8
	uint32_t auxval[VX_NAUX];
	uint8_t auxset[VX_NAUX];
	char *execfn;		/* vxproc_setexecfn, or NULL */

	/* CPU-time limit (limit.c); the watch fields are under its lock. */
	uint64_t cpu_limit;	/* ns, 0: none */
	uint64_t cpu_used;	/* ns charged by finished runs */
	uint64_t run_start;	/* run_clock at entry to the current run */
	clockid_t run_clock;	/* CPU clock of the running thread */
	uint64_t left_at;	/* run_clock when the last run returned */
	int left_valid;
	struct vxpriv *watch_next;
	volatile int limit_hit;

	/* Plug-ins: the image's symbols (symbols.c), the call API's
	   state (call.c), the snapshot (snapshot.c); NULL until used. */
	struct vxsyms *syms;
	struct vxcallctx *call;
	struct vxsnap *snap;

	/* Control. */
	volatile sig_atomic_t interrupt;
	int opt_rdtsc;
	int opt_nosyms;		/* VXOPT_SYMBOLS 0: loads keep no table */
	int trace;		/* TRACE_*: one instruction per block */
	int learn_first;	/* VX32_LEARN=first: predicted branches
				   learn their first target (translate.c) */
	int count;		/* VX32_COUNT: translated code counts its
				   indirect branches (flat; ST_COUNT) */
	char err[256];
};

/* The state block as C sees it; offsets are checked against state.h. */
struct vxstate {
	struct vxcpu cpu;
	uint64_t host_rsp;
	uint64_t exit_r8, exit_r9, exit_r10;
	uint64_t guest_base;
	uint64_t target;
	uint32_t host_mxcsr;
	uint16_t host_fcw;
	uint8_t fp_live, fp_soft;
	uint64_t exit_fn;
	uint64_t flags_slot;
	uint64_t xflags;	/* AC and ID bits the guest set with popf */
	uint8_t private_stack[ST_STACK_TOP - ST_STACK_LO];
	uint64_t learn_fn;
	uint64_t exit_kind;
	/* Seg backend (state.h: ST_SEG_*). */
	uint32_t seg_save_b, seg_save_c, seg_tmp, seg_popf;
	uint32_t seg_exitfar[2], seg_learnfar[2];
	uint32_t seg_ssesp[2], seg_saveesp[2], seg_privfar[2];
	uint16_t seg_dsel, seg_stsel;
	uint16_t seg_hostds, seg_hostes, seg_pad16, seg_hostss;
	uint32_t seg_pad;
	uint64_t seg_self, seg_exitfn;
	uint64_t seg_frame[2];
	uint32_t seg_frame_flags;
};
#define ST_XFLAGS	120

static inline struct vxstate *vx_state(struct vxpriv *vp)
{
	return (struct vxstate *)vp->st;
}

/* mem.c */
/* Attach vp to a new memory, or to share's (a thread of it). */
int vx_mem_init(struct vxpriv *vp, struct vxpriv *share);
void vx_mem_free(struct vxpriv *vp);
/* Other sharers of vp's memory must drop their translations before they
   run again (they are interrupted to do so).  Async-signal-safe. */
void vx_mem_poke_sharers(struct vxpriv *vp);
/* Is vp's memory shared with another thread of the guest? */
static inline int vx_mem_shared(struct vxpriv *vp)
{
	return vp->mem->refs > 1;
}
void vx_mem_forked(struct vxpriv *vp);
void vx_mem_lock(struct vxmem *m);
void vx_mem_unlock(struct vxmem *m);
/* Reserve the address space now (before a thread shares it). */
int vx_mem_reserve(struct vxpriv *vp);
/* Must vp drop its translations before it runs guest code again? */
static inline int vx_code_stale(struct vxpriv *vp)
{
	return vp->flush_pending ||
	       __atomic_load_n(&vp->mem->gen, __ATOMIC_ACQUIRE) != vp->seen_gen;
}

/* run.c: make vp leave guest code at its next block boundary and look at
   its cache (vx_code_stale), without a trap for the host.
   Async-signal-safe. */
void vx_poke(struct vxpriv *vp);
int vx_mem_protect_code(struct vxpriv *vp, uint32_t lo, uint32_t hi);
void vx_mem_unprotect_code(struct vxpriv *vp, uint32_t page);
void vx_mem_reset_code(struct vxpriv *vp);
int vx_mem_prepare_write(struct vxpriv *vp, uint32_t addr, uint32_t len);
int vx_mem_apply_prot(struct vxpriv *vp, uint32_t p0, uint32_t p1);
int vx_mem_host_prot(int flags);
/* signal.c: a SIGBUS in host code at a page of a host mapping whose
   object shrank: the page is replaced by zeros and 1 returned (the
   access runs again), else 0.  Async-signal-safe. */
int vx_mem_lost_page(struct vxpriv *vp, const siginfo_t *si);
/* A fault in vx_guest_copy on the guest memory it is armed for: resume
   at its fixup (or, for a shrunk file, on zeros); 0 if not one. */
int vx_copy_fault(int sig, const siginfo_t *si, ucontext_t *uc);
int vx_guest_copy(void *dst, const void *src, size_t n);
extern const uint8_t vx_guest_copy_insn[], vx_guest_copy_fixup[];
/* mem.c: vxmem_map of host descriptor fd's pages from off (page-aligned)
   on, private (copy-on-write) */
int vx_mem_map_private(struct vxpriv *vp, uint32_t addr, uint32_t len,
		       int perm, int fd, uint64_t off);

/* xcache.c: program images shared by a process tree.  An ELF image
   (headers checked by elf.c) whose loadable segments span guest pages
   [lo, hi) at bias: mapped (readable and writable) from an identical
   one stored before, 1; or 0, nothing done.  Then, for an image the
   caller copied into [lo, hi) itself: marked as seen, or stored.
   id, if not NULL: the identity the host gave for the image's file;
   read_ns the time (CLOCK_REALTIME) the copy began. */
int vx_xcache_image_map(struct vxpriv *vp, const uint8_t *img,
			uint32_t lo, uint32_t hi, uint32_t bias,
			const struct vximageid *id);
void vx_xcache_image_add(struct vxpriv *vp, const uint8_t *img,
			 uint32_t lo, uint32_t hi, uint32_t bias,
			 const struct vximageid *id, int64_t read_ns);

/* snapshot.c: pages leaving their snapshot state (see there) */
void vx_snap_layout(struct vxpriv *vp, uint32_t p0, uint32_t p1, int unmap);
void vx_snap_write(struct vxpriv *vp, uint32_t p0, uint32_t p1);
void vx_snap_write_fault(struct vxpriv *vp, uint32_t pg);

/* cache.c */
int vx_cache_init(struct vxpriv *vp);
void vx_cache_free(struct vxpriv *vp);
struct frag *vx_cache_lookup(struct vxpriv *vp, uint32_t eip);
struct frag *vx_cache_find_host(struct vxpriv *vp, const uint8_t *host);
uint32_t vx_cache_host_to_eip(struct vxpriv *vp, const uint8_t *host,
			      int *esp_delta);
void vx_cache_flush(struct vxpriv *vp);
void vx_perfmap_write(struct vxpriv *vp);	/* perfmap.c */
void vx_fp_settle(struct vxpriv *vp);		/* run.c */
int vx_cache_set_limit(struct vxpriv *vp, size_t limit);
void vx_cache_invalidate(struct vxpriv *vp);
void vx_cache_hash_insert(struct vxpriv *vp, struct frag *f);
void vx_cache_inline_insert(struct vxpriv *vp, struct frag *f);
int vx_cache_add_link(struct vxpriv *vp, uint8_t *site, uint8_t *stub);
struct frag *vx_cache_commit(struct vxpriv *vp, uint32_t eip,
			     uint32_t eip_end, const uint8_t *code,
			     uint8_t *host, const uint8_t *end, unsigned map0);
void vx_cache_chain(struct vxpriv *vp, uint8_t *site, uint32_t target);

/* translate.c: translate the block at eip; returns the fragment, or NULL
   with *trap set (page fault on instruction fetch) */
struct frag *vx_translate(struct vxpriv *vp, uint32_t eip, int *trap);
/* translate.c: copy the guest's instruction bytes at eip (up to 15, as
   far as they are executable) to buf, once; returns the count */
unsigned vx_fetch_insn(struct vxpriv *vp, uint32_t eip, uint8_t buf[15]);
/* translate.c: a predicted-branch site learns its target f (at eip) */
void vx_predict_learn(struct vxpriv *vp, uint8_t *site, uint32_t eip,
		      const struct frag *f);

/* No trap: VXTRAP_DIVIDE is 0, so "no trap" needs its own value. */
#define VX_NOTRAP	(-1)

/* helper.c: emulate the instruction at cpu->eip; VX_NOTRAP or a trap */
int vx_helper(struct vxpriv *vp, const struct vxinsn *in);
void vx_cpuid(struct vxpriv *vp, uint32_t leaf, uint32_t sub, uint32_t r[4]);

/* seg.c */
int vx_seg_load(struct vxpriv *vp, int sreg, uint16_t sel);
int vx_seg_base(struct vxpriv *vp, int sreg, uint32_t *base);

/* signal.c */
int vx_signal_setup(void);
int vx_altstack_ensure(void);
extern __thread struct vxpriv *vx_current
	__attribute__((tls_model("initial-exec")));

/* trampoline.S and string.S */
void vx_enter(uint8_t *st, const uint8_t *target);
extern uint8_t vx_exit[], vx_exit_learn[], vx_sigexit[];
/* segtramp.S */
void vx_seg_enter(uint8_t *st, const uint8_t *target);
extern uint8_t vx_seg_exit[], vx_seg_sigexit[];
extern const uint8_t vx_seg_lowcode[];
extern const uint32_t vx_seg_lowcode_offs[4];	/* entry32, exit64,
						   exit64_learn, size */
extern uint8_t vx_string_begin[], vx_string_pushf[], vx_string_end[];

/* limit.c */
uint64_t vx_clock_ns(clockid_t clk);	/* clock_gettime in ns, 0 on error */
int vx_limit_enter(struct vxpriv *vp);
void vx_limit_leave(struct vxpriv *vp);
int vx_limit_trap(struct vxpriv *vp, int trap);
int vx_limit_set_cputime(struct vxpriv *vp, uint64_t ns);

/* symbols.c: the symbol table of the file an image was loaded from */
void vx_syms_load(struct vxpriv *vp, const void *img, size_t size,
		  uint32_t bias);
void vx_syms_free(struct vxpriv *vp);

/* call.c: an image was loaded (from the file img, at bias); free what
   the plug-in calls (symbols, call state, snapshot) hold */
void vx_plugin_loaded(struct vxpriv *vp, const void *img, size_t size,
		      uint32_t bias);
void vx_plugin_free(struct vxpriv *vp);

/* proc.c */
void vx_seterr(struct vxpriv *vp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
