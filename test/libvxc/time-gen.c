/*
 * time-gen: gmtime, localtime, mktime, timegm, strftime, asctime and
 * difftime over generated times and formats.  Built with vxcc and
 * natively; the native run has TZ=UTC0, the guest's only zone.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

static uint64_t state = 0x1234567887654321ULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static long long pick(long long n)
{
	return (long long)(rnd() % (uint64_t)n);
}

static const char conv[] = "aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%";

static void print_tm(const struct tm *tm)
{
	printf(" %d-%d-%d %d:%d:%d w%d y%d dst%d off%ld %s", tm->tm_year,
	       tm->tm_mon, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
	       tm->tm_wday, tm->tm_yday, tm->tm_isdst, (long)tm->tm_gmtoff,
	       tm->tm_zone);
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 20000, k;
	char fmt[64], buf[512], *p;
	struct tm tm, *r;
	time_t t;
	size_t n;
	int i;

	for (k = 0; k < count; k++) {
		switch (pick(4)) {
		case 0:
			t = (time_t)pick(4000000000LL);
			break;
		case 1:
			t = (time_t)(pick(200000000000LL) - 100000000000LL);
			break;
		case 2:	/* around year and week boundaries */
			t = (time_t)(pick(200) * 31556952LL - 2000000000LL +
				     pick(1209600) - 604800);
			break;
		default:
			t = (time_t)(pick(2000000) - 1000000);
			break;
		}
		r = gmtime_r(&t, &tm);
		printf("%lld:", (long long)t);
		if (!r) {
			printf(" gmtime fails\n");
			continue;
		}
		print_tm(&tm);
		r = localtime_r(&t, &tm);
		print_tm(&tm);
		/* a format of several conversions with GNU flags and widths */
		p = fmt;
		for (i = (int)pick(4) + 1; i > 0; i--) {
			char c = conv[pick(sizeof conv - 1)];

			*p++ = '%';
			if (!pick(4))
				*p++ = "_-0^#"[pick(5)];
			/* (glibc pads %z oddly: "%8z" gives 16 characters) */
			if (!pick(5) && c != 'z')
				p += sprintf(p, "%d", (int)pick(12));
			if (!pick(10))
				*p++ = "EO"[pick(2)];
			*p++ = c;
			if (pick(2))
				*p++ = ' ';
		}
		*p = '\0';
		n = strftime(buf, sizeof buf, fmt, &tm);
		printf(" [%s] %zu [%s]", fmt, n, n ? buf : "");
		printf(" %s", asctime(&tm) ? asctime(&tm) : "(null)\n");
	}
	/* mktime/timegm normalising out-of-range fields */
	for (k = 0; k < count / 4; k++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = (int)pick(300) - 100;
		tm.tm_mon = (int)pick(40) - 14;
		tm.tm_mday = (int)pick(80) - 20;
		tm.tm_hour = (int)pick(60) - 12;
		tm.tm_min = (int)pick(200) - 50;
		tm.tm_sec = (int)pick(200) - 50;
		t = mktime(&tm);
		printf("mktime %lld", (long long)t);
		print_tm(&tm);
		tm.tm_mday += 40;
		t = timegm(&tm);
		printf(" timegm %lld", (long long)t);
		print_tm(&tm);
		printf(" %.1f\n", difftime(t, (time_t)k * 1000));
	}
	n = strftime(buf, 5, "%Y-%m-%d", &tm);
	printf("short buffer: %zu\n", n);
	return 0;
}
