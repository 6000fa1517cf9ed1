/* malloc.h - glibc extras of the allocator. */
#ifndef _VXC_MALLOC_H
#define _VXC_MALLOC_H

#include <stdlib.h>

size_t malloc_usable_size(void *p);

#endif
