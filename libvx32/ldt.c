/*
 * ldt.c - this process's LDT entries: which are in use, and writing
 * their descriptors (modify_ldt(2)).
 *
 * The LDT is per process (threads share it, fork copies it), with
 * 8,192 entries.  The seg backend uses one code entry for all guests
 * and two per guest (its memory, its state block); a freed guest's
 * entries are cleared and reused.
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ldt.h"

static uint8_t used[LDT_ENTRIES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* A fork while another thread allocates: the child gets the table whole
   and the lock free (registered by vx32_init). */
void vx_ldt_fork_lock(void)
{
	pthread_mutex_lock(&lock);
}

void vx_ldt_fork_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

int vx_ldt_alloc(void)
{
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < LDT_ENTRIES && used[i]; i++)
		;
	if (i < LDT_ENTRIES)
		used[i] = 1;
	pthread_mutex_unlock(&lock);
	if (i == LDT_ENTRIES) {
		errno = ENOSPC;
		return -1;
	}
	return i;
}

static int write_ldt(struct user_desc *d)
{
	/* func 0x11: write, honouring every field (not the 1 of old). */
	return syscall(SYS_modify_ldt, 0x11, d, sizeof *d) < 0 ? -1 : 0;
}

/*
 * A present, 32-bit, DPL-3 segment [base, base + size): writable data,
 * or execute-only code (a cs: override could not read through it).
 * Sizes above 1 MiB are counted in pages and must be page multiples.
 */
int vx_ldt_set(int entry, uint32_t base, uint64_t size, int code)
{
	struct user_desc d;

	if (size == 0 || size > (1ull << 32) ||
	    (size > (1u << 20) && (size & 4095))) {
		errno = EINVAL;
		return -1;
	}
	memset(&d, 0, sizeof d);
	d.entry_number = entry;
	d.base_addr = base;
	d.seg_32bit = 1;
	if (size > (1u << 20)) {
		d.limit = (uint32_t)(size >> 12) - 1;
		d.limit_in_pages = 1;
	} else {
		d.limit = (uint32_t)size - 1;
	}
	d.contents = code ? MODIFY_LDT_CONTENTS_CODE : MODIFY_LDT_CONTENTS_DATA;
	d.read_exec_only = code;
	return write_ldt(&d);
}

/* Make the entry empty (loading its selector faults). */
int vx_ldt_clear(int entry)
{
	struct user_desc d;

	memset(&d, 0, sizeof d);
	d.entry_number = entry;
	d.read_exec_only = 1;
	d.seg_not_present = 1;
	return write_ldt(&d);
}

void vx_ldt_free(int entry)
{
	vx_ldt_clear(entry);
	pthread_mutex_lock(&lock);
	used[entry] = 0;
	pthread_mutex_unlock(&lock);
}
