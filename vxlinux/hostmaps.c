/*
 * hostmaps.c - the guest's file mappings as the host kernel keeps them.
 *
 * A guest file mapping is the host's mapping of the same file at the
 * guest address (mm.c), so the host kernel already tracks what Linux
 * would show the guest: which file, at which offset, after any munmap,
 * mprotect or mremap that split or moved it.  /proc/self/maps (procfs.c)
 * asks it here: the file-backed lines of the host's own /proc/self/maps
 * that lie inside the guest's address space, in guest addresses, with
 * the path as the guest names it.  Host protections are not the guest's
 * (translated code is write-protected, nothing is executable), so only
 * the identity of each mapping is taken (and, for mremap growing a file
 * mapping, the file is found again by the path named there, if it is
 * still the same file).  The host's mappings split and
 * merge by the kernel's own rules (a page written since it was mapped
 * keeps its neighbours apart, as it does in Linux), except that a page
 * of translated code in a writable file mapping stands alone, its host
 * copy write-protected: such a mapping shows cut there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "vxlinux.h"

/* The memfd behind MAP_SHARED|MAP_ANONYMOUS (mm.c), and what Linux calls
   such memory. */
#define SHARED_ANON_HOST	"/memfd:vxlinux shared (deleted)"
#define SHARED_ANON_GUEST	"/dev/zero (deleted)"

/* The name a guest sees for the host's path: inside --root, the path
   there; objects without a place in the file system (memfds, System V
   segments) as they are; anything else outside the root, nothing. */
static char *guest_name(const char *host)
{
	char g[4096];

	if (!strcmp(host, SHARED_ANON_HOST))
		return strdup(SHARED_ANON_GUEST);
	if (!strncmp(host, "/memfd:", 7) || !strncmp(host, "/SYSV", 5))
		return strdup(host);
	if (path_to_guest(host, g, sizeof g) < 0)
		return strdup("");
	return strdup(g);
}

/* One line of the host's maps, if it is a file mapping inside
   [base, base + 4 GiB): into m, in guest addresses.  Not the xcache's
   memfd: the program's image pages mapped from there (vx32.h) are not
   a file mapping of the guest's, and procfs.c names them as the
   program, as when they are a copy. */
static int parse(const char *line, uint64_t base, struct host_fmap *m)
{
	unsigned long long lo, hi, off;
	unsigned long ino;
	char perms[8], dev[16];
	int name = 0;

	if (sscanf(line, "%llx-%llx %7s %llx %15s %lu %n", &lo, &hi, perms,
		   &off, dev, &ino, &name) < 6 || !name || !ino ||
	    line[name] != '/' ||
	    !strncmp(line + name, "/memfd:" VX32_XCACHE_NAME " ",
		     sizeof "/memfd:" VX32_XCACHE_NAME))
		return 0;
	if (lo < base || hi > base + (1ull << 32))
		return 0;
	m->lo = lo - base;
	m->hi = hi - base;
	m->off = off;
	m->ino = ino;
	snprintf(m->dev, sizeof m->dev, "%s", dev);
	char *nl = strchr(line + name, '\n');
	if (nl)
		*nl = 0;
	m->name = guest_name(line + name);
	return m->name != NULL;
}

long host_fmaps(struct host_fmap **out)
{
	uint8_t *base = vxmem_hostptr(guest, 0, 1, 0);
	FILE *f = fopen("/proc/self/maps", "re");
	struct host_fmap *v = NULL, m;
	size_t n = 0, cap = 0, len = 0;
	char *line = NULL;

	*out = NULL;
	if (!base || !f) {
		if (f)
			fclose(f);
		return -EIO;
	}
	while (getline(&line, &len, f) > 0) {
		if (!parse(line, (uint64_t)(uintptr_t)base, &m))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			struct host_fmap *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				free(m.name);
				break;
			}
			v = nv;
		}
		v[n++] = m;
	}
	free(line);
	fclose(f);
	*out = v;
	return (long)n;
}

void host_fmaps_free(struct host_fmap *v, long n)
{
	for (long i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* The host's file behind guest address addr, opened again by the path
   its maps line gives, if that is still the same file (device and
   inode).  The descriptor (vxlinux's), with addr's offset in *off, or
   -1. */
int host_fmap_reopen(uint32_t addr, uint64_t *off)
{
	uint8_t *base = vxmem_hostptr(guest, 0, 1, 0);
	FILE *f = fopen("/proc/self/maps", "re");
	uint64_t at = (uint64_t)(uintptr_t)base + addr;
	char *line = NULL;
	size_t len = 0;
	int fd = -1;

	while (base && f && getline(&line, &len, f) > 0) {
		unsigned long long lo, hi, o;
		unsigned long ino;
		unsigned maj, min;
		char perms[8];
		int name = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %lu %n", &lo, &hi,
			   perms, &o, &maj, &min, &ino, &name) < 7 ||
		    at < lo || at >= hi)
			continue;
		char *p = line + name, *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		/* By O_PATH first: whatever the path names now (a FIFO, a
		   device) is not opened until it is known to be the file. */
		struct stat st;
		int pfd = name && *p == '/' ?
			  fd_reserve(open(p, O_PATH | O_CLOEXEC)) : -1;
		if (pfd >= 0 && fstat(pfd, &st) == 0 && st.st_ino == ino &&
		    major(st.st_dev) == maj && minor(st.st_dev) == min &&
		    S_ISREG(st.st_mode)) {
			char link[40];
			snprintf(link, sizeof link, "/proc/self/fd/%d", pfd);
			fd = fd_reserve(open(link, O_RDONLY | O_CLOEXEC));
		}
		if (pfd >= 0)
			close(pfd);
		*off = o + (at - lo);
		break;
	}
	free(line);
	if (f)
		fclose(f);
	return fd;
}
