/*
 * stubs.c - what vxlinux/sandbox.c needs from the rest of vxlinux, for
 * the test programs that link sandbox.c alone (outer.c, filter.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "vxlinux.h"
#include "stubs.h"

struct policy pol;
const char *progname = "outer-test";
int stub_self_fd = -1;

void die(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL die: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(100);
}

void trace(const char *fmt, ...)
{
	(void)fmt;
}

int policy_any(void)
{
	return pol.root || pol.read_only || pol.no_net;
}

/* The devices vxlinux's path.c lets stand in under --root (the same list:
   the outer layer must allow them as it does for vxlinux). */
const char *const *path_stand_in_devices(void)
{
	static const char *const devs[] = {
		"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
		"/dev/urandom", NULL,
	};
	return devs;
}

int exec_self_fd(void)
{
	return stub_self_fd;
}
