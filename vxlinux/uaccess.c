/*
 * uaccess.c - checked access to guest memory.
 *
 * Every guest address a system call names goes through these helpers,
 * which ask libvx32 whether the whole range has the needed permission, so
 * that a hostile pointer or length gives the guest EFAULT and never makes
 * the host touch memory outside the guest's 4 GiB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vxlinux.h"

/* Host pointer to [addr, addr+len), or NULL: a range that wraps past
   4 GiB or has a page without perm. */
void *guest_ptr(uint32_t addr, uint32_t len, int perm)
{
	if ((uint64_t)addr + len > 0x100000000ull)
		return NULL;
	return vxmem_hostptr(guest, addr, len, perm);
}

/* (through libvx32's copies, which refuse a range past 4 GiB, and which
   a guest thread's munmap at the same moment turns into EFAULT where a
   memcpy would take vxlinux down) */
int copy_in(void *dst, uint32_t addr, uint32_t len)
{
	return vxmem_read(guest, dst, addr, len) < 0 ? -EFAULT : 0;
}

int copy_out(uint32_t addr, const void *src, uint32_t len)
{
	return vxmem_write(guest, src, addr, len) < 0 ? -EFAULT : 0;
}

int put_u32(uint32_t addr, uint32_t v)
{
	return copy_out(addr, &v, 4);
}

int get_u32(uint32_t addr, uint32_t *v)
{
	return copy_in(v, addr, 4);
}

int put_u64(uint32_t addr, uint64_t v)
{
	return copy_out(addr, &v, 8);
}

/*
 * The string is copied: another thread of the guest may change the
 * bytes while vxlinux looks at them, and what the host uses must be what
 * was checked.  The copies live until the end of the system call
 * (uaccess_release, from path_release).
 */
#define NCOPIES	4
static __thread char *copies[NCOPIES];
static __thread int ncopies;

void uaccess_release(void)
{
	while (ncopies > 0)
		free(copies[--ncopies]);
}

long guest_str(uint32_t addr, uint32_t max, const char **out)
{
	long n = vxmem_strlen(guest, addr, max);

	if (n < 0) {
		/* Readable but too long is ENAMETOOLONG, as Linux says. */
		if (vxmem_checkperm(guest, addr, max + 1, VXPERM_READ, NULL))
			return -ENAMETOOLONG;
		return -EFAULT;
	}
	const char *s = guest_ptr(addr, (uint32_t)n + 1, VXPERM_READ);
	if (!s)
		return -EFAULT;
	if (ncopies == NCOPIES)
		return -ENOMEM;		/* (no call takes more strings) */
	char *c = malloc((size_t)n + 1);
	if (!c)
		return -ENOMEM;
	memcpy(c, s, (size_t)n);
	c[n] = 0;
	copies[ncopies++] = c;
	*out = c;
	return n;
}

void free_strv(char **v)
{
	if (!v)
		return;
	for (char **s = v; *s; s++)
		free(*s);
	free(v);
}

/* Linux limits argv+envp to MAX_ARG_STRINGS pointers and their strings
   to a quarter of the stack limit (2 MiB by default): E2BIG beyond. */
#define MAX_STRV	(0x7fffffff / 4)
#define MAX_STRV_BYTES	(8u << 20)

long guest_strv(uint32_t addr, char ***out, int *np)
{
	char **v = NULL;
	int n = 0, cap = 0;
	size_t bytes = 0;
	uint32_t s;
	long r;

	*out = NULL;
	*np = 0;
	if (addr == 0) {		/* Linux accepts a NULL argv/envp */
		if (!(*out = calloc(1, sizeof **out)))
			return -ENOMEM;
		return 0;
	}
	for (;; n++) {
		const char *str;

		/* An array that runs past the top of memory ends there, as
		   on Linux; it does not wrap to address 0. */
		if ((uint64_t)addr + 4ull * n + 4 > 0x100000000ull) {
			r = -EFAULT;
			goto fail;
		}
		if ((r = get_u32(addr + 4u * n, &s)) < 0)
			goto fail;
		if (n + 1 >= cap) {
			cap = cap ? 2 * cap : 16;
			char **nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				r = -ENOMEM;
				goto fail;
			}
			v = nv;
		}
		v[n] = NULL;
		if (!s)
			break;
		if (n >= MAX_STRV) {
			r = -E2BIG;
			goto fail;
		}
		/* (copied once, straight: guest_str's copies are per call) */
		long len = vxmem_strlen(guest, s, 128 * 1024);
		if (len < 0) {
			r = vxmem_checkperm(guest, s, 128 * 1024 + 1,
					    VXPERM_READ, NULL) ? -E2BIG : -EFAULT;
			goto fail;
		}
		if ((bytes += (size_t)len + 1 + sizeof(char *)) > MAX_STRV_BYTES) {
			r = -E2BIG;
			goto fail;
		}
		if (!(str = guest_ptr(s, (uint32_t)len + 1, VXPERM_READ)) ||
		    !(v[n] = strndup(str, (size_t)len))) {
			r = str ? -ENOMEM : -EFAULT;
			goto fail;
		}
		v[n + 1] = NULL;
	}
	*out = v;
	*np = n;
	return 0;
fail:
	free_strv(v);
	return r;
}
