/*
 * calltest.c - a plug-in for test/host/api_call.c: functions of every
 * argument and return kind, callbacks, host calls, and ways to trap.
 * The host computes what each should return on its own.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vxplugin.h>

int counter = 5;			/* a global object the host reads */
static int hidden_helper(int x) { return x + counter; }

VX_EXPORT int add(int a, int b)
{
	return a + b;
}

VX_EXPORT int nothing(void)
{
	return 0;
}

/* Every argument kind; exact in double for the values the host passes. */
VX_EXPORT double dmix(int a, long long b, double c, float d, unsigned e)
{
	return a + (double)b * 3 + c * 5 + (double)d * 7 + (double)e * 11;
}

VX_EXPORT long long llmix(long long a, int b, long long c)
{
	return a * 3 - (long long)b * c;
}

VX_EXPORT float fhalf(float x)
{
	return x / 2;
}

VX_EXPORT long double ldthird(int x)
{
	return (long double)x / 3;
}

VX_EXPORT unsigned sumv(int n, ...)
{
	va_list ap;
	unsigned s = 0;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		s = s * 31 + va_arg(ap, unsigned);
	va_end(ap);
	return s;
}

VX_EXPORT int call_hidden(int x)
{
	return hidden_helper(x);
}

/* Reverse a string in place; returns its length. */
VX_EXPORT size_t reverse(char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
	return n;
}

/* esp at entry (as the caller left it, after pushing the return). */
__asm__(".globl entry_esp\n.type entry_esp,@function\n"
	"entry_esp: leal 4(%esp), %eax\n ret\n.size entry_esp, .-entry_esp");

/* Callback 1 for i < n with (i, i*i as long long, i/2 as double). */
VX_EXPORT long long cb_loop(int n)
{
	long long s = 0;

	for (int i = 0; i < n; i++)
		s += (long long)vx_callback(1, i, (long long)i * i, i / 2.0);
	return s;
}

/* Callback 2, which calls back into the guest (nested). */
VX_EXPORT int cb_nested(int x)
{
	return (int)vx_callback(2, x) * 10;
}

VX_EXPORT long long cb_number(unsigned n)
{
	return (long long)vx_callback(n);
}

/* A host call of the host's own numbering. */
VX_EXPORT long hostcall(long nr, long a)
{
	return vx_hostcall(nr, a, 0, 0);
}

VX_EXPORT int say(const char *s)
{
	int n = fprintf(stderr, "%s", s);

	fflush(stderr);
	return n;
}

/* malloc n bytes, fill them, return the block (the host frees it). */
VX_EXPORT char *fill(size_t n, int c)
{
	char *p = malloc(n);

	if (p)
		memset(p, c, n);
	return p;
}

VX_EXPORT size_t gstrlen(const char *s)
{
	return strlen(s);
}

/* Ways to trap. */
VX_EXPORT int readp(volatile int *p)
{
	return *p;
}

VX_EXPORT void writep(volatile int *p, int v)
{
	*p = v;
}

VX_EXPORT int divide(int a, int b)
{
	return a / b;
}

VX_EXPORT void jump(void (*f)(void))
{
	f();
}

VX_EXPORT void spin(void)
{
	for (;;)
		__asm__ volatile("");
}

VX_EXPORT void undefined(void)
{
	__asm__ volatile("ud2");
}

VX_EXPORT int int80(void)
{
	int r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20));
	return r;
}

VX_EXPORT void bye(int status)
{
	exit(status);
}

VX_EXPORT void die(void)
{
	abort();
}

/* void smash(unsigned junk): overwrite the return address with junk and
   return there. */
__asm__(".globl smash\n.type smash,@function\n"
	"smash: movl 4(%esp), %eax\n movl %eax, (%esp)\n ret\n"
	".size smash, .-smash");

static int deep(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return n ? deep(n - 1) + pad[0] : 0;
}

VX_EXPORT int recurse(int n)
{
	return deep(n);
}

/* Leave junk on the x87 stack and return an integer. */
VX_EXPORT int fpu_junk(void)
{
	__asm__ volatile("fld1; fld1; fld1");
	return 7;
}
