/*
 * segfault.h - limit faults of the seg backend (segfault.c).
 */
#ifndef VX32_SEGFAULT_H
#define VX32_SEGFAULT_H

#include "backend.h"

/* A #GP or #SS at a PC in vp's code cache: fill f with the page fault
   of the access that crossed the segment limit, a protection trap, or
   FAULT_NOT_OURS when the instruction is the library's own. */
void vx_seg_limit_fault(struct vxpriv *vp, const ucontext_t *uc,
			struct vxfault *f);

#endif
