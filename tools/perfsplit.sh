#!/bin/sh
# tools/perfsplit.sh - where a guest's time goes, by guest function.
#
# usage: tools/perfsplit.sh PROGRAM VX.data [NATIVE.data] [ROWS]
#
# VX.data is `perf record -e cpu-clock -c 100000` (a fixed period: the
# seconds below are sums of sample periods) of PROGRAM run under vx32 with
# VX32_PERFMAP=1 (doc/api.md: translated code is then named vx:EIP after
# the guest address it came from); NATIVE.data, optionally, of the same
# i386 PROGRAM run natively.  Samples are summed by the guest function
# (PROGRAM's symbol table) their code came from; host code (libvx32,
# vxlinux) is listed by its own name, the kernel as one row.  Prints
# seconds of CPU time per row, vx32 and native side by side, largest
# difference first.  Only a static PROGRAM's own functions are named;
# a block that runs on into the next function counts for the first.
set -eu
[ $# -ge 2 ] || { sed -n 4,15p "$0" >&2; exit 2; }
prog=$1 vx=$2 nat=${3:-} rows=${4:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# PROGRAM's symbols (its dynamic ones if it is stripped), and the end
# of its code: addresses past it are other code (a library, ld.so)
{ nm -n "$prog" 2>/dev/null || nm -n -D "$prog"; } |
	awk '$2 ~ /^[tTwWi]$/ { print $1, $3 }' > "$tmp/syms"
readelf -lW "$prog" | awk '$1 == "LOAD" && ($7 == "E" || $8 == "E" ||
	$7 ~ /E$/) { print $3, $6 }' | while read -r vaddr memsz; do
	printf '%08x [other code]\n' $((vaddr + memsz))
done >> "$tmp/syms"
sort -o "$tmp/syms" "$tmp/syms"
perf script -i "$vx" -F ip,sym,period 2>/dev/null | sed 's/^ */vx /' > "$tmp/samples"
[ -n "$nat" ] && perf script -i "$nat" -F ip,sym,period 2>/dev/null |
	sed 's/^ */nat /' >> "$tmp/samples"

awk -v rows="$rows" '
function hex(s,   i, v) {		# mawk has no strtonum
	s = tolower(s); sub(/^0x/, "", s); v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
FNR == NR { a[n] = hex($1); name[n++] = $2; next }
function fn(eip,   lo, hi, mid) {
	lo = 0; hi = n
	while (lo < hi) {
		mid = int((lo + hi) / 2)
		if (a[mid] <= eip) lo = mid + 1; else hi = mid
	}
	return lo > 0 ? name[lo - 1] : "?"
}
{
	# "vx|nat PERIOD IP SYM" (perf script -F ip,sym,period)
	who = $1; period = $2; ip = hex($3); sym = $4
	if (who == "nat")
		key = ip < 268435456 ? fn(ip) : "[kernel]"
	else if (sym ~ /^vx:/)
		key = fn(hex(substr(sym, 4)))
	else if (ip >= 18446462598732840960)
		key = "[kernel]"
	else if (sym == "[unknown]")
		key = "[code without a name: no perf map?]"
	else
		key = "[host] " sym
	t[who, key] += period / 1e9; keys[key] = 1; tot[who] += period / 1e9
}
END {
	for (k in keys)
		printf "%.6f\t%s\t%.4f\t%.4f\n", t["vx", k] - t["nat", k], k,
			t["vx", k], t["nat", k]
	printf "%.6f\t%s\t%.4f\t%.4f\n", 1e9, "total", tot["vx"], tot["nat"]
}' "$tmp/syms" "$tmp/samples" | sort -t '	' -k1,1gr |
awk -F '\t' -v rows="$rows" '
BEGIN { printf "%-44s %9s %9s %9s %6s\n", "function", "vx32 s", "native s", "diff", "ratio" }
NR <= rows + 1 {
	printf "%-44s %9.4f %9.4f %9.4f %6s\n", substr($2, 1, 44), $3, $4,
		$3 - $4, ($4 > 0 ? sprintf("%.2f", $3 / $4) : "-")
}'
