/*
 * table.c - "check table": the Markdown table of doc/libm.md from the
 * report files of verify -r (included by check.c).  One row per C
 * function (float, double and long double side by side): the largest
 * error in ulps in round-to-nearest, "exact" where every result must be
 * (and was) the correctly rounded one; the largest in the three directed
 * modes (all types); the number of arguments checked in all modes; and
 * whether flags and errno were right each time.
 */

struct trow {
	int seen[3];
	double maxerr[3];	/* round-to-nearest */
	long count[3];		/* all modes */
	long bad[3], flagbad[3], errbad[3];
	int modes;
	double dmax;		/* largest error in the directed modes */
};

static int type_index(char t)
{
	return t == 'f' ? 0 : t == 'd' ? 1 : 2;
}

static int do_table(int argc, char **argv)
{
	static struct trow rows[R_COUNT];
	char line[512], st[8], name[64], base[64], mode[8], worst[256];
	long count, bad, fb, eb;
	double err;
	int i, r, t, fid, failed = 0;

	for (i = 0; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%7s %63s %63s %7s %ld %lf %255s %ld %ld %ld",
				   st, name, base, mode, &count, &err, worst,
				   &bad, &fb, &eb) != 10)
				continue;	/* a detail line */
			fid = find_fn(name);
			if (fid < 0)
				continue;
			r = ref_of(base);
			t = type_index(fns[fid].type);
			rows[r].seen[t] = 1;
			rows[r].count[t] += count;
			rows[r].bad[t] += bad;
			rows[r].flagbad[t] += fb;
			rows[r].errbad[t] += eb;
			if (!strcmp(mode, "RN")) {
				if (err > rows[r].maxerr[t])
					rows[r].maxerr[t] = err;
			} else {
				rows[r].modes = 1;
				if (err > rows[r].dmax)
					rows[r].dmax = err;
			}
		}
		fclose(f);
	}
	printf("| function | float | double | long double | directed "
	       "modes | arguments (each type) | flags, errno |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (r = 0; r < R_COUNT; r++) {
		long n = 0;
		int ok = 1;

		if (!rows[r].seen[0] && !rows[r].seen[1] && !rows[r].seen[2])
			continue;
		printf("| %s |", ref_names[r]);
		for (t = 0; t < 3; t++) {
			if (!rows[r].seen[t])
				printf(" - |");
			else if (rows[r].bad[t])
				printf(" **%.3f, %ld wrong** |", rows[r].maxerr[t],
				       rows[r].bad[t]);
			else if (exact_class(r))
				printf(" exact |");
			else
				printf(" %.3f |", rows[r].maxerr[t]);
			if (rows[r].count[t] > n)
				n = rows[r].count[t];
			if (rows[r].bad[t] || rows[r].flagbad[t] ||
			    rows[r].errbad[t])
				ok = 0;
		}
		if (!ok)
			failed++;
		if (!rows[r].modes)
			printf(" - |");
		else if (exact_class(r))
			printf(" exact |");
		else
			printf(" %.3f |", rows[r].dmax);
		printf(" %ld | %s |\n", n, ok ? "all right" : "**wrong**");
	}
	return failed ? 1 : 0;
}
