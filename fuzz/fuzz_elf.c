/*
 * fuzz_elf.c - libFuzzer target: arbitrary bytes as an ELF image for
 * vxproc_loadelfmem(), then, if it loads, a short run of the guest.
 *
 * Each input gets a new guest (the loader wants an empty one) with a
 * small memory limit and stack, so that images asking for gigabytes are
 * refused quickly instead of touching host memory.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

#define MEM_LIMIT	(64u << 20)
#define STACK_LIMIT	(64u << 10)
#define MAX_TRAPS	256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const argv[] = { "guest", "arg", NULL };
	static const char *const envp[] = { "A=1", NULL };
	struct guestrun r = { 0 };
	vxproc *p;

	fuzz_setup();
	p = vxproc_alloc();
	if (!p)
		fuzz_fail("vxproc_alloc failed");
	canary_arm(p);
	vxproc_setlimit(p, VXLIMIT_MEMORY, MEM_LIMIT);
	vxproc_setlimit(p, VXLIMIT_STACK, STACK_LIMIT);

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
	}
	canary_check("after loading and running");
	hoststate_check("after loading and running");
	canary_disarm(p);
	vxproc_free(p);
	return 0;
}
