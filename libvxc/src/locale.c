/* locale.c - the "C" locale, the only one there is. */
#include <locale.h>
#include <limits.h>
#include <string.h>

char *setlocale(int category, const char *locale)
{
	if (category < LC_CTYPE || category > LC_ALL)
		return NULL;
	if (locale && *locale && strcmp(locale, "C") &&
	    strcmp(locale, "POSIX"))
		return NULL;
	return "C";
}

struct lconv *localeconv(void)
{
	static struct lconv c = {
		".", "", "", "", "", "", "", "", "", "",
		CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
		CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
		CHAR_MAX, CHAR_MAX,
	};

	return &c;
}
