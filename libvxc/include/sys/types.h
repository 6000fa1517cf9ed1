/* sys/types.h - basic system data types. */
#ifndef _VXC_SYS_TYPES_H
#define _VXC_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int ssize_t;
typedef long long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long long time_t;	/* 64 bits: past 2038 */
typedef long suseconds_t;

#endif
