/*
 * plugin.c - the C half of a plug-in's start-up (crtplugin.S is the
 * other half), for guests built with `vxcc -shared`: initialise as a
 * program would, then tell the host that it may call (doc/abi.md, call
 * 33) instead of running main.  The host calls the plug-in's functions
 * from here on (vxproc_call); resumed, it only says so again.
 */
#include <stdlib.h>
#include "sys.h"

void __vxc_plugin_start(int argc, char **argv, char **envp)
	__attribute__((__noreturn__, __used__));

/*
 * The host allocates guest memory through the guest's own malloc and
 * free (vxmem_alloc, vxmem_free), found by name: keep them in every
 * plug-in, even one that does not use them itself.
 */
const void *const __vxc_plugin_allocator[] __attribute__((__used__)) = {
	(const void *)malloc, (const void *)free,
};

void __vxc_plugin_start(int argc, char **argv, char **envp)
{
	__vxc_init(argc, argv, envp);
	for (;;)
		__vxc_sys_ready();
}
