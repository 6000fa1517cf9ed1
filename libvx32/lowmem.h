/*
 * lowmem.h - address space below 4 GiB (lowmem.c).
 */
#ifndef VX32_LOWMEM_H
#define VX32_LOWMEM_H

#include <stdint.h>

/* Nothing is handed out below 1 MiB: run.c tells a patch site (an
   address in a code cache) from an exit code by its size. */
#define LOW_MIN		(1ull << 20)

/* Reserve every free part of the low 4 GiB (vx32_init, once). */
void vx_low_reserve(void);
/* Replace len bytes of the reservation with an anonymous private
   mapping of protection prot, at the highest (high) or lowest place that
   fits; NULL if none does. */
void *vx_low_map(uint64_t len, int prot, int high);
/* Give a mapping from vx_low_map back to the reservation. */
void vx_low_unmap(void *addr, uint64_t len);
/* The largest single range still free. */
uint64_t vx_low_largest(void);
/* Held across a fork (pthread_atfork, in vx32_init). */
void vx_low_fork_lock(void);
void vx_low_fork_unlock(void);

#endif
