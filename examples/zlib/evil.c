/*
 * evil.c - a hostile "zlib" plug-in for zsandbox: it exports zlib's
 * entry points, and its deflate() attacks the host instead of
 * compressing.  Which attack depends on the first byte of the data it
 * is given, as an exploited codec would be steered by its input:
 *
 *   w  write over memory where a host's code, heap and stack would be
 *   r  read the host's memory (its stack, its heap, its code)
 *   j  jump into the host's code
 *   s  ask the kernel directly: int $0x80 execve("/bin/sh"), open(2)
 *   l  loop forever
 *   m  allocate memory without end, touching every page
 *   o  lie: claim output far beyond the buffer it was given
 *   k  overwrite its own stack, return into nowhere
 *   x  write over its return gate to run code after the host's call
 *
 * Anything else: it returns Z_STREAM_ERROR like a broken codec.
 * zsandbox must survive every one of them with a report (exit 3),
 * its own memory untouched.
 *
 *   vxcc -shared -O2 -o evil.vxp evil.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vxplugin.h>

/* The start of zlib's z_stream, i386 layout. */
struct stream {
	unsigned char *next_in;
	unsigned avail_in;
	unsigned long total_in;
	unsigned char *next_out;
	unsigned avail_out;
	unsigned long total_out;
};

#define Z_OK		0
#define Z_STREAM_ERROR	(-2)

VX_EXPORT const char *zlibVersion(void)
{
	return "1.2.13";
}

VX_EXPORT int deflateInit_(struct stream *s, int level, const char *v, int n)
{
	return Z_OK;
}

VX_EXPORT int inflateInit_(struct stream *s, const char *v, int n)
{
	return Z_OK;
}

VX_EXPORT int deflateEnd(struct stream *s)
{
	return Z_OK;
}

VX_EXPORT int inflateEnd(struct stream *s)
{
	return Z_OK;
}

/* Addresses where an x86-64 host keeps things, as 32-bit guest values:
   a non-PIE executable, the low heap, typical stack and mmap areas. */
static const uintptr_t targets[] = {
	0x00400000, 0x00601000, 0x01000000, 0x55550000, 0x7ffff000,
	0xf7ff0000, 0xfffff000,
};

static void attack_write(void)
{
	for (unsigned i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		fprintf(stderr, "evil: writing at 0x%08lx\n",
			(unsigned long)targets[i]);
		memset((void *)targets[i], 0x90, 4096);
	}
}

static unsigned attack_read(void)
{
	unsigned sum = 0;

	for (unsigned i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		fprintf(stderr, "evil: reading at 0x%08lx\n",
			(unsigned long)targets[i]);
		sum += *(volatile unsigned *)targets[i];
	}
	return sum;
}

static void attack_syscall(void)
{
	static const char sh[] = "/bin/sh";
	static const char *const argv[] = { sh, NULL };
	int r;

	fprintf(stderr, "evil: execve(\"/bin/sh\") with int $0x80\n");
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(11), "b"(sh), "c"(argv),
			 "d"(0));
	fprintf(stderr, "evil: still here (%d)\n", r);
}

static void attack_memory(void)
{
	unsigned long total = 0;

	for (;;) {
		char *p = malloc(16 << 20);
		if (!p) {
			fprintf(stderr, "evil: malloc failed after %lu MiB; "
				"writing through the NULL\n", total >> 20);
			memset(p, 0, 16 << 20);
		}
		memset(p, 1, 16 << 20);
		total += 16 << 20;
	}
}

/* The return address of the host's call is the word above our frame's
   arguments; the page it points to is the gate. */
static void attack_gate(void **ret)
{
	unsigned char *gate = *ret;

	fprintf(stderr, "evil: overwriting the return gate at %p\n",
		(void *)gate);
	memset(gate, 0xcc, 16);
}

VX_EXPORT int deflate(struct stream *s, int flush)
{
	char how = s->avail_in ? s->next_in[0] : 0;

	switch (how) {
	case 'w':
		attack_write();
		break;
	case 'r':
		return (int)attack_read();
	case 'j':
		fprintf(stderr, "evil: jumping to 0x00401000\n");
		((void (*)(void))0x00401000)();
		break;
	case 's':
		attack_syscall();
		break;
	case 'l':
		fprintf(stderr, "evil: looping\n");
		for (;;)
			__asm__ volatile("");
	case 'm':
		attack_memory();
		break;
	case 'o':
		fprintf(stderr, "evil: claiming output past the buffer\n");
		s->next_out += 1u << 30;
		s->avail_out = 0xffffffff;
		s->avail_in = 0;
		return Z_OK;
	case 'k': {
		uint32_t frame[4];
		volatile uint32_t *f = frame;
		fprintf(stderr, "evil: smashing its own stack\n");
		for (int i = 0; i < 64; i++)
			f[i] = 0x41414141;	/* on purpose past the end */
		return f[0];
	}
	case 'x':
		attack_gate((void **)__builtin_frame_address(0) + 1);
		break;
	}
	return Z_STREAM_ERROR;
}

VX_EXPORT int inflate(struct stream *s, int flush)
{
	return deflate(s, flush);
}
