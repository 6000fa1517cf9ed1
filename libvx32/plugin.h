/*
 * plugin.h - state shared by the plug-in sources: the call API
 * (call.c), the default host-call server (hostcall.c) and snapshots
 * (snapshot.c).
 */
#ifndef VX32_PLUGIN_H
#define VX32_PLUGIN_H

#include "priv.h"

/* Guest calls of plug-ins (doc/abi.md): int $0x30 with eax = */
#define VXABI_CALLBACK	32	/* ebx = number, ecx = &first argument */
#define VXABI_READY	33	/* start-up done: the host may call */

/* The return gate: the code at the return address of every call. */
#define GATE_CODE	{ 0xcd, 0x30, 0xeb, 0xfc }	/* int $0x30; jmp .-2 */
#define GATE_TRAP_EIP(g) ((g) + 2)			/* eip after the int */

struct vxcallctx {
	uint32_t gate;		/* guest page holding GATE_CODE, 0: not yet */
	int started;		/* the plug-in said it is ready */
	int depth;		/* calls in progress (nested by callbacks) */

	vxhostcall hostcall;	/* int $0x30 other than callbacks */
	void *hostcall_user;

	/* The program break (hostcall.c), for the guest's malloc. */
	uint32_t brk_start, brk_cur, brk_max;

	/* The guest's allocator, looked up at first use. */
	uint32_t fn_malloc, fn_free;

	struct {
		vxcallback fn;
		void *user;
	} cb[VXCALL_NCALLBACKS];
};

/* call.c: the call state of vp, with its gate set up; NULL (errno,
   vx_seterr) if it cannot be. */
struct vxcallctx *vx_call_ctx(struct vxpriv *vp);

/* hostcall.c: the break's bounds for a freshly loaded image. */
void vx_brk_init(struct vxpriv *vp, struct vxcallctx *cc);

/* snapshot.c: forget the snapshot (discard: without giving the pages
   their protection back, for vxproc_free) */
void vx_snap_free(struct vxpriv *vp);
void vx_snap_discard(struct vxpriv *vp);

#endif
