/*
 * strftime.c - format broken-down time, "C" locale, as glibc does it:
 * the C99 and POSIX conversions, the GNU ones (%k %l %P %s) and the GNU
 * flags (_ - 0 ^ #) with a field width.  E and O modifiers are accepted
 * and change nothing in the "C" locale.
 */
#include <time.h>
#include <string.h>
#include <ctype.h>
#include <stdio.h>

static const char *const days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};
static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

struct buf {
	char *s;
	size_t max, len;	/* len may pass max: then it did not fit */
};

static void put(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, b->len++)
		if (b->len < b->max)
			b->s[b->len] = s[i];
}

static void fill(struct buf *b, char c, int n)
{
	for (; n > 0; n--)
		put(b, &c, 1);
}

struct spec {
	char pad;		/* 0, '_', '-', '0' */
	int upper, swap;	/* '^', '#' */
	int width;		/* -1: none */
};

/* A number with at least digits digits (pad rules as glibc's). */
static void number(struct buf *b, const struct spec *sp, long long v,
		   int digits, char defpad)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? -(unsigned long long)v
				     : (unsigned long long)v;
	int len, neg = v < 0, width, padc, n;

	do {
		*--p = '0' + u % 10;
		u /= 10;
	} while (u);
	len = tmp + sizeof tmp - p;

	padc = sp->pad == '_' ? ' ' : sp->pad == '0' ? '0' :
	       sp->pad == '-' ? ' ' : defpad;
	/* '-' alone: no padding; otherwise at least digits wide */
	if (sp->pad == '-')
		width = sp->width >= 0 ? sp->width : 0;
	else
		width = sp->width > digits ? sp->width : digits;
	n = width - len - neg;
	if (padc == ' ') {
		fill(b, ' ', n);
		if (neg)
			put(b, "-", 1);
	} else {
		if (neg)
			put(b, "-", 1);
		fill(b, '0', n);
	}
	put(b, p, len);
}

/* A word, case changed by the flags, right-aligned in the width. */
static void word(struct buf *b, const struct spec *sp, const char *s,
		 size_t n, int swap_lower)
{
	char tmp[64];
	size_t i;

	if (n > sizeof tmp)
		n = sizeof tmp;
	for (i = 0; i < n; i++) {
		tmp[i] = s[i];
		if (sp->upper || (sp->swap && !swap_lower))
			tmp[i] = toupper((unsigned char)tmp[i]);
		else if (sp->swap && swap_lower)
			tmp[i] = tolower((unsigned char)tmp[i]);
	}
	if (sp->width > (int)n)
		fill(b, sp->pad == '0' ? '0' : ' ', sp->width - n);
	put(b, tmp, n);
}

static long long full_year(const struct tm *tm)
{
	return tm->tm_year + 1900LL;
}

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ISO 8601 week-based year and week (%G, %g, %V). */
static int iso_week(const struct tm *tm, long long *year)
{
	long long y = full_year(tm);
	int wday = (tm->tm_wday + 6) % 7;	/* Monday 0 */
	int yday = tm->tm_yday, week, days_in_year;

	week = (yday - wday + 10) / 7;
	if (week < 1) {
		long long py = y - 1;

		days_in_year = 365 + ((py % 4 == 0 && py % 100 != 0) ||
				      py % 400 == 0);
		yday += days_in_year;
		week = (yday - wday + 10) / 7;
		y = py;
	} else {
		days_in_year = 365 + ((y % 4 == 0 && y % 100 != 0) ||
				      y % 400 == 0);
		if (yday - wday + 3 >= days_in_year) {	/* week 1 of next */
			week = 1;
			y++;
		}
	}
	*year = y;
	return week;
}

static size_t format(struct buf *b, const char *fmt, const struct tm *tm);

/* A composite conversion: formatted, then padded as a whole. */
static void composite(struct buf *b, const struct spec *sp, const char *fmt,
		      const struct tm *tm)
{
	char tmp[128];
	struct buf sub = { tmp, sizeof tmp, 0 };

	struct spec whole = *sp;

	format(&sub, fmt, tm);
	if (sub.len > sizeof tmp)
		sub.len = sizeof tmp;
	whole.swap = 0;		/* glibc: '#' changes nothing here */
	word(b, &whole, tmp, sub.len, 0);
}

static int hour12(const struct tm *tm)
{
	int h = tm->tm_hour % 12;

	return h ? h : 12;
}

/* One conversion; 0 if c is not one (the caller copies it as text). */
static int convert(struct buf *b, const struct spec *sp, char c,
		   const struct tm *tm)
{
	long long y;
	const char *s;

	switch (c) {
	case 'a':
		s = (unsigned)tm->tm_wday < 7 ? days[tm->tm_wday] : "?";
		word(b, sp, s, strlen(s) < 3 ? strlen(s) : 3, 0);
		break;
	case 'A':
		s = (unsigned)tm->tm_wday < 7 ? days[tm->tm_wday] : "?";
		word(b, sp, s, strlen(s), 0);
		break;
	case 'b':
	case 'h':
		s = (unsigned)tm->tm_mon < 12 ? months[tm->tm_mon] : "?";
		word(b, sp, s, strlen(s) < 3 ? strlen(s) : 3, 0);
		break;
	case 'B':
		s = (unsigned)tm->tm_mon < 12 ? months[tm->tm_mon] : "?";
		word(b, sp, s, strlen(s), 0);
		break;
	case 'c':
		composite(b, sp, "%a %b %e %H:%M:%S %Y", tm);
		break;
	case 'C':
		number(b, sp, floor_div(full_year(tm), 100), 1, '0');
		break;
	case 'd':
		number(b, sp, tm->tm_mday, 2, '0');
		break;
	case 'D':
	case 'x':
		composite(b, sp, "%m/%d/%y", tm);
		break;
	case 'e':
		number(b, sp, tm->tm_mday, 2, ' ');
		break;
	case 'F':
		composite(b, sp, "%Y-%m-%d", tm);
		break;
	case 'G':
		iso_week(tm, &y);
		number(b, sp, y, 1, '0');
		break;
	case 'g':
		iso_week(tm, &y);
		number(b, sp, (y % 100 + 100) % 100, 2, '0');
		break;
	case 'H':
		number(b, sp, tm->tm_hour, 2, '0');
		break;
	case 'I':
		number(b, sp, hour12(tm), 2, '0');
		break;
	case 'j':
		number(b, sp, tm->tm_yday + 1LL, 3, '0');
		break;
	case 'k':
		number(b, sp, tm->tm_hour, 2, ' ');
		break;
	case 'l':
		number(b, sp, hour12(tm), 2, ' ');
		break;
	case 'm':
		number(b, sp, tm->tm_mon + 1LL, 2, '0');
		break;
	case 'M':
		number(b, sp, tm->tm_min, 2, '0');
		break;
	case 'n':
		word(b, sp, "\n", 1, 0);
		break;
	case 'p':
		word(b, sp, tm->tm_hour < 12 ? "AM" : "PM", 2, 1);
		break;
	case 'P': {
		struct spec plain = *sp;	/* glibc: no case flags */

		plain.upper = plain.swap = 0;
		word(b, &plain, tm->tm_hour < 12 ? "am" : "pm", 2, 0);
		break;
	}
	case 'r':
		composite(b, sp, "%I:%M:%S %p", tm);
		break;
	case 'R':
		composite(b, sp, "%H:%M", tm);
		break;
	case 's': {
		struct tm copy = *tm;

		number(b, sp, timegm(&copy), 1, ' ');
		break;
	}
	case 'S':
		number(b, sp, tm->tm_sec, 2, '0');
		break;
	case 't':
		word(b, sp, "\t", 1, 0);
		break;
	case 'T':
	case 'X':
		composite(b, sp, "%H:%M:%S", tm);
		break;
	case 'u':
		number(b, sp, tm->tm_wday ? tm->tm_wday : 7, 1, '0');
		break;
	case 'U':
		number(b, sp, (tm->tm_yday - tm->tm_wday + 7) / 7, 2, '0');
		break;
	case 'V':
		number(b, sp, iso_week(tm, &y), 2, '0');
		break;
	case 'w':
		number(b, sp, tm->tm_wday, 1, '0');
		break;
	case 'W':
		number(b, sp, (tm->tm_yday - (tm->tm_wday + 6) % 7 + 7) / 7, 2,
		       '0');
		break;
	case 'y':
		number(b, sp, (full_year(tm) % 100 + 100) % 100, 2, '0');
		break;
	case 'Y':
		number(b, sp, full_year(tm), 1, '0');
		break;
	case 'z': {
		/* a sign, then hhmm as a number of at least 4 digits */
		long off = tm->tm_gmtoff;
		long a = off < 0 ? -off : off;
		struct spec num = *sp;

		put(b, off < 0 ? "-" : "+", 1);
		num.width = sp->width > 0 ? sp->width - 1 : -1;
		number(b, &num, a / 3600 * 100 + a / 60 % 60, 4, '0');
		break;
	}
	case 'Z':
		s = tm->tm_zone ? tm->tm_zone : "";
		word(b, sp, s, strlen(s), 1);
		break;
	case '%':
		word(b, sp, "%", 1, 0);
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * A directive that is not one is copied as text, but as glibc does it:
 * padded to the width and case-changed by the flags.
 */
static void literal(struct buf *b, const struct spec *sp, const char *s,
		    size_t n, char conv)
{
	struct spec lit = *sp;

	/* '#' had already taken effect for the month names only */
	lit.swap = sp->swap && conv && strchr("bBh", conv);
	word(b, &lit, s, n, 0);
}

static size_t format(struct buf *b, const char *fmt, const struct tm *tm)
{
	const char *start;
	struct spec sp;

	while (*fmt) {
		if (*fmt != '%') {
			put(b, fmt++, 1);
			continue;
		}
		start = fmt++;
		memset(&sp, 0, sizeof sp);
		for (;; fmt++) {
			if (*fmt == '_' || *fmt == '-' || *fmt == '0')
				sp.pad = *fmt;
			else if (*fmt == '^')
				sp.upper = 1;
			else if (*fmt == '#')
				sp.swap = 1;
			else
				break;
		}
		sp.width = -1;
		if (*fmt >= '0' && *fmt <= '9') {
			sp.width = 0;
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + *fmt++ - '0';
		}
		/*
		 * E and O change nothing in the "C" locale, but glibc
		 * refuses them on some conversions: then the whole
		 * directive is copied as text.
		 */
		if (*fmt == 'E' || *fmt == 'O') {
			const char *bad = *fmt == 'E' ? "aAbBhdDeFgGHIjklmMSUVwW"
						      : "aAcDFxXY";

			fmt++;
			if (*fmt && strchr(bad, *fmt)) {
				fmt++;
				literal(b, &sp, start, (size_t)(fmt - start),
					fmt[-1]);
				continue;
			}
		}
		if (!*fmt || !convert(b, &sp, *fmt, tm)) {
			/* Not a conversion: the text as written. */
			if (*fmt)
				fmt++;
			literal(b, &sp, start, (size_t)(fmt - start), 0);
			continue;
		}
		fmt++;
	}
	return b->len;
}

size_t strftime(char *__restrict s, size_t max, const char *__restrict fmt,
		const struct tm *__restrict tm)
{
	struct buf b = { s, max, 0 };

	format(&b, fmt, tm);
	if (b.len >= max) {	/* did not fit with its NUL: C says 0 */
		if (max)
			s[0] = '\0';
		return 0;
	}
	s[b.len] = '\0';
	return b.len;
}
