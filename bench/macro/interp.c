/*
 * interp.c - a bytecode interpreter, the indirect-branch-heavy kind: a
 * stack machine dispatched by computed goto (gcc's labels as values), one
 * indirect jump per executed instruction, as in threaded interpreters.
 * The program it runs sums the Collatz stopping times of 1..N-1, ROUNDS
 * times over.
 */
#include "../bench.h"

#define ROUNDS	2
#define MAX_N	159487	/* from here on 32-bit Collatz values overflow */

enum op {
	PUSH, LOAD, STORE, ADD, MUL, DIV2, AND1, LT, EQ, JZ, JMP, HALT
};

/* One instruction: an opcode and an operand (constant, slot or target). */
struct insn {
	int op;
	int arg;
};

/* Variable slots, and the addresses of the program's labels. */
enum { N, LIMIT, X, TOTAL };
enum { OUTER = 2, INNER = 8, STEP = 13, EVEN = 22, STEPPED = 24,
       NEXT = 30, DONE = 35 };

static const struct insn program[] = {
	{ PUSH, 1 }, { STORE, N },			/*  0: n = 1 */
	{ LOAD, N }, { LOAD, LIMIT }, { LT, 0 },	/*  2 OUTER */
	{ JZ, DONE },
	{ LOAD, N }, { STORE, X },			/*  6: x = n */
	{ LOAD, X }, { PUSH, 1 }, { EQ, 0 },		/*  8 INNER */
	{ JZ, STEP }, { JMP, NEXT },
	{ LOAD, X }, { AND1, 0 }, { JZ, EVEN },		/* 13 STEP */
	{ LOAD, X }, { PUSH, 3 }, { MUL, 0 },		/* 16: x = 3x + 1 */
	{ PUSH, 1 }, { ADD, 0 }, { JMP, STEPPED },
	{ LOAD, X }, { DIV2, 0 },			/* 22 EVEN: x / 2 */
	{ STORE, X },					/* 24 STEPPED */
	{ LOAD, TOTAL }, { PUSH, 1 }, { ADD, 0 }, { STORE, TOTAL },
	{ JMP, INNER },
	{ LOAD, N }, { PUSH, 1 }, { ADD, 0 },		/* 30 NEXT */
	{ STORE, N }, { JMP, OUTER },
	{ HALT, 0 },					/* 35 DONE */
};
_Static_assert(sizeof program / sizeof *program == DONE + 1,
	       "label addresses out of step with the program");

/* Run prog on the variables; returns the number of instructions run. */
static uint32_t run(const struct insn *prog, uint32_t *var)
{
	static void *const dispatch[] = {
		[PUSH] = &&push, [LOAD] = &&load, [STORE] = &&store,
		[ADD] = &&add, [MUL] = &&mul, [DIV2] = &&div2,
		[AND1] = &&and1, [LT] = &&lt, [EQ] = &&eq, [JZ] = &&jz,
		[JMP] = &&jmp, [HALT] = &&halt,
	};
	uint32_t stack[16], *sp = stack, count = 0;
	const struct insn *pc = prog;

#define DISPATCH do { count++; goto *dispatch[pc->op]; } while (0)
	DISPATCH;
push:	*sp++ = pc->arg; pc++; DISPATCH;
load:	*sp++ = var[pc->arg]; pc++; DISPATCH;
store:	var[pc->arg] = *--sp; pc++; DISPATCH;
add:	sp--; sp[-1] += sp[0]; pc++; DISPATCH;
mul:	sp--; sp[-1] *= sp[0]; pc++; DISPATCH;
div2:	sp[-1] >>= 1; pc++; DISPATCH;
and1:	sp[-1] &= 1; pc++; DISPATCH;
lt:	sp--; sp[-1] = sp[-1] < sp[0]; pc++; DISPATCH;
eq:	sp--; sp[-1] = sp[-1] == sp[0]; pc++; DISPATCH;
jz:	pc = *--sp ? pc + 1 : prog + pc->arg; DISPATCH;
jmp:	pc = prog + pc->arg; DISPATCH;
halt:
#undef DISPATCH
	return count;
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 60000);
	uint32_t total = 0, executed = 0;
	int round;

	if (n > MAX_N) {
		fprintf(stderr, "interp: size %ld above %d overflows\n",
			n, MAX_N);
		return 2;
	}
	for (round = 0; round < ROUNDS; round++) {
		uint32_t var[4] = { 0, n, 0, 0 };

		executed += run(program, var);
		total += var[TOTAL];
	}
	printf("interp: collatz 1..%ld x %d: %u steps, %u instructions\n",
	       n - 1, ROUNDS, (unsigned)total, (unsigned)executed);
	return 0;
}
