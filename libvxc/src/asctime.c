/* asctime.c - the fixed C format "Sun Sep 16 01:03:52 1973\n". */
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <limits.h>

#define ASCTIME_MAX	80	/* any int fields fit */

/* As glibc: "???" for a day or month out of range. */
static int format(const struct tm *tm, char *buf, size_t size)
{
	static const char wday[] = "SunMonTueWedThuFriSat";
	static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (tm->tm_year > INT_MAX - 1900) {
		errno = EOVERFLOW;
		return -1;
	}
	return snprintf(buf, size, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
			(unsigned)tm->tm_wday > 6 ? "???"
						  : wday + 3 * tm->tm_wday,
			(unsigned)tm->tm_mon > 11 ? "???"
						  : mon + 3 * tm->tm_mon,
			tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
			tm->tm_year + 1900);
}

/* POSIX gives buf 26 bytes: a longer result is EOVERFLOW. */
char *asctime_r(const struct tm *__restrict tm, char *__restrict buf)
{
	char tmp[ASCTIME_MAX];
	int n = format(tm, tmp, sizeof tmp);

	if (n < 0)
		return NULL;
	if (n >= 26) {
		errno = EOVERFLOW;
		return NULL;
	}
	memcpy(buf, tmp, n + 1);
	return buf;
}

char *asctime(const struct tm *tm)
{
	static char buf[ASCTIME_MAX];

	return format(tm, buf, sizeof buf) < 0 ? NULL : buf;
}

char *ctime_r(const time_t *t, char *buf)
{
	struct tm tm;

	return localtime_r(t, &tm) ? asctime_r(&tm, buf) : NULL;
}

char *ctime(const time_t *t)
{
	struct tm tm;

	return localtime_r(t, &tm) ? asctime(&tm) : NULL;
}
