/*
 * scan.c - the scanf engine shared by the whole scanf family.
 *
 * Input comes one byte at a time from a source that can push back the
 * last byte read, which is all C requires (and all a stream guarantees).
 * Numbers are gathered as text following the grammar of strtol/strtod,
 * within the field width, then converted by those functions; a field
 * that stops being a prefix of a valid number is a matching failure,
 * with the offending byte pushed back.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stdio_impl.h"

enum { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_PTRDIFF,
       L_INTMAX, L_LDOUBLE };

#define NUMBUF		512	/* digits beyond this only count */

struct in {
	struct __vxc_source *src;
	size_t count;		/* bytes consumed, for %n */
	int eof;
};

static int get(struct in *in)
{
	int c = in->src->get(in->src->ctx);

	if (c == EOF)
		in->eof = 1;
	else
		in->count++;
	return c;
}

static void unget(struct in *in, int c)
{
	if (c != EOF) {
		in->src->unget(in->src->ctx, c);
		in->count--;
	}
}

static void skip_space(struct in *in)
{
	int c;

	while ((c = get(in)) != EOF && isspace(c))
		;
	unget(in, c);
}

/* A field being gathered: text for strto*, within the width. */
struct field {
	struct in *in;
	size_t width;		/* bytes still allowed */
	char buf[NUMBUF];
	size_t len;
	int c;			/* the lookahead byte, or EOF */
};

static void field_start(struct field *f, struct in *in, size_t width)
{
	f->in = in;
	f->width = width;
	f->len = 0;
	f->c = width ? get(in) : EOF;
}

/* Take the lookahead into the text and read the next one. */
static void field_take(struct field *f)
{
	if (f->len < NUMBUF - 1)
		f->buf[f->len++] = (char)f->c;
	f->width--;
	f->c = f->width ? get(f->in) : EOF;
}

/* Stop: push the unused lookahead back. */
static void field_end(struct field *f)
{
	if (f->width)
		unget(f->in, f->c);
	f->buf[f->len] = '\0';
}

static int field_accept(struct field *f, const char *set)
{
	if (f->c != EOF && strchr(set, f->c) && f->c) {
		field_take(f);
		return 1;
	}
	return 0;
}

static int digit_in_base(int c, int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'z')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		v = c - 'A' + 10;
	else
		return 0;
	return v < base;
}

/* An integer field; 0 on a matching failure, else 1 with *v set. */
static int scan_int(struct in *in, size_t width, int base, int is_signed,
		    unsigned long long *v)
{
	struct field f;
	int digits = 0;

	field_start(&f, in, width);
	field_accept(&f, "+-");
	if (base == 0 || base == 16) {
		if (f.c == '0') {
			field_take(&f);
			digits = 1;
			if (field_accept(&f, "xX")) {
				/* glibc: "0x" alone still reads as 0 */
				base = 16;
			} else if (base == 0) {
				base = 8;
			}
		} else if (base == 0) {
			base = 10;
		}
	}
	while (f.c != EOF && digit_in_base(f.c, base)) {
		field_take(&f);
		digits++;
	}
	field_end(&f);
	if (!digits)
		return 0;
	errno = 0;
	/* base 16 given: strtoull would take "0x" itself, or not */
	if (is_signed)
		*v = (unsigned long long)strtoll(f.buf, NULL, base);
	else
		*v = strtoull(f.buf, NULL, base);
	return 1;
}

static int accept_word(struct field *f, const char *word)
{
	for (; *word; word++) {
		if (f->c == EOF || tolower(f->c) != *word)
			return 0;
		field_take(f);
	}
	return 1;
}

/* The digits of a decimal or hexadecimal float; the count of them. */
static int float_digits(struct field *f, int hex)
{
	int n = 0;

	while (f->c != EOF && (hex ? isxdigit(f->c) : isdigit(f->c))) {
		field_take(f);
		n++;
	}
	return n;
}

/* A floating-point field as strtod reads it; 0 on a matching failure. */
static int scan_float(struct in *in, size_t width, struct field *f)
{
	int hex = 0, digits = 0;

	field_start(f, in, width);
	field_accept(f, "+-");
	if (f->c != EOF && tolower(f->c) == 'i') {
		if (!accept_word(f, "inf"))
			goto fail;
		if (f->c != EOF && tolower(f->c) == 'i' &&
		    !accept_word(f, "inity"))
			goto fail;
		goto done;
	}
	if (f->c != EOF && tolower(f->c) == 'n') {
		/* glibc's scanf takes no "(n-char-sequence)" after nan */
		if (!accept_word(f, "nan"))
			goto fail;
		goto done;
	}
	if (f->c == '0') {
		field_take(f);
		digits = 1;
		if (field_accept(f, "xX")) {
			hex = 1;
			digits = 0;
		}
	}
	digits += float_digits(f, hex);
	if (f->c == '.') {
		field_take(f);
		digits += float_digits(f, hex);
		if (hex)	/* glibc: "0x." reads as 0, "0x" alone fails */
			digits = 1;
	}
	if (!digits)
		goto fail;
	if (field_accept(f, hex ? "pP" : "eE")) {
		/* glibc reads "1e" or "1e+" as 1: the exponent is dropped */
		field_accept(f, "+-");
		float_digits(f, 0);
	}
done:
	field_end(f);
	return 1;
fail:
	field_end(f);
	return 0;
}

static void store_int(void *p, int len, unsigned long long v)
{
	switch (len) {
	case L_CHAR:
		*(char *)p = (char)v;
		break;
	case L_SHORT:
		*(short *)p = (short)v;
		break;
	case L_LLONG:
	case L_INTMAX:
		*(long long *)p = (long long)v;
		break;
	case L_LONG:
		*(long *)p = (long)v;
		break;
	default:	/* int, size_t, ptrdiff_t: 32 bits */
		*(int *)p = (int)v;
		break;
	}
}

/* A %[ set: 256 flags from the format; returns the format after ']'. */
static const char *parse_set(const char *fmt, unsigned char set[256])
{
	int invert = 0, c;

	if (*fmt == '^') {
		invert = 1;
		fmt++;
	}
	memset(set, 0, 256);
	if (*fmt == ']' || *fmt == '-')
		set[(unsigned char)*fmt++] = 1;
	for (; *fmt && *fmt != ']'; fmt++) {
		if (*fmt == '-' && fmt[1] && fmt[1] != ']' &&
		    (unsigned char)fmt[-1] <= (unsigned char)fmt[1]) {
			for (c = (unsigned char)fmt[-1];
			     c <= (unsigned char)fmt[1]; c++)
				set[c] = 1;
			fmt++;
		} else {
			set[(unsigned char)*fmt] = 1;
		}
	}
	if (invert)
		for (c = 0; c < 256; c++)
			set[c] = !set[c];
	return *fmt ? fmt + 1 : NULL;
}

/*
 * Strings (%s, %c, %[): copied straight into the destination, or with
 * the 'm' modifier into a buffer that grows as needed.
 */
struct dest {
	char *p;
	char **alloc;		/* %m: where the buffer goes */
	size_t len, cap;
};

static int dest_put(struct dest *d, char c)
{
	if (d->alloc) {
		if (d->len + 1 >= d->cap) {	/* room for a NUL too */
			size_t n = d->cap ? 2 * d->cap : 32;
			char *q = realloc(d->p, n);

			if (!q)
				return -1;
			d->p = q;
			d->cap = n;
		}
	}
	if (d->p)
		d->p[d->len] = c;
	d->len++;
	return 0;
}

/*
 * Up to width bytes of a string field (any byte for %c, set == NULL);
 * d->len counts them even when suppressed.  0 if out of memory.
 */
static int scan_chars(struct in *in, struct dest *d, const unsigned char *set,
		      size_t width, int suppress)
{
	int ch;

	for (; width; width--) {
		ch = get(in);
		if (ch == EOF)
			break;
		if (set && !set[ch]) {
			unget(in, ch);
			break;
		}
		if (suppress)
			d->len++;
		else if (dest_put(d, (char)ch) < 0)
			return 0;
	}
	return 1;
}

int __vxc_scan(struct __vxc_source *src, const char *fmt, va_list ap0)
{
	struct in in = { src, 0, 0 };
	unsigned char set[256];
	struct field f;
	struct dest d;
	va_list ap;
	unsigned long long v;
	size_t width;
	int assigned = 0, suppress, len, alloc, c, base;
	size_t start = 0;	/* input count where the directive began */
	void *p;

	va_copy(ap, ap0);
	while (*fmt) {
		if (isspace((unsigned char)*fmt)) {
			skip_space(&in);
			fmt++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%') {
				fmt++;
				skip_space(&in);
			}
			start = in.count;
			c = get(&in);
			if (c != (unsigned char)*fmt) {
				unget(&in, c);
				goto fail;
			}
			fmt++;
			continue;
		}
		fmt++;

		suppress = *fmt == '*';
		if (suppress)
			fmt++;
		width = 0;
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (*fmt++ - '0');
		alloc = *fmt == 'm';
		if (alloc)
			fmt++;
		len = L_INT;
		switch (*fmt) {
		case 'h':
			len = *++fmt == 'h' ? (fmt++, L_CHAR) : L_SHORT;
			break;
		case 'l':
			len = *++fmt == 'l' ? (fmt++, L_LLONG) : L_LONG;
			break;
		case 'q':
		case 'L':
			fmt++;
			len = L_LDOUBLE;
			break;
		case 'j':
			fmt++;
			len = L_INTMAX;
			break;
		case 'z':
			fmt++;
			len = L_SIZE;
			break;
		case 't':
			fmt++;
			len = L_PTRDIFF;
			break;
		}
		c = *fmt++;
		if (c == '\0')
			goto out;
		if (c != '[' && c != 'c' && c != 'n')
			skip_space(&in);
		start = in.count;
		base = 10;

		switch (c) {
		case 'n':
			if (!suppress)
				store_int(va_arg(ap, void *),
					  len == L_LDOUBLE ? L_LLONG : len,
					  in.count);
			continue;

		case 'd':
			base = 10;
			goto signed_int;
		case 'i':
			base = 0;
signed_int:
			if (!scan_int(&in, width ? width : SIZE_MAX, base, 1,
				      &v))
				goto fail;
			goto store;
		case 'o':
			base = 8;
			goto unsigned_int;
		case 'x':
		case 'X':
			base = 16;
			goto unsigned_int;
		case 'p':
			base = 16;
			len = L_INT;
			goto unsigned_int;
		case 'u':
unsigned_int:
			if (!scan_int(&in, width ? width : SIZE_MAX, base, 0,
				      &v))
				goto fail;
store:
			if (!suppress) {
				store_int(va_arg(ap, void *),
					  len == L_LDOUBLE ? L_LLONG : len, v);
				assigned++;
			}
			continue;

		case 'a': case 'A': case 'e': case 'E': case 'f': case 'F':
		case 'g': case 'G':
			if (!scan_float(&in, width ? width : SIZE_MAX, &f))
				goto fail;
			if (suppress)
				continue;
			p = va_arg(ap, void *);
			if (len == L_LDOUBLE)
				*(long double *)p = strtold(f.buf, NULL);
			else if (len == L_LONG || len == L_LLONG)
				*(double *)p = strtod(f.buf, NULL);
			else
				*(float *)p = strtof(f.buf, NULL);
			assigned++;
			continue;

		case 's':
		case 'c':
		case '[':
			if (len == L_LONG)	/* wide strings: no wchar_t */
				goto out;
			if (c == '[') {
				fmt = parse_set(fmt, set);
				if (!fmt)
					goto out;
			} else if (c == 's') {
				for (c = 0; c < 256; c++)
					set[c] = !isspace(c);
				c = 's';
			}
			if (!width)
				width = c == 'c' ? 1 : SIZE_MAX;
			memset(&d, 0, sizeof d);
			if (!suppress) {
				if (alloc)
					d.alloc = va_arg(ap, char **);
				else
					d.p = va_arg(ap, char *);
			}
			if (!scan_chars(&in, &d, c == 'c' ? NULL : set, width,
					suppress))
				goto nomem;
			/* at least one byte (glibc: also for a short %Nc) */
			if (!d.len) {
				if (alloc)
					free(d.p);
				goto fail;
			}
			if (!suppress) {
				if (c != 'c' && dest_put(&d, '\0') < 0)
					goto nomem;
				if (alloc)
					*d.alloc = d.p;
				assigned++;
			}
			continue;

		default:
			goto out;
		}
fail:
		/*
		 * A failure ends the scan.  Input ran out before the
		 * directive read anything: an input failure, which gives EOF
		 * if nothing was assigned yet (glibc counts assignments).
		 */
		if (in.eof && in.count == start && !assigned)
			goto input_failure;
		goto out;
	}
out:
	va_end(ap);
	return assigned;
nomem:
	va_end(ap);
	errno = ENOMEM;
	return assigned ? assigned : EOF;
input_failure:
	va_end(ap);
	return EOF;
}
