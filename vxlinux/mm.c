/*
 * mm.c - the guest's address space: brk, mmap2, munmap, mprotect, mremap,
 * madvise.
 *
 * libvx32 maps and protects guest pages but does not allocate addresses,
 * so vxlinux keeps its own map with one byte per guest page: PG_MAPPED
 * plus the VXPERM_* bits of a mapping (none for PROT_NONE, whose pages
 * libvx32 keeps, contents and all), or PG_KERNEL for the addresses a
 * 3G/1G i386 kernel keeps for itself (below vm.mmap_min_addr and above
 * the stack): those are not mappings, so mprotect and mremap fail there
 * as on unmapped memory and mmap never places anything there.  New
 * mappings are placed top-down from below the stack, as Linux's
 * legacy-free i386 layout does; the program break grows up from the end
 * of the image.
 *
 * Guest addresses are 32-bit and every range is checked as a 64-bit sum
 * first: a range is a page number and a page count, never a 32-bit end
 * address, which would wrap to 0 at the top of memory.
 *
 * A file mapping is the guest's file mapped by the host at the guest
 * address (vxmem_mapshared): MAP_PRIVATE shares the page cache until a
 * page is written (copy-on-write), MAP_SHARED writes through to the file,
 * and a forked child keeps both as Linux does.  The host kernel checks
 * the descriptor (one of the guest's own, below fd_base) as it would the
 * guest's: open for reading, and for writing where a shared mapping may
 * be made writable.  A file truncated under its mapping makes guest
 * accesses past its end trap with VXPF_BUS, which signal.c delivers as
 * SIGBUS; vxlinux's own accesses there (a system call's argument) find
 * zeros (libvx32's vxmem_mapshared).  These pages are PG_FILE here (and
 * PG_SHARED when shared); the name, offset and inode of each mapping are
 * the host kernel's to keep, and /proc/self/maps asks it (procfs.c).
 * MAP_SHARED|MAP_ANONYMOUS memory is a sealed memfd of vxlinux's mapped
 * into the guest (vxmem_mapshared), so a forked child shares it as on
 * Linux; System V segments (ipc.c) are attached the same way, and both
 * are marked PG_SHARED here: madvise(MADV_DONTNEED) leaves their
 * contents, and mremap does not move them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

#define NPAGES		(1u << 20)
#define PG_MAPPED	0x80
#define PG_KERNEL	0x40
#define PG_PERM		7
#define PG_SHARED	0x08	/* shared memory (vxmem_mapshared) */
#define PG_FILE		0x10	/* a file mapping (vxmem_mapshared) */
#define PG_KIND		(PG_SHARED | PG_FILE)
#define LOW_LIMIT	0x10000u	/* like vm.mmap_min_addr */

#define MAP_SHARED_	0x01
#define MAP_PRIVATE_	0x02
#define MAP_TYPE_	0x0f
#define MAP_FIXED_	0x10
#define MAP_ANON_	0x20
#define MAP_FIXED_NOREPLACE_ 0x100000

#define MREMAP_MAYMOVE_	1
#define MREMAP_FIXED_	2

/* Page-aligned, so that mm_reset can replace it whole. */
static uint8_t pages[NPAGES] __attribute__((aligned(4096)));
static uint32_t brk_start, brk_cur, mmap_top;
/* The map is the process's: one call changes it at a time. */
static pthread_mutex_t mm_mutex = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void guard_mm(void)
{
	fork_guard(&mm_mutex);	/* thread.c */
}
#define LOCKED(call)	({ pthread_mutex_lock(&mm_mutex);		\
			   long r_ = (call);				\
			   pthread_mutex_unlock(&mm_mutex); r_; })

/* Pages [pg, pg + n) get state v. */
static void set_pages(uint32_t pg, uint32_t n, uint8_t v)
{
	memset(pages + pg, v, n);
}

/* The page range of [addr, addr + len) for a length already page-rounded
   and checked not to wrap. */
#define PG(addr)	((addr) / PAGE)
#define NPG(len)	((uint32_t)((len) / PAGE))

/* The pages of [lo, hi) that libvx32 loaded (an image), with the
   permissions it gave them (its segments'), keeping PG_FILE where
   exec.c made them file mappings already. */
static void loaded_pages(uint32_t lo, uint64_t hi)
{
	static const int perms[] = { VXPERM_READ, VXPERM_WRITE, VXPERM_EXEC };

	for (uint32_t pg = PG(lo); pg < PG(hi); pg++) {
		int perm = 0;
		for (int i = 0; i < 3; i++)
			if (vxmem_checkperm(guest, pg * PAGE, 1, perms[i], NULL))
				perm |= perms[i];
		pages[pg] = (pages[pg] & PG_FILE) | PG_MAPPED | perm;
	}
}

void mm_init(void)
{
	uint32_t lo = guest->load.image_lo & ~(PAGE - 1);
	uint64_t hi = PAGE_UP((uint64_t)guest->load.image_hi);

	set_pages(0, NPG(LOW_LIMIT), PG_KERNEL);
	loaded_pages(lo, hi);
	/* A dynamically linked program's interpreter (exec.c). */
	if (guest->load.interp_hi)
		loaded_pages(guest->load.interp_lo, guest->load.interp_hi);
	set_pages(PG(guest->load.stack_lo),
		  NPG((uint64_t)guest->load.stack_hi - guest->load.stack_lo),
		  PG_MAPPED | VXPERM_READ | VXPERM_WRITE);
	/* Nothing above the stack: that is the kernel's on i386.  (From
	   GUEST_TOP up no call ever looks: each checks its range against
	   GUEST_TOP first, and leaving those 256 KiB of the map untouched
	   saves 64 page faults at every start.) */
	if (guest->load.stack_hi < GUEST_TOP)
		set_pages(PG(guest->load.stack_hi),
			  NPG(GUEST_TOP - guest->load.stack_hi), PG_KERNEL);
	brk_start = brk_cur = (uint32_t)hi;
	mmap_top = guest->load.stack_lo - 16 * PAGE;
	if (mmap_top > GUEST_MMAP_TOP && brk_start < GUEST_MMAP_TOP)
		mmap_top = GUEST_MMAP_TOP;
}

/*
 * An execve in this process (exec.c), before the new program is loaded:
 * nothing mapped.  The map is replaced by fresh zero pages rather than
 * cleared, which in a forked child would copy every page of it that the
 * parent had touched (a megabyte at most).
 */
void mm_reset(void)
{
	if (mmap(pages, sizeof pages, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		memset(pages, 0, sizeof pages);
	brk_start = brk_cur = mmap_top = 0;
}

/*
 * A guest page fault at addr (error code err, at eip) that may have
 * raced with another thread's change of the map: Linux makes a change
 * in one step for other threads (mremap with MREMAP_FIXED replacing a
 * mapping, say), where vxlinux may take two (unmap the target, then
 * move).  Once no change is under way (the map's lock), the access is
 * retried if it would succeed now; 1 then, 0 to deliver the fault.  A
 * thread that faults again at the same place right after a retry gets
 * its signal: nothing can loop here.
 */
int mm_fault_retry(uint32_t addr, uint32_t err, uint32_t eip)
{
	static __thread uint32_t last_addr, last_eip;
	static __thread int retried;
	int perm = err & 0x10 ? VXPERM_EXEC : err & 2 ? VXPERM_WRITE
						      : VXPERM_READ;

	pthread_mutex_lock(&mm_mutex);
	pthread_mutex_unlock(&mm_mutex);
	if (retried && addr == last_addr && eip == last_eip) {
		retried = 0;
		return 0;
	}
	if (!vxmem_checkperm(guest, addr, 1, perm, NULL))
		return retried = 0;
	last_addr = addr;
	last_eip = eip;
	return retried = 1;
}

/* Every page of [pg, pg + n) is free (neither mapped nor the kernel's). */
static int range_free(uint32_t pg, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (pages[pg + i])
			return 0;
	return 1;
}

/* Every page of [pg, pg + n) is mapped. */
static int range_mapped(uint32_t pg, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!(pages[pg + i] & PG_MAPPED))
			return 0;
	return 1;
}

/* [pg, pg + n) lies in one mapping, as Linux's VMAs go: mapped pages of
   one protection (neighbours of the same protection merge there too). */
static int one_mapping(uint32_t pg, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!(pages[pg + i] & PG_MAPPED) || pages[pg + i] != pages[pg])
			return 0;
	return 1;
}

/* Top-down first fit of n pages below mmap_top; 0 when nothing fits. */
static uint32_t find_free(uint32_t n)
{
	uint32_t run = 0;

	for (uint32_t pg = PG(mmap_top); pg-- > PG(LOW_LIMIT);) {
		if (pages[pg]) {
			run = 0;
			continue;
		}
		if (++run == n)
			return pg * PAGE;
	}
	return 0;
}

static int prot_perm(uint32_t prot)
{
	int perm = prot & 7;	/* PROT_READ/WRITE/EXEC = VXPERM_* */

	/* On x86 a writable or executable page is readable. */
	if (perm)
		perm |= VXPERM_READ;
	return perm;
}

/* A fresh, zero-filled mapping of [addr, addr + len) with perm. */
static long map_range(uint32_t addr, uint32_t len, int perm)
{
	if (vxmem_map(guest, addr, len, perm) < 0)
		return -errno;
	set_pages(PG(addr), NPG(len), PG_MAPPED | perm);
	return 0;
}

static void unmap_range(uint32_t addr, uint32_t len)
{
	vxmem_unmap(guest, addr, len);
	set_pages(PG(addr), NPG(len), 0);
}

/* Change the permission of mapped pages, keeping their contents (and
   their sharing). */
static long protect_range(uint32_t addr, uint32_t len, int perm)
{
	if (vxmem_setperm(guest, addr, len, perm) < 0)
		return -errno;
	for (uint32_t pg = PG(addr), end = pg + NPG(len); pg < end; pg++)
		pages[pg] = (pages[pg] & PG_KIND) | PG_MAPPED | perm;
	return 0;
}

/* A memfd as the object behind MAP_SHARED|MAP_ANONYMOUS: mapped here at
   exactly host (vxmem_mapshared's place). */
static int place_fd(void *host, size_t n, int prot, void *arg)
{
	int fd = *(int *)arg;

	if (mmap(host, n, prot, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		return -1;
	return 0;
}

static long map_shared_locked(uint32_t addr, uint32_t len, int perm,
			      int maxperm, int replace, vxmem_placefn *place,
			      void *arg);

static long map_shared_anon(uint32_t addr, uint32_t len, int perm)
{
	int fd = fd_reserve(memfd_create("vxlinux shared",
					 MFD_CLOEXEC | MFD_ALLOW_SEALING));
	long r;

	if (fd < 0)
		return fd;
	/* Sealed against any change of size: its pages can never fault
	   in vxlinux's own copies for lying past the end.  (Sealing works
	   on a memfd only: this is the one made here.) */
	if (ftruncate(fd, len) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_SEAL) < 0)
		r = -errno;
	else
		r = map_shared_locked(addr, len, perm, PG_PERM, 1, place_fd,
				      &fd);
	close(fd);
	return r < 0 ? r : 0;
}

uint32_t mm_brk_base(void)
{
	return brk_start;
}

static int next_region(uint32_t *addr, struct mm_region *r)
{
	uint32_t pg = PG(*addr);

	while (pg < NPAGES && !(pages[pg] & PG_MAPPED))
		pg++;
	if (pg >= NPAGES || (uint64_t)pg * PAGE >= GUEST_TOP)
		return 0;
	uint32_t end = pg + 1;
	/* (The heap begins a region of its own, as on Linux, however the
	   image's last pages look.) */
	while (end < NPAGES && pages[end] == pages[pg] &&
	       end != PG(PAGE_UP((uint64_t)brk_start)))
		end++;
	r->lo = pg * PAGE;
	r->hi = (uint64_t)end * PAGE;
	r->perm = pages[pg] & PG_PERM;
	r->shared = (pages[pg] & PG_SHARED) != 0;
	r->heap = r->lo >= brk_start && r->hi <= PAGE_UP((uint64_t)brk_cur) &&
		  brk_cur > brk_start;
	*addr = (uint32_t)r->hi;	/* regions end at GUEST_TOP at most */
	return 1;
}

static long alloc_pages(uint32_t len, int perm, uint32_t *addr)
{
	uint64_t n = PAGE_UP((uint64_t)len) / PAGE;
	uint32_t a;
	long r;

	if (!n || n > NPAGES || !(a = find_free((uint32_t)n)))
		return -ENOMEM;
	if ((r = map_range(a, (uint32_t)n * PAGE, perm)) < 0)
		return r;
	*addr = a;
	return 0;
}

static long sys_brk_locked(uint32_t *a)
{
	uint64_t want = a[0];
	uint64_t have = PAGE_UP((uint64_t)brk_cur), need = PAGE_UP(want);

	if (want < brk_start || need > GUEST_TOP)
		return brk_cur;
	if (need > have) {
		if (!range_free(PG(have), NPG(need - have)) ||
		    map_range(have, need - have,
			      VXPERM_READ | VXPERM_WRITE) < 0)
			return brk_cur;
	} else if (need < have) {
		unmap_range(need, have - need);
	}
	brk_cur = want;
	return brk_cur;
}

/* The guest's file behind a mapping, as the host maps it. */
struct file_map {
	int fd, flags;
	uint64_t off;
};

static int place_file(void *host, size_t n, int prot, void *arg)
{
	const struct file_map *f = arg;

	if (mmap(host, n, prot, f->flags | MAP_FIXED, f->fd,
		 (off_t)f->off) == MAP_FAILED)
		return -1;
	return 0;
}

/* Map [addr, addr + len) from the guest's descriptor fd (open with
   access mode acc) at off, private or shared. */
static long map_file(uint32_t addr, uint32_t len, int perm, int shared,
		     int fd, int acc, uint64_t off)
{
	struct file_map f = { fd, shared ? MAP_SHARED : MAP_PRIVATE, off };
	int maxperm = PG_PERM;

	/* Linux lets a shared mapping become writable (mprotect) only
	   through a descriptor open for writing: EACCES otherwise. */
	if (shared && acc != O_RDWR)
		maxperm &= ~VXPERM_WRITE;
	if (vxmem_mapshared(guest, addr, len, perm, maxperm, place_file,
			    &f) < 0)
		return -errno;
	set_pages(PG(addr), NPG(len), PG_MAPPED | PG_FILE |
		  (shared ? PG_SHARED : 0) | perm);
	return 0;
}

static long do_mmap(uint32_t addr, uint32_t len32, uint32_t prot,
		    uint32_t flags, int fd, uint64_t off)
{
	int perm = prot_perm(prot), type = flags & MAP_TYPE_;
	int anon = flags & MAP_ANON_;
	uint64_t len = PAGE_UP((uint64_t)len32);
	struct stat st;
	int acc = 0;
	long r;

	if (!len32)
		return -EINVAL;
	if (type != MAP_SHARED_ && type != MAP_PRIVATE_ && type != 3)
		return -EINVAL;
	if (prot & ~7u)
		return -EINVAL;
	if (len > GUEST_TOP)
		return -ENOMEM;
	if (!anon) {
		int fl;
		if (fd >= fd_base || (fl = fcntl(fd, F_GETFL)) < 0 ||
		    fstat(fd, &st) < 0)
			return -EBADF;
		if ((fl & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		if (S_ISDIR(st.st_mode))
			return -ENODEV;
		if (type != MAP_PRIVATE_ && (prot & 2) &&
		    (fl & O_ACCMODE) != O_RDWR)
			return -EACCES;
		acc = fl & O_ACCMODE;
	}
	if (flags & (MAP_FIXED_ | MAP_FIXED_NOREPLACE_)) {
		if (addr & (PAGE - 1))
			return -EINVAL;
		if (addr < LOW_LIMIT)
			return -EPERM;	/* below mmap_min_addr */
		if ((uint64_t)addr + len > GUEST_TOP)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE_) &&
		    !range_free(PG(addr), NPG(len)))
			return -EEXIST;
		unmap_range(addr, (uint32_t)len);
	} else {
		addr &= ~(PAGE - 1);
		if (addr < LOW_LIMIT || (uint64_t)addr + len > GUEST_TOP ||
		    !range_free(PG(addr), NPG(len)))
			addr = find_free(NPG(len));
		if (!addr)
			return -ENOMEM;
	}
	if (anon && type != MAP_PRIVATE_)
		return (r = map_shared_anon(addr, (uint32_t)len, perm)) < 0 ?
			r : addr;
	if (anon)
		return (r = map_range(addr, (uint32_t)len, perm)) < 0 ? r
								   : addr;
	if ((r = map_file(addr, (uint32_t)len, perm, type != MAP_PRIVATE_,
			  fd, acc, off)) < 0) {
		set_pages(PG(addr), NPG(len), 0);	/* left unmapped */
		return r;
	}
	return addr;
}

static long sys_mmap2_locked(uint32_t *a)
{
	return do_mmap(a[0], a[1], a[2], a[3], (int)a[4], (uint64_t)a[5] * PAGE);
}

/* The old mmap: one pointer to the six arguments, offset in bytes. */
static long sys_mmap_locked(uint32_t *a)
{
	uint32_t v[6];

	if (copy_in(v, a[0], sizeof v) < 0)
		return -EFAULT;
	if (v[5] & (PAGE - 1))
		return -EINVAL;
	return do_mmap(v[0], v[1], v[2], v[3], (int)v[4], v[5]);
}

/* An aligned range of user addresses, its length page-rounded: 0, or
   -EINVAL if it is misaligned or reaches past the top of user space. */
static long user_range(uint32_t addr, uint32_t len, uint32_t *plen)
{
	uint64_t n = PAGE_UP((uint64_t)len);

	if (addr & (PAGE - 1))
		return -EINVAL;
	if ((uint64_t)addr + n > GUEST_TOP)
		return -EINVAL;
	*plen = (uint32_t)n;
	return 0;
}

/* Unmap the pages of [pg, end) that have flag in pages[], one call per
   run of them; the others stay as they are. */
static void unmap_runs(uint32_t pg, uint32_t end, uint8_t flag)
{
	while (pg < end) {
		uint32_t run = 0;
		while (pg + run < end && (pages[pg + run] & flag))
			run++;
		if (run)
			unmap_range(pg * PAGE, run * PAGE);
		pg += run ? run : 1;
	}
}

/* Unmap the mapped pages of [pg, end): unmapped pages are no error, and
   the kernel's are not the guest's to unmap. */
static void unmap_mapped(uint32_t pg, uint32_t end)
{
	unmap_runs(pg, end, PG_MAPPED);
}

static long sys_munmap_locked(uint32_t *a)
{
	uint32_t len;
	long r;

	if (!a[1])
		return -EINVAL;
	if ((r = user_range(a[0], a[1], &len)) < 0)
		return r;
	unmap_mapped(PG(a[0]), PG(a[0]) + NPG(len));
	return 0;
}

static long sys_mprotect_locked(uint32_t *a)
{
	uint32_t len;

	if (a[2] & ~7u)
		return unsupported("mprotect flags other than PROT_READ, "
				   "PROT_WRITE and PROT_EXEC", -EINVAL);
	if (a[0] & (PAGE - 1))
		return -EINVAL;
	if ((uint64_t)a[0] + PAGE_UP((uint64_t)a[1]) > GUEST_TOP)
		return -ENOMEM;
	len = (uint32_t)PAGE_UP((uint64_t)a[1]);
	if (!range_mapped(PG(a[0]), NPG(len)))
		return -ENOMEM;
	return len ? protect_range(a[0], len, prot_perm(a[2])) : 0;
}

/* Pages [addr, addr + len) that a private file mapping grows by, the
   file's from off on where the file behind the guest page src can be
   found again (hostmaps.c: src at offset o gives o + delta), else
   zeros. */
static long grow_file(uint32_t addr, uint32_t len, int perm, uint32_t src,
		      uint64_t delta)
{
	uint64_t off;
	int fd = host_fmap_reopen(src, &off);
	long r = -1;

	if (fd >= 0) {
		r = map_file(addr, len, perm, 0, fd, O_RDONLY, off + delta);
		close(fd);
	}
	return r < 0 ? map_range(addr, len, perm) : 0;
}

/*
 * Move the one mapping [old, old + oldlen), perm and file as its pages
 * say, to the free pages [to, to + newlen) (newlen >= oldlen): private
 * memory as the host's pages (vxmem_move: no copy, no page faults, as on
 * Linux; a big realloc does this at every doubling) and a fresh tail; a
 * file mapping as one of the file, its pages then written with what the
 * old ones hold; where the host cannot move, a copy.  to, or -errno.
 */
static long move_mapping(uint32_t old, uint32_t oldlen, uint32_t to,
			 uint32_t newlen, int perm, int file)
{
	uint32_t more = newlen - oldlen, copied = newlen;
	long r;

	if (!file) {
		if (more && (r = map_range(to + oldlen, more, perm)) < 0)
			return r;
		if (vxmem_move(guest, old, to, oldlen) == 0) {
			for (uint32_t i = 0; i < NPG(oldlen); i++)
				pages[PG(to) + i] = pages[PG(old) + i];
			set_pages(PG(old), NPG(oldlen), 0);
			return to;
		}
		copied = oldlen;	/* the host cannot: copy */
	}
	r = file ? grow_file(to, newlen, VXPERM_READ | VXPERM_WRITE, old, 0)
		 : map_range(to, copied, VXPERM_READ | VXPERM_WRITE);
	if (r < 0) {
		if (copied != newlen)
			unmap_range(to + oldlen, more);
		return r;
	}
	/* Inaccessible pages move too: readable for the copy, which then
	   goes with the old mapping. */
	uint8_t *dst = guest_ptr(to, oldlen, VXPERM_WRITE);
	if (!(perm & VXPERM_READ))
		vxmem_setperm(guest, old, oldlen, VXPERM_READ);
	const void *src = guest_ptr(old, oldlen, VXPERM_READ);
	if (dst && src)
		memcpy(dst, src, oldlen);
	protect_range(to, copied, perm);
	unmap_range(old, oldlen);
	return to;
}

/* The mapping mremap moves or grows: its first n pages lie in one
   mapping, inside user space up to oldlen, and not shared memory.  0,
   or the error. */
static long movable(uint32_t old, uint64_t oldlen, uint64_t n)
{
	if (!oldlen || (uint64_t)old + oldlen > GUEST_TOP ||
	    !one_mapping(PG(old), NPG(n)))
		return -EFAULT;
	if (pages[PG(old)] & PG_SHARED)
		return unsupported("mremap of shared memory (MAP_SHARED or "
				   "shmat) growing or moving it", -EINVAL);
	return 0;
}

/*
 * mremap(MREMAP_MAYMOVE | MREMAP_FIXED) to to: as Linux, whatever lies
 * at [to, to + newlen) is unmapped first, and a shrinking mapping loses
 * its tail before it moves.  Everything that can fail is checked before
 * anything is unmapped.
 */
static long mremap_fixed(uint32_t old, uint64_t oldlen, uint64_t newlen,
			 uint32_t to)
{
	if ((to & (PAGE - 1)) || (uint64_t)to + newlen > GUEST_TOP ||
	    to < LOW_LIMIT)
		return -EINVAL;
	if (to < old + oldlen && old < to + newlen)	/* overlap */
		return -EINVAL;
	uint64_t keep = newlen < oldlen ? newlen : oldlen;
	long r = movable(old, oldlen, keep);
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < NPG(newlen); i++)
		if (pages[PG(to) + i] & PG_KERNEL)
			return -ENOMEM;
	int perm = pages[PG(old)] & PG_PERM, file = pages[PG(old)] & PG_FILE;
	unmap_mapped(PG(to), PG(to) + NPG(newlen));
	if (newlen < oldlen)
		unmap_mapped(PG(old) + NPG(newlen), PG(old) + NPG(oldlen));
	return move_mapping(old, (uint32_t)keep, to, (uint32_t)newlen, perm,
			    file);
}

static long sys_mremap_locked(uint32_t *a)
{
	uint32_t old = a[0], flags = a[3];
	uint64_t oldlen = PAGE_UP((uint64_t)a[1]), newlen = PAGE_UP((uint64_t)a[2]);
	uint32_t to;
	long r;

	if (old & (PAGE - 1))
		return -EINVAL;
	if (flags & ~(MREMAP_MAYMOVE_ | MREMAP_FIXED_) || !newlen ||
	    ((flags & MREMAP_FIXED_) && !(flags & MREMAP_MAYMOVE_)))
		return -EINVAL;
	if (flags & MREMAP_FIXED_)
		return mremap_fixed(old, oldlen, newlen, a[4]);
	if (newlen <= oldlen) {
		/* As Linux: shrinking unmaps the tail, whatever lies there
		   (one mapping or several); the same length is no change. */
		if (newlen < oldlen) {
			if ((uint64_t)old + oldlen > GUEST_TOP)
				return -EINVAL;
			unmap_mapped(PG(old) + NPG(newlen),
				     PG(old) + NPG(oldlen));
		}
		return old;
	}
	if (newlen > GUEST_TOP)
		return -ENOMEM;
	if ((r = movable(old, oldlen, oldlen)) < 0)
		return r;
	int perm = pages[PG(old)] & PG_PERM, file = pages[PG(old)] & PG_FILE;
	uint32_t more = (uint32_t)(newlen - oldlen);
	if ((uint64_t)old + newlen <= GUEST_TOP &&
	    range_free(PG(old) + NPG(oldlen), NPG(more))) {
		/* A file mapping grows by the file's next pages. */
		r = file ? grow_file(old + (uint32_t)oldlen, more, perm,
				     old + (uint32_t)oldlen - PAGE, PAGE)
			 : map_range(old + (uint32_t)oldlen, more, perm);
		return r < 0 ? r : old;
	}
	if (!(flags & MREMAP_MAYMOVE_))
		return -ENOMEM;
	if (!(to = find_free(NPG(newlen))))
		return -ENOMEM;
	return move_mapping(old, (uint32_t)oldlen, to, (uint32_t)newlen, perm,
			    file);
}

#define MADV_DONTNEED_	4

static long sys_madvise_locked(uint32_t *a)
{
	uint32_t len;
	long r;

	if ((r = user_range(a[0], a[1], &len)) < 0)
		return r;
	if (!range_mapped(PG(a[0]), NPG(len)))
		return -ENOMEM;
	if (a[2] != MADV_DONTNEED_)
		return 0;	/* advice only */
	/* Private anonymous memory reads back as zeros afterwards, a
	   private file mapping as the file, shared memory as the object
	   holds it: the host's madvise on the host's mappings (a thread's
	   exit discards most of its 8 MiB stack this way). */
	return len && vxmem_discard(guest, a[0], len) < 0 ? -errno : 0;
}

#define MS_ASYNC_	1
#define MS_INVALIDATE_	2
#define MS_SYNC_	4

/* Shared file mappings are the host's: its msync writes them back. */
static long sys_msync_locked(uint32_t *a)
{
	uint32_t addr = a[0], flags = a[2];
	uint64_t len = PAGE_UP((uint64_t)a[1]);

	if ((addr & (PAGE - 1)) ||
	    (flags & ~(MS_ASYNC_ | MS_INVALIDATE_ | MS_SYNC_)) ||
	    ((flags & MS_ASYNC_) && (flags & MS_SYNC_)))
		return -EINVAL;
	if (!len)
		return 0;
	if ((uint64_t)addr + len > GUEST_TOP ||
	    !range_mapped(PG(addr), NPG(len)))
		return -ENOMEM;
	/* (the same flags on x86-64; private and anonymous pages are
	   nothing to the host's msync either) */
	void *h = vxmem_hostptr(guest, addr, (uint32_t)len, 0);
	if (!h || msync(h, len, (int)flags) < 0)
		return -errno;
	return 0;
}

long sys_msync(uint32_t *a)
{
	return LOCKED(sys_msync_locked(a));
}

long sys_brk(uint32_t *a)
{
	return LOCKED(sys_brk_locked(a));
}

long sys_mmap2(uint32_t *a)
{
	return LOCKED(sys_mmap2_locked(a));
}

long sys_mmap(uint32_t *a)
{
	return LOCKED(sys_mmap_locked(a));
}

long sys_munmap(uint32_t *a)
{
	return LOCKED(sys_munmap_locked(a));
}

long sys_mprotect(uint32_t *a)
{
	return LOCKED(sys_mprotect_locked(a));
}

long sys_mremap(uint32_t *a)
{
	return LOCKED(sys_mremap_locked(a));
}

long sys_madvise(uint32_t *a)
{
	return LOCKED(sys_madvise_locked(a));
}

/* Shared memory at addr (fixed) or wherever mmap would put it (addr 0):
   see vxlinux.h. */
static long map_shared_locked(uint32_t addr, uint32_t len, int perm,
			      int maxperm, int replace, vxmem_placefn *place,
			      void *arg)
{
	uint64_t n = PAGE_UP((uint64_t)len);

	if (!n || n > GUEST_TOP)
		return -EINVAL;
	if (addr) {
		/* as mmap: below mmap_min_addr EPERM; past the top of user
		   space, or over what the kernel keeps, ENOMEM (Linux's
		   answer for a range it cannot place) */
		if (addr < LOW_LIMIT)
			return -EPERM;
		if ((uint64_t)addr + n > GUEST_TOP)
			return -ENOMEM;
		if (!range_free(PG(addr), NPG(n))) {
			for (uint32_t i = 0; i < NPG(n); i++)
				if (pages[PG(addr) + i] & PG_KERNEL)
					return -ENOMEM;
			if (!replace)
				return -EINVAL;
		}
	} else if (!(addr = find_free(NPG(n)))) {
		return -ENOMEM;
	}
	if (vxmem_mapshared(guest, addr, (uint32_t)n, perm, maxperm, place,
			    arg) < 0) {
		long r = -errno;
		set_pages(PG(addr), NPG(n), 0);	/* left unmapped */
		return r;
	}
	set_pages(PG(addr), NPG(n), PG_MAPPED | PG_SHARED | perm);
	return addr;
}

long mm_map_shared(uint32_t addr, uint32_t len, int perm, int maxperm,
		   int replace, vxmem_placefn *place, void *arg)
{
	return LOCKED(map_shared_locked(addr, len, perm, maxperm, replace,
					place, arg));
}

/* Unmap the shared pages of [addr, addr + len): the rest of the range
   may have been unmapped or replaced since. */
static long unmap_shared_locked(uint32_t addr, uint32_t len)
{
	uint32_t pg = PG(addr);

	unmap_runs(pg, pg + NPG(PAGE_UP((uint64_t)len)), PG_SHARED);
	return 0;
}

long mm_unmap_shared(uint32_t addr, uint32_t len)
{
	return LOCKED(unmap_shared_locked(addr, len));
}

long mm_map_file_private(uint32_t addr, uint32_t len, int perm, int fd,
			 uint64_t off)
{
	return LOCKED(map_file(addr, len, perm, 0, fd, O_RDONLY, off));
}

long mm_alloc_pages(uint32_t len, int perm, uint32_t *addr)
{
	return LOCKED(alloc_pages(len, perm, addr));
}

void mm_free_pages(uint32_t addr, uint32_t len)
{
	if (addr && len)
		LOCKED((unmap_range(addr, (uint32_t)PAGE_UP((uint64_t)len)), 0));
}

int mm_next_region(uint32_t *addr, struct mm_region *r)
{
	return (int)LOCKED(next_region(addr, r));
}
