/*
 * backend.c - which backend a new guest gets, and the library-wide error
 * message.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "backend.h"

char vx_liberr[256];

void vx_setliberr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vx_liberr, sizeof vx_liberr, fmt, ap);
	va_end(ap);
}

const struct vxbackend *vx_backend_pick(void)
{
	return &vx_backend_flat;
}

int vx32_setbackend(int backend)
{
	if (backend == VX32_BACKEND_FLAT || backend == VX32_BACKEND_AUTO)
		return 0;
	if (backend == VX32_BACKEND_SEG) {
		vx_setliberr("the seg backend is not part of this build");
		errno = ENOTSUP;
		return -1;
	}
	errno = EINVAL;
	return -1;
}

int vx32_backend(void)
{
	return VX32_BACKEND_FLAT;
}

int vxproc_backend(vxproc *p)
{
	return p->priv->bk->id;
}

const char *vx32_backendname(int backend)
{
	switch (backend) {
	case VX32_BACKEND_AUTO: return "auto";
	case VX32_BACKEND_FLAT: return "flat";
	case VX32_BACKEND_SEG: return "seg";
	}
	return "?";
}
