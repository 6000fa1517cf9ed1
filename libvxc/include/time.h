/*
 * time.h - calendar time and clocks.
 *
 * Under vxrun the clocks are the host's to grant: without `vxrun --clock`
 * time() and clock() return (time_t)-1 and (clock_t)-1 (errno EPERM), as C
 * allows when no clock is available.  The calendar functions are pure
 * computation.  The only time zone is UTC: localtime() is gmtime() and
 * mktime() is timegm() (TZ is not read).  time_t is 64 bits.
 */
#ifndef _VXC_TIME_H
#define _VXC_TIME_H

#include <stddef.h>
#include <sys/types.h>

#define CLOCKS_PER_SEC	1000000L

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3

#define TIME_UTC	1

typedef long clock_t;
typedef int clockid_t;

struct tm {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
	int tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

time_t time(time_t *t);
clock_t clock(void);
double difftime(time_t t1, time_t t0);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *localtime(const time_t *t);
struct tm *gmtime_r(const time_t *__restrict t, struct tm *__restrict tm);
struct tm *localtime_r(const time_t *__restrict t, struct tm *__restrict tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *__restrict tm, char *__restrict buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
size_t strftime(char *__restrict s, size_t max, const char *__restrict fmt,
		const struct tm *__restrict tm)
	__attribute__((__format__(__strftime__, 3, 0)));
int clock_gettime(clockid_t id, struct timespec *ts);
int timespec_get(struct timespec *ts, int base);
void tzset(void);

extern char *tzname[2];
extern long timezone;
extern int daylight;

#endif
