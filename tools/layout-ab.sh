#!/bin/bash
# layout-ab.sh - compare configurations of vx32 over code-cache layouts.
#
# usage: tools/layout-ab.sh [-r REPS] CONFIG... -- COMMAND [ARGS...]
#
# How fast a hot loop runs under vx32 changes with where its translated
# code lands in the code cache: on the machine of doc/perf.md by up to
# a fifth, from a change as small as one fragment 32 bytes longer early
# in the cache.  A single A/B run of two builds therefore mostly
# measures their layouts.  This script runs COMMAND under every CONFIG
# at each of ten code-cache offsets (VX32_CACHEPAD, doc/api.md: the
# first fragment 0-880 bytes further in), REPS times (default 2), one
# configuration after the other at each offset, and prints per
# configuration the mean, median and minimum CPU time (user + system,
# bench/out/timeit) and the mean, median and minimum of its ratio to the first
# configuration's run at the same offset.
#
# A CONFIG is a string of environment assignments, '' for none:
#   tools/layout-ab.sh '' 'VX32_PROBE=jecxz' -- vxrun/vxrun bench/out/interp.vx
# To compare two builds, name the binary in the environment:
#   tools/layout-ab.sh 'B=/tmp/old/vxlinux' 'B=vxlinux/vxlinux' -- \
#       sh -c 'exec $B "$@"' sh bench/out/real/lua.i386 bench/real/fib.lua
# (exec: the shell's own start is not counted).  COMMAND's output goes
# to /dev/null; a run that fails stops the comparison.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
TIMEIT=$TOP/bench/out/timeit
REPS=2
OFFSETS="0 1 2 3 5 8 13 21 34 55"

if [ "$1" = -r ]; then
	REPS=$2
	shift 2
fi
CONFIGS=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	CONFIGS+=("$1")
	shift
done
if [ "$1" != -- ] || [ $# -lt 2 ] || [ ${#CONFIGS[@]} -lt 1 ]; then
	sed -n '4p' "$0" | sed 's/^# //' >&2
	exit 2
fi
shift
if [ ! -x "$TIMEIT" ]; then
	echo "layout-ab: $TIMEIT missing: make bench-progs (or make bench)" >&2
	exit 2
fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
k=0
for ((rep = 0; rep < REPS; rep++)); do
	for pad in $OFFSETS; do
		for i in "${!CONFIGS[@]}"; do
			read -r cpu wall status < <(env VX32_CACHEPAD="$pad" \
				${CONFIGS[$i]} "$TIMEIT" "$@")
			if [ "$status" != 0 ]; then
				echo "layout-ab: '${CONFIGS[$i]}' at offset $pad:" \
				     "exit status $status" >&2
				exit 1
			fi
			echo "$k $i $cpu" >>"$LOG"
		done
		k=$((k + 1))
	done
done

# "mean M median D min N" of the numbers on stdin, one a line, sorted.
summary() {
	awk '{ v[NR] = $1; s += $1 } END {
		printf "mean %.4f median %.4f min %.4f", s / NR,
		       (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2, v[1] }'
}

# One line per configuration.
for i in "${!CONFIGS[@]}"; do
	cpu=$(awk -v i="$i" '$2 == i { print $3 }' "$LOG" | sort -g)
	ratio=$(awk -v i="$i" '$2 == 0 { base[$1] = $3 }
		$2 == i { r[$1] = $3 } END { for (k in r) print r[k] / base[k] }' \
		"$LOG" | sort -g)
	printf '%-32s CPU %s s  ratio to the first: %s\n' \
		"'${CONFIGS[$i]}'" "$(echo "$cpu" | summary)" \
		"$(echo "$ratio" | summary)"
done
