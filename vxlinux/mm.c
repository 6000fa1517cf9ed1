/*
 * mm.c - the guest's address space: brk, mmap2, munmap, mprotect, mremap,
 * madvise.
 *
 * libvx32 maps and protects guest pages but does not allocate addresses,
 * so vxlinux keeps its own map of which pages are in use: one byte per
 * guest page, the VXPERM_* bits of the mapping plus PG_USED.  New
 * mappings are placed top-down from below the stack, as Linux's legacy-free
 * i386 layout does; the program break grows up from the end of the image.
 *
 * File mappings are copies: the file's bytes are read into fresh private
 * memory.  That is exact for MAP_PRIVATE and for read-only MAP_SHARED;
 * writable shared file mappings cannot be done that way and are refused
 * with ENODEV (named under --trace).  PROT_NONE pages are only reserved:
 * libvx32 has no "mapped but inaccessible" state, so mprotect(PROT_NONE)
 * discards the contents of the pages (documented in doc/vxlinux.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vxlinux.h"

#define NPAGES		(1u << 20)
#define PG_USED		0x80
#define PG_PERM		7
#define LOW_LIMIT	0x10000u	/* like vm.mmap_min_addr */

#define MAP_SHARED_	0x01
#define MAP_PRIVATE_	0x02
#define MAP_TYPE_	0x0f
#define MAP_FIXED_	0x10
#define MAP_ANON_	0x20
#define MAP_FIXED_NOREPLACE_ 0x100000

#define MREMAP_MAYMOVE_	1
#define MREMAP_FIXED_	2

static uint8_t pages[NPAGES];
static uint32_t brk_start, brk_cur, mmap_top;

void mm_reserve(uint32_t addr, uint32_t len, int perm)
{
	uint64_t end = (uint64_t)addr + len;

	for (uint64_t pg = addr / PAGE; pg < (end + PAGE - 1) / PAGE; pg++)
		pages[pg] = perm ? (PG_USED | perm) : 0;
}

void mm_init(void)
{
	uint32_t lo = guest->load.image_lo & ~(PAGE - 1);

	mm_reserve(0, LOW_LIMIT, PG_USED);
	mm_reserve(lo, guest->load.image_hi - lo,
		   VXPERM_READ | VXPERM_WRITE | VXPERM_EXEC);
	mm_reserve(guest->load.stack_lo,
		   guest->load.stack_hi - guest->load.stack_lo,
		   VXPERM_READ | VXPERM_WRITE);
	/* Nothing above the stack: that is the kernel's on i386. */
	mm_reserve(guest->load.stack_hi, 0 - guest->load.stack_hi, PG_USED);
	brk_start = brk_cur = PAGE_UP(guest->load.image_hi);
	mmap_top = guest->load.stack_lo - 16 * PAGE;
	if (mmap_top > GUEST_MMAP_TOP && brk_start < GUEST_MMAP_TOP)
		mmap_top = GUEST_MMAP_TOP;
}

static int range_free(uint32_t addr, uint32_t len)
{
	for (uint32_t pg = addr / PAGE; pg < (addr + (uint64_t)len) / PAGE;
	     pg++)
		if (pages[pg])
			return 0;
	return 1;
}

static int range_used(uint32_t addr, uint32_t len)
{
	for (uint32_t pg = addr / PAGE; pg < (addr + (uint64_t)len) / PAGE;
	     pg++)
		if (!pages[pg])
			return 0;
	return 1;
}

/* Top-down first fit below mmap_top; 0 when nothing fits. */
static uint32_t find_free(uint32_t len)
{
	uint32_t n = len / PAGE, run = 0;

	for (uint32_t pg = mmap_top / PAGE; pg-- > LOW_LIMIT / PAGE;) {
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

/* Map [addr, addr+len) with perm (0: reserve only). */
static long map_range(uint32_t addr, uint32_t len, int perm)
{
	if (perm && vxmem_map(guest, addr, len, perm) < 0)
		return -errno;
	if (!perm)
		vxmem_unmap(guest, addr, len);
	mm_reserve(addr, len, perm ? perm : PG_USED);
	return 0;
}

static void unmap_range(uint32_t addr, uint32_t len)
{
	vxmem_unmap(guest, addr, len);
	mm_reserve(addr, len, 0);
}

/* Change the permission of used pages, keeping their contents (except
   for PROT_NONE, see above). */
static long map_range_keep(uint32_t addr, uint32_t len, int perm)
{
	if (!perm) {
		vxmem_unmap(guest, addr, len);
		mm_reserve(addr, len, PG_USED);
		return 0;
	}
	if (vxmem_setperm(guest, addr, len, perm) < 0)
		return -errno;
	mm_reserve(addr, len, perm);
	return 0;
}

long mm_alloc_pages(uint32_t len, int perm, uint32_t *addr)
{
	uint32_t a = find_free(PAGE_UP(len));
	long r;

	if (!a)
		return -ENOMEM;
	if ((r = map_range(a, PAGE_UP(len), perm)) < 0)
		return r;
	*addr = a;
	return 0;
}

long sys_brk(uint32_t *a)
{
	uint32_t want = a[0];
	uint32_t have = PAGE_UP(brk_cur), need = PAGE_UP(want);

	if (want < brk_start || need < want)
		return brk_cur;
	if (need > have) {
		if (!range_free(have, need - have) ||
		    map_range(have, need - have,
			      VXPERM_READ | VXPERM_WRITE) < 0)
			return brk_cur;
	} else if (need < have) {
		unmap_range(need, have - need);
	}
	brk_cur = want;
	return brk_cur;
}

/* Fill a fresh mapping from the file, as a private copy. */
static long map_file(uint32_t addr, uint32_t len, int fd, uint64_t off)
{
	uint8_t *dst = guest_ptr(addr, len, VXPERM_WRITE);
	uint32_t done = 0;

	if (!dst)
		return -EFAULT;
	while (done < len) {
		ssize_t n = pread(fd, dst + done, len - done, off + done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;	/* the rest stays zero, as past EOF */
		done += n;
	}
	return 0;
}

static long do_mmap(uint32_t addr, uint32_t len, uint32_t prot,
		    uint32_t flags, int fd, uint64_t off)
{
	int perm = prot_perm(prot), type = flags & MAP_TYPE_;
	int anon = flags & MAP_ANON_;
	struct stat st;
	long r;

	if (!len)
		return -EINVAL;
	if (type != MAP_SHARED_ && type != MAP_PRIVATE_ && type != 3)
		return -EINVAL;
	if (prot & ~7u)
		return -EINVAL;
	if ((uint64_t)len + PAGE - 1 > 0xffffffffu)
		return -ENOMEM;
	len = PAGE_UP(len);
	if (!anon) {
		int fl;
		if ((fl = fcntl(fd, F_GETFL)) < 0 || fstat(fd, &st) < 0)
			return -EBADF;
		if ((fl & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		if (S_ISDIR(st.st_mode))
			return -ENODEV;
		if (type != MAP_PRIVATE_ && (prot & 2))
			return unsupported("writable MAP_SHARED file mapping "
					   "(mappings are private copies)",
					   -ENODEV);
	}
	if (flags & (MAP_FIXED_ | MAP_FIXED_NOREPLACE_)) {
		if (addr & (PAGE - 1))
			return -EINVAL;
		if ((uint64_t)addr + len > GUEST_TOP || addr < LOW_LIMIT)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE_) && !range_free(addr, len))
			return -EEXIST;
		unmap_range(addr, len);
	} else {
		addr &= ~(PAGE - 1);
		if (!addr || addr < LOW_LIMIT ||
		    (uint64_t)addr + len > GUEST_TOP ||
		    !range_free(addr, len))
			addr = find_free(len);
		if (!addr)
			return -ENOMEM;
	}
	if (anon)
		return (r = map_range(addr, len, perm)) < 0 ? r : addr;
	if ((r = map_range(addr, len, VXPERM_READ | VXPERM_WRITE)) < 0 ||
	    (r = map_file(addr, len, fd, off)) < 0 ||
	    (r = map_range_keep(addr, len, perm)) < 0) {
		unmap_range(addr, len);
		return r;
	}
	return addr;
}

long sys_mmap2(uint32_t *a)
{
	return do_mmap(a[0], a[1], a[2], a[3], (int)a[4], (uint64_t)a[5] * PAGE);
}

/* The old mmap: one pointer to the six arguments, offset in bytes. */
long sys_mmap(uint32_t *a)
{
	uint32_t v[6];

	if (copy_in(v, a[0], sizeof v) < 0)
		return -EFAULT;
	if (v[5] & (PAGE - 1))
		return -EINVAL;
	return do_mmap(v[0], v[1], v[2], v[3], (int)v[4], v[5]);
}

static long check_range(uint32_t addr, uint32_t *len)
{
	if (addr & (PAGE - 1))
		return -EINVAL;
	if ((uint64_t)addr + PAGE_UP((uint64_t)*len) > 0x100000000ull)
		return -EINVAL;
	*len = PAGE_UP(*len);
	return 0;
}

long sys_munmap(uint32_t *a)
{
	uint32_t len = a[1];
	long r;

	if (!len)
		return -EINVAL;
	if ((r = check_range(a[0], &len)) < 0)
		return r;
	if (a[0] < LOW_LIMIT)
		return -EINVAL;
	unmap_range(a[0], len);
	return 0;
}

long sys_mprotect(uint32_t *a)
{
	uint32_t len = a[1];
	long r;

	if ((r = check_range(a[0], &len)) < 0)
		return r;
	if (a[2] & ~7u)
		return unsupported("mprotect flags other than PROT_READ, "
				   "PROT_WRITE and PROT_EXEC", -EINVAL);
	if (!range_used(a[0], len))
		return -ENOMEM;
	return len ? map_range_keep(a[0], len, prot_perm(a[2])) : 0;
}

long sys_mremap(uint32_t *a)
{
	uint32_t old = a[0], oldlen = a[1], newlen = a[2], flags = a[3];
	uint32_t to;
	long r;

	if ((r = check_range(old, &oldlen)) < 0)
		return r;
	if (flags & ~(MREMAP_MAYMOVE_ | MREMAP_FIXED_) || !newlen ||
	    ((flags & MREMAP_FIXED_) && !(flags & MREMAP_MAYMOVE_)))
		return -EINVAL;
	if ((uint64_t)newlen + PAGE - 1 > 0xffffffffu)
		return -ENOMEM;
	newlen = PAGE_UP(newlen);
	if (!oldlen || !range_used(old, oldlen))
		return -EFAULT;
	if (flags & MREMAP_FIXED_)
		return unsupported("mremap MREMAP_FIXED", -EINVAL);
	int perm = pages[(old + oldlen) / PAGE - 1] & PG_PERM;
	if (newlen <= oldlen) {
		if (newlen < oldlen)
			unmap_range(old + newlen, oldlen - newlen);
		return old;
	}
	if ((uint64_t)old + newlen <= GUEST_TOP &&
	    range_free(old + oldlen, newlen - oldlen)) {
		if ((r = map_range(old + oldlen, newlen - oldlen, perm)) < 0)
			return r;
		return old;
	}
	if (!(flags & MREMAP_MAYMOVE_))
		return -ENOMEM;
	if (!(to = find_free(newlen)))
		return -ENOMEM;
	if ((r = map_range(to, newlen, VXPERM_READ | VXPERM_WRITE)) < 0)
		return r;
	uint8_t *dst = guest_ptr(to, newlen, VXPERM_WRITE);
	for (uint32_t off = 0; off < oldlen; off += PAGE) {
		int p = pages[(old + off) / PAGE] & PG_PERM;
		const void *src = p ? vxmem_hostptr(guest, old + off, PAGE,
						     VXPERM_READ) : NULL;
		if (src)
			memcpy(dst + off, src, PAGE);
	}
	for (uint32_t off = 0; off < newlen; off += PAGE) {
		int p = off < oldlen ? pages[(old + off) / PAGE] & PG_PERM
				     : perm;
		map_range_keep(to + off, PAGE, p);
	}
	unmap_range(old, oldlen);
	return to;
}

#define MADV_DONTNEED_	4

long sys_madvise(uint32_t *a)
{
	uint32_t len = a[1];
	long r;

	if ((r = check_range(a[0], &len)) < 0)
		return r;
	if (!range_used(a[0], len))
		return -ENOMEM;
	if (a[2] != MADV_DONTNEED_)
		return 0;	/* advice only */
	/* Private anonymous memory reads back as zeros afterwards. */
	for (uint32_t off = 0; off < len; off += PAGE) {
		int p = pages[(a[0] + off) / PAGE] & PG_PERM;
		if (!p)
			continue;
		vxmem_setperm(guest, a[0] + off, PAGE,
			      VXPERM_READ | VXPERM_WRITE);
		void *h = vxmem_hostptr(guest, a[0] + off, PAGE, VXPERM_WRITE);
		if (h)
			memset(h, 0, PAGE);
		vxmem_setperm(guest, a[0] + off, PAGE, p);
	}
	return 0;
}

long sys_msync(uint32_t *a)
{
	if (a[0] & (PAGE - 1))
		return -EINVAL;
	return 0;	/* private copies: nothing to write back */
}
