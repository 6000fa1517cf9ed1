/*
 * imagemap.c - the program interpreter's segments as file mappings.
 *
 * libvx32 loads a program and its interpreter (ld-linux.so.2) as copies
 * of their files.  Linux maps each segment from the file instead, and
 * /proc/self/maps names it with its offset.  For the interpreter,
 * vxlinux replaces the copy of every page a segment takes from the file
 * by the host's private mapping of that page of the file (mm.c): the
 * same bytes, out of the page cache, named as on Linux.  Where a
 * segment's last page is partly bss, the rest of the page is zeroed, as
 * Linux does; a page two segments share stays the copy.
 *
 * The program itself stays a copy: Linux keeps every other process from
 * writing a running program's file (ETXTBSY), which vxlinux cannot do
 * for a mapping of it; an interpreter has no such protection once
 * mapped, on Linux either.  Where its pages come from in its file is
 * noted instead, for /proc/self/maps to name them as Linux would.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "vxlinux.h"

/* The program's segments: guest pages [lo, end) hold its file from
   offset off on. */
#define MAX_SEG	32
static struct prog_seg {
	uint32_t lo;
	uint64_t end, off;
} prog[MAX_SEG];
static int nprog;
static char prog_dev[16];
static unsigned long prog_ino;

/* The loadable segments, in the order of their addresses (the ELF
   rule, which libvx32 checked). */
static int segments(const uint8_t *img, size_t size, const Elf32_Phdr **v,
		    int max)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	int n = 0;

	if (size < sizeof *eh ||
	    (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof **v > size)
		return 0;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum && n < max; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_memsz)
			v[n++] = &ph[i];
	return n;
}

/* The pages (guest page numbers before the bias) a segment covers. */
static uint32_t first_page(const Elf32_Phdr *s)
{
	return s->p_vaddr / PAGE;
}

static uint32_t end_page(const Elf32_Phdr *s)
{
	return (uint32_t)(PAGE_UP((uint64_t)s->p_vaddr + s->p_memsz) / PAGE);
}

/* Map the file pages [from, to) (before the bias) of segment s. */
static void map_segment(int fd, const Elf32_Phdr *s, uint32_t from,
			uint32_t to, uint32_t bias)
{
	uint32_t addr = from * PAGE + bias, len = (to - from) * PAGE;
	uint64_t off = s->p_offset - (s->p_vaddr & (PAGE - 1)) +
		       (uint64_t)(from - first_page(s)) * PAGE;
	int perm = 0;

	if (vxmem_checkperm(guest, addr, 1, VXPERM_READ, NULL))
		perm |= VXPERM_READ;
	if (vxmem_checkperm(guest, addr, 1, VXPERM_WRITE, NULL))
		perm |= VXPERM_WRITE;
	if (vxmem_checkperm(guest, addr, 1, VXPERM_EXEC, NULL))
		perm |= VXPERM_EXEC;
	long r = mm_map_file_private(addr, len, perm, fd, off);
	if (r < 0)
		die("cannot map the program interpreter's segment at "
		    "0x%08x: %s", addr, strerror((int)-r));
	/* The bss that begins inside the last page. */
	uint64_t fend = (uint64_t)s->p_vaddr + s->p_filesz;
	if (s->p_memsz > s->p_filesz && fend < (uint64_t)to * PAGE) {
		uint32_t n = (uint32_t)((uint64_t)to * PAGE - fend);
		void *tail = guest_ptr((uint32_t)fend + bias, n, VXPERM_WRITE);
		if (tail)
			memset(tail, 0, n);
	}
}

void image_map_interp(int fd, const void *img, size_t size)
{
	const Elf32_Phdr *seg[MAX_SEG];
	int n = segments(img, size, seg, MAX_SEG);

	if (!n || !guest->load.interp_hi)
		return;
	uint32_t bias = guest->load.interp_lo - first_page(seg[0]) * PAGE;
	for (int k = 0; k < n; k++) {
		const Elf32_Phdr *s = seg[k];
		if ((s->p_vaddr - s->p_offset) % PAGE || !s->p_filesz ||
		    (uint64_t)s->p_offset + s->p_filesz > size)
			continue;
		uint32_t from = first_page(s);
		uint32_t to = (uint32_t)(PAGE_UP((uint64_t)s->p_vaddr +
						 s->p_filesz) / PAGE);
		/* A partly bss last page is zeroed after: only where the
		   segment may be written. */
		if (s->p_memsz > s->p_filesz && !(s->p_flags & PF_W) &&
		    (s->p_vaddr + s->p_filesz) % PAGE)
			to--;
		/* Pages a neighbour shares stay the copy. */
		if (k > 0 && end_page(seg[k - 1]) > from)
			from = end_page(seg[k - 1]);
		if (k + 1 < n && first_page(seg[k + 1]) < to)
			to = first_page(seg[k + 1]);
		if (from < to)
			map_segment(fd, s, from, to, bias);
	}
}

void image_note_program(int fd, const void *img, size_t size)
{
	const Elf32_Phdr *seg[MAX_SEG];
	int n = segments(img, size, seg, MAX_SEG);
	struct stat st;

	nprog = 0;
	if (!n || fstat(fd, &st) < 0)
		return;
	snprintf(prog_dev, sizeof prog_dev, "%02x:%02x", major(st.st_dev),
		 minor(st.st_dev));
	prog_ino = (unsigned long)st.st_ino;
	uint32_t bias = (guest->load.image_lo & ~(PAGE - 1)) -
			first_page(seg[0]) * PAGE;
	for (int k = 0; k < n; k++) {
		const Elf32_Phdr *s = seg[k];
		if ((s->p_vaddr - s->p_offset) % PAGE || !s->p_filesz)
			continue;
		prog[nprog].lo = first_page(s) * PAGE + bias;
		prog[nprog].end = PAGE_UP((uint64_t)s->p_vaddr + s->p_filesz) +
				  bias;
		prog[nprog].off = s->p_offset - (s->p_vaddr & (PAGE - 1));
		nprog++;
	}
}

int image_program_run(uint32_t addr, uint64_t hi, struct host_fmap *f,
		      uint64_t *to)
{
	if (!nprog)
		return -1;
	for (int k = 0; k < nprog; k++)
		if (addr >= prog[k].lo && addr < prog[k].end) {
			f->lo = prog[k].lo;
			f->hi = prog[k].end;
			f->off = prog[k].off;
			f->ino = prog_ino;
			snprintf(f->dev, sizeof f->dev, "%s", prog_dev);
			f->name = (char *)exe_path();	/* (the caller's; not freed) */
			*to = prog[k].end < hi ? prog[k].end : hi;
			if (k + 1 < nprog && prog[k + 1].lo > addr &&
			    prog[k + 1].lo < *to)
				*to = prog[k + 1].lo;
			return 1;
		}
	/* bss: up to the next segment's file pages */
	*to = hi;
	for (int k = 0; k < nprog; k++)
		if (prog[k].lo > addr && prog[k].lo < *to)
			*to = prog[k].lo;
	return 0;
}
