/* snapshot.c - placeholder while the call API is built (replaced). */
#include <errno.h>
#include "plugin.h"

void vx_snap_free(struct vxpriv *vp)
{
}

int vxproc_snapshot(vxproc *p)
{
	errno = ENOSYS;
	return -1;
}

int vxproc_reset(vxproc *p)
{
	errno = ENOSYS;
	return -1;
}

void vxproc_snapshot_drop(vxproc *p)
{
}
