/*
 * api_xcache.c - translations shared through a vx32_xcache (vx32.h), in
 * one process: guests given the same xcache.  A block translated a
 * second time is stored; a third guest with the same code takes it and
 * translates nothing (vxstats.translations counts only what a guest
 * translated itself); a guest with other bytes at the same address, or
 * the same bytes under another TLS base, translates its own and gets
 * its own results.  One guest whose TLS base moves after its code was
 * translated reads through the new base (the translation folded the
 * old one in).  Sizes out of range and a pointer that is no xcache
 * are refused.  On seg nothing is shared (vxproc_setxcache does
 * nothing there), and the results are the same.  (Processes sharing
 * one across fork: test/linux/xcache.c.)
 *
 * Program images: an ELF image loaded a third time is mapped from the
 * xcache's memfd (as /proc/self/maps names the guest's pages), and runs
 * as the first did; what one guest writes to its data stays its own,
 * even after it stored the image; an image with the same headers but
 * other bytes in a segment gets its own bytes.  Where the xcache's
 * descriptor number came to name another file, nothing is mapped from
 * it.  With file identities (vxproc_setimageid): an image stored under
 * a settled identity is taken for that identity without comparing
 * bytes (a host that vouched wrongly gets the stored bytes: that is how
 * the test sees no comparison was made), but not for an identity that
 * differs in its inode only, nor where the identity's change time was
 * recent when the image was stored.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* mov $imm, %eax; mov %fs:0, %ecx; int $0x30 */
static void code_for(uint8_t *c, uint32_t imm)
{
	static const uint8_t tail[] = { 0x64, 0x8b, 0x0d, 0, 0, 0, 0, STOP };

	c[0] = 0xb8;
	memcpy(c + 1, &imm, 4);
	memcpy(c + 5, tail, sizeof tail);
}

/* A guest with that code, its data words 0x1111imm and 0x2222imm at
   DATA_ADDR, its TLS entry 0 (fs 0x33) at tls, given xc (or none). */
static vxproc *guest_for(const char *name, vx32_xcache *xc, uint32_t imm,
			 uint32_t tls)
{
	uint8_t code[16];

	code_for(code, imm);
	vxproc *p = guest(name, code, 5 + 7 + 2);
	uint32_t v[2] = { 0x11110000 | imm, 0x22220000 | imm };
	if (vxmem_write(p, v, DATA_ADDR, sizeof v) != sizeof v ||
	    vxproc_settls(p, 0, tls, 1) < 0 ||
	    vxproc_setsel(p, 4, VXTLS_SELECTOR(0)) < 0 ||
	    vxproc_setxcache(p, xc) < 0)
		die(name, "cannot set the guest up");
	return p;
}

/* guest_for's guest, run once.  Returns its translations; *eax, *ecx
   its results. */
static uint64_t run_one(const char *name, vx32_xcache *xc, uint32_t imm,
			uint32_t tls, uint32_t *eax, uint32_t *ecx)
{
	struct vxstats s;
	vxproc *p = guest_for(name, xc, imm, tls);
	int trap = vxproc_run(p);
	if (trap != VXTRAP_SOFT + 0x30)
		die(name, "the guest did not reach int $0x30");
	*eax = p->cpu->reg[EAX];
	*ecx = p->cpu->reg[ECX];
	vxproc_getstats(p, &s);
	vxproc_free(p);
	return s.translations;
}

static int seg;

/* Sizes out of range, a pointer that is no xcache, NULL. */
static void test_api(void)
{
	errno = 0;
	check("xcache-size-too-small", !vx32_xcache_new(1 << 20) &&
	      errno == EINVAL, "errno %d", errno);
	errno = 0;
	check("xcache-size-too-big", !vx32_xcache_new((size_t)3 << 30) &&
	      errno == EINVAL, "errno %d", errno);

	{
		static uint64_t not_one[8];
		vxproc *p = vxproc_alloc();
		if (!p)
			die("xcache-not-one", "vxproc_alloc");
		errno = 0;
		int r = vxproc_setxcache(p, (vx32_xcache *)not_one);
		check("xcache-not-one-refused", r == -1 && errno == EINVAL,
		      "returned %d, errno %d", r, errno);
		check("xcache-null-accepted", vxproc_setxcache(p, NULL) == 0,
		      "errno %d", errno);
		vxproc_free(p);
	}
}

/* The TLS base of a guest moves after its code ran: the code, run
   again, reads through the new one.  Given xc, its code comes from
   there (two guests ran it before). */
static void tls_moves(const char *name, vx32_xcache *xc)
{
	uint32_t v[2] = { 0x11110007, 0x22220007 }, eax, ecx;
	uint64_t t = 0;

	if (xc)
		for (int i = 0; i < 2; i++)
			run_one(name, xc, 7, DATA_ADDR, &eax, &ecx);
	vxproc *p = guest_for(name, xc, 7, DATA_ADDR);
	int t1 = vxproc_run(p);
	uint32_t ecx1 = p->cpu->reg[ECX];
	struct vxstats s;
	vxproc_getstats(p, &s);
	t = s.translations;
	p->cpu->eip = CODE_ADDR;
	if (vxproc_settls(p, 0, DATA_ADDR + 4, 1) < 0)
		die(name, "vxproc_settls");
	int t2 = vxproc_run(p);
	check(name, t1 == VXTRAP_SOFT + 0x30 && t2 == t1 && ecx1 == v[0] &&
	      p->cpu->reg[ECX] == v[1] && (!xc || seg || t == 0),
	      "traps %#x %#x, %%fs:0 read %#x then %#x; %llu translated "
	      "before the move", t1, t2, ecx1, p->cpu->reg[ECX],
	      (unsigned long long)t);
	vxproc_free(p);
}

static void test_tls_moves(void)
{
	vx32_xcache *xc = vx32_xcache_new(8 << 20);

	if (!xc)
		die("xcache-tls-moves", "vx32_xcache_new(8 MiB)");
	tls_moves("xcache-tls-moves-code-follows", NULL);
	tls_moves("xcache-tls-moves-stored-code-follows", xc);
	vx32_xcache_free(xc);
}

static void test_sharing(void)
{
	uint32_t eax, ecx;
	vx32_xcache *xc = vx32_xcache_new(8 << 20);

	if (!xc)
		die("xcache-new", "vx32_xcache_new(8 MiB)");
	/* The same code three times: marked, stored, taken. */
	uint64_t t1 = run_one("xcache-first", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-first-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	uint64_t t2 = run_one("xcache-second", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-second-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	uint64_t t3 = run_one("xcache-third", xc, 7, DATA_ADDR, &eax, &ecx);
	check("xcache-third-runs", eax == 7 && ecx == 0x11110007,
	      "eax %#x ecx %#x", eax, ecx);
	if (seg)
		check("xcache-seg-translates-each-time", t1 > 0 && t2 == t1 &&
		      t3 == t1, "translations %llu %llu %llu",
		      (unsigned long long)t1, (unsigned long long)t2,
		      (unsigned long long)t3);
	else
		check("xcache-third-translates-nothing", t1 > 0 && t2 == t1 &&
		      t3 == 0, "translations %llu %llu %llu",
		      (unsigned long long)t1, (unsigned long long)t2,
		      (unsigned long long)t3);

	/* Other bytes at the same address: its own translation. */
	uint64_t t4 = run_one("xcache-other-bytes", xc, 9, DATA_ADDR, &eax,
			      &ecx);
	check("xcache-other-bytes-own-code", eax == 9 && ecx == 0x11110009 &&
	      t4 > 0, "eax %#x ecx %#x, translations %llu", eax, ecx,
	      (unsigned long long)t4);
	/* The same bytes under another TLS base: its own translation. */
	uint64_t t5 = run_one("xcache-other-tls", xc, 7, DATA_ADDR + 4, &eax,
			      &ecx);
	check("xcache-other-tls-own-code", eax == 7 && ecx == 0x22220007 &&
	      t5 > 0, "eax %#x ecx %#x, translations %llu", eax, ecx,
	      (unsigned long long)t5);
	vx32_xcache_free(xc);
}

/*
 * A static image: its text (headers and code) at IMG_BASE, read+exec;
 * its data at IMG_DATA, one word from the file and a bss word after it.
 * The code returns the data word in eax and the bss word in ecx,
 * incrementing both, and ebx = its immediate.
 */
#define IMG_BASE	0x08048000u
#define IMG_DATA	(IMG_BASE + 0x2000)
#define IMG_BSS		(IMG_DATA + 0x800)

struct image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	uint8_t pad[0x100 - sizeof(Elf32_Ehdr) - 2 * sizeof(Elf32_Phdr)];
	uint8_t code[0xf00];
	uint32_t data;
};

static void make_image(struct image *im, uint32_t imm, uint32_t data)
{
	static const uint8_t code[] = {
		0xa1, 0, 0, 0, 0,		/* mov IMG_DATA, %eax */
		0xff, 0x05, 0, 0, 0, 0,		/* incl IMG_DATA */
		0x8b, 0x0d, 0, 0, 0, 0,		/* mov IMG_BSS, %ecx */
		0xff, 0x05, 0, 0, 0, 0,		/* incl IMG_BSS */
		0xbb, 0, 0, 0, 0,		/* mov $imm, %ebx */
		STOP,
	};
	uint32_t d = IMG_DATA, b = IMG_BSS;

	memset(im, 0, sizeof *im);
	elf_exec_header(&im->eh, IMG_BASE + offsetof(struct image, code),
			offsetof(struct image, ph), 2);
	im->ph[0].p_type = PT_LOAD;
	im->ph[0].p_vaddr = im->ph[0].p_paddr = IMG_BASE;
	im->ph[0].p_filesz = im->ph[0].p_memsz = offsetof(struct image, data);
	im->ph[0].p_flags = PF_R | PF_X;
	im->ph[0].p_align = 0x1000;
	im->ph[1].p_type = PT_LOAD;
	im->ph[1].p_offset = offsetof(struct image, data);
	im->ph[1].p_vaddr = im->ph[1].p_paddr = IMG_DATA;
	im->ph[1].p_filesz = 4;
	im->ph[1].p_memsz = IMG_BSS + 4 - IMG_DATA;
	im->ph[1].p_flags = PF_R | PF_W;
	im->ph[1].p_align = 0x1000;
	memcpy(im->code, code, sizeof code);
	memcpy(im->code + 1, &d, 4);
	memcpy(im->code + 7, &d, 4);
	memcpy(im->code + 13, &b, 4);
	memcpy(im->code + 19, &b, 4);
	memcpy(im->code + 24, &imm, 4);
	im->data = data;
}

/* Is the host page behind guest address a of p a mapping of the
   xcache's memfd? */
static int from_xcache(vxproc *p, uint32_t a)
{
	uintptr_t h = (uintptr_t)vxmem_hostptr(p, a, 4, VXPERM_READ);
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f || !h)
		die("xcache-image", "cannot read /proc/self/maps");
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && h >= lo &&
		    h < hi)
			found = strstr(line, "memfd:vx32-xcache") != NULL;
	}
	fclose(f);
	return found;
}

/* A guest of image im given xc, run once: *eax, *ebx, *ecx its results,
   *mapped whether its text and data came from the xcache.  The guest
   stays (*pp) if pp, else is freed. */
static const struct vximageid *image_id;	/* for run_image's loads */

static void run_image(const char *name, vx32_xcache *xc,
		      const struct image *im, uint32_t *eax, uint32_t *ebx,
		      uint32_t *ecx, int *mapped, vxproc **pp)
{
	static const char *const argv[] = { "img", NULL };
	vxproc *p = vxproc_alloc();

	if (!p || vxproc_setxcache(p, xc) < 0)
		die(name, "vxproc_alloc, vxproc_setxcache");
	/* (seg: two guests at once must fit in the host's low 4 GiB) */
	if (seg && (vxproc_setlimit(p, VXLIMIT_SPACE, 256 << 20) < 0 ||
		    vxproc_setlimit(p, VXLIMIT_CODECACHE, 1 << 20) < 0))
		die(name, "cannot make the guest small");
	if (image_id && vxproc_setimageid(p, image_id) < 0)
		die(name, "vxproc_setimageid");
	if (vxproc_loadelfmem(p, im, sizeof *im, argv, NULL) < 0)
		die(name, vxproc_error(p));
	*mapped = from_xcache(p, IMG_BASE) && from_xcache(p, IMG_DATA);
	if (vxproc_run(p) != VXTRAP_SOFT + 0x30)
		die(name, "the guest did not reach int $0x30");
	*eax = p->cpu->reg[EAX];
	*ebx = p->cpu->reg[EBX];
	*ecx = p->cpu->reg[ECX];
	if (pp)
		*pp = p;
	else
		vxproc_free(p);
}

static void test_images(void)
{
	static struct image im, other;
	uint32_t eax, ebx, ecx;
	int mapped[4];
	vxproc *third;
	vx32_xcache *xc = vx32_xcache_new(8 << 20);

	if (!xc)
		die("xcache-image", "vx32_xcache_new(8 MiB)");
	make_image(&im, 5, 0x1234);
	run_image("xcache-image-first", xc, &im, &eax, &ebx, &ecx, &mapped[0],
		  NULL);
	check("xcache-image-first-runs", eax == 0x1234 && ebx == 5 &&
	      ecx == 0 && !mapped[0], "eax %#x ebx %#x ecx %#x mapped %d",
	      eax, ebx, ecx, mapped[0]);
	run_image("xcache-image-second", xc, &im, &eax, &ebx, &ecx,
		  &mapped[1], NULL);
	check("xcache-image-second-runs", eax == 0x1234 && ebx == 5 &&
	      ecx == 0 && !mapped[1], "eax %#x ebx %#x ecx %#x mapped %d",
	      eax, ebx, ecx, mapped[1]);
	run_image("xcache-image-third", xc, &im, &eax, &ebx, &ecx, &mapped[2],
		  &third);
	if (seg)
		check("xcache-image-seg-copies", !mapped[2],
		      "the seg guest's image is the xcache's");
	else
		check("xcache-image-third-mapped", mapped[2],
		      "the third guest's image is not the xcache's");
	check("xcache-image-third-runs", eax == 0x1234 && ebx == 5 &&
	      ecx == 0 && rd32(third, IMG_DATA) == 0x1235 &&
	      rd32(third, IMG_BSS) == 1, "eax %#x ebx %#x ecx %#x, "
	      "data %#x bss %#x after", eax, ebx, ecx,
	      rd32(third, IMG_DATA), rd32(third, IMG_BSS));
	/* The third still runs, its data changed: a fourth starts from
	   the file's. */
	run_image("xcache-image-fourth", xc, &im, &eax, &ebx, &ecx,
		  &mapped[3], NULL);
	check("xcache-image-writes-stay-own", eax == 0x1234 && ecx == 0 &&
	      rd32(third, IMG_DATA) == 0x1235 && mapped[3] == mapped[2],
	      "the fourth guest read data %#x bss %#x (the third's: %#x)",
	      eax, ecx, rd32(third, IMG_DATA));
	vxproc_free(third);

	/* The same headers, other bytes in each segment. */
	make_image(&other, 6, 0x1234);
	run_image("xcache-image-other-code", xc, &other, &eax, &ebx, &ecx,
		  &mapped[0], NULL);
	check("xcache-image-other-code-own", ebx == 6 && !mapped[0],
	      "ebx %#x (5 is the stored image's), mapped %d", ebx, mapped[0]);
	make_image(&other, 5, 0x5678);
	run_image("xcache-image-other-data", xc, &other, &eax, &ebx, &ecx,
		  &mapped[0], NULL);
	check("xcache-image-other-data-own", eax == 0x5678 && !mapped[0],
	      "eax %#x (0x1234 is the stored image's), mapped %d", eax,
	      mapped[0]);

	/* Its descriptor's number now names /dev/zero: the image is
	   copied, not mapped from there. */
	int fd = vx32_xcache_movefd(xc, 0), z = open("/dev/zero", O_RDONLY);
	if (fd < 0 || z < 0 || dup2(z, fd) != fd)
		die("xcache-image-foreign-fd", "cannot put /dev/zero there");
	close(z);
	run_image("xcache-image-foreign-fd", xc, &im, &eax, &ebx, &ecx,
		  &mapped[0], NULL);
	check("xcache-image-foreign-fd-unused", eax == 0x1234 && ebx == 5 &&
	      !mapped[0], "eax %#x ebx %#x, mapped %d", eax, ebx, mapped[0]);
	vx32_xcache_free(xc);
}

/* An xcache where im was loaded three times under identity id (the
   third mapped); then a load of other under id2: its data word. */
static uint32_t id_case(const char *name, const struct vximageid *id,
			const struct vximageid *id2, int *mapped)
{
	static struct image im, other;
	uint32_t eax, ebx, ecx;
	vx32_xcache *xc = vx32_xcache_new(8 << 20);

	if (!xc)
		die(name, "vx32_xcache_new(8 MiB)");
	make_image(&im, 5, 0x1234);
	make_image(&other, 5, 0x5678);
	image_id = id;
	for (int i = 0; i < 3; i++)
		run_image(name, xc, &im, &eax, &ebx, &ecx, mapped, NULL);
	if (eax != 0x1234 || *mapped == seg)
		die(name, "the image, loaded with an identity, did not run "
		    "as stored");
	image_id = id2;
	run_image(name, xc, &other, &eax, &ebx, &ecx, mapped, NULL);
	image_id = NULL;
	vx32_xcache_free(xc);
	return eax;
}

static void test_image_ids(void)
{
	int64_t now = (int64_t)time(NULL) * 1000000000ll;
	struct vximageid old = { 1, 2, sizeof(struct image),
				 now - 3600000000000ll, now - 3600000000000ll };
	struct vximageid old_ino = old, fresh = old;
	int mapped;
	uint32_t r;

	old_ino.ino++;
	fresh.ctime_ns = now;

	vxproc *p = vxproc_alloc();
	if (!p)
		die("xcache-imageid", "vxproc_alloc");
	errno = 0;
	check("xcache-imageid-null-refused", vxproc_setimageid(p, NULL) < 0 &&
	      errno == EINVAL, "errno %d", errno);
	vxproc_free(p);
	r = id_case("xcache-imageid-settled", &old, &old, &mapped);
	if (seg)
		check("xcache-imageid-seg-own", r == 0x5678 && !mapped,
		      "data %#x mapped %d", r, mapped);
	else
		check("xcache-imageid-settled-vouches", r == 0x1234 && mapped,
		      "data %#x (0x1234: the stored image's), mapped %d", r,
		      mapped);
	r = id_case("xcache-imageid-other-inode", &old, &old_ino, &mapped);
	check("xcache-imageid-other-inode-compared", r == 0x5678 && !mapped,
	      "data %#x (0x5678: its own), mapped %d", r, mapped);
	r = id_case("xcache-imageid-fresh", &fresh, &fresh, &mapped);
	check("xcache-imageid-fresh-compared", r == 0x5678 && !mapped,
	      "data %#x (0x5678: its own), mapped %d", r, mapped);
}

int main(void)
{
	vxproc *p = vxproc_alloc();

	if (!p)
		die("xcache", "vxproc_alloc");
	seg = vxproc_backend(p) == VX32_BACKEND_SEG;
	vxproc_free(p);
	isolated("xcache-api", test_api);
	isolated("xcache-sharing", test_sharing);
	isolated("xcache-tls-moves", test_tls_moves);
	isolated("xcache-images", test_images);
	isolated("xcache-image-ids", test_image_ids);
	return nfailed != 0;
}
