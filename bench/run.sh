#!/bin/bash
# run.sh - time the benchmarks; `make bench` runs it after building.
#
# usage: bench/run.sh [NAME...]
#
# Runs every benchmark of bench/list (or only the NAMEs given) natively,
# under vxrun and vxlinux on libvx32's flat backend and, where this host
# honours LDT segments, on its seg backend, under qemu-i386, and as native
# i386 where this kernel can execute i386 binaries, interleaved: each repetition runs every
# benchmark once in every column, so a slow spell of a busy machine hits
# all columns alike, and runs vx32's columns at another code-cache
# offset (VX32_CACHEPAD, doc/perf.md "Measuring over layouts"), so that
# the median is over layouts, not of one layout's luck.  Each run's
# result line must equal the native
# build's, else the cell reads WRONG; a run that fails prints "-" and a
# footnote with the error.  Then the null-call host program and the
# start-up of hello.  Prints the table (bench/report.awk) and, for a
# full run, writes it to doc/perf.md below the line
# "<!-- make bench writes below this line -->".
#
# Environment: BENCH_REPS (default 5), BENCH_STARTS (hello runs, default
# 50), BENCH_QEMU_REPS (qemu-i386 runs in only the first this many
# repetitions, default 3: it takes most of the time, and its figures only
# enter the qemu/vx32 ratios), BENCH_TIMEOUT (seconds per run, default
# 120), BENCH_COLS (a subset
# of "vx32 seg vxlinux vxlinux-seg qemu i386"; native always runs), QEMU (default
# qemu-i386), VXRUN, VXLINUX.  A run of chosen benchmarks or columns
# prints its table but leaves doc/perf.md alone.

set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
OUT=bench/out
WORK=$OUT/run
REPS=${BENCH_REPS:-5}
QREPS=${BENCH_QEMU_REPS:-3}
STARTS=${BENCH_STARTS:-50}
LIMIT=${BENCH_TIMEOUT:-120}
QEMU=${QEMU:-qemu-i386}
VXRUN=${VXRUN:-vxrun/vxrun}
VXLINUX=${VXLINUX:-vxlinux/vxlinux}
TIMEIT=$OUT/timeit
PERF=doc/perf.md
MARKER='<!-- make bench writes below this line -->'
RES=$WORK/results.tsv

die() { echo "bench/run.sh: $*" >&2; exit 2; }
say() { echo "$*" >&2; }

[ -x "$TIMEIT" ] || die "$TIMEIT missing: build with 'make bench-progs'"
mkdir -p "$WORK" || exit 2
rm -f "$WORK"/*

# ---------------------------------------------------------------- what to run

declare -A GROUP STDIN RESULT
NAMES=()
while read -r name group stdin result tiny; do
	case $name in ''|'#'*) continue ;; esac
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	NAMES+=("$name")
	GROUP[$name]=$group STDIN[$name]=$stdin RESULT[$name]=$result
done < bench/list
[ ${#NAMES[@]} -gt 0 ] || die "no benchmark matches '$*' (see bench/list)"

# Columns, in table order: vx32 and vxlinux are the flat backend; the seg
# columns only where the library's probe passes; native i386 only where
# the kernel runs it.
COLS=(native vx32)
seg_why=$(VX32_BACKEND=seg "$VXRUN" -v "$OUT/hello.vx" 2>&1 >/dev/null)
if [ "$seg_why" = "vxrun: backend seg" ]; then
	COLS+=(seg vxlinux vxlinux-seg)
else
	COLS+=(vxlinux)
	seg_note=${seg_why#vxrun: }
fi
COLS+=(qemu)
if out=$("$OUT/hello.i386" 2>&1) && [ "$out" = "hello, world" ]; then
	COLS+=(i386)
else
	i386_note="running $OUT/hello.i386 directly fails: $(echo "$out" | sed 's/.*: //' | head -1)"
fi
# BENCH_COLS: only these columns (native, the reference, always runs).
PARTIAL=0
[ $# -gt 0 ] && PARTIAL=1
if [ -n "${BENCH_COLS:-}" ]; then
	want=" native $BENCH_COLS "
	for c in $BENCH_COLS; do
		case " ${COLS[*]} " in *" $c "*) ;; *) die "BENCH_COLS: no column '$c' (have: ${COLS[*]})" ;; esac
	done
	all=("${COLS[@]}")
	COLS=()
	for c in "${all[@]}"; do
		[[ $want == *" $c "* ]] && COLS+=("$c")
	done
	PARTIAL=1
fi

# command COL NAME: the command line of benchmark NAME in column COL, in
# CMD, and the libvx32 backend it runs on, in BK (given to the command in
# its environment, so no extra program starts).
command_of() {
	BK=flat
	case $1 in
	native)	CMD=("$OUT/$2.native") ;;
	vx32)	CMD=("$VXRUN" "$OUT/$2.vx") ;;
	seg)	CMD=("$VXRUN" "$OUT/$2.vx"); BK=seg ;;
	vxlinux) CMD=("$VXLINUX" "$OUT/$2.i386") ;;
	vxlinux-seg) CMD=("$VXLINUX" "$OUT/$2.i386"); BK=seg ;;
	qemu)	CMD=("$QEMU" "$OUT/$2.i386") ;;
	i386)	CMD=("$OUT/$2.i386") ;;
	esac
}

# ---------------------------------------------------------------- recording

record() { local IFS=$'\t'; echo "$*" >> "$RES"; }

record meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
cpuinfo() { sed -n "s/^$1[[:space:]]*: //p" /proc/cpuinfo | head -1; }
record meta cpu "$(cpuinfo 'model name'), family $(cpuinfo 'cpu family') model $(cpuinfo model) stepping $(cpuinfo stepping), $(cpuinfo 'cpu MHz') MHz, $(nproc) CPUs"
record meta ncpus "$(nproc)"
record meta kernel "$(uname -sr)"
record meta gcc "$(gcc --version | head -1)"
record meta qemu "$($QEMU --version 2>/dev/null | head -1)"
record meta commit "$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- libvx32 vxrun vxlinux libvxc 2>/dev/null || echo ' + uncommitted changes')"
record meta reps "$REPS"
record meta qemu_reps "$(( QREPS < REPS ? QREPS : REPS ))"
record meta starts "$STARTS"
record meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
[[ " ${COLS[*]} " == *" i386 "* ]] || record meta no_i386 "${i386_note:-the i386 column was left out by BENCH_COLS}"
[ -n "${seg_note:-}" ] && record meta no_seg "$seg_note"
for c in "${COLS[@]}"; do record col "$c"; done
for n in "${NAMES[@]}"; do record bench "$n" "${GROUP[$n]}"; done

# A cell that failed or was wrong once is not run again.
declare -A BAD

# first_line FILE: its first non-empty line, shortened, for a footnote.
first_line() {
	sed -n '/[^[:space:]]/{p;q}' "$1" 2>/dev/null | cut -c1-160 | tr '\t' ' '
}

# measure NAME COL REP: one timed run, checked against the native result.
measure() {
	local n=$1 c=$2 rep=$3 out err line cpu wall st check ref
	out=$WORK/$n.$c.out err=$WORK/$n.$c.err ref=$WORK/$n.ref
	[ "${RESULT[$n]}" = stderr ] && out=/dev/null
	command_of "$c" "$n"
	if [ ! -x "${CMD[0]}" ] && ! command -v "${CMD[0]}" >/dev/null; then
		BAD[$n.$c]=1
		record bad "$n" "$c" fail "${CMD[0]} not found"
		return
	fi
	line=$(VX32_BACKEND=$BK "$TIMEIT" -t "$LIMIT" -i "${STDIN[$n]}" \
		-o "$out" -e "$err" "${CMD[@]}") || die "timeit failed on ${CMD[*]}"
	read -r cpu wall st <<< "$line"
	check=$WORK/$n.$c.out
	[ "${RESULT[$n]}" = stderr ] && check=$err
	if [ "$st" = timeout ]; then
		BAD[$n.$c]=1
		record bad "$n" "$c" fail "killed after ${LIMIT}s"
		say "  $n under $c: killed after ${LIMIT}s"
		return
	fi
	if [ "$st" != 0 ]; then
		BAD[$n.$c]=1
		record bad "$n" "$c" fail "exit status $st: $(first_line "$err")"
		say "  $n under $c: exit status $st: $(first_line "$err")"
		return
	fi
	if [ "$c" = native ] && [ ! -f "$ref" ]; then
		cp "$check" "$ref"
	elif [ ! -f "$ref" ]; then
		BAD[$n.$c]=1
		record bad "$n" "$c" fail "no native result to compare with"
		return
	elif ! cmp -s "$check" "$ref"; then
		BAD[$n.$c]=1
		local got
		got=$(diff "$ref" "$check" | grep -m1 '^>' | cut -c3-120)
		record bad "$n" "$c" WRONG "result differs from native: ${got:-its result is missing lines}"
		say "  *** WRONG: $n under $c computed a different result:"
		diff "$ref" "$check" | head -4 | sed 's/^/  ***   /' >&2
		return
	fi
	record run "$n" "$c" "$rep" "$cpu" "$wall"
}

# ---------------------------------------------------------------- benchmarks

start=$(date +%s)
say "bench: ${#NAMES[@]} benchmarks x ${#COLS[@]} columns (${COLS[*]}) x $REPS repetitions"
LAYOUTS=(0 13 27 41 55)
for rep in $(seq 1 "$REPS"); do
	say "repetition $rep/$REPS"
	export VX32_CACHEPAD=${LAYOUTS[(rep - 1) % ${#LAYOUTS[@]}]}
	for n in "${NAMES[@]}"; do
		for c in "${COLS[@]}"; do
			[ -n "${BAD[$n.native]:-}" ] && [ "$c" != native ] && continue
			[ -n "${BAD[$n.$c]:-}" ] && continue
			[ "$c" = qemu ] && [ "$rep" -gt "$QREPS" ] && continue
			measure "$n" "$c" "$rep"
		done
	done
	# the null call: a libvx32 host program, no guest C library
	# involved; on each backend
	for bk in flat seg; do
		[ $bk = seg ] && [[ " ${COLS[*]} " != *" seg "* ]] && continue
		[ -n "${BAD[nullcall.$bk]:-}" ] && continue
		if line=$(VX32_BACKEND=$bk "$OUT/nullcall" 2>"$WORK/nullcall.err"); then
			set -- $line	# nullcall: N round trips: RAW ns each, guest loop LOOP ns, net NET ns
			record nullcall "$rep" "$2" "$5" "${10}" "${13}" "$bk"
		else
			BAD[nullcall.$bk]=1
			record nullfail "$bk: $(first_line "$WORK/nullcall.err")"
		fi
	done
done

unset VX32_CACHEPAD

# ---------------------------------------------------------------- start-up

say "start-up: hello x $STARTS per column"
for c in "${COLS[@]}"; do
	command_of "$c" hello
	out=$(VX32_BACKEND=$BK "${CMD[@]}" 2>"$WORK/hello.err"); st=$?
	if [ $st != 0 ]; then
		BAD[hello.$c]=1
		record startbad "$c" "exit status $st: $(first_line "$WORK/hello.err")"
	elif [ "$out" != "hello, world" ]; then
		BAD[hello.$c]=1
		record startbad "$c" "hello printed '$(echo "$out" | head -c 60)'"
	fi
done
for i in $(seq 1 "$STARTS"); do
	for c in "${COLS[@]}"; do
		[ -n "${BAD[hello.$c]:-}" ] && continue
		command_of "$c" hello
		read -r cpu wall st <<< "$(VX32_BACKEND=$BK "$TIMEIT" -t "$LIMIT" "${CMD[@]}")"
		if [ "$st" = 0 ]; then
			record start "$c" "$wall" "$cpu"
		else
			BAD[hello.$c]=1
			record startbad "$c" "exit status $st"
		fi
	done
done
record meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
record meta seconds "$(( $(date +%s) - start ))"

# ---------------------------------------------------------------- report

awk -F '\t' -f bench/report.awk "$RES" > "$WORK/table.md" || die "report failed"
cat "$WORK/table.md"
if [ $PARTIAL = 0 ]; then
	if [ -f "$PERF" ] && grep -qxF "$MARKER" "$PERF"; then
		sed "/^$MARKER\$/q" "$PERF" > "$WORK/perf.md"
	else
		{ echo "# vx32 performance"; echo; echo "$MARKER"; } > "$WORK/perf.md"
	fi
	{ echo; cat "$WORK/table.md"; } >> "$WORK/perf.md"
	cp "$WORK/perf.md" "$PERF"
	say "wrote $PERF ($(( $(date +%s) - start )) s)"
else
	say "a partial run (benchmarks or columns chosen): $PERF left as it was"
fi
