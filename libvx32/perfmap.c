/*
 * perfmap.c - VX32_PERFMAP: tell perf(1) what the code cache holds.
 *
 * perf names samples in anonymous executable memory from
 * /tmp/perf-PID.map, one "START SIZE NAME" line (hex) per symbol.  With
 * VX32_PERFMAP set, the fragments in the cache when the guest is freed
 * are written there as "vx:GUESTEIP", so that `perf report` splits
 * translated code by the guest address it came from (tools/perfsplit.sh
 * turns those into the guest's function names).  Only the last cache's
 * fragments are named: perf keeps the first of two symbols at one
 * address, and the code of a long run is the code in the cache at its
 * end; samples of code flushed before count for what replaced it.
 *
 * A diagnostic: the file is opened and closed in the call, but a guest
 * with threads could see the descriptor in between.  Not for hostile
 * guests.  (vxlinux --root confines its own file access to the root, so
 * there the map is not written.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "priv.h"

void vx_perfmap_write(struct vxpriv *vp)
{
	char path[64], line[64];
	int fd;

	if (!vp->perfmap || !vp->nfrags)
		return;
	snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	for (unsigned i = 0; i < vp->nfrags; i++) {
		const struct frag *f = &vp->frags[i];
		int n = snprintf(line, sizeof line, "%lx %x vx:%08x\n",
				 (unsigned long)(uintptr_t)f->host,
				 f->host_len, f->eip);
		if (write(fd, line, n) != n)
			break;
	}
	close(fd);
}
