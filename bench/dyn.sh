#!/bin/bash
# dyn.sh - the dynamic-linking figures of doc/perf.md ("Dynamically
# linked programs"): start-up of /bin/true and of `python3 -c pass` from
# the i386 Debian root of the linux/dyn tests, and a short Python
# benchmark, under vxlinux --root (flat and, where this host honours LDT
# segments, seg), qemu-i386 -L and, where this host runs i386 programs,
# natively through the root's own loader.  `make bench` runs it after
# bench/run.sh; `make bench-dyn` alone.
#
# The root comes from tools/fetch-root.sh (cached, see test/suite-dyn.sh);
# without it (no network on the first run) the script says why and
# leaves doc/perf.md alone.  Figures are medians of wall-clock times
# measured by bench/out/timeit; each repetition runs every column once,
# so a slow spell of a busy machine hits all alike.
#
# Environment: BENCH_DYN_STARTS (start-up runs per column, default 20),
# BENCH_DYN_REPS (benchmark runs, default 3), QEMU, VXLINUX.

set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
OUT=bench/out
PERF=doc/perf.md
BEGIN='<!-- make bench-dyn writes below this line -->'
END='<!-- make bench-dyn writes above this line -->'
WORK=$OUT/dyn-run
TIMEIT=$OUT/timeit
QEMU=${QEMU:-qemu-i386}
VXLINUX=$(realpath "${VXLINUX:-vxlinux/vxlinux}")
STARTS=${BENCH_DYN_STARTS:-20}
REPS=${BENCH_DYN_REPS:-3}

die() { echo "bench/dyn.sh: $*" >&2; exit 2; }
[ -x "$TIMEIT" ] || die "$TIMEIT missing: build with 'make bench-progs'"
[ -x "$VXLINUX" ] || die "$VXLINUX missing: build with 'make'"
mkdir -p "$WORK" || exit 2

# The root and its package list: test/suite-dyn.sh's.
DYN_PKGS=$(sed -n '/^DYN_PKGS="/,/"$/p' test/suite-dyn.sh | tr -d '"' |
	sed 's/^DYN_PKGS=//')
cache=${VX32_ROOT_CACHE:-$TOP/.cache/i386-root}
# shellcheck disable=SC2086
if ! tools/fetch-root.sh "$cache" $DYN_PKGS >"$WORK/fetch.log" 2>&1; then
	echo "bench/dyn.sh: no i386 root, no figures: $(tail -1 "$WORK/fetch.log")" >&2
	exit 0
fi
R=$cache/root
LIBS=$R/lib/i386-linux-gnu:$R/usr/lib/i386-linux-gnu

# The benchmark: pure-Python work (calls, dicts, strings, floats).
BENCH_PY='
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
d = {}
for i in range(200000): d[str(i)] = i * 2.5
s = sum(v for k, v in d.items() if k.endswith("7"))
w = " ".join(sorted(str(i * 7919 % 10007) for i in range(50000)))
print(fib(24), s, len(w))
'

cols=(vxlinux)
VX32_BACKEND=seg "$VXLINUX" --root "$R" /bin/true 2>/dev/null && cols+=(vxlinux-seg)
command -v "$QEMU" >/dev/null && cols+=(qemu)
"$R/lib/ld-linux.so.2" --library-path "$LIBS" "$R/bin/true" 2>/dev/null &&
	cols+=(i386)

# run COLUMN PROG ARGS...: the command line for PROG (a path in the root).
cmd_of() {
	local c=$1 prog=$2
	shift 2
	case $c in
	vxlinux)	CMD=(env VX32_BACKEND=flat "$VXLINUX" --root "$R" "$prog" "$@") ;;
	vxlinux-seg)	CMD=(env VX32_BACKEND=seg "$VXLINUX" --root "$R" "$prog" "$@") ;;
	qemu)		CMD=("$QEMU" -L "$R" "$R$prog" "$@") ;;
	i386)		CMD=("$R/lib/ld-linux.so.2" --library-path "$LIBS" "$R$prog" "$@") ;;
	esac
}

# measure KEY RUNS PROG ARGS...: RUNS rounds, each column once per round;
# every run's output must equal the first column's.
declare -A T
measure() {
	local key=$1 runs=$2 c i ref=
	shift 2
	for c in "${cols[@]}"; do : > "$WORK/$key.$c"; done
	for i in $(seq 1 "$runs"); do
		for c in "${cols[@]}"; do
			cmd_of "$c" "$@"
			(cd "$R/tmp" && PYTHONHOME=/usr "$TOP/$TIMEIT" \
				-o "$TOP/$WORK/out" "${CMD[@]}") >> "$WORK/$key.$c"
			if [ -z "$ref" ]; then
				ref=$(cat "$WORK/out")
			elif [ "$(cat "$WORK/out")" != "$ref" ]; then
				echo "bench/dyn.sh: $c: $* printed '$(head -c 80 "$WORK/out")', not '$ref'" >&2
				echo WRONG >> "$WORK/$key.$c"
			fi
		done
	done
	for c in "${cols[@]}"; do
		if grep -q -v ' 0$' "$WORK/$key.$c"; then
			T[$key.$c]=-
		else
			T[$key.$c]=$(awk '{ print $2 }' "$WORK/$key.$c" | sort -g |
				awk '{ v[NR] = $1 } END { printf "%.4f", v[int((NR + 1) / 2)] }')
		fi
	done
}

echo "bench/dyn.sh: columns ${cols[*]}; $STARTS start-ups, $REPS benchmark runs" >&2
measure true "$STARTS" /bin/true
measure pypass "$STARTS" /usr/bin/python3 -c pass
measure pybench "$REPS" /usr/bin/python3 -c "$BENCH_PY"

ms() { [ "$1" = - ] && echo - || awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }'; }
sec() { [ "$1" = - ] && echo - || awk -v t="$1" 'BEGIN { printf "%.3f s", t }'; }
ratio() { { [ "$1" = - ] || [ "$2" = - ] || [ -z "$2" ]; } && echo - ||
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

label() {
	case $1 in
	true)	echo 'start-up of `/bin/true`' ;;
	pypass)	echo 'start-up of `python3 -c pass`' ;;
	pybench) echo 'Python benchmark' ;;
	esac
}

table() {
	local c head="| figure |" rule="|---|" k
	for c in "${cols[@]}"; do head+=" $c |"; rule+="--:|"; done
	echo "$head"
	echo "$rule"
	for k in true pypass pybench; do
		case $k in
		true)	printf '| start-up: `/bin/true` |' ;;
		pypass)	printf '| start-up: `python3 -c pass` |' ;;
		pybench) printf '| Python benchmark (calls, dicts, strings) |' ;;
		esac
		for c in "${cols[@]}"; do
			if [ $k = pybench ]; then
				printf ' %s |' "$(sec "${T[$k.$c]}")"
			else
				printf ' %s |' "$(ms "${T[$k.$c]}")"
			fi
		done
		echo
	done
	for base in i386 qemu; do
		[[ " ${cols[*]} " == *" $base "* ]] || continue
		for k in true pypass pybench; do
			printf '| %s: vxlinux / %s |' "$(label $k)" "$base"
			for c in "${cols[@]}"; do
				case $c in
				vxlinux*) printf ' %s |' "$(ratio "${T[$k.$c]}" "${T[$k.$base]}")" ;;
				*) printf ' |' ;;
				esac
			done
			echo
		done
	done
}

{
	echo
	echo "### Dynamically linked programs: results"
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null)"
	echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- Medians of $STARTS start-ups and $REPS benchmark runs, wall clock"
	echo
	table
	echo
} > "$WORK/table.md"
cat "$WORK/table.md"
if grep -q "^$BEGIN" "$PERF" && grep -q "^$END" "$PERF"; then
	awk -v b="$BEGIN" -v e="$END" -v f="$WORK/table.md" '
		$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$PERF" > "$WORK/perf.md" && cp "$WORK/perf.md" "$PERF"
fi
