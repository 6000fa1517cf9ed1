/*
 * vxplugin.h - for plug-ins: guest libraries that a host calls through
 * libvx32's call API (vxproc_call, doc/api.md "Calling a plug-in").
 *
 *   vxcc -shared -O2 -o codec.vxp codec.c
 *
 * builds one: a static i386 image whose start-up runs the constructors
 * and then tells the host it is ready, instead of running main().  Every
 * global function and object is visible to the host by name (its ELF
 * symbol table); static ones, and those of hidden visibility, are not.
 */
#ifndef _VXPLUGIN_H
#define _VXPLUGIN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Mark what the host calls: kept by the compiler even if nothing in the
 * plug-in uses it, and visible even when compiling with
 * -fvisibility=hidden.
 */
#define VX_EXPORT	__attribute__((__used__, __visibility__("default")))

/*
 * Call the host's callback number n (vxproc_setcallback) with the
 * arguments that follow, passed as to any C function (the host reads
 * them from the stack as 4-byte words; a double or long long takes two).
 * Returns what the callback returned (64 bits: cast to the type it
 * returns), or -ENOSYS (-38) if the host has no callback n.  Pointers
 * passed are guest addresses: the host reads and writes through them
 * with its checked vxmem_* calls.
 */
uint64_t vx_callback(unsigned n, ...);

/*
 * A raw host call: int $0x30 with eax = nr and ebx, ecx, edx = a1, a2,
 * a3 (doc/abi.md); returns eax.  Numbers 1-8 are libvxc's own calls
 * (write, brk ...), 32 and 33 the plug-in calls; a host that installs
 * its own handler (vxproc_sethostcall) may serve further numbers.
 */
long vx_hostcall(long nr, long a1, long a2, long a3);

#ifdef __cplusplus
}
#endif

#endif
