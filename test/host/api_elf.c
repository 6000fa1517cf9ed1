/*
 * api_elf.c - the ELF loader: a minimal valid image loads and runs with
 * argc/argv/envp on its stack; corrupt, truncated, 64-bit, foreign and
 * dynamic images are refused with an error message and no crash; random
 * header mutations never crash the loader; a real guest built by vxcc
 * runs through a tiny call servicer.
 */
#include <elf.h>

#include "check.h"

#define BASE	0x08048000u
#define ENTRY	(BASE + 0x100)

/* mov $1,%eax; mov (%esp),%ebx; mov 8(%esp),%ecx; int $0x30 */
static const uint8_t prog[] = {
	0xb8, 0x01, 0x00, 0x00, 0x00,
	0x8b, 0x1c, 0x24,
	0x8b, 0x4c, 0x24, 0x08,
	STOP,
};

struct image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	uint8_t pad[0x100 - sizeof(Elf32_Ehdr) - 2 * sizeof(Elf32_Phdr)];
	uint8_t code[sizeof prog];
};

/* A valid static i386 executable: one R+X segment holding everything. */
static void make_image(struct image *im)
{
	memset(im, 0, sizeof *im);
	elf_exec_header(&im->eh, ENTRY, offsetof(struct image, ph), 1);
	im->ph[0].p_type = PT_LOAD;
	im->ph[0].p_offset = 0;
	im->ph[0].p_vaddr = im->ph[0].p_paddr = BASE;
	im->ph[0].p_filesz = im->ph[0].p_memsz = sizeof *im;
	im->ph[0].p_flags = PF_R | PF_X;
	im->ph[0].p_align = 0x1000;
	memcpy(im->code, prog, sizeof prog);
}

static const char *const argv[] = { "prog", "arg1", NULL };
static const char *const envp[] = { "A=1", NULL };

static void test_valid(void)
{
	struct image im;
	vxproc *p = vxproc_alloc();
	char s[8] = "";
	int r, t;

	make_image(&im);
	r = vxproc_loadelfmem(p, &im, sizeof im, argv, envp);
	check("load-valid", r == 0 && p->load.entry == ENTRY && p->cpu->eip == ENTRY &&
	      p->load.image_lo == BASE && p->load.image_hi >= BASE + sizeof im &&
	      (p->load.image_hi & 0xfff) == 0,
	      "returned %d (%s), entry %#x eip %#x image %#x-%#x", r,
	      vxproc_error(p), p->load.entry, p->cpu->eip, p->load.image_lo,
	      p->load.image_hi);
	t = vxproc_run(p);
	vxmem_read(p, s, p->cpu->reg[ECX], 5);
	check("run-valid", t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EBX] == 2 &&
	      memcmp(s, "arg1", 5) == 0,
	      "trap %#x, argc %u, argv[1] \"%.5s\"", t, p->cpu->reg[EBX], s);
	check("stack-info", p->load.stack_hi <= 0xc0000000u && p->load.stack_lo < p->load.stack_hi &&
	      p->cpu->reg[ESP] >= p->load.stack_lo && p->cpu->reg[ESP] < p->load.stack_hi,
	      "stack %#x-%#x, esp %#x", p->load.stack_lo, p->load.stack_hi, p->cpu->reg[ESP]);
	/* the image's segment is read+exec, not writable */
	check("segment-perms", vxmem_checkperm(p, ENTRY, 4, VXPERM_READ | VXPERM_EXEC, NULL) == 1 &&
	      vxmem_checkperm(p, ENTRY, 4, VXPERM_WRITE, NULL) == 0,
	      "the R+X segment has the wrong permissions");
	r = vxproc_loadelfmem(p, &im, sizeof im, argv, envp);
	check("load-twice", r == -1, "loading into a non-empty guest returned %d", r);
	vxproc_free(p);
}

/* Load a corrupted image into a fresh guest: it must fail with a reason. */
static void refuse(const char *name, const void *img, size_t size)
{
	vxproc *p = vxproc_alloc();
	int r;

	if (!p)
		die(name, "vxproc_alloc");
	r = vxproc_loadelfmem(p, img, size, argv, envp);
	check(name, r == -1 && vxproc_error(p)[0] != '\0',
	      "returned %d, error \"%s\"", r, vxproc_error(p));
	vxproc_free(p);
}

static void test_corrupt(void)
{
	struct image im, good;

	make_image(&good);
#define MUTATE(name, stmt) do { im = good; stmt; refuse(name, &im, sizeof im); } while (0)
	MUTATE("bad-magic", im.eh.e_ident[1] = 'X');
	MUTATE("class64", im.eh.e_ident[EI_CLASS] = ELFCLASS64);
	MUTATE("big-endian", im.eh.e_ident[EI_DATA] = ELFDATA2MSB);
	MUTATE("machine-x86-64", im.eh.e_machine = EM_X86_64);
	MUTATE("type-rel", im.eh.e_type = ET_REL);
	MUTATE("type-core", im.eh.e_type = ET_CORE);
	MUTATE("phoff-huge", im.eh.e_phoff = 0xfffffff0);
	MUTATE("phoff-past-end", im.eh.e_phoff = sizeof im - 8);
	MUTATE("phnum-huge", im.eh.e_phnum = 0xffff);
	MUTATE("phentsize-small", im.eh.e_phentsize = 8);
	MUTATE("no-load-segment", im.ph[0].p_type = PT_NULL);
	MUTATE("offset-past-end", im.ph[0].p_offset = 0x10000);
	MUTATE("filesz-past-end", im.ph[0].p_filesz = im.ph[0].p_memsz = 0x100000);
	MUTATE("offset-wraps", (im.ph[0].p_offset = 0xffffff00, im.ph[0].p_filesz = 0x200));
	MUTATE("filesz-gt-memsz", im.ph[0].p_memsz = 0x10);
	MUTATE("segment-wraps-4g", (im.ph[0].p_vaddr = 0xfffff000, im.ph[0].p_memsz = 0x2000));
	MUTATE("memsz-huge", im.ph[0].p_memsz = 0xfffff000);
	MUTATE("segment-over-stack", (im.ph[0].p_vaddr = 0xbffff000, im.eh.e_entry = 0xbffff100));

	/* ET_DYN with a PT_INTERP: a dynamic executable */
	im = good;
	im.eh.e_type = ET_DYN;
	im.eh.e_phnum = 2;
	im.ph[1].p_type = PT_INTERP;
	im.ph[1].p_offset = offsetof(struct image, pad);
	im.ph[1].p_filesz = 1;
	refuse("dynamic-interp", &im, sizeof im);

	/* truncated images */
	refuse("empty", &good, 0);
	refuse("truncated-ident", &good, 10);
	refuse("truncated-header", &good, sizeof(Elf32_Ehdr) - 1);
	refuse("truncated-phdrs", &good, sizeof(Elf32_Ehdr) + 8);
	refuse("truncated-segment", &good, 0x100 + 4);
}

/*
 * A static-PIE (ET_DYN) image linked high moves down to 0x56555000: the
 * loader must place its bytes there and nowhere else (found by fuzzing:
 * the copy once went to base + vaddr + bias without the 32-bit wrap,
 * gigabytes past the guest reservation).  One linked so high that the
 * moved image would reach the stack is refused.
 */
static void test_pie_high(void)
{
	struct image im;
	vxproc *p = vxproc_alloc();
	uint8_t got[sizeof prog];
	int r;

	make_image(&im);
	im.eh.e_type = ET_DYN;
	im.ph[0].p_vaddr = im.ph[0].p_paddr = 0x85000000u;
	im.ph[0].p_memsz = 0x340023;
	im.eh.e_entry = 0x85000000u + offsetof(struct image, code);
	r = vxproc_loadelfmem(p, &im, sizeof im, argv, envp);
	memset(got, 0, sizeof got);
	vxmem_read(p, got, 0x56555000u + offsetof(struct image, code),
		   sizeof prog);
	check("pie-high", r == 0 && p->load.image_lo == 0x56555000u &&
	      p->load.image_hi == 0x56896000u &&
	      p->load.entry == 0x56555000u + offsetof(struct image, code) &&
	      memcmp(got, prog, sizeof prog) == 0,
	      "returned %d (%s), image %#x-%#x entry %#x", r, vxproc_error(p),
	      p->load.image_lo, p->load.image_hi, p->load.entry);
	int t = vxproc_run(p);
	check("pie-high-run", t == VXTRAP_SOFT + 0x30 && p->cpu->reg[EBX] == 2,
	      "trap %#x argc %u", t, p->cpu->reg[EBX]);
	vxproc_free(p);

	make_image(&im);
	im.eh.e_type = ET_DYN;
	im.ph[0].p_vaddr = im.ph[0].p_paddr = 0x10000000u;
	im.ph[0].p_memsz = 0xa0000000u;		/* 0x56555000 + 2.5 GiB */
	refuse("pie-too-big", &im, sizeof im);
}

static void test_files(void)
{
	vxproc *p = vxproc_alloc();
	int r = vxproc_loadelffile(p, "/proc/self/exe", argv, envp);

	check("file-host-x86-64", r == -1 && vxproc_error(p)[0],
	      "loading this x86-64 test program returned %d (%s)", r, vxproc_error(p));
	vxproc_free(p);
	p = vxproc_alloc();
	r = vxproc_loadelffile(p, "/nonexistent/guest", argv, envp);
	check("file-missing", r == -1 && vxproc_error(p)[0], "returned %d (%s)", r,
	      vxproc_error(p));
	vxproc_free(p);
	p = vxproc_alloc();
	r = vxproc_loadelffile(p, "/dev/null", argv, envp);
	check("file-empty", r == -1 && vxproc_error(p)[0], "returned %d (%s)", r,
	      vxproc_error(p));
	vxproc_free(p);
}

/* Random mutations of the headers: load returns 0 or -1, never crashes. */
static void test_fuzz(void)
{
	struct image good, im;
	uint32_t rng = 12345;
	int i, j, loaded = 0;

	make_image(&good);
	for (i = 0; i < 1000; i++) {
		vxproc *p = vxproc_alloc();
		int r;

		im = good;
		for (j = 0; j < 1 + i % 4; j++) {
			rng = rng * 1103515245 + 12345;
			((uint8_t *)&im)[(rng >> 8) % (sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) * 2)] =
				(uint8_t)(rng >> 20);
		}
		r = vxproc_loadelfmem(p, &im, (rng >> 4) % 3 ? sizeof im : (rng >> 12) % sizeof im,
				      argv, envp);
		if (r == 0)
			loaded++;
		else if (r != -1 || !vxproc_error(p)[0])
			break;
		vxproc_free(p);
	}
	check("fuzz-headers", i == 1000, "mutation %d: bad return or empty error", i);
}

/* A real guest built by vxcc, with a minimal servicer for its calls. */
/* The AT_EXECFN string on a loaded guest's stack, or "" */
static void execfn_of(vxproc *p, char *buf, size_t len)
{
	uint32_t a = p->cpu->reg[ESP], argc = 0, v[2];

	buf[0] = 0;
	vxmem_read(p, &argc, a, 4);
	a += 4 + 4 * (argc + 1);
	for (uint32_t w = 1; w && vxmem_read(p, &w, a, 4) == 4; a += 4)
		;				/* skip envp up to NULL */
	for (; vxmem_read(p, v, a, 8) == 8 && v[0] != AT_NULL; a += 8)
		if (v[0] == AT_EXECFN) {
			uint32_t n = vxmem_strlen(p, v[1], len - 1);
			if (n < len && vxmem_read(p, buf, v[1], n + 1) == (int)n + 1)
				return;
			buf[0] = 0;
		}
}

/* AT_EXECFN names the loaded file (as Linux: the execve name), or what
   the host set with vxproc_setexecfn(). */
static void test_execfn(void)
{
	const char *dir = getenv("VX32_TEST_OUT");
	char path[4096], got[4096];
	vxproc *p;

	if (!dir) {
		printf("skip execfn: VX32_TEST_OUT not set\n");
		return;
	}
	snprintf(path, sizeof path, "%s/guests/hello", dir);
	p = vxproc_alloc();
	vxproc_loadelffile(p, path, argv, envp);
	execfn_of(p, got, sizeof got);
	check("execfn-file", strcmp(got, path) == 0, "AT_EXECFN \"%s\", want \"%s\"",
	      got, path);
	vxproc_free(p);

	p = vxproc_alloc();
	vxproc_setexecfn(p, "/bin/guest-name");
	vxproc_loadelffile(p, path, argv, envp);
	execfn_of(p, got, sizeof got);
	check("execfn-set", strcmp(got, "/bin/guest-name") == 0,
	      "AT_EXECFN \"%s\"", got);
	vxproc_free(p);
}

static void test_real_guest(void)
{
	const char *dir = getenv("VX32_TEST_OUT");
	char path[4096], out[256];
	size_t outlen = 0;
	vxproc *p;
	int t, status = -1;

	if (!dir) {
		printf("skip real-guest: VX32_TEST_OUT not set\n");
		return;
	}
	snprintf(path, sizeof path, "%s/guests/hello", dir);
	p = vxproc_alloc();
	if (vxproc_loadelffile(p, path, argv, envp) < 0) {
		check("real-guest", 0, "cannot load %s: %s", path, vxproc_error(p));
		return;
	}
	while ((t = vxproc_run(p)) == VXTRAP_SOFT + 0x30) {
		uint32_t *r = p->cpu->reg;

		if (r[EAX] == 1) {		/* exit */
			status = r[EBX] & 255;
			break;
		} else if (r[EAX] == 3 && r[EBX] == 1 && r[EDX] <= sizeof out - outlen &&
			   vxmem_read(p, out + outlen, r[ECX], r[EDX]) == (int)r[EDX]) {
			outlen += r[EDX];
			r[EAX] = r[EDX];
		} else if (r[EAX] == 4) {	/* brk: refuse to move */
			r[EAX] = p->load.image_hi;
		} else {
			r[EAX] = (uint32_t)-38;
		}
	}
	check("real-guest", status == 0 && outlen == 13 && memcmp(out, "hello, world\n", 13) == 0,
	      "trap %#x, status %d, output \"%.*s\"", t, status, (int)outlen, out);
	vxproc_free(p);
}

int main(void)
{
	if (vx32_init() < 0)
		die("init", "vx32_init failed");
	isolated("pie-high", test_pie_high);
	isolated("execfn", test_execfn);
	isolated("valid", test_valid);
	isolated("corrupt", test_corrupt);
	isolated("files", test_files);
	isolated("fuzz", test_fuzz);
	isolated("real-guest", test_real_guest);
	return nfailed != 0;
}
