/* sys/time.h - gettimeofday (needs `vxrun --clock`, like time()). */
#ifndef _VXC_SYS_TIME_H
#define _VXC_SYS_TIME_H

#include <sys/types.h>
#include <time.h>

struct timeval {
	time_t tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz);

#endif
