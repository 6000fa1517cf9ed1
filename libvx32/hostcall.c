/*
 * hostcall.c - the default server of a plug-in's host calls: libvxc's
 * calls (doc/abi.md) answered the way a library embedding untrusted code
 * wants them answered.  The heap grows and shrinks; output goes to the
 * host's stderr (a plug-in has no stdout of its own: the host's stdout
 * is the host's data); there is no input, no clock, no terminal; exit
 * and abort end the call instead of the process.
 */
#include <errno.h>
#include <unistd.h>
#include "plugin.h"

#define ABI_EXIT	1
#define ABI_READ	2
#define ABI_WRITE	3
#define ABI_BRK		4
#define ABI_CLOCK	5
#define ABI_ISATTY	6
#define ABI_KILL	7
#define ABI_PENDING	8

#define BRK_GAP		(1u << 20)	/* kept free below the stack */

/* The break starts at the end of the image and may grow up to BRK_GAP
   below the stack or the gate, whichever is lower. */
void vx_brk_init(struct vxpriv *vp, struct vxcallctx *cc)
{
	vxproc *p = vp->proc;
	uint32_t top = p->load.stack_lo;

	cc->brk_start = cc->brk_cur = p->load.image_hi;
	if (!cc->brk_start) {		/* no image: no heap */
		cc->brk_max = 0;
		return;
	}
	if (cc->gate && cc->gate < top)
		top = cc->gate;
	cc->brk_max = top > cc->brk_start + BRK_GAP ? top - BRK_GAP :
		cc->brk_start;
}

static uint32_t page_up(uint32_t a)
{
	return (a + VX_PAGE - 1) & ~(VX_PAGE - 1);
}

/* Linux's brk: the new break, or the old one unchanged on failure. */
static uint32_t do_brk(vxproc *p, struct vxcallctx *cc, uint32_t want)
{
	if (want == 0 || !cc->brk_start || want < cc->brk_start || want > cc->brk_max)
		return cc->brk_cur;
	uint32_t have = page_up(cc->brk_cur), need = page_up(want);
	if (need > have && vxmem_map(p, have, need - have,
				     VXPERM_READ | VXPERM_WRITE) < 0)
		return cc->brk_cur;
	if (need < have)
		vxmem_unmap(p, need, have - need);
	cc->brk_cur = want;
	return want;
}

static int32_t do_write(vxproc *p, uint32_t fd, uint32_t buf, uint32_t n)
{
	const void *b;
	ssize_t r;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (n == 0)
		return 0;
	if (n > (1u << 30))
		n = 1u << 30;
	if (!(b = vxmem_hostptr(p, buf, n, VXPERM_READ)))
		return -EFAULT;
	r = write(2, b, n);
	return r < 0 ? -errno : (int32_t)r;
}

int vxhostcall_default(vxproc *p, void *user)
{
	struct vxcallctx *cc = p->priv->call;
	struct vxcpu *c = p->cpu;
	uint32_t a1 = c->reg[EBX], a2 = c->reg[ECX], a3 = c->reg[EDX];
	int32_t r;

	switch (c->reg[EAX]) {
	case ABI_EXIT:
		return VXTRAP_EXIT + (a1 & 255);
	case ABI_KILL:
		if (a1 < 1 || a1 > 31) {
			r = -EINVAL;
			break;
		}
		return VXTRAP_KILL + a1;
	case ABI_READ:
		r = a1 == 0 ? 0 : -EBADF;
		break;
	case ABI_WRITE:
		r = do_write(p, a1, a2, a3);
		break;
	case ABI_BRK:
		r = cc ? (int32_t)do_brk(p, cc, a1) : -ENOSYS;
		break;
	case ABI_CLOCK:
		r = -EPERM;
		break;
	case ABI_ISATTY:
		r = a1 <= 2 ? 0 : -EBADF;
		break;
	case ABI_PENDING:
		r = a1 == 1 || a1 == 2 ? 0 : -EBADF;
		break;
	default:
		r = -ENOSYS;
		break;
	}
	c->reg[EAX] = (uint32_t)r;
	return 0;
}
