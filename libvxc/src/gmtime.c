/*
 * gmtime.c - between time_t and broken-down time, in UTC (the only zone
 * the guest has: localtime is gmtime, mktime is timegm).
 *
 * Days and civil dates convert with the proleptic Gregorian era
 * arithmetic (400-year cycles of 146097 days), exact for every 64-bit
 * time whose year fits in an int.
 */
#include <time.h>
#include <errno.h>
#include <limits.h>

char *tzname[2] = { "UTC", "UTC" };
long timezone;
int daylight;

void tzset(void)
{
}

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of year y, month m (1..12), day d. */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

struct tm *gmtime_r(const time_t *__restrict t, struct tm *__restrict tm)
{
	long long days = floor_div(*t, 86400), secs = *t - days * 86400;
	long long z = days + 719468, era, doe, yoe, y, doy, mp;
	static const int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
	};
	int m, d;

	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;

	if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
	tm->tm_wday = (int)((days + 4) % 7 + 7) % 7;
	tm->tm_yday = before[m - 1] + d - 1 + (m > 2 && is_leap(y));
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "GMT";	/* glibc's name for gmtime's zone */
	return tm;
}

/* Local time is UTC, named as glibc names it with TZ=UTC. */
struct tm *localtime_r(const time_t *__restrict t, struct tm *__restrict tm)
{
	if (!gmtime_r(t, tm))
		return NULL;
	tm->tm_zone = "UTC";
	return tm;
}

static struct tm shared_tm;	/* C's gmtime and localtime share one */

struct tm *gmtime(const time_t *t)
{
	return gmtime_r(t, &shared_tm);
}

struct tm *localtime(const time_t *t)
{
	return localtime_r(t, &shared_tm);
}

/*
 * Normalise tm (any field may be out of range, as mktime allows), store
 * the result back and return the time.  Months carry into years first,
 * everything else is counted in seconds from the first of the month.
 */
time_t timegm(struct tm *tm)
{
	long long mon = tm->tm_mon, y = tm->tm_year + 1900LL, t;
	long long carry = floor_div(mon, 12);

	y += carry;
	mon -= carry * 12;
	t = days_from_civil(y, (int)mon + 1, 1) + (tm->tm_mday - 1LL);
	t = t * 86400 + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
	if (!gmtime_r(&t, tm))
		return (time_t)-1;
	return t;
}

time_t mktime(struct tm *tm)
{
	time_t t = timegm(tm);

	if (t != (time_t)-1)
		tm->tm_zone = "UTC";
	return t;
}

double difftime(time_t t1, time_t t0)
{
	long long d;

	/* One rounding when the difference fits, as it nearly always does. */
	if (!__builtin_sub_overflow(t1, t0, &d))
		return (double)d;
	return (double)((long double)t1 - (long double)t0);
}
