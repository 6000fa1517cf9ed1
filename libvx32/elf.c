/*
 * elf.c - loading i386 ELF executables into a guest, static ones alone
 * and dynamically linked ones with their program interpreter, with a
 * Linux-shaped initial stack (argc, argv, envp, auxiliary vector).
 *
 * The image is untrusted: every offset and size is checked against the
 * file before use, every address range against the 4 GiB guest space,
 * and a malformed file fails with a message naming the problem.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "priv.h"

#define STACK_TOP	0xc0000000u	/* or the end of a smaller space */
#define PIE_BASE	0x56555000u	/* where Linux puts static-PIE i386 */
#define MAX_IMAGE	(1u << 30)
#define MAX_ARGS_SPACE	(1u << 20)

/* Auxiliary vector values a host may override (vxproc_setaux). */
static const uint32_t aux_overridable[] = {
	AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_HWCAP, AT_CLKTCK,
};

#define NAUX (sizeof aux_overridable / sizeof aux_overridable[0])
_Static_assert(NAUX <= VX_NAUX, "aux table");

int vxproc_setexecfn(vxproc *p, const char *name)
{
	struct vxpriv *vp = p->priv;
	char *copy = NULL;

	if (name && strlen(name) > 4095) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (name && !(copy = strdup(name))) {
		errno = ENOMEM;
		return -1;
	}
	free(vp->execfn);
	vp->execfn = copy;
	return 0;
}

int vxproc_setaux(vxproc *p, uint32_t type, uint32_t value)
{
	struct vxpriv *vp = p->priv;

	for (unsigned i = 0; i < NAUX; i++) {
		if (aux_overridable[i] == type) {
			vp->auxval[i] = value;
			vp->auxset[i] = 1;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

static uint32_t auxget(struct vxpriv *vp, uint32_t type, uint32_t dflt)
{
	for (unsigned i = 0; i < NAUX; i++)
		if (aux_overridable[i] == type && vp->auxset[i])
			return vp->auxval[i];
	return dflt;
}

static int __attribute__((format(printf, 3, 4)))
fail(struct vxpriv *vp, int err, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	vx_seterr(vp, "ELF: %s", buf);
	errno = err;
	return -1;
}

static int perm_of(uint32_t pflags)
{
	int perm = 0;

	if (pflags & PF_R)
		perm |= VXPERM_READ;
	if (pflags & PF_W)
		perm |= VXPERM_WRITE;
	if (pflags & PF_X)
		perm |= VXPERM_EXEC;
	return perm;
}

/* The stack ends where Linux i386 puts it, or with a smaller space. */
static uint32_t stack_top(struct vxpriv *vp)
{
	return vp->space < STACK_TOP ? (uint32_t)vp->space : STACK_TOP;
}

/* Push n bytes onto the guest stack being built at *sp. */
static uint32_t push(struct vxpriv *vp, uint32_t *sp, const void *data,
		     uint32_t n)
{
	*sp -= n;
	memcpy(vp->base + *sp, data, n);
	return *sp;
}

static int count(const char *const *v, uint64_t *bytes)
{
	int n = 0;

	for (; v && v[n]; n++)
		*bytes += strlen(v[n]) + 1;
	return n;
}

/* Where an image goes: its link-time page span and the bias added to
   every address in it. */
struct placed {
	uint32_t lo, hi;	/* guest span, page-rounded */
	uint32_t bias;
	uint32_t phdr;		/* guest address of the program headers */
};

static int build_stack(struct vxpriv *vp, const Elf32_Ehdr *eh,
		       const struct placed *exe, const struct placed *interp,
		       const char *const *argv, const char *const *envp,
		       const char *file)
{
	struct vxcpu *c = &vx_state(vp)->cpu;
	uint64_t bytes = 0;
	int argc = count(argv, &bytes), envc = count(envp, &bytes);
	uint32_t top = stack_top(vp);
	uint32_t sp = top, lo = top - vp->stack_limit;
	uint32_t hwcap[4];

	/* AT_EXECFN names the file, as Linux does; argv[0] for an image
	   loaded from memory. */
	if (vp->execfn)
		file = vp->execfn;
	if (!file)
		file = argc ? argv[0] : "";
	bytes += strlen(file) + 1;
	if (bytes > MAX_ARGS_SPACE || bytes + 64 * (argc + envc + 32) >
	    vp->stack_limit / 2)
		return fail(vp, E2BIG, "arguments and environment too large");
	if (vxmem_map(vp->proc, lo, vp->stack_limit,
		      VXPERM_READ | VXPERM_WRITE) < 0)
		return fail(vp, ENOMEM, "cannot map the stack: %s", vp->err);

	uint32_t *argp = calloc(argc + envc + 2, sizeof *argp);
	if (!argp)
		return fail(vp, ENOMEM, "out of memory");
	uint32_t execfn = push(vp, &sp, file, strlen(file) + 1);
	for (int i = envc - 1; i >= 0; i--)
		argp[argc + 1 + i] = push(vp, &sp, envp[i], strlen(envp[i]) + 1);
	for (int i = argc - 1; i >= 0; i--)
		argp[i] = push(vp, &sp, argv[i], strlen(argv[i]) + 1);
	uint32_t platform = push(vp, &sp, "i686", 5);
	uint8_t rnd[16] = { 0 };
	if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd)
		memset(rnd, 0x5a, sizeof rnd);
	uint32_t random = push(vp, &sp, rnd, sizeof rnd);

	vx_cpuid(vp, 1, 0, hwcap);
	/* AT_BASE: where the interpreter's image begins (its bias, the
	   address its first byte of link address 0 lands at), 0 without
	   one.  No AT_SYSINFO/AT_SYSINFO_EHDR: there is no vDSO, and
	   glibc and musl then make system calls with int $0x80. */
	uint32_t auxv[][2] = {
		{ AT_PHDR, exe->phdr },
		{ AT_PHENT, sizeof(Elf32_Phdr) },
		{ AT_PHNUM, eh->e_phnum },
		{ AT_PAGESZ, VX_PAGE },
		{ AT_BASE, interp ? interp->bias : 0 },
		{ AT_FLAGS, 0 },
		{ AT_ENTRY, eh->e_entry + exe->bias },
		{ AT_UID, auxget(vp, AT_UID, 0) },
		{ AT_EUID, auxget(vp, AT_EUID, 0) },
		{ AT_GID, auxget(vp, AT_GID, 0) },
		{ AT_EGID, auxget(vp, AT_EGID, 0) },
		{ AT_SECURE, auxget(vp, AT_SECURE, 0) },
		{ AT_HWCAP, auxget(vp, AT_HWCAP, hwcap[3]) },
		{ AT_CLKTCK, auxget(vp, AT_CLKTCK, 100) },
		{ AT_PLATFORM, platform },
		{ AT_RANDOM, random },
		{ AT_EXECFN, execfn },
		{ AT_NULL, 0 },
	};
	uint32_t words = 1 + argc + 1 + envc + 1 + 2 * (sizeof auxv / 8);
	sp = (sp - 4 * words) & ~15u;		/* esp 16-aligned at argc */
	c->reg[ESP] = sp;
	uint32_t a = sp;
	memcpy(vp->base + a, &argc, 4); a += 4;
	for (int i = 0; i < argc; i++, a += 4)
		memcpy(vp->base + a, &argp[i], 4);
	memset(vp->base + a, 0, 4); a += 4;
	for (int i = 0; i < envc; i++, a += 4)
		memcpy(vp->base + a, &argp[argc + 1 + i], 4);
	memset(vp->base + a, 0, 4); a += 4;
	memcpy(vp->base + a, auxv, sizeof auxv);
	free(argp);

	vp->proc->load.stack_lo = lo;
	vp->proc->load.stack_hi = top;
	return 0;
}

/*
 * Fault in the pages the copy of a segment is about to write, in one
 * system call: the copy then takes no page fault per 4 KiB page (for a
 * static glibc program, ~200 faults and a sixth of vxlinux's start-up).
 * Only an optimisation: an old kernel without MADV_POPULATE_WRITE (5.14)
 * or a refusal leaves the faults to the copy.
 */
static void populate(struct vxpriv *vp, uint32_t ga, uint32_t len)
{
#ifdef MADV_POPULATE_WRITE
	uint32_t lo = ga & ~(VX_PAGE - 1);

	if (len)
		madvise(vp->base + lo, len + (ga - lo), MADV_POPULATE_WRITE);
#else
	(void)vp, (void)ga, (void)len;
#endif
}

/*
 * Check an image's headers and segments against the file (what: "" for
 * the program, "interpreter: " for its interpreter) and find the span of
 * its loadable segments: [*lo, *hi) at link addresses, page-rounded,
 * *hi as a 64-bit value (a segment may end at 4 GiB).  interp_ok: a
 * PT_INTERP is no error (the caller loads the interpreter).
 */
static int check_image(struct vxpriv *vp, const uint8_t *img, size_t size,
		       const char *what, int interp_ok, uint32_t *plo,
		       uint64_t *phi)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	uint32_t lo = 0xffffffff;
	uint64_t hi = 0;

	if (size < EI_NIDENT || memcmp(img, ELFMAG, SELFMAG) != 0)
		return fail(vp, ENOEXEC, "%snot an ELF file (bad magic)", what);
	if (img[EI_CLASS] == ELFCLASS64)
		return fail(vp, ENOEXEC, "%s64-bit (ELFCLASS64) executable; "
			    "vx32 runs 32-bit i386 programs", what);
	if (img[EI_CLASS] != ELFCLASS32)
		return fail(vp, ENOEXEC, "%sbad ELF class %lu", what,
			    (unsigned long)(img[EI_CLASS]));
	if (img[EI_DATA] != ELFDATA2LSB)
		return fail(vp, ENOEXEC, "%snot little-endian", what);
	if (size < sizeof *eh)
		return fail(vp, ENOEXEC, "%struncated ELF header", what);
	if (eh->e_machine != EM_386)
		return fail(vp, ENOEXEC, "%se_machine is %lu, not 3 (i386)",
			    what, (unsigned long)(eh->e_machine));
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(vp, ENOEXEC, "%snot an executable (e_type %lu)",
			    what, (unsigned long)(eh->e_type));
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 256 || eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size - eh->e_phoff)
		return fail(vp, ENOEXEC, "%sbad program header table", what);

	const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP && !interp_ok)
			return fail(vp, ENOEXEC, "%sdynamically linked "
				    "executable (has PT_INTERP); only static "
				    "executables are supported", what);
		if (ph[i].p_type != PT_LOAD)
			continue;
		const Elf32_Phdr *s = &ph[i];
		if (s->p_filesz > s->p_memsz || s->p_offset > size ||
		    s->p_filesz > size - s->p_offset)
			return fail(vp, ENOEXEC, "%ssegment %lu lies outside "
				    "the file", what, (unsigned long)(i));
		if (s->p_memsz == 0)
			continue;
		if ((uint64_t)s->p_vaddr + s->p_memsz > VX_4G)
			return fail(vp, ENOEXEC, "%ssegment %lu extends past "
				    "4 GiB", what, (unsigned long)(i));
		if (s->p_vaddr < lo)
			lo = s->p_vaddr;
		if ((uint64_t)s->p_vaddr + s->p_memsz > hi)
			hi = (uint64_t)s->p_vaddr + s->p_memsz;
	}
	if (hi == 0)
		return fail(vp, ENOEXEC, "%sno loadable segments", what);
	*plo = lo & ~(VX_PAGE - 1);
	*phi = (hi + VX_PAGE - 1) & ~(uint64_t)(VX_PAGE - 1);
	return 0;
}

/*
 * Place a checked image whose link span is [lo, hi) so that its span
 * begins at base (shift = base - lo, in exact 64-bit arithmetic), and
 * check that it lands inside [floor, ceil).  From then on a segment's
 * guest address is vaddr + bias in 32 bits and never overflows.
 */
static int place(struct vxpriv *vp, const char *what, uint32_t lo,
		 uint64_t hi, int64_t base, uint64_t floor, uint64_t ceil,
		 struct placed *pl)
{
	int64_t shift = base - (int64_t)lo;
	int64_t lo64 = (int64_t)lo + shift, hi64 = (int64_t)hi + shift;

	if (lo64 < (int64_t)floor || hi64 > (int64_t)ceil || hi64 <= lo64)
		return fail(vp, ENOEXEC, "%simage [0x%llx, 0x%llx) does not fit "
			    "in [0x%llx, 0x%llx) (the stack area begins at "
			    "0x%lx)", what, (long long)lo64, (long long)hi64,
			    (unsigned long long)floor,
			    (unsigned long long)ceil,
			    (unsigned long)(stack_top(vp) - vp->stack_limit));
	pl->bias = (uint32_t)shift;
	pl->lo = (uint32_t)lo64;
	pl->hi = (uint32_t)hi64;
	pl->phdr = 0;
	return 0;
}

/* Map a placed image: everything writable, copy (or map the same
   image's pages from the xcache, where one stored them), then the final
   permissions (the union of the segments sharing a page). */
static int map_image(struct vxpriv *vp, const uint8_t *img,
		     struct placed *pl, const struct vximageid *id)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
	vxproc *p = vp->proc;
	uint32_t lo = pl->lo, hi = pl->hi, bias = pl->bias;

	int stored = vp->xcache &&
		     vx_xcache_image_map(vp, img, lo, hi, bias, id) > 0;
	struct timespec t0 = { 0, 0 };

	if (!stored) {
		if (vxmem_map(p, lo, hi - lo, VXPERM_READ | VXPERM_WRITE) < 0)
			return fail(vp, ENOMEM, "cannot map the image: %s",
				    vp->err);
		clock_gettime(CLOCK_REALTIME, &t0);	/* before reading img,
							   for the xcache */
	}
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *s = &ph[i];
		if (s->p_type != PT_LOAD || s->p_memsz == 0)
			continue;
		uint32_t ga = s->p_vaddr + bias;	/* in [lo, hi) */
		if (!stored) {
			populate(vp, ga, s->p_filesz);
			memcpy(vp->base + ga, img + s->p_offset, s->p_filesz);
		}
		if (s->p_offset <= eh->e_phoff &&
		    eh->e_phoff - s->p_offset < s->p_filesz)
			pl->phdr = s->p_vaddr + bias +
				   (eh->e_phoff - s->p_offset);
	}
	if (!stored && vp->xcache)
		vx_xcache_image_add(vp, img, lo, hi, bias, id,
				    t0.tv_sec * 1000000000ll + t0.tv_nsec);
	uint8_t *perm = calloc((hi - lo) / VX_PAGE, 1);
	if (!perm)
		return fail(vp, ENOMEM, "out of memory");
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *s = &ph[i];
		if (s->p_type != PT_LOAD || s->p_memsz == 0)
			continue;
		uint32_t a = (s->p_vaddr + bias) & ~(VX_PAGE - 1);
		uint64_t e = (uint64_t)(uint32_t)(s->p_vaddr + bias) + s->p_memsz;
		for (; a < e; a += VX_PAGE)
			perm[(a - lo) / VX_PAGE] |= perm_of(s->p_flags);
	}
	/* One call per run of pages with the same permission. */
	for (uint32_t n = (hi - lo) / VX_PAGE, i = 0, j; i < n; i = j) {
		int pm = perm[i] ? perm[i] : VXPERM_READ;
		for (j = i + 1; j < n && (perm[j] ? perm[j] : VXPERM_READ) == pm; j++)
			;
		vxmem_setperm(p, lo + i * VX_PAGE, (j - i) * VX_PAGE, pm);
	}
	free(perm);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			pl->phdr = ph[i].p_vaddr + bias;
	return 0;
}

/*
 * Load image (and, if interp is not NULL, the program interpreter named
 * by its PT_INTERP, already read by the caller) and build the stack.
 * Where things go, as Linux i386 puts them without address
 * randomisation: a position-independent program at PIE_BASE, the
 * interpreter ending 128 MiB below the top of the stack (Linux's
 * smallest gap below the stack for mmap_base, where the kernel maps the
 * interpreter first), or right below the stack area in a smaller space.
 */
static int load_elf(vxproc *p, const void *image, size_t size,
		    const void *interp, size_t isize,
		    const char *const *argv, const char *const *envp,
		    const char *file)
{
	struct vxpriv *vp = p->priv;
	const Elf32_Ehdr *eh = image;
	struct placed exe, in;
	uint32_t lo, ilo = 0;
	uint64_t hi, ihi = 0;
	/* (vxproc_setimageid's, for this load only) */
	const struct vximageid *id = vp->has_imageid ? &vp->imageid : NULL;

	vp->has_imageid = 0;
	if (check_image(vp, image, size, "", interp != NULL, &lo, &hi) < 0)
		return -1;
	if (interp && check_image(vp, interp, isize, "interpreter: ", 0,
				  &ilo, &ihi) < 0)
		return -1;
	if (vp->mem->mapped)
		return fail(vp, EBUSY, "guest already has memory mapped");
	if (vp->stack_limit + VX_PAGE > stack_top(vp))
		return fail(vp, ENOMEM, "a stack of %llu bytes does not fit in "
			    "the guest address space of %llu bytes",
			    (unsigned long long)vp->stack_limit,
			    (unsigned long long)vp->space);
	uint64_t stack_lo = stack_top(vp) - vp->stack_limit;
	if (place(vp, "", lo, hi, eh->e_type == ET_DYN ? PIE_BASE : lo, 0,
		  stack_lo, &exe) < 0)
		return -1;
	if (interp) {
		const Elf32_Ehdr *ie = interp;
		uint64_t span = ihi - ilo, top = stack_lo;
		int64_t base = ilo;

		if (stack_top(vp) >= (128u << 20) + VX_PAGE &&
		    stack_top(vp) - (128u << 20) < top)
			top = stack_top(vp) - (128u << 20);
		if (ie->e_type == ET_DYN) {
			if (span > top)
				return fail(vp, ENOEXEC, "interpreter: image "
					    "of %llu bytes does not fit",
					    (unsigned long long)span);
			base = (int64_t)(top - span);
		}
		if (place(vp, "interpreter: ", ilo, ihi, base, 0, stack_lo,
			  &in) < 0)
			return -1;
		if (in.lo < exe.hi && exe.lo < in.hi)
			return fail(vp, ENOEXEC, "interpreter: its image "
				    "[0x%lx, 0x%lx) overlaps the program's "
				    "[0x%lx, 0x%lx)", (unsigned long)in.lo,
				    (unsigned long)in.hi, (unsigned long)exe.lo,
				    (unsigned long)exe.hi);
	}
	if (map_image(vp, image, &exe, id) < 0 ||
	    (interp && map_image(vp, interp, &in, NULL) < 0))
		return -1;

	p->load.entry = eh->e_entry + exe.bias;
	p->load.image_lo = exe.lo;
	p->load.image_hi = exe.hi;
	p->load.phdr = exe.phdr;
	p->load.phnum = eh->e_phnum;
	p->load.interp_lo = interp ? in.lo : 0;
	p->load.interp_hi = interp ? in.hi : 0;
	p->load.interp_entry = interp ? ((const Elf32_Ehdr *)interp)->e_entry +
					in.bias : 0;
	if (build_stack(vp, eh, &exe, interp ? &in : NULL, argv, envp,
			file) < 0)
		return -1;

	struct vxcpu *c = &vx_state(vp)->cpu;
	for (int r = 0; r < 8; r++)
		if (r != ESP)
			c->reg[r] = 0;
	c->eip = interp ? p->load.interp_entry : p->load.entry;
	c->eflags = 0x202;
	vx_plugin_loaded(vp, image, size, exe.bias);	/* symbols, for plug-ins */
	return 0;
}

int vxproc_loadelfinterp(vxproc *p, const void *image, size_t size,
			 const void *interp, size_t isize,
			 const char *const *argv, const char *const *envp)
{
	if (!interp) {
		vx_seterr(p->priv, "ELF: no interpreter image given");
		errno = EINVAL;
		return -1;
	}
	return load_elf(p, image, size, interp, isize, argv, envp, NULL);
}

int vxproc_loadelfmem(vxproc *p, const void *image, size_t size,
		      const char *const *argv, const char *const *envp)
{
	return load_elf(p, image, size, NULL, 0, argv, envp, NULL);
}

int vxproc_loadelffile(vxproc *p, const char *file,
		       const char *const *argv, const char *const *envp)
{
	struct vxpriv *vp = p->priv;
	struct stat sb;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;
		vx_seterr(vp, "cannot open %s: %s", file, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_IMAGE) {
		close(fd);
		vx_seterr(vp, "%s: not a regular file of at most 1 GiB", file);
		errno = ENOEXEC;
		return -1;
	}
	uint8_t *buf = malloc(sb.st_size ? sb.st_size : 1);
	size_t got = 0;
	while (buf && got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, sb.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if (!buf || got != (size_t)sb.st_size) {
		free(buf);
		vx_seterr(vp, "cannot read %s", file);
		errno = EIO;
		return -1;
	}
	int r = load_elf(p, buf, got, NULL, 0, argv, envp, file);
	free(buf);
	return r;
}
