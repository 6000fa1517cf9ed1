/*
 * filter.c - vxlinux's seccomp program (vxlinux/sandbox.c) against its
 * own rule list.
 *
 * sandbox.c states the policy as a list of rules (the first for a system
 * call number wins) and compiles it into a binary search over ranges of
 * numbers.  This program runs the compiled program in a small classic-BPF
 * interpreter, for every number from 0 to 2047 and at the edges of the
 * x32 range, with argument values taken from the rules' own comparisons,
 * and checks each result against what the rule list says: the rule's
 * return value, or what the rule's block alone returns for the same
 * call; a number without a rule fails with ENOSYS.  It does so for every
 * combination of the options that change the list.  A few answers are
 * also checked against facts that do not come from the list (read
 * allowed, ptrace and bpf kill, an i386 or x32 call kills), so an empty
 * or wrong list fails too.
 *
 *   filter    prints "ok"/"FAIL" lines and "N failures"; exits non-zero
 *             on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include "vxlinux.h"
#include "stubs.h"

static int failures, checks;

/*
 * Classic BPF as seccomp uses it: A, loads of the seccomp_data words,
 * jumps on constants, ret.  Anything else (or running off the end) is a
 * failure of the program: returns 0xdead0000 | pc.
 */
static uint32_t bpf_run(const struct sock_filter *f, size_t n,
		    const struct seccomp_data *d, uint32_t a)
{
	size_t pc = 0;
	unsigned steps = 0;

	while (pc < n && steps++ < 100000) {
		const struct sock_filter *i = &f[pc++];
		uint32_t k = i->k;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k > sizeof *d - 4 || (k & 3))
				return 0xdead0000 | (uint32_t)pc;
			memcpy(&a, (const char *)d + k, 4);
			break;
		case BPF_JMP | BPF_JA:
			pc += k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & k) ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return k;
		default:
			return 0xdead0000 | (uint32_t)pc;
		}
	}
	return 0xdead0000 | (uint32_t)pc;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (failures < 40) {
		printf("FAIL ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	failures++;
}

/* The argument values worth trying for a block: each constant it
   compares with, 0, 1 and ~0. */
static size_t arg_values(const struct filter_rule *r, uint32_t *v, size_t max)
{
	size_t n = 0;

	v[n++] = 0;
	v[n++] = 1;
	v[n++] = 0xffffffff;
	for (size_t i = 0; r && i < r->nblk && n < max; i++)
		if (BPF_CLASS(r->blk[i].code) == BPF_JMP)
			v[n++] = r->blk[i].k;
	return n;
}

/* The first rule for nr, or NULL. */
static const struct filter_rule *rule_for(const struct filter_rule *r,
					  size_t n, uint32_t nr)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].nr == nr)
			return &r[i];
	return NULL;
}

static uint32_t expect(const struct filter_rule *r,
		       const struct seccomp_data *d)
{
	if (!r)
		return SECCOMP_RET_ERRNO | ENOSYS;
	if (!r->nblk)
		return r->ret;
	return bpf_run(r->blk, r->nblk, d, d->nr);
}

static void check(const char *opts, const struct sock_filter *f, size_t n,
		  const struct seccomp_data *d, uint32_t want)
{
	uint32_t got = bpf_run(f, n, d, 0);

	checks++;
	if (got != want)
		fail("%s: nr %d arch %#x args %#llx %#llx %#llx %#llx %#llx: "
		     "%#x, the rules say %#x", opts, d->nr, d->arch,
		     (unsigned long long)d->args[0],
		     (unsigned long long)d->args[1],
		     (unsigned long long)d->args[2],
		     (unsigned long long)d->args[3],
		     (unsigned long long)d->args[4], got, want);
}

/* Facts that hold whatever the list says. */
static void facts(const char *opts, const struct sock_filter *f, size_t n)
{
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64 };

	d.nr = SYS_read;
	check(opts, f, n, &d, SECCOMP_RET_ALLOW);
	d.nr = SYS_ptrace;
	check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
	d.nr = SYS_bpf;
	check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
	d.nr = SYS_clone;
	d.args[0] = 0x10000000;			/* CLONE_NEWUSER */
	check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
	d.args[0] = 0;
	d.nr = 1000;				/* no such call */
	check(opts, f, n, &d, SECCOMP_RET_ERRNO | ENOSYS);
	d.nr = SYS_read;
	d.arch = AUDIT_ARCH_I386;
	check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
	d.arch = AUDIT_ARCH_X86_64;
	d.nr = 0x40000000 | SYS_read;		/* x32 */
	check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
}

static void against_rules(const char *opts, int ldt)
{
	struct filter_rule *rules;
	struct sock_filter *f;
	size_t nr = sandbox_rules(ldt, &rules);
	size_t n = filter_compile(rules, nr, &f);
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64 };
	int before = failures;

	if (nr < 100)
		fail("%s: only %zu rules", opts, nr);
	facts(opts, f, n);
	for (uint32_t k = 0; k < 2048 + 4; k++) {
		uint32_t v[64];
		d.nr = k < 2048 ? k : 0x3ffffffe + (k - 2048);
		const struct filter_rule *r = rule_for(rules, nr, d.nr);
		if (d.nr >= 0x40000000) {
			memset(d.args, 0, sizeof d.args);
			check(opts, f, n, &d, SECCOMP_RET_KILL_PROCESS);
			continue;
		}
		size_t nv = arg_values(r, v, 64);
		/* one argument at a time, its high word 0 or 1 */
		for (int arg = 0; arg < 6; arg++)
			for (size_t i = 0; i < nv; i++)
				for (int hi = 0; hi < 2; hi++) {
					memset(d.args, 0, sizeof d.args);
					d.args[arg] = v[i] |
						(uint64_t)hi << 32;
					check(opts, f, n, &d, expect(r, &d));
				}
		if (!r || !r->nblk)
			continue;
		/* a block: every pair of arguments (execveat looks at two) */
		for (int a1 = 0; a1 < 6; a1++)
			for (int a2 = a1 + 1; a2 < 6; a2++)
				for (size_t i = 0; i < nv; i++)
					for (size_t j = 0; j < nv; j++) {
						memset(d.args, 0,
						       sizeof d.args);
						d.args[a1] = v[i];
						d.args[a2] = v[j];
						check(opts, f, n, &d,
						      expect(r, &d));
					}
	}
	printf("%s %s: %zu rules, a program of %zu instructions\n",
	       failures == before ? "ok  " : "FAIL", opts, nr, n);
	free(f);
	for (size_t i = 0; i < nr; i++)
		free((void *)rules[i].blk);
	free(rules);
}

int main(void)
{
	static const struct {
		const char *name;
		int root, read_only, no_net, ldt;
	} cases[] = {
		{ "no policy", 0, 0, 0, 0 },
		{ "--root", 1, 0, 0, 0 },
		{ "--read-only", 0, 1, 0, 0 },
		{ "--no-net", 0, 0, 1, 0 },
		{ "--root --read-only --no-net", 1, 1, 1, 0 },
		{ "seg backend (ldt)", 0, 0, 0, 1 },
		{ "--root, seg backend", 1, 0, 0, 1 },
	};

	stub_self_fd = 7;	/* any: the execveat rule names it */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pol.root = cases[i].root ? "/nonexistent" : NULL;
		pol.rootlen = pol.root ? strlen(pol.root) : 0;
		pol.read_only = cases[i].read_only;
		pol.no_net = cases[i].no_net;
		against_rules(cases[i].name, cases[i].ldt);
	}
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
