/*
 * getopt.c - getopt, getopt_long and getopt_long_only, as glibc does
 * them: arguments are permuted so that options may follow operands
 * (unless the option string starts with '+' or POSIXLY_CORRECT is set),
 * a leading '-' returns operands as the argument of option 1, a ':'
 * after that makes a missing argument return ':' silently, long options
 * may be abbreviated to a unique prefix, and the messages are glibc's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt = '?';

enum order { PERMUTE, REQUIRE_ORDER, RETURN_IN_ORDER };

static char *nextchar;		/* the rest of a group of short options */
static int first_nonopt, last_nonopt;	/* operands skipped so far */
static int initialised;

static void reverse(char **v, int i, int j)
{
	char *t;

	for (j--; i < j; i++, j--) {
		t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* Move the operands [first_nonopt, last_nonopt) after [.., optind). */
static void exchange(char **argv)
{
	reverse(argv, first_nonopt, last_nonopt);
	reverse(argv, last_nonopt, optind);
	reverse(argv, first_nonopt, optind);
	first_nonopt += optind - last_nonopt;
	last_nonopt = optind;
}

static int is_operand(char *const argv[], int i)
{
	return argv[i][0] != '-' || argv[i][1] == '\0';
}

static int long_option(int argc, char *const argv[], const char *name_start,
		       const struct option *lo, int *longindex, int colon,
		       const char *prefix)
{
	const char *end = strchrnul(name_start, '=');
	size_t len = (size_t)(end - name_start);
	const struct option *p, *found = NULL;
	int ambiguous = 0, i, idx = -1;

	for (p = lo, i = 0; p->name; p++, i++) {
		if (strncmp(p->name, name_start, len))
			continue;
		if (strlen(p->name) == len) {	/* exact: done */
			found = p;
			idx = i;
			ambiguous = 0;
			break;
		}
		if (!found) {
			found = p;
			idx = i;
		} else if (found->has_arg != p->has_arg ||
			   found->flag != p->flag || found->val != p->val) {
			ambiguous = 1;
		}
	}
	if (ambiguous) {
		if (opterr) {
			fprintf(stderr, "%s: option '%s%s' is ambiguous; "
				"possibilities:", argv[0], prefix, name_start);
			for (p = lo; p->name; p++)
				if (!strncmp(p->name, name_start, len))
					fprintf(stderr, " '%s%s'", prefix,
						p->name);
			fputc('\n', stderr);
		}
		nextchar = NULL;
		optind++;
		optopt = 0;
		return '?';
	}
	if (!found)
		return -2;	/* the caller decides */
	optind++;
	nextchar = NULL;
	optarg = NULL;
	if (*end) {
		if (found->has_arg == no_argument) {
			if (opterr)
				fprintf(stderr, "%s: option '%s%s' doesn't "
					"allow an argument\n", argv[0],
					prefix, found->name);
			optopt = found->val;
			return '?';
		}
		optarg = (char *)end + 1;
	} else if (found->has_arg == required_argument) {
		if (optind >= argc) {
			if (opterr && !colon)
				fprintf(stderr, "%s: option '%s%s' requires "
					"an argument\n", argv[0], prefix,
					found->name);
			optopt = found->val;
			return colon ? ':' : '?';
		}
		optarg = argv[optind++];
	}
	if (longindex)
		*longindex = idx;
	if (found->flag) {
		*found->flag = found->val;
		return 0;
	}
	return found->val;
}

static int short_option(int argc, char *const argv[], const char *opts,
			int colon)
{
	int c = (unsigned char)*nextchar++;
	const char *spec = c == ':' ? NULL : strchr(opts, c);

	if (!*nextchar)
		optind++;
	if (!spec || !c) {
		if (opterr && !colon)
			fprintf(stderr, "%s: invalid option -- '%c'\n",
				argv[0], c);
		optopt = c;
		if (!*nextchar)
			nextchar = NULL;
		return '?';
	}
	optarg = NULL;
	if (spec[1] == ':') {
		if (*nextchar) {		/* -ofoo */
			optarg = nextchar;
			optind++;
		} else if (spec[2] != ':') {	/* required: next word */
			if (optind >= argc) {
				if (opterr && !colon)
					fprintf(stderr, "%s: option requires "
						"an argument -- '%c'\n",
						argv[0], c);
				optopt = c;
				nextchar = NULL;
				return colon ? ':' : '?';
			}
			optarg = argv[optind++];
		}
		nextchar = NULL;
	} else if (!*nextchar) {
		nextchar = NULL;
	}
	return c;
}

static int scan(int argc, char *const argv[], const char *opts,
		const struct option *lo, int *longindex, int long_only)
{
	enum order order = PERMUTE;
	char **v = (char **)argv;
	int colon, r;

	if (optind == 0 || !initialised) {
		if (optind == 0)
			optind = 1;
		first_nonopt = last_nonopt = optind;
		nextchar = NULL;
		initialised = 1;
	}
	if (*opts == '+') {
		order = REQUIRE_ORDER;
		opts++;
	} else if (*opts == '-') {
		order = RETURN_IN_ORDER;
		opts++;
	} else if (getenv("POSIXLY_CORRECT")) {
		order = REQUIRE_ORDER;
	}
	colon = *opts == ':';
	optarg = NULL;

	if (!nextchar || !*nextchar) {
		if (last_nonopt > optind)
			last_nonopt = optind;
		if (first_nonopt > optind)
			first_nonopt = optind;
		if (order == PERMUTE) {
			if (first_nonopt != last_nonopt && last_nonopt != optind)
				exchange(v);
			else if (last_nonopt != optind)
				first_nonopt = optind;
			while (optind < argc && is_operand(argv, optind))
				optind++;
			last_nonopt = optind;
		}
		if (optind != argc && !strcmp(argv[optind], "--")) {
			optind++;
			if (first_nonopt != last_nonopt && last_nonopt != optind)
				exchange(v);
			else if (first_nonopt == last_nonopt)
				first_nonopt = optind;
			last_nonopt = argc;
			optind = argc;
		}
		if (optind == argc) {
			if (first_nonopt != last_nonopt)
				optind = first_nonopt;
			return -1;
		}
		if (is_operand(argv, optind)) {
			if (order == REQUIRE_ORDER)
				return -1;
			optarg = argv[optind++];
			return 1;
		}
		if (lo && argv[optind][1] == '-') {
			r = long_option(argc, argv, argv[optind] + 2, lo,
					longindex, colon, "--");
			if (r != -2)
				return r;
			if (opterr)
				fprintf(stderr, "%s: unrecognized option "
					"'%s'\n", argv[0], argv[optind]);
			optind++;
			optopt = 0;
			return '?';
		}
		nextchar = argv[optind] + 1;
		if (lo && long_only) {
			/* -name is long unless it is a short option alone */
			if (argv[optind][2] || !strchr(opts, argv[optind][1])) {
				r = long_option(argc, argv, nextchar, lo,
						longindex, colon, "-");
				if (r != -2)
					return r;
				if (!strchr(opts, *nextchar)) {
					if (opterr)
						fprintf(stderr, "%s: "
							"unrecognized option "
							"'%s'\n", argv[0],
							argv[optind]);
					nextchar = NULL;
					optind++;
					optopt = 0;
					return '?';
				}
			}
		}
	}
	return short_option(argc, argv, opts, colon);
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	return scan(argc, argv, optstring, NULL, NULL, 0);
}

int getopt_long(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *longindex)
{
	return scan(argc, argv, optstring, longopts, longindex, 0);
}

int getopt_long_only(int argc, char *const argv[], const char *optstring,
		     const struct option *longopts, int *longindex)
{
	return scan(argc, argv, optstring, longopts, longindex, 1);
}
