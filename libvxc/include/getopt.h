/* getopt.h - command-line options, with GNU long options. */
#ifndef _VXC_GETOPT_H
#define _VXC_GETOPT_H

extern char *optarg;
extern int optind, opterr, optopt;

#define no_argument		0
#define required_argument	1
#define optional_argument	2

struct option {
	const char *name;
	int has_arg;
	int *flag;
	int val;
};

int getopt(int argc, char *const argv[], const char *optstring);
int getopt_long(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *longindex);
int getopt_long_only(int argc, char *const argv[], const char *optstring,
		     const struct option *longopts, int *longindex);

#endif
