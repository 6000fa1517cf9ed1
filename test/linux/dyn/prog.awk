# An awk program for linux/dyn/awk: fields, associative arrays, printf,
# string functions, numeric formatting.
BEGIN { FS = "," }
NR > 1 { sum[$2] += $3; n[$2]++; names = names (names ? ";" : "") toupper(substr($1, 1, 3)) }
END {
	for (k in sum) keys[++m] = k
	asort(keys)
	for (i = 1; i <= m; i++)
		printf "%-6s %3d %8.3f\n", keys[i], n[keys[i]], sum[keys[i]] / n[keys[i]]
	print names, length(names), index(names, "BOB")
	print sprintf("%e", 12345.678), int(-3.7), 2 ** 10, sin(1) + cos(1)
}
