/*
 * follow.c - direct calls followed into short callees (libvx32's
 * translate.c: the callee is translated into the caller's block, and its
 * ret is a check, or nothing where no instruction between could have
 * written the return address).  Self-checking (check.h); its answers are
 * the CPU's too (linux/follow/native).
 *
 * A call is followed only when the caller's block is translated after
 * the callee's, so each case first runs its callee through a warm-up
 * call site, then its caller for the first time.  Cases:
 *   - a leaf that writes nothing, in a loop (no check at its ret);
 *   - ret $8 and ret $0x9000 (esp after the return);
 *   - leaves that change their own return address: by an esp-based
 *     store, by pop and push, by a store after sub $4, %esp, through a
 *     pointer or through %gs onto the slot (those callees are not
 *     followed); the code
 *     after the call must not run;
 *   - a fault inside a followed leaf: the handler sees the leaf's EIP
 *     and esp with the return address on top;
 *   - a caller that rewrites its callee's code on another page before
 *     calling it: the new code runs (the fragment that followed the old
 *     one stops after the store).
 * Run with VX32_STATS=1, vxlinux's flat backend says how many calls it
 * followed (suite-linux.sh checks that some were).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "check.h"

/* Callees and their callers, in assembly so that the calls are direct
   and the stack is exactly what is written here. */
__asm__(
	".text\n"
	/* x * 33 + i, reads its arguments only */
	"leaf_mix:\n"
	"	movl 4(%esp), %edx\n"
	"	movl %edx, %eax\n"
	"	shll $5, %eax\n"
	"	addl %edx, %eax\n"
	"	addl 8(%esp), %eax\n"
	"	ret\n"
	"warm_mix:\n"
	"	pushl $0\n"
	"	pushl $0\n"
	"	call leaf_mix\n"
	"	addl $8, %esp\n"
	"	ret\n"
	/* loop_mix(n): x = leaf_mix(x, i) for i < n, from x = 5 */
	"loop_mix:\n"
	"	pushl %esi\n"
	"	pushl %ebx\n"
	"	movl 12(%esp), %ebx\n"
	"	xorl %esi, %esi\n"
	"	movl $5, %eax\n"
	"1:	pushl %esi\n"
	"	pushl %eax\n"
	"	call leaf_mix\n"
	"	addl $8, %esp\n"
	"	addl $1, %esi\n"
	"	cmpl %esi, %ebx\n"
	"	jne 1b\n"
	"	popl %ebx\n"
	"	popl %esi\n"
	"	ret\n"

	/* stdcall: a + b, pops both */
	"leaf_ret8:\n"
	"	movl 4(%esp), %eax\n"
	"	addl 8(%esp), %eax\n"
	"	ret $8\n"
	"warm_ret8:\n"
	"	pushl $0\n"
	"	pushl $0\n"
	"	call leaf_ret8\n"
	"	ret\n"
	/* 12 with esp back where it was, else -1 */
	"test_ret8:\n"
	"	movl %esp, %ecx\n"
	"	pushl $5\n"
	"	pushl $7\n"
	"	call leaf_ret8\n"
	"	subl %esp, %ecx\n"
	"	jnz 1f\n"
	"	ret\n"
	"1:	movl $-1, %eax\n"
	"	ret\n"

	/* ret $0x9000: esp moves past what a deferred delta can hold */
	"leaf_bigret:\n"
	"	movl $5, %eax\n"
	"	ret $0x9000\n"
	"warm_bigret:\n"
	"	movl %esp, %ecx\n"
	"	subl $0x9000, %esp\n"
	"	call leaf_bigret\n"
	"	movl %ecx, %esp\n"
	"	ret\n"
	/* 5 if esp came back to where it was, else -1 */
	"test_bigret:\n"
	"	movl %esp, %ecx\n"
	"	subl $0x9000, %esp\n"
	"	call leaf_bigret\n"
	"	movl $0, %edx\n"		/* leaves esp pending */
	"	cmpl %esp, %ecx\n"
	"	je 1f\n"
	"	movl %ecx, %esp\n"
	"	movl $-1, %eax\n"
	"1:	ret\n"

	/* Return to ecx instead: an esp-based store over the slot. */
	"leaf_store:\n"
	"	movl %ecx, (%esp)\n"
	"	ret\n"
	/* ... by pop and push */
	"leaf_poppush:\n"
	"	popl %eax\n"
	"	pushl %ecx\n"
	"	ret\n"
	/* ... by a store to 4(%esp) after sub $4, %esp */
	"leaf_subst:\n"
	"	subl $4, %esp\n"
	"	movl %ecx, 4(%esp)\n"
	"	addl $4, %esp\n"
	"	ret\n"
	/* ... by a store through a pointer to the slot */
	"leaf_ptrstore:\n"
	"	leal (%esp), %eax\n"
	"	movl %ecx, (%eax)\n"
	"	ret\n"
	/* warm_redirect(leaf): the leaf returns where it should */
	"warm_redirect:\n"
	"	movl 4(%esp), %eax\n"
	"	movl $2f, %ecx\n"
	"	call *%eax\n"
	"2:	ret\n"
	/* 1 if each returned to ecx, 0 if one fell through after its call */
	"test_store:\n"
	"	movl $1f, %ecx\n"
	"	call leaf_store\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"1:	movl $1, %eax\n"
	"	ret\n"
	"test_poppush:\n"
	"	movl $1f, %ecx\n"
	"	call leaf_poppush\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"1:	movl $1, %eax\n"
	"	ret\n"
	"test_subst:\n"
	"	movl $1f, %ecx\n"
	"	call leaf_subst\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"1:	movl $1, %eax\n"
	"	ret\n"
	"test_ptrstore:\n"
	"	movl $1f, %ecx\n"
	"	call leaf_ptrstore\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"1:	movl $1, %eax\n"
	"	ret\n"

	/* *p */
	"leaf_load:\n"
	"	movl 4(%esp), %eax\n"
	".globl leaf_load_fault\n"
	"leaf_load_fault:\n"
	"	movl (%eax), %eax\n"
	"	ret\n"
	"warm_load:\n"
	"	pushl 4(%esp)\n"
	"	call leaf_load\n"
	"	addl $4, %esp\n"
	"	ret\n"
	"test_load:\n"
	"	pushl 4(%esp)\n"
	"	call leaf_load\n"
	".globl test_load_ret\n"
	"test_load_ret:\n"
	"	addl $4, %esp\n"
	"	ret\n"
);

uint32_t warm_mix(void), loop_mix(uint32_t n);
uint32_t warm_ret8(void), test_ret8(void);
uint32_t warm_bigret(void), test_bigret(void);
uint32_t warm_redirect(void *leaf);
void leaf_store(void), leaf_poppush(void), leaf_subst(void);
void leaf_ptrstore(void);
uint32_t test_store(void), test_poppush(void), test_subst(void);
uint32_t test_ptrstore(void);
uint32_t warm_load(const uint32_t *p), test_load(const uint32_t *p);
extern char leaf_load_fault[], test_load_ret[];

static sigjmp_buf env;
static volatile uint32_t fault_eip, fault_ret, fault_arg;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	const uint32_t *esp = (const uint32_t *)uc->uc_mcontext.gregs[REG_ESP];

	(void)sig, (void)si;
	fault_eip = uc->uc_mcontext.gregs[REG_EIP];
	fault_ret = esp[0];
	fault_arg = esp[1];
	siglongjmp(env, 1);
}

/* Writable, executable pages for hand-assembled code (checked), or
   NULL. */
static uint8_t *code_pages(int n)
{
	void *p = mmap(NULL, 4096 * n, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap of %d code page(s)", n);
	return p == MAP_FAILED ? NULL : p;
}

/* Assemble a 32-bit little-endian word at p; returns p + 4. */
static uint8_t *put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
	return p + 4;
}

/* Assemble `call target` at p; returns the byte after it. */
static uint8_t *put_call(uint8_t *p, const uint8_t *target)
{
	*p++ = 0xe8;
	return put32(p, (uint32_t)(target - (p + 4)));
}

/*
 * A leaf on its own page, `mov $imm32, %eax; ret`, and on the page
 * before it a fastcall caller that stores ecx over the leaf's immediate
 * and calls it: the caller's block follows the call into the old code,
 * and must not run it after the store.
 */
static void test_smc(void)
{
	uint8_t *code = code_pages(2);
	if (!code)
		return;
	uint8_t *leaf = code + 4096, *caller = code + 4000, *p = caller;

	leaf[0] = 0xb8;				/* mov $0, %eax */
	put32(leaf + 1, 0);
	leaf[5] = 0xc3;				/* ret */
	*p++ = 0x89; *p++ = 0x0d;		/* mov %ecx, imm */
	p = put32(p, (uint32_t)(uintptr_t)(leaf + 1));
	p = put_call(p, leaf);
	*p++ = 0xc3;				/* ret */

	uint32_t (*call_leaf)(void) = (uint32_t (*)(void))leaf;
	uint32_t (__attribute__((fastcall)) *call_caller)(uint32_t) =
		(uint32_t (__attribute__((fastcall)) *)(uint32_t))caller;
	int bad = 0;
	for (uint32_t v = 1; v <= 5; v++) {
		uint32_t was = call_leaf();	/* the leaf translated first */
		uint32_t got = call_caller(v);
		if (was != v - 1 || got != v)
			bad++;
	}
	CHECK(bad == 0, "a caller rewriting its callee on another page "
	      "runs the new code (%d of 5 rounds wrong)", bad);
	munmap(code, 8192);
}

/*
 * A leaf that stores its new return address through %gs with a
 * displacement of minus the gs base: %gs:d(%esp) is then the return
 * address's own slot, though d says nothing of it.
 */
static void test_gs_alias(void)
{
	uint8_t *code = code_pages(1);
	if (!code)
		return;
	uint32_t gsbase;
	__asm__ volatile("movl %%gs:0, %0" : "=r"(gsbase));	/* the TCB */
	uint8_t *leaf = code + 256, *caller = code, *back = caller + 16;
	uint8_t *p = leaf;
	*p++ = 0x65; *p++ = 0x89; *p++ = 0x8c; *p++ = 0x24; /* mov %ecx, */
	p = put32(p, 0u - gsbase);			     /* %gs:d(%esp) */
	*p++ = 0xc3;					     /* ret */
	p = caller;
	*p++ = 0xb9;					/* mov $back, %ecx */
	p = put32(p, (uint32_t)(uintptr_t)back);
	p = put_call(p, leaf);
	*p++ = 0x31; *p++ = 0xc0;			/* xor %eax, %eax */
	*p++ = 0xc3;					/* ret */
	p = back;
	*p++ = 0xb8;					/* mov $1, %eax */
	p = put32(p, 1);
	*p++ = 0xc3;

	warm_redirect(leaf);
	uint32_t r = ((uint32_t (*)(void))caller)();
	CHECK(r == 1, "a leaf storing a new return address through %%gs "
	      "(base %08x) returns there", (unsigned)gsbase);
	munmap(code, 4096);
}

int main(void)
{
	uint32_t x = 5;

	warm_mix();
	for (uint32_t i = 0; i < 100000; i++)
		x = x * 33 + i;
	CHECK(loop_mix(100000) == x, "a loop calling a leaf that writes "
	      "nothing: %08x", (unsigned)x);

	warm_ret8();
	CHECK(test_ret8() == 12, "ret $8: the sum, and esp where it was");

	warm_bigret();
	CHECK(test_bigret() == 5, "ret $0x9000: esp where it was");

	warm_redirect(leaf_store);
	CHECK(test_store() == 1, "a leaf storing a new return address "
	      "returns there");
	warm_redirect(leaf_poppush);
	CHECK(test_poppush() == 1, "a leaf popping its return address and "
	      "pushing another returns there");
	warm_redirect(leaf_subst);
	CHECK(test_subst() == 1, "a leaf storing its return address after "
	      "sub $4, %%esp returns there");
	warm_redirect(leaf_ptrstore);
	CHECK(test_ptrstore() == 1, "a leaf storing a new return address "
	      "through a pointer returns there");

	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	static const uint32_t one = 1;
	warm_load(&one);
	if (sigsetjmp(env, 1) == 0) {
		test_load(NULL);
		CHECK(0, "a load from address 0 in a followed leaf faults");
	} else {
		CHECK(fault_eip == (uint32_t)(uintptr_t)leaf_load_fault &&
		      fault_ret == (uint32_t)(uintptr_t)test_load_ret &&
		      fault_arg == 0,
		      "a fault in a followed leaf: eip %08x, return address "
		      "%08x and argument %08x on the stack",
		      (unsigned)fault_eip, (unsigned)fault_ret,
		      (unsigned)fault_arg);
	}
	CHECK(test_load(&one) == 1, "the same leaf after the fault");

	test_smc();
	test_gs_alias();

	printf("%d failures\n", failures);
	return failures != 0;
}
