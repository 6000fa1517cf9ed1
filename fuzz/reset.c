/*
 * reset.c - bring a reused guest back to the CPU state of a new one.
 *
 * The API lets a host set the general registers, eflags and eip, but not
 * the x87/SSE state or the segment registers a guest may have changed.
 * Reusing one guest for many inputs (much faster than vxproc_alloc(),
 * which sets up a new code cache) is only reproducible if those are
 * reset too: RESET_CODE does it from inside the guest.
 */
#include <string.h>
#include "fuzz.h"

/*
 * Guest code that resets what the host cannot: x87 registers, control
 * and status (fninit first, as the last guest may have unmasked stack
 * faults; 8 x fldz; fninit), MXCSR, xmm0-7, and the segment
 * registers (fs, gs null; ds, es, ss flat); ends with int3.
 */
const uint8_t reset_code[] = {
	0xdb, 0xe3,					/* fninit */
	0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee,	/* fldz x 8 */
	0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee,
	0xdb, 0xe3,					/* fninit */
	0x68, 0x80, 0x1f, 0x00, 0x00,			/* push $0x1f80 */
	0x0f, 0xae, 0x14, 0x24,				/* ldmxcsr (%esp) */
	0x58,						/* pop %eax */
	0x66, 0x0f, 0xef, 0xc0, 0x66, 0x0f, 0xef, 0xc9,	/* pxor xmm0-7 */
	0x66, 0x0f, 0xef, 0xd2, 0x66, 0x0f, 0xef, 0xdb,
	0x66, 0x0f, 0xef, 0xe4, 0x66, 0x0f, 0xef, 0xed,
	0x66, 0x0f, 0xef, 0xf6, 0x66, 0x0f, 0xef, 0xff,
	0x31, 0xc0,					/* xor %eax,%eax */
	0x8e, 0xe0, 0x8e, 0xe8,				/* mov %eax,%fs/%gs */
	0xb8, 0x2b, 0x00, 0x00, 0x00,			/* mov $0x2b,%eax */
	0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0,		/* mov %eax,%ds/es/ss */
	0xcc,						/* int3 */
};

static const uint16_t fresh_sel[6] = { 0x2b, 0x23, 0x2b, 0x2b, 0, 0 };
const size_t reset_code_len = sizeof reset_code;

void reset_run(vxproc *p, uint32_t code_addr, uint32_t stack_top)
{
	struct guestrun r = { 0 };

	memset(p->cpu, 0, sizeof *p->cpu);
	p->cpu->eip = code_addr;
	p->cpu->reg[ESP] = stack_top;
	p->cpu->eflags = 0x202;
	/* The first run of a new guest pays for setting up its code cache:
	   give it time, it is not under test here. */
	guestrun(p, &r, 1, 1000 * 1000 * 1000);
	if (r.last != VXTRAP_BREAKPOINT)
		fuzz_fail("reset code ended with trap %#x, not int3: %s",
			  r.last, vxproc_error(p));
	for (int s = 0; s < 6; s++)
		if (vxproc_getsel(p, s) != fresh_sel[s])
			fuzz_fail("reset left segment %d = %#x", s,
				  vxproc_getsel(p, s));
}
