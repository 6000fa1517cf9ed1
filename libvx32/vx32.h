/*
 * vx32.h - run untrusted 32-bit x86 code inside the host process.
 *
 * A host creates a guest process (vxproc), loads an i386 ELF image into it
 * (or fills its memory by hand), and calls vxproc_run() until the guest
 * traps.  The guest can read and write only its own 4 GiB address space and
 * can execute only code that the library has translated; every way out of
 * the sandbox (int n, syscall, sysenter, faults, host interrupts) comes back
 * to the host as a trap code from vxproc_run().
 *
 * Threading: every call that takes a vxproc must not run concurrently with
 * another call on the same vxproc, with the single exception of
 * vxproc_interrupt(), which may be called from any thread or from a signal
 * handler at any time.  Different vxprocs may run on different threads at
 * the same time, also vxprocs that share one guest memory (the threads of
 * one guest, made with vxproc_clone()): the vxmem_* calls on any of them
 * act on that memory and may run while the others run guest code.
 *
 * Errors: calls that can fail return -1 (or NULL) and set errno; when a
 * vxproc is involved, vxproc_error() gives a one-line human-readable reason
 * (e.g. "ELF: e_machine is 62 (x86-64), not 3 (i386)").
 */
#ifndef VX32_H
#define VX32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Guest general registers, numbered in Intel encoding order. */
enum {
	EAX = 0, ECX = 1, EDX = 2, EBX = 3,
	ESP = 4, EBP = 5, ESI = 6, EDI = 7
};

/*
 * Guest CPU state.  Valid for reading and writing by the host whenever
 * vxproc_run() is not executing.  eflags holds the arithmetic flags
 * (CF PF AF ZF SF OF), DF, TF (single-step: see VXTRAP_DEBUG), NT (kept,
 * without effect but for iret), and the AC and ID bits as a guest set them
 * with popf (kept for CPU detection, without effect); IF and bit 1 read
 * as 1; other bits written by the host are ignored.
 * traperr and trapva describe the last trap: for VXTRAP_PAGEFAULT, trapva
 * is the guest address whose access failed and traperr has bit 1 set for a
 * write and bit 4 set for an instruction fetch (as Intel's error code),
 * or VXPF_BUS;
 * for VXTRAP_PROTECTION traperr is Intel's #GP error code (the selector
 * of a refused segment load or far transfer, with its RPL bits clear;
 * otherwise 0); for VXTRAP_DEBUG it is VXDEBUG_STEP after a single step
 * (0 for int1).  traperr is 0 after every other trap; trapva keeps the
 * address of the last page fault.
 */
struct vxcpu {
	uint32_t reg[8];
	uint32_t eip;
	uint32_t eflags;
	uint32_t traperr;
	uint32_t trapva;
};

/*
 * Trap codes returned by vxproc_run().  CPU exceptions use Intel's vector
 * numbers; eip then points at the faulting instruction, except for
 * VXTRAP_BREAKPOINT (int3), where it points after it, as on hardware.
 */
#define VXTRAP_DIVIDE		0x00	/* div/idiv by zero or overflow */
#define VXTRAP_DEBUG		0x01	/* int1 (icebp), or a single step
					   (TF): eip after the instruction */
#define VXTRAP_BREAKPOINT	0x03	/* int3 */
#define VXTRAP_OVERFLOW		0x04	/* into with OF set, int $4; eip
					   after the instruction */
#define VXTRAP_BOUND		0x05	/* bound range exceeded */
#define VXTRAP_INVALID		0x06	/* invalid or unsupported opcode */
#define VXTRAP_PROTECTION	0x0d	/* privileged/forbidden instruction,
					   far transfer, segment load */
#define VXTRAP_PAGEFAULT	0x0e	/* access to guest memory without
					   the needed permission */
#define VXTRAP_FPOINT		0x10	/* unmasked x87 exception */
#define VXTRAP_ALIGN		0x11	/* alignment check */
#define VXTRAP_SIMD		0x13	/* unmasked SSE exception */
#define VXTRAP_CPU_MAX		0x1f

/* traperr of a VXTRAP_PAGEFAULT at a page mapped with vxmem_mapshared
   whose object has nothing there any more (a file mapping past the end of
   its truncated file): Linux's SIGBUS, BUS_ADRERR.  Not Intel's. */
#define VXPF_BUS		0x8000

/* traperr of a VXTRAP_DEBUG that is a single step (DR6.BS). */
#define VXDEBUG_STEP		0x4000

/* Categories: the low byte carries a number. */
#define VXTRAP_IRQ		0x100	/* host interrupt: VXTRAP_IRQ + 0 is
					   vxproc_interrupt() */
#define VXTRAP_SOFT		0x200	/* int n: VXTRAP_SOFT + n; eip points
					   after the instruction */
#define VXTRAP_SYSCALL		0x300	/* syscall or sysenter; eip after */
#define VXTRAP_SIGNAL		0x400	/* unexpected host signal + signo */
#define VXTRAP_LIMIT		0x500	/* a resource limit (VXLIMIT_*) */

#define VXTRAP_CATEGORY(t)	((t) & ~0xff)
#define VXTRAP_NUMBER(t)	((t) & 0xff)

/* Guest memory permissions. */
#define VXPERM_READ	1
#define VXPERM_WRITE	2
#define VXPERM_EXEC	4

/* Resource limits for vxproc_setlimit(). */
enum vxlimit {
	VXLIMIT_MEMORY = 1,	/* bytes of guest memory that may be mapped
				   (default: 4 GiB, i.e. unlimited) */
	VXLIMIT_CODECACHE = 2,	/* bytes of translated code; when full the
				   cache is flushed, never an error
				   (default 32 MiB, minimum 256 KiB) */
	VXLIMIT_STACK = 3,	/* bytes of stack set up by the ELF loader
				   (default 8 MiB) */
	VXLIMIT_CPUTIME = 4,	/* nanoseconds of CPU time the guest may
				   use (0, the default: unlimited): the
				   calling thread's time inside
				   vxproc_run(), and between consecutive
				   runs on the same thread (the host
				   serving the guest).  When
				   spent, vxproc_run() returns VXTRAP_LIMIT +
				   VXLIMIT_CPUTIME at an instruction
				   boundary, and at once on later calls.
				   Setting it starts a fresh budget.
				   Enforced by a library watchdog thread,
				   within about 10 ms; uses no signal. */
	VXLIMIT_SPACE = 5,	/* bytes of guest address space: guest
				   addresses are [0, SPACE), vxmem_map
				   beyond fails, the ELF loader puts the
				   stack below min(SPACE, 0xc0000000), and
				   an access beyond traps as a page fault.
				   A multiple of 4 KiB from 64 KiB; set
				   only while nothing is mapped (EBUSY).
				   Default and most: 4 GiB on the flat
				   backend, 3 GiB (0xc0000000) on seg,
				   where several guests share the host's
				   low 4 GiB and smaller spaces let more
				   of them live at once. */
};

/* Options for vxproc_setopt(). */
enum vxopt {
	VXOPT_RDTSC = 1,	/* nonzero: rdtsc reads the host TSC;
				   zero (default): rdtsc traps as
				   VXTRAP_PROTECTION, so a guest sees no
				   host clock */
	VXOPT_SYMBOLS = 2,	/* nonzero (default): the loaders keep
				   the image's symbol table for
				   vxproc_sym() and vxproc_symname();
				   zero: they keep none (both then find
				   nothing, saying why), which spares a
				   host that never asks copying the table
				   at every load (~90 us for a static
				   glibc program) */
};

/* What the ELF loader left in memory; filled by vxproc_loadelf*(). */
struct vxloadinfo {
	uint32_t entry;		/* e_entry */
	uint32_t image_lo;	/* lowest address of any PT_LOAD segment */
	uint32_t image_hi;	/* page-rounded end of the highest segment:
				   a natural start for a program break */
	uint32_t phdr;		/* guest address of the program headers */
	uint32_t phnum;
	uint32_t stack_lo;	/* lowest mapped stack address */
	uint32_t stack_hi;	/* one past the highest stack address */
	/* Set by vxproc_loadelfinterp(), 0 otherwise: */
	uint32_t interp_lo;	/* the interpreter's image, page-rounded */
	uint32_t interp_hi;
	uint32_t interp_entry;	/* where the guest starts (eip) */
};

typedef struct vxproc vxproc;

/*
 * A guest process.  The host may use the public fields; the rest is
 * private to the library.
 */
struct vxproc {
	struct vxcpu *cpu;	/* guest registers */
	void *user;		/* free for the host's use */
	struct vxloadinfo load;	/* valid after a successful ELF load */
	struct vxpriv *priv;	/* library-private state */
};

/*
 * Library set-up.  vx32_siginit() installs the library's handlers for
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP (chaining to previously
 * installed handlers for faults outside guest code) and gives the calling
 * thread an alternate signal stack.  vx32_init() does that plus checks that
 * the host CPU and kernel support the flat backend.  Both are idempotent
 * and return 0 or -1.  Every thread that calls vxproc_run() needs a
 * sigaltstack; vxproc_run() installs one itself when the thread has none.
 */
int vx32_init(void);
int vx32_siginit(void);

/*
 * Backends: how the library confines a guest (doc/design.md).
 *
 *   VX32_BACKEND_FLAT  64-bit translated code; guest memory addressed as
 *                      %gs: + 32-bit arithmetic.  Works on every x86-64
 *                      Linux.  Guest address space: 4 GiB.
 *   VX32_BACKEND_SEG   the classic design: 32-bit translated code in a
 *                      compatibility-mode code segment, guest memory in
 *                      an LDT data segment whose limit the CPU checks.
 *                      Needs a host that honours LDT selectors and 32-bit
 *                      code segments, which the library probes at run
 *                      time; guest memory lies below 4 GiB of the host's
 *                      address space, so a guest has at most 3 GiB
 *                      (VXLIMIT_SPACE) and the guests of one process
 *                      share that room.
 *   VX32_BACKEND_AUTO  the faster where both work: flat (doc/perf.md:
 *                      seg is slower on calls, returns, indirect
 *                      branches and guest-host round trips).
 *
 * The choice applies to guests allocated afterwards.  The default comes
 * from the environment variable VX32_BACKEND (flat, seg or auto), else
 * auto.  vx32_setbackend() returns 0, or -1 with errno EINVAL (unknown
 * value) or ENOTSUP (seg on a host that refuses it; vxproc_error(NULL)
 * says why).  vx32_backend() is what a guest allocated now would get
 * (FLAT or SEG), or -1 when that is seg and the host refuses it;
 * vxproc_backend() is what p got.  vx32_backendname() gives "flat", "seg"
 * or "auto".
 */
#define VX32_BACKEND_AUTO	0
#define VX32_BACKEND_FLAT	1
#define VX32_BACKEND_SEG	2
int vx32_setbackend(int backend);
int vx32_backend(void);
int vxproc_backend(vxproc *p);
const char *vx32_backendname(int backend);

/* Allocate an empty guest (no memory mapped, registers zero), or NULL
   with errno set (vxproc_error(NULL) says why). */
vxproc *vxproc_alloc(void);

/* Free a guest and everything it owns.  NULL is a no-op. */
void vxproc_free(vxproc *p);

/*
 * Another thread of p's guest: a new vxproc that shares p's memory (its
 * pages, permissions, VXLIMIT_MEMORY and VXLIMIT_SPACE: a mapping made
 * through either is the other's too) and starts as a copy of p's CPU
 * state (registers, flags, segment registers and TLS descriptors, x87/SSE
 * state), with its own code cache (of p's VXLIMIT_CODECACHE) and its own
 * limits and options otherwise.  Each may run on its own host thread; a
 * guest write to code that another thread runs is seen by that thread at
 * its next basic-block boundary at the latest (the other thread is made
 * to leave guest code briefly, without a trap for the host).  The memory
 * lives until the last of its vxprocs is freed, whichever that is.
 * Returns NULL (errno, vxproc_error(NULL)) on failure; EBUSY if p has a
 * snapshot (vxproc_snapshot).
 */
vxproc *vxproc_clone(vxproc *p);

/*
 * In the child of a fork() by a host whose guest has several threads:
 * only the thread that forked exists in the child.  Call this on its
 * vxproc first; the other threads' vxprocs then share nothing and may be
 * freed (or leaked: they hold no guest memory).
 */
void vxproc_forked(vxproc *p);

/*
 * Run the guest from p->cpu->eip until it traps; returns the trap code
 * (VXTRAP_*), or -1 with errno set if the guest could not be run at all.
 * On return p->cpu holds the guest state at the trap.  To continue after
 * servicing a trap, adjust p->cpu and call vxproc_run() again.
 */
int vxproc_run(vxproc *p);

/*
 * Ask a running (or about-to-run) guest to stop.  Safe from any thread and
 * from signal handlers.  The guest stops at the next basic-block boundary
 * and vxproc_run() returns VXTRAP_IRQ with p->cpu exact at that boundary.
 */
void vxproc_interrupt(vxproc *p);

/* Discard all translated code of the guest (it is retranslated on need). */
void vxproc_flush(vxproc *p);

/*
 * The guest's x87/SSE state as a 512-byte fxsave image (Intel's layout),
 * e.g. for a signal frame or a checkpoint.  vxproc_setfpstate() keeps
 * the MXCSR bits the host CPU does not implement clear (the guest could
 * not set them either).  Only between runs.
 */
void vxproc_getfpstate(vxproc *p, void *fxsave512);
void vxproc_setfpstate(vxproc *p, const void *fxsave512);

/* Counters for tuning and for checking limits (vxproc_getstats()). */
struct vxstats {
	uint64_t translations;	/* basic blocks translated (not those
				   taken from an xcache) */
	uint64_t flushes;	/* code-cache flushes (full cache, code
				   written, vxproc_flush) */
	uint64_t cache_used;	/* bytes of translated code now cached */
	uint64_t cpu_ns;	/* CPU time charged to VXLIMIT_CPUTIME so
				   far (0 without that limit) */
};
void vxproc_getstats(vxproc *p, struct vxstats *s);

/* Last error message for p (never NULL; "" when none).  With p NULL:
   the last library-wide error (vx32_init, vx32_setbackend,
   vxproc_alloc). */
const char *vxproc_error(vxproc *p);

/* Set a resource limit (enum vxlimit).  Returns 0, or -1 and EINVAL. */
int vxproc_setlimit(vxproc *p, int limit, uint64_t value);
uint64_t vxproc_getlimit(vxproc *p, int limit);

/* Set an option (enum vxopt).  Returns 0, or -1 and EINVAL. */
int vxproc_setopt(vxproc *p, int opt, long value);

/*
 * Translations shared by a process tree.  A host that forks and runs
 * the same guest code in many children (a shell's commands, a build, a
 * test driver) has each child translate the same blocks again; for a
 * short program that is most of its run.  vx32_xcache_new() maps
 * `bytes` (2 MiB to 2 GiB, address space until used) of shared memory,
 * before the forks, so the host's children share it; a vxproc given it
 * with vxproc_setxcache() looks there before translating a block.  A
 * block's first translation only marks it as seen; its second, in any
 * vxproc using the xcache, stores it; later ones take it from there
 * instead of translating (vxstats.translations does not count those).
 * A stored translation is used only where every input of it is as it
 * was: the guest bytes it was made from (compared in full, and
 * executable now), the get-pc thunks it inlined, the segment selectors
 * and TLS bases it folded in.  Program images are shared the same way:
 * a vxproc_loadelf* of an image loaded twice before (with the xcache
 * set) maps the pages the loader made of it then, copy-on-write,
 * instead of copying the file again, where its ELF header, program
 * headers and every segment's bytes are compared equal in full.
 * Entries are never removed; once the memory is full nothing more is
 * added.  Only the flat backend shares (vxproc_setxcache() is a no-op
 * on seg); tracing and single-stepping neither look nor add.  The
 * memory is the host's: no guest can read or write it.  It does not
 * survive a host execve.  vxproc_setxcache(p, NULL) stops p using one;
 * vx32_xcache_free() unmaps it, once no vxproc uses it.  vxproc_clone()
 * passes p's on.
 * Returns NULL (errno: EINVAL, ENOMEM) or -1 (EINVAL: not an xcache).
 *
 * The memory is a memfd (where the kernel has them): the xcache holds
 * its host descriptor, close-on-exec, for mapping images.  A host that
 * hands guests descriptors of their own (vxlinux) moves it out of their
 * range with vx32_xcache_movefd(), to the lowest free number >= minfd,
 * before it forks; it returns the number, or -1 with errno (ENOENT: the
 * xcache has no memfd, and shares no images; EINVAL; EMFILE).  Images
 * are mapped only through a descriptor that is still that memfd.  The
 * memfd is named VX32_XCACHE_NAME: a guest's image pages mapped from it
 * show under that name in the host's /proc/self/maps (a host that shows
 * a guest its own mappings names them as its program instead).
 */
#define VX32_XCACHE_NAME	"vx32-xcache"
typedef struct vx32_xcache vx32_xcache;
vx32_xcache *vx32_xcache_new(size_t bytes);
int vx32_xcache_movefd(vx32_xcache *xc, int minfd);
void vx32_xcache_free(vx32_xcache *xc);
int vxproc_setxcache(vxproc *p, vx32_xcache *xc);

/*
 * The identity of the file the next vxproc_loadelf* of p takes its
 * program (not its interpreter) from, as the host's fstat() gives it,
 * for the xcache: comparing a program's bytes with a stored image costs
 * reading both (for a static glibc program, a tenth of a fork+exec).
 * An image stored under an identity whose change time was more than
 * VX32_IMAGEID_SETTLE seconds before its bytes were read is mapped again
 * for a load of the same identity after the headers alone are compared:
 * the host vouches that a file whose device, inode, size, modification
 * and change time are as they were holds the same bytes (every write
 * sets the change time to the present, which the settling time keeps
 * apart from the one recorded, whatever the filesystem's timestamp
 * granularity).  Any other image is compared in full.  Returns 0, or -1
 * (EINVAL: id NULL).
 */
#define VX32_IMAGEID_SETTLE	4
struct vximageid {
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
};
int vxproc_setimageid(vxproc *p, const struct vximageid *id);

/*
 * Load a static i386 ELF executable (ET_EXEC, or ET_DYN without PT_INTERP)
 * into an empty guest: map its segments with their permissions, map a
 * stack of VXLIMIT_STACK bytes below 0xc0000000 holding argc, argv, envp
 * and a Linux i386 auxiliary vector, and set eip = entry, esp = &argc.
 * argv and envp are NULL-terminated; either may be NULL.  Returns 0 or -1
 * (vxproc_error() says why: bad magic, wrong class or machine, dynamic
 * executable, segment outside the address space, memory limit ...).
 */
int vxproc_loadelffile(vxproc *p, const char *file,
		       const char *const *argv, const char *const *envp);
int vxproc_loadelfmem(vxproc *p, const void *image, size_t size,
		      const char *const *argv, const char *const *envp);

/*
 * Load a dynamically linked i386 executable (one with PT_INTERP) and its
 * program interpreter, whose image the host has found and read (the
 * library does not open files on the guest's behalf): the program as
 * vxproc_loadelfmem() does (a position-independent one at 0x56555000),
 * the interpreter (ET_DYN, or ET_EXEC at its own addresses; no PT_INTERP
 * of its own) ending 128 MiB below the top of the stack, as Linux i386
 * maps it without address randomisation.  The auxiliary vector says
 * where both are (AT_PHDR, AT_ENTRY of the program; AT_BASE of the
 * interpreter) and the guest starts at the interpreter's entry point;
 * load.interp_lo/hi/entry say where it went.  Returns 0 or -1 as
 * vxproc_loadelfmem() does, the interpreter's problems prefixed with
 * "interpreter: ".
 */
int vxproc_loadelfinterp(vxproc *p, const void *image, size_t size,
			 const void *interp, size_t isize,
			 const char *const *argv, const char *const *envp);

/*
 * Guest memory.  Addresses and lengths are guest values; a range may not
 * wrap past 4 GiB.  vxmem_map() maps [addr, addr+len) (page-rounded)
 * fresh and zero-filled with perm; vxmem_unmap() discards it.
 * vxmem_setperm() changes permissions, keeping contents; pages of the
 * range not mapped yet become mapped, zero-filled.  perm 0 in either
 * leaves the pages mapped but inaccessible to the guest and to the
 * vxmem_* accessors (like mprotect(PROT_NONE): the contents come back
 * with the next vxmem_setperm()).  Mapped pages, accessible or not,
 * count against VXLIMIT_MEMORY; both calls fail with ENOMEM beyond it.
 */
int vxmem_map(vxproc *p, uint32_t addr, uint32_t len, int perm);
int vxmem_unmap(vxproc *p, uint32_t addr, uint32_t len);
int vxmem_setperm(vxproc *p, uint32_t addr, uint32_t len, int perm);

/*
 * vxmem_discard() drops the contents of [addr, addr+len) (page-rounded)
 * as madvise(MADV_DONTNEED) does: private anonymous pages read back as
 * zeros, pages of a private file mapping (vxmem_mapshared) as the file
 * holds them now, shared memory as its object holds it.  Mappings and
 * permissions stay; 0, or -1 with errno.
 */
int vxmem_discard(vxproc *p, uint32_t addr, uint32_t len);

/*
 * vxmem_move() moves the mapped pages [from, from+len) (page-rounded),
 * contents and permissions, to [to, to+len), which must be unmapped; the
 * old range is left unmapped, and nothing is copied: the host's page
 * tables move (mremap with MREMAP_DONTUNMAP), so growing a big
 * allocation by moving it costs no copy and no page faults, as on
 * Linux.  The source must be private memory (not vxmem_mapshared) not in
 * a snapshot, and the ranges must not overlap.  0, or -1 with errno and
 * nothing moved: EINVAL (bad ranges), EBUSY (shared pages, a snapshot),
 * or what mremap says where the host cannot move them in one piece
 * (kernels before 5.7; source pages the host holds as several
 * mappings), for the caller to copy instead.
 */
int vxmem_move(vxproc *p, uint32_t from, uint32_t to, uint32_t len);

/*
 * Memory the host maps from an object it may share with other processes
 * or mappings (System V shared memory, a memfd, a file - MAP_SHARED, or
 * MAP_PRIVATE, which shares the file's page cache until written):
 * vxmem_mapshared() replaces [addr, addr+len) (page-rounded) by what
 * place(host, n, prot, arg) maps at exactly host, n bytes, the host
 * address of addr - with MAP_FIXED (mmap of a descriptor) or SHM_REMAP
 * (shmat) - and returns 0, or -1 with errno.  The guest gets perm; maxperm (which
 * holds perm) is the most the host mapping allows: a later
 * vxmem_setperm() asking for VXPERM_WRITE where maxperm lacks it fails
 * with EACCES.  The pages are host memory like any other (vxmem_*
 * accessors, a host fork keeps them shared), but code in them that
 * another process rewrites is not retranslated here: only this guest's
 * own stores are seen.  If the object shrinks under the mapping (a file
 * truncated), the guest's accesses past its end trap (VXTRAP_PAGEFAULT
 * with VXPF_BUS), and host code on the thread that last ran the guest
 * (the translator, or the host through a vxmem_hostptr pointer) finds
 * zeros there instead of faulting: the library makes such a page
 * private zeros the first time host code touches it.  (The kernel's own
 * accesses, as in read(2) into the page, fail with EFAULT.)  If place
 * fails the range is left unmapped.  A guest with
 * such pages cannot be snapshotted, and one with a snapshot gets none
 * (EBUSY either way).  vxmem_map() and vxmem_unmap() over them end the
 * sharing for those pages.
 */
typedef int vxmem_placefn(void *host, size_t n, int prot, void *arg);
int vxmem_mapshared(vxproc *p, uint32_t addr, uint32_t len, int perm,
		    int maxperm, vxmem_placefn *place, void *arg);

/*
 * Returns 1 if every byte of [addr, addr+len) has all the bits in perm,
 * else 0 and, if fault_addr is not NULL, stores the first address that
 * lacks them.  len 0 always succeeds.
 */
int vxmem_checkperm(vxproc *p, uint32_t addr, uint32_t len, int perm,
		    uint32_t *fault_addr);

/* Number of guest bytes currently mapped. */
uint64_t vxmem_mapped(vxproc *p);

/*
 * Copy between host and guest memory, checking guest permissions
 * (VXPERM_READ for vxmem_read, VXPERM_WRITE for vxmem_write).  Return len,
 * or -1 with errno EFAULT (nothing copied) if any byte lacks permission.
 * vxmem_write() discards translated code in the pages it writes.  Safe
 * while another thread of the guest unmaps or protects the range: the
 * copy then stops at the fault and returns -1 (EFAULT), part of it done,
 * where a host pointer (vxmem_hostptr) would take the host down.
 */
int vxmem_read(vxproc *p, void *buf, uint32_t addr, uint32_t len);
int vxmem_write(vxproc *p, const void *buf, uint32_t addr, uint32_t len);

/*
 * A host pointer to guest memory [addr, addr+len), or NULL (errno EFAULT)
 * if any byte lacks perm.  With VXPERM_WRITE, translated code in those
 * pages is discarded first, so the host (or the kernel, e.g. in read(2))
 * may write through the pointer.  The pointer stays valid until the next
 * vxproc_run(), vxmem_* call that changes mappings, or vxproc_free() -
 * of any thread sharing the memory: where guest threads run meanwhile,
 * copy with vxmem_read/vxmem_write instead, or pass the pointer only to
 * the kernel (which answers EFAULT).
 */
void *vxmem_hostptr(vxproc *p, uint32_t addr, uint32_t len, int perm);

/* Length of the NUL-terminated guest string at addr (not counting the
   NUL), or -1 (EFAULT) if it runs into unreadable memory first or is
   longer than max. */
long vxmem_strlen(vxproc *p, uint32_t addr, uint32_t max);

/*
 * Thread-local storage descriptors, as Linux i386's set_thread_area
 * provides them: entry 0..2 is GDT entry 6..8, selector 0x33, 0x3b, 0x43.
 * A guest may load such a selector into %fs or %gs (mov, pop) once the
 * entry is in use, and fs:/gs: memory operands then add its base.  A null
 * selector may be loaded into fs or gs; memory operands using it trap
 * (VXTRAP_PROTECTION).  Flat segments are cs = 0x23 and ds = es = ss =
 * 0x2b; ds and es also accept null (they stay flat); no other selector
 * can be loaded.  vxproc_settls() returns 0, or -1 with EINVAL.
 */
#define VXTLS_ENTRIES	3
#define VXTLS_SELECTOR(entry)	(0x33 + 8 * (entry))
int vxproc_settls(vxproc *p, int entry, uint32_t base, int used);
int vxproc_gettls(vxproc *p, int entry, uint32_t *base);

/* Current selector in segment register sreg (0 es, 1 cs, 2 ss, 3 ds,
   4 fs, 5 gs), or -1. */
int vxproc_getsel(vxproc *p, int sreg);

/* Load segment register sreg (0 es, 2 ss, 3 ds, 4 fs, 5 gs) as the
   guest's `mov %r16, %sreg` would: the flat data selector, a null
   selector (not ss), or, for fs/gs, an in-use TLS selector.  Returns 0,
   or -1 with EINVAL where the guest's load would trap.  (Restoring a
   signal context, say.) */
int vxproc_setsel(vxproc *p, int sreg, uint16_t sel);

/*
 * Override a value of the auxiliary vector the ELF loader builds (call
 * before loading): AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_HWCAP,
 * AT_CLKTCK.  Returns 0, or -1 with EINVAL for other types.
 */
int vxproc_setaux(vxproc *p, uint32_t type, uint32_t value);

/*
 * The AT_EXECFN string of the next load (copied; NULL: the default, the
 * file name given to vxproc_loadelffile(), argv[0] for
 * vxproc_loadelfmem()).  A host that loads a file under another name than
 * the guest used (a path rewritten by a policy) sets the guest's name
 * here.  Returns 0, or -1 with ENOMEM or ENAMETOOLONG (over 4095 bytes).
 */
int vxproc_setexecfn(vxproc *p, const char *name);

/*
 * ---------------------------------------------------------------- plug-ins
 *
 * Calling guest functions from the host (doc/api.md, "Calling a
 * plug-in").  A plug-in is a static i386 image built with
 * `vxcc -shared`: its start-up code initialises its C library and then,
 * instead of running main(), tells the host it is ready (guest call 33,
 * doc/abi.md).  The host then calls its functions by address, found by
 * name in the image's ELF symbol table, as often as it likes.  While a
 * call runs, the guest may make vxrun-style host calls (int $0x30,
 * served by a host-call handler, by default vxhostcall_default()) and
 * call back into functions the host registered by number.  A trap ends
 * the call, never the host; the guest is left as it was before the call
 * (registers), with its memory as the trap left it, usable again or to
 * be reset to a snapshot.
 *
 * Every call here is a vxproc call: not concurrently with another on the
 * same guest.  A callback (and a host-call handler) runs inside
 * vxproc_call() and may itself call vxproc_call() on the same guest
 * (nested calls), vxmem_*, and vxproc_interrupt(); not vxproc_start(),
 * vxproc_snapshot() or vxproc_reset() (EBUSY).
 */

/*
 * The address of global (or weak) symbol name in the ELF symbol table of
 * the file the guest was loaded from last, or 0 with errno ENOENT and
 * vxproc_error() saying why (no such global symbol; no image loaded; the
 * image stripped or its table malformed).  Local symbols (static
 * functions, symbols of hidden visibility) are not found.  A symbol
 * whose value is 0 cannot be looked up.
 */
uint32_t vxproc_sym(vxproc *p, const char *name);

/* The function (any symbol of type STT_FUNC, local ones included) whose
   extent holds addr, with addr's offset into it in *offset (if not
   NULL); NULL if none.  Valid until the next load or vxproc_free(). */
const char *vxproc_symname(vxproc *p, uint32_t addr, uint32_t *offset);

/*
 * Load a plug-in into an empty guest (vxproc_loadelffile/mem with argv
 * {file} or {"plugin"} and no environment) and start it
 * (vxproc_start()).  Returns 0 when it is ready, else -1 (vxproc_error()
 * says why: the load, or what happened at start-up).
 */
int vxproc_loadplugin(vxproc *p, const char *file);
int vxproc_loadpluginmem(vxproc *p, const void *image, size_t size);

/*
 * Run a loaded plug-in from its entry point until it is ready (guest
 * call 33), serving host calls and callbacks meanwhile.  Returns 0, or -1
 * with vxproc_error() describing the trap, exit or error that came first
 * (a program with a main(), built without -shared, exits: "exited with
 * status N before it was ready").  EBUSY inside a call.
 */
int vxproc_start(vxproc *p);

/* Argument kinds for vxproc_call(), as the i386 cdecl convention passes
   them on the stack. */
enum vxargkind {
	VXARG_I32 = 1,		/* int, unsigned, long, guest pointer: 4 bytes */
	VXARG_I64 = 2,		/* long long: 8 bytes, low word first */
	VXARG_F32 = 3,		/* float (a prototyped float parameter) */
	VXARG_F64 = 4,		/* double (also what variadics get) */
};

struct vxarg {
	int kind;		/* enum vxargkind */
	union {
		uint32_t i32;
		uint64_t i64;
		float f32;
		double f64;
	} v;
};

#define VXARG_U32(x)	((struct vxarg){ VXARG_I32, { .i32 = (uint32_t)(x) } })
#define VXARG_PTR(x)	VXARG_U32(x)	/* a guest address */
#define VXARG_U64(x)	((struct vxarg){ VXARG_I64, { .i64 = (uint64_t)(x) } })
#define VXARG_FLT(x)	((struct vxarg){ VXARG_F32, { .f32 = (x) } })
#define VXARG_DBL(x)	((struct vxarg){ VXARG_F64, { .f64 = (x) } })

/* Most argument bytes a call may pass, in 4-byte words. */
#define VXCALL_MAXWORDS	64

/*
 * What a call gave back.  After a return (vxproc_call() returned 0): eax
 * (32-bit results and pointers), edx:eax (64-bit results; vxret_u64()),
 * and st0 if the function left a value on the x87 stack (float, double
 * and long double results), with st0_valid 1.  After a trap (it returned
 * 1): trap is the trap code and cpu the guest registers at the trap.
 */
struct vxret {
	uint32_t eax, edx;
	int st0_valid;
	long double st0;
	int trap;
	struct vxcpu cpu;
};

static inline uint64_t vxret_u64(const struct vxret *r)
{
	return (uint64_t)r->edx << 32 | r->eax;
}

/*
 * Call the guest function at fn with nargs arguments, by the i386 cdecl
 * convention: the arguments and a return address go on the guest's
 * stack below its current esp (16-byte aligned, as the i386 psABI
 * wants), eip = fn, DF clear; the return address is a gate page the
 * library maps below the stack, whose execution ends the call.  Runs
 * the guest until the function returns or a trap ends the call, serving
 * meanwhile every int $0x30 (callbacks, guest call 32; others by the
 * host-call handler).
 *
 * Returns 0 when the function returned (ret, if not NULL, filled in);
 * 1 when a trap
 * ended the call: ret->trap is the code (a CPU exception, VXTRAP_IRQ
 * after vxproc_interrupt(), VXTRAP_LIMIT, or what the host-call handler
 * returned: VXTRAP_EXIT + status when the guest called exit(),
 * VXTRAP_KILL + signal when it aborted), and vxproc_error() is a
 * one-line report naming the function the trap was in, e.g.
 * "page fault at eip 0x0804a2c3 (evil_deflate+0x23): write to
 * 0xfffff000"; -1 if the call could not be made (errno EINVAL: bad
 * arguments, more than VXCALL_MAXWORDS words; EFAULT: the stack is not
 * writable).  Either way the guest's registers (and x87 stack, which is
 * left empty) are afterwards what they were before the call, so the
 * guest can be called again.
 */
int vxproc_call(vxproc *p, uint32_t fn, const struct vxarg *args, int nargs,
		struct vxret *ret);

/*
 * Callbacks: host functions the guest calls by number n (0 ..
 * VXCALL_NCALLBACKS-1), with `vx_callback(n, args...)` (<vxplugin.h>).
 * arg holds the first VXCALLBACK_ARGS 4-byte words of the guest's
 * arguments (as many as are readable, the rest 0) and argaddr is their
 * guest address, for more (vxmem_read).  The return value goes to the
 * guest's edx:eax.  Guest pointers among the arguments are untrusted
 * numbers: use vxmem_read/write/hostptr on them.  To end the call from a
 * callback, call vxproc_interrupt(p): vxproc_call() then returns 1 with
 * VXTRAP_IRQ.  A number without a callback gives the guest -ENOSYS
 * (-38).  vxproc_setcallback() with fn NULL removes one; returns 0, or
 * -1 with EINVAL for a number out of range.
 */
#define VXCALL_NCALLBACKS	256
#define VXCALLBACK_ARGS		16
typedef uint64_t (*vxcallback)(vxproc *p, void *user, const uint32_t *arg,
			       uint32_t argaddr);
int vxproc_setcallback(vxproc *p, unsigned n, vxcallback fn, void *user);

/* Callback arguments of 8 bytes: words i and i+1. */
static inline uint64_t vxarg_u64(const uint32_t *arg, int i)
{
	return (uint64_t)arg[i + 1] << 32 | arg[i];
}

static inline double vxarg_f64(const uint32_t *arg, int i)
{
	union { uint64_t u; double d; } x = { vxarg_u64(arg, i) };

	return x.d;
}

/*
 * Host calls (int $0x30 with eax other than the plug-in calls 32, 33)
 * during vxproc_start() and vxproc_call() go to the host-call handler:
 * it reads the call from p->cpu (eax number, ebx, ecx, edx ...
 * arguments), sets the result in p->cpu->reg[EAX] and returns 0 to let
 * the guest go on, or returns a nonzero trap code to end the call with
 * it.  The default, vxhostcall_default(), serves libvxc's calls
 * (doc/abi.md) for a library: brk (the heap, between the image and
 * 1 MiB below the stack, within VXLIMIT_MEMORY), write to fds 1 and 2
 * (to the host's stderr, for a plug-in's diagnostics), read (fd 0 is at
 * its end), isatty (0), clock (-EPERM), pending (ignored); exit ends the
 * call with VXTRAP_EXIT + (status & 255), kill with VXTRAP_KILL +
 * signal; anything else gets -ENOSYS.  A host handler may serve some
 * calls itself and pass the others to vxhostcall_default().  fn NULL
 * restores the default.
 */
typedef int (*vxhostcall)(vxproc *p, void *user);
int vxproc_sethostcall(vxproc *p, vxhostcall fn, void *user);
int vxhostcall_default(vxproc *p, void *user);

#define VXTRAP_EXIT		0x600	/* + status: the guest called exit */
#define VXTRAP_KILL		0x700	/* + signal: it killed itself (abort) */

/*
 * Guest memory from the guest's own allocator: vxmem_alloc() calls the
 * guest's malloc(size) (found as the symbol "malloc") and checks that
 * the block it returns is writable guest memory; it returns the block's
 * guest address, or 0 with errno ENOMEM (malloc returned NULL), EFAULT
 * (it returned memory that is not the guest's to write), ENOENT (no
 * malloc), or the call's trap in vxproc_error().  vxmem_free() calls
 * free(addr): 0, or -1.  vxmem_dup() allocates len bytes and copies buf
 * into them.  Copy results out with vxmem_read() or vxmem_hostptr().
 */
uint32_t vxmem_alloc(vxproc *p, uint32_t size);
int vxmem_free(vxproc *p, uint32_t addr);
uint32_t vxmem_dup(vxproc *p, const void *buf, uint32_t len);

/*
 * Snapshot and reset.  vxproc_snapshot() records the guest as it is
 * (memory, mappings, registers, x87/SSE state, segment and TLS state,
 * the break): typically right after vxproc_start(), so that each request
 * runs in a freshly initialised plug-in.  From then on the library
 * tracks which pages change (the first write to each group of pages
 * after a snapshot or reset costs a page fault), and vxproc_reset()
 * puts back only those: its cost grows with what the guest dirtied, not
 * with its size.  Translated code is kept across resets.  A new snapshot
 * replaces the old one.  Both invalidate pointers from vxmem_hostptr()
 * (pages are write-protected again).  A snapshot needs a memory of its
 * own: vxproc_snapshot() and vxproc_reset() refuse a guest whose memory
 * is shared (vxproc_clone), and vxproc_clone() refuses a guest that has
 * a snapshot.  Both return 0, or -1 with errno (EBUSY inside a call or
 * with shared memory; EINVAL: reset without a snapshot; ENOMEM) and
 * vxproc_error().  vxproc_snapshot_drop() frees the snapshot and stops
 * tracking.
 */
int vxproc_snapshot(vxproc *p);
int vxproc_reset(vxproc *p);
void vxproc_snapshot_drop(vxproc *p);

#ifdef __cplusplus
}
#endif

#endif /* VX32_H */
