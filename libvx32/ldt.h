/*
 * ldt.h - LDT entries of this process (ldt.c).
 */
#ifndef VX32_LDT_H
#define VX32_LDT_H

#include <stdint.h>

#define LDT_ENTRIES	8192

/* The selector of an LDT entry, RPL 3. */
#define LDT_SEL(entry)	((uint16_t)((entry) << 3 | 4 | 3))

/* A free entry (marked used, still empty), or -1 with errno ENOSPC. */
int vx_ldt_alloc(void);
/* Describe [base, base + size) as 32-bit data (code 0) or execute-only
   code; 0 or -1 with errno. */
int vx_ldt_set(int entry, uint32_t base, uint64_t size, int code);
/* Empty the entry; vx_ldt_free also gives it back. */
int vx_ldt_clear(int entry);
void vx_ldt_free(int entry);
/* Held across a fork (pthread_atfork, in vx32_init). */
void vx_ldt_fork_lock(void);
void vx_ldt_fork_unlock(void);

#endif
