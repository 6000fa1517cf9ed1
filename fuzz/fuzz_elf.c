/*
 * fuzz_elf.c - libFuzzer target: arbitrary bytes as an ELF image for
 * vxproc_loadelfmem(), then, if it loads, a short run of the guest.
 *
 * The guest has a small memory limit and stack, so that images asking
 * for gigabytes are refused quickly instead of touching host memory.  One
 * guest is reused: before each input everything is unmapped (the loader
 * wants an empty guest) after RESET_CODE has run on two scratch pages;
 * every FRESH_EVERY inputs a new guest is allocated instead.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

#define MEM_LIMIT	(64u << 20)
#define STACK_LIMIT	(64u << 10)
#define MAX_TRAPS	256
#define FRESH_EVERY	64
#define SCRATCH_CODE	0x1000u		/* RESET_CODE, then unmapped */
#define SCRATCH_STACK	0x2000u

static vxproc *proc;
static unsigned long inputs;

/* What the last input left mapped (the whole-space unmap is slow: it
   walks a million pages). */
static uint32_t image_lo, image_hi, stack_lo, stack_hi;

static void unmap(vxproc *p, uint32_t lo, uint32_t hi)
{
	if (hi > lo)
		vxmem_unmap(p, lo, hi - lo);
}

static void unmap_all(vxproc *p)
{
	unmap(p, image_lo, image_hi);
	unmap(p, stack_lo, stack_hi);
	unmap(p, SCRATCH_CODE, SCRATCH_STACK + 4096);
	image_lo = image_hi = stack_lo = stack_hi = 0;
	if (vxmem_mapped(p) != 0)
		vxmem_unmap(p, 0, 0xffffffffu);
	if (vxmem_mapped(p) != 0)
		fuzz_fail("unmapping all guest memory left %llu bytes mapped",
			  (unsigned long long)vxmem_mapped(p));
}

static void fresh_guest(void)
{
	if (proc) {
		canary_disarm(proc);
		vxproc_free(proc);
	}
	proc = vxproc_alloc();
	if (!proc)
		fuzz_fail("vxproc_alloc failed");
	canary_arm(proc);
	vxproc_setlimit(proc, VXLIMIT_MEMORY, MEM_LIMIT);
	vxproc_setlimit(proc, VXLIMIT_STACK, STACK_LIMIT);
}

static void reset_guest(vxproc *p)
{
	unmap_all(p);
	vxproc_flush(p);
	if (vxmem_map(p, SCRATCH_CODE, 4096, VXPERM_READ | VXPERM_WRITE) < 0 ||
	    vxmem_write(p, reset_code, SCRATCH_CODE, reset_code_len) < 0 ||
	    vxmem_setperm(p, SCRATCH_CODE, 4096, VXPERM_READ | VXPERM_EXEC) < 0 ||
	    vxmem_map(p, SCRATCH_STACK, 4096, VXPERM_READ | VXPERM_WRITE) < 0)
		fuzz_fail("cannot map the reset pages: %s", vxproc_error(p));
	reset_run(p, SCRATCH_CODE, SCRATCH_STACK + 4096 - 16);
	unmap_all(p);
	vxproc_flush(p);
	for (int i = 0; i < VXTLS_ENTRIES; i++)
		vxproc_settls(p, i, 0, 0);
	memset(p->cpu, 0, sizeof *p->cpu);
	p->cpu->eflags = 0x202;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const argv[] = { "guest", "arg", NULL };
	static const char *const envp[] = { "A=1", NULL };
	struct guestrun r = { 0 };
	vxproc *p;

	if (known_bug(data, size))
		return -1;
	fuzz_setup();
	fuzz_unit_limit(1);
	if (!proc || ++inputs % FRESH_EVERY == 0)
		fresh_guest();
	else
		reset_guest(proc);
	p = proc;

	if (vxproc_loadelfmem(p, data, size, argv, envp) < 0) {
		if (!vxproc_error(p)[0])
			fuzz_fail("vxproc_loadelfmem failed without a message");
	} else {
		struct vxloadinfo *li = &p->load;
		if (vxmem_mapped(p) > MEM_LIMIT)
			fuzz_fail("loader mapped %llu bytes over the limit",
				  (unsigned long long)vxmem_mapped(p));
		if (p->cpu->eip != li->entry ||
		    p->cpu->reg[ESP] < li->stack_lo ||
		    p->cpu->reg[ESP] >= li->stack_hi)
			fuzz_fail("loaded: eip %#x esp %#x, entry %#x stack "
				  "%#x-%#x", p->cpu->eip, p->cpu->reg[ESP],
				  li->entry, li->stack_lo, li->stack_hi);
		r.brk_lo = r.brk = li->image_hi;
		guestrun(p, &r, MAX_TRAPS, GUEST_BUDGET_NS);
		image_lo = li->image_lo;
		image_hi = (r.brk + 4095) & ~4095u;
		if (image_hi < li->image_hi)
			image_hi = li->image_hi;
		stack_lo = li->stack_lo;
		stack_hi = li->stack_hi;
	}
	fuzz_selftest();
	canary_check("after loading and running");
	hoststate_check("after loading and running");
	fuzz_inputs_checked++;
	fuzz_unit_limit(0);
	return 0;
}
