/*
 * seg.c - the guest's segment registers.
 *
 * The flat backend never loads a guest-chosen selector into a host
 * segment register.  cs/ds/es/ss are fixed flat segments (the values
 * Linux i386 user code sees); fs and gs may hold null or one of the TLS
 * descriptors a host defines with vxproc_settls() (Linux's
 * set_thread_area).  Translated code adds the base of the selector it
 * names at translation time to the displacement, so changing the base of
 * a selector in use flushes the code cache: where some translation made
 * since the last flush has a selector or base in it (vp->seg_baked,
 * translate.c: vx_xl_sel, vx_xl_tls_base).  A program's TLS set-up
 * comes before its first use of %gs: the code that ran before stays.
 */
#include <errno.h>
#include "priv.h"

static int tls_index(uint16_t sel)
{
	if ((sel & 7) != 3)		/* GDT, RPL 3 */
		return -1;
	int i = (sel >> 3) - (SEL_TLS0 >> 3);
	return i >= 0 && i < VX_NTLS ? i : -1;
}

int vx_seg_base(struct vxpriv *vp, int sreg, uint32_t *base)
{
	int i = tls_index(vp->sel[sreg]);

	if (i < 0 || !vp->tls_used[i])
		return -1;
	*base = vp->tls_base[i];
	return 0;
}

/* Load sreg; returns 0 or a trap code. */
int vx_seg_load(struct vxpriv *vp, int sreg, uint16_t sel)
{
	switch (sreg) {
	case SEG_CS:
		return VXTRAP_INVALID;
	case SEG_SS:
		if (sel != SEL_DS)
			return VXTRAP_PROTECTION;
		return 0;
	case SEG_DS:
	case SEG_ES:
		if (sel != SEL_DS && (sel & ~3) != 0)
			return VXTRAP_PROTECTION;
		break;
	case SEG_FS:
	case SEG_GS:
		if ((sel & ~3) != 0) {
			int i = tls_index(sel);
			if (i < 0 || !vp->tls_used[i])
				return VXTRAP_PROTECTION;
		}
		break;
	default:
		return VXTRAP_INVALID;
	}
	/*
	 * Translations bake in selector values (push %ds, mov %fs, %eax)
	 * and the fs/gs bases their selectors name (folded into
	 * displacements; vxproc_settls flushes when a base changes): any
	 * change makes them stale.  Loads that change nothing are the
	 * common case and keep the cache.
	 */
	if (vp->sel[sreg] != sel) {
		vp->sel[sreg] = sel;
		if (vp->seg_baked)
			vx_cache_flush(vp);
	}
	return 0;
}

int vxproc_settls(vxproc *p, int entry, uint32_t base, int used)
{
	struct vxpriv *vp = p->priv;

	if (entry < 0 || entry >= VX_NTLS) {
		errno = EINVAL;
		return -1;
	}
	if (vp->tls_base[entry] != base || vp->tls_used[entry] != !!used) {
		vp->tls_base[entry] = base;
		vp->tls_used[entry] = !!used;
		if (vp->seg_baked)	/* baked the old base in */
			vx_cache_flush(vp);
	}
	return 0;
}

int vxproc_gettls(vxproc *p, int entry, uint32_t *base)
{
	struct vxpriv *vp = p->priv;

	if (entry < 0 || entry >= VX_NTLS || !vp->tls_used[entry]) {
		errno = EINVAL;
		return -1;
	}
	*base = vp->tls_base[entry];
	return 0;
}

int vxproc_setsel(vxproc *p, int sreg, uint16_t sel)
{
	if (sreg < 0 || sreg > SEG_GS || sreg == SEG_CS ||
	    vx_seg_load(p->priv, sreg, sel) != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int vxproc_getsel(vxproc *p, int sreg)
{
	if (sreg < 0 || sreg > SEG_GS) {
		errno = EINVAL;
		return -1;
	}
	return p->priv->sel[sreg];
}
