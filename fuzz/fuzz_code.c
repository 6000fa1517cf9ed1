/*
 * fuzz_code.c - libFuzzer target: arbitrary bytes as guest code.
 *
 * Input: byte 0 selects options (below), then, with REGS_INPUT, 36 bytes
 * of initial registers and eflags; the rest is code, placed at CODE_ADDR.
 * The guest runs with a data area, a read-only page, a stack and the last
 * page of its address space mapped (below 4 GiB on the flat backend, below
 * 3 GiB on seg), until a fault, an exit call, MAX_TRAPS traps,
 * or the watchdog.  Then the host is checked (fuzz.h) and so is guest
 * memory the guest had no right to write.
 *
 * One guest is reused across inputs: it is reset by vxproc_flush(), a
 * short guest-code prologue (RESET_CODE) that clears the x87/SSE state
 * and segment registers, which the API cannot reset from the host, and by
 * rewriting the contents of its memory (re-mapping is slower: every mmap
 * is a TLB shoot-down).  Every FRESH_EVERY inputs, and for
 * inputs with OPT_FRESH, a new guest is allocated instead.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define CODE_ADDR	0x00010000u
#define CODE_MAX	0x00010000u	/* bytes of code used at most */
#define RESET_ADDR	0x00008000u	/* RESET_CODE, read-only */
#define RESET_LEN	0x00001000u
#define DATA_ADDR	0x00100000u
#define DATA_LEN	0x00004000u
#define RO_ADDR		0x00200000u
#define RO_LEN		0x00001000u
#define STACK_ADDR	0x00300000u
#define STACK_LEN	0x00004000u
#define TOP_ADDR	top_addr	/* the last page: accesses wrapping 4 GiB
				   (flat) or crossing the segment limit */
#define TOP_LEN		0x00001000u
#define MAX_TRAPS	64
#define FRESH_EVERY	256

/* Option bits in byte 0. */
#define OPT_SMC		0x01	/* code pages writable: self-modifying code */
#define OPT_RDTSC	0x02	/* VXOPT_RDTSC on */
#define OPT_SMALLCACHE	0x04	/* minimum code cache: flushes */
#define OPT_TLS		0x08	/* TLS entry 0 in use, base DATA_ADDR */
#define OPT_REGMASK	0x30	/* register set-up: */
#define REGS_DATA	0x00	/*   pointers into the data area */
#define REGS_ZERO	0x10	/*   all zero */
#define REGS_INPUT	0x20	/*   from the input */
#define REGS_EDGE	0x30	/*   near the ends of the address space */
#define OPT_FRESH	0x40	/* a new guest for this input */

static vxproc *proc;
static uint32_t top_addr;	/* the last page of proc's address space */
static uint64_t cache_limit;	/* proc's VXLIMIT_CODECACHE */
static uint32_t code_len;	/* bytes of code the last input left */
static unsigned long inputs;
static uint8_t ro_pattern[RO_LEN];
static uint8_t data_pattern[DATA_LEN];

static void map(vxproc *p, uint32_t addr, uint32_t len, int perm)
{
	if (vxmem_map(p, addr, len, perm) < 0)
		fuzz_fail("vxmem_map(%#x, %#x, %d): %s", addr, len, perm,
			  vxproc_error(p));
}

/* Changing the limit re-creates the cache: only do it when needed. */
static void set_cache_limit(vxproc *p, uint64_t limit)
{
	if (limit == cache_limit)
		return;
	if (vxproc_setlimit(p, VXLIMIT_CODECACHE, limit) < 0)
		fuzz_fail("vxproc_setlimit(VXLIMIT_CODECACHE, %llu) failed",
			  (unsigned long long)limit);
	cache_limit = limit;
}

/* Fill guest memory the guest may not be able to write: made writable
   for the copy, then given perm. */
static void fill(vxproc *p, uint32_t addr, const void *buf, uint32_t n,
		 uint32_t len, int perm)
{
	static const uint8_t zero[4096];

	if (vxmem_setperm(p, addr, len, VXPERM_READ | VXPERM_WRITE) < 0)
		fuzz_fail("vxmem_setperm(%#x, %#x): %s", addr, len,
			  vxproc_error(p));
	if (n && vxmem_write(p, buf, addr, n) != (int)n)
		fuzz_fail("vxmem_write(%#x, %#x) failed", addr, n);
	for (uint32_t off = n; off < len; off += sizeof zero) {
		uint32_t k = len - off < sizeof zero ? len - off : sizeof zero;
		if (vxmem_write(p, zero, addr + off, k) != (int)k)
			fuzz_fail("vxmem_write(%#x, %#x) failed", addr + off, k);
	}
	if (vxmem_setperm(p, addr, len, perm) < 0)
		fuzz_fail("vxmem_setperm(%#x, %#x, %d): %s", addr, len, perm,
			  vxproc_error(p));
}

static void release(void)
{
	if (!proc)
		return;
	canary_disarm(proc);
	vxproc_free(proc);
	proc = NULL;
}

/* A new guest with the layout mapped; contents are set per input. */
static void fresh_guest(void)
{
	release();
	proc = vxproc_alloc();
	if (!proc)
		fuzz_fail("vxproc_alloc failed");
	cache_limit = vxproc_getlimit(proc, VXLIMIT_CODECACHE);
	top_addr = (uint32_t)(vxproc_getlimit(proc, VXLIMIT_SPACE) - TOP_LEN);
	map(proc, CODE_ADDR, CODE_MAX, VXPERM_READ | VXPERM_EXEC);
	map(proc, RESET_ADDR, RESET_LEN, VXPERM_READ | VXPERM_WRITE);
	map(proc, DATA_ADDR, DATA_LEN, VXPERM_READ | VXPERM_WRITE);
	map(proc, RO_ADDR, RO_LEN, VXPERM_READ | VXPERM_WRITE);
	map(proc, STACK_ADDR, STACK_LEN, VXPERM_READ | VXPERM_WRITE);
	map(proc, TOP_ADDR, TOP_LEN, VXPERM_READ | VXPERM_WRITE);
	fill(proc, RESET_ADDR, reset_code, reset_code_len, RESET_LEN,
	     VXPERM_READ | VXPERM_EXEC);
	fill(proc, RO_ADDR, ro_pattern, RO_LEN, RO_LEN, VXPERM_READ);
	canary_arm(proc);
	code_len = CODE_MAX;		/* unknown contents: clear it all */
}

/* Bring the guest back to a known state: RESET_CODE for the CPU state
   the host cannot set, then memory contents and options. */
static void reset_guest(vxproc *p, int opts)
{
	vxproc_flush(p);
	for (int i = 0; i < VXTLS_ENTRIES; i++)
		vxproc_settls(p, i, 0, 0);
	vxproc_setopt(p, VXOPT_RDTSC, 0);
	set_cache_limit(p, 32u << 20);

	reset_run(p, RESET_ADDR, STACK_ADDR + STACK_LEN - 0x100);
	vxproc_flush(p);

	if (vxmem_write(p, data_pattern, DATA_ADDR, DATA_LEN) != DATA_LEN)
		fuzz_fail("vxmem_write of the data area failed");
	fill(p, STACK_ADDR, NULL, 0, STACK_LEN, VXPERM_READ | VXPERM_WRITE);
	fill(p, TOP_ADDR, NULL, 0, TOP_LEN, VXPERM_READ | VXPERM_WRITE);
	if (opts & OPT_RDTSC)
		vxproc_setopt(p, VXOPT_RDTSC, 1);
	if (opts & OPT_SMALLCACHE)
		set_cache_limit(p, 256u << 10);
	if (opts & OPT_TLS)
		vxproc_settls(p, 0, DATA_ADDR, 1);
}

static void set_registers(vxproc *p, int opts, const uint8_t **data,
			  size_t *size)
{
	struct vxcpu *c = p->cpu;

	memset(c, 0, sizeof *c);
	c->eip = CODE_ADDR;
	c->eflags = 0x202;
	switch (opts & OPT_REGMASK) {
	case REGS_DATA:
		for (int i = 0; i < 8; i++)
			c->reg[i] = DATA_ADDR + 0x800 + 0x100 * i;
		break;
	case REGS_ZERO:
		break;
	case REGS_INPUT:
		if (*size >= 36) {
			memcpy(c->reg, *data, 32);
			memcpy(&c->eflags, *data + 32, 4);
			*data += 36;
			*size -= 36;
		}
		break;
	case REGS_EDGE:
		for (int i = 0; i < 8; i++)
			c->reg[i] = i & 1 ? top_addr + TOP_LEN - 0x10 + i :
					     0x0fff0u + i;
		c->eflags = 0xcd7;	/* all arithmetic flags and DF */
		break;
	}
	if ((opts & OPT_REGMASK) != REGS_INPUT)
		c->reg[ESP] = STACK_ADDR + STACK_LEN - 0x100;
}

static void check_guest_memory(vxproc *p, int opts, const uint8_t *code,
			       size_t len)
{
	uint8_t buf[RO_LEN];
	uint64_t want = CODE_MAX + RESET_LEN + DATA_LEN + RO_LEN + STACK_LEN +
			TOP_LEN;

	if (vxmem_mapped(p) != want)
		fuzz_fail("guest mapped bytes changed to %llu",
			  (unsigned long long)vxmem_mapped(p));
	if (vxmem_read(p, buf, RO_ADDR, RO_LEN) < 0 ||
	    memcmp(buf, ro_pattern, RO_LEN))
		fuzz_fail("read-only guest page written");
	if (vxmem_read(p, buf, RESET_ADDR, reset_code_len) < 0 ||
	    memcmp(buf, reset_code, reset_code_len))
		fuzz_fail("read-only guest reset code written");
	for (size_t off = 0; !(opts & OPT_SMC) && off < len; off += RO_LEN) {
		size_t n = len - off < RO_LEN ? len - off : RO_LEN;
		if (vxmem_read(p, buf, CODE_ADDR + off, n) < 0 ||
		    memcmp(buf, code + off, n))
			fuzz_fail("read-only guest code written near %#zx",
				  CODE_ADDR + off);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guestrun r = { 0 };
	int opts;

	if (size < 1 || known_bug(data, size))
		return -1;
	fuzz_setup();
	fuzz_unit_limit(1);
	if (!ro_pattern[0]) {
		for (unsigned i = 0; i < RO_LEN; i++)
			ro_pattern[i] = (uint8_t)(0x3c + i * 7);
		for (unsigned i = 0; i < DATA_LEN; i++)
			data_pattern[i] = (uint8_t)(i * 13 + (i >> 8));
	}
	opts = data[0];
	if ((opts & OPT_SMC) && known_bug_smc())
		opts &= ~OPT_SMC;	/* run it, with read-only code */
	data++;
	size--;
	if (!proc || (opts & OPT_FRESH) || ++inputs % FRESH_EVERY == 0)
		fresh_guest();
	reset_guest(proc, opts);
	set_registers(proc, opts, &data, &size);
	if (size > CODE_MAX)
		size = CODE_MAX;
	/* Pages past both this and the last input's code stay read-only
	   and zero; with OPT_SMC the pages of the code are writable. */
	uint32_t len = code_len > size ? code_len : size;
	fill(proc, CODE_ADDR, data, size, len ? len : 1,
	     VXPERM_READ | VXPERM_EXEC | (opts & OPT_SMC ? VXPERM_WRITE : 0));
	code_len = opts & OPT_SMC ? CODE_MAX : size;

	guestrun(proc, &r, MAX_TRAPS, GUEST_BUDGET_NS);

	check_guest_memory(proc, opts, data, size);
	fuzz_selftest();
	canary_check("after the guest ran");
	hoststate_check("after the guest ran");
	fuzz_inputs_checked++;
	fuzz_unit_limit(0);
	return 0;
}
