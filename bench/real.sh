#!/bin/bash
# real.sh - real programs in `make bench` (doc/perf.md, "Real programs"):
# Lua 5.4 running bench/real/*.lua, SQLite's speedtest1, xz and gzip
# compressing and decompressing a fixed input, busybox sort and
# sha256sum, and fork+exec+wait of a static hello.  `make bench` runs it
# after bench/run.sh; `make bench-real` alone.
#
# usage: bench/real.sh [NAME...]     (NAMEs: rows of the table; a run of
#                                     chosen rows leaves doc/perf.md alone)
#
# Programs are built here from Debian's bookworm source packages
# (tools/fetch-src.sh: lua5.4, sqlite3, xz-utils, gzip), each twice from
# the same source with the same flags: `gcc -m32 -static` (i386 glibc)
# and `gcc -static` (x86-64).  Both use SSE2 arithmetic (-msse2
# -mfpmath=sse on i386, as the port tests do), so their floating-point
# results agree and are compared.  busybox is Debian's busybox-static
# i386 binary (tools/fetch-i386.sh); its x86-64 column is the host's own
# busybox when that is the same version.  Builds are cached in
# bench/out/real; what cannot be fetched or built is skipped with the
# reason in the table.
#
# Columns: native x86-64, native i386 (where this kernel runs i386
# programs; else empty with the reason), vxlinux (flat), qemu-i386.
# Figure: CPU time (user + system of the child, bench/out/timeit),
# median of the repetitions, each repetition running every row once in
# every column.  Every run's output (a SHA-256 of its standard output,
# or the line that carries its result) must equal the x86-64 run's, else
# the cell reads WRONG.
#
# Environment: BENCH_REAL_REPS (default 3), BENCH_REAL_QEMU_REPS
# (repetitions that include qemu-i386, default 1), BENCH_REAL_MIB (input
# size for xz, gzip, sort and sha256sum, default 32), BENCH_FORKS (fork +
# exec + wait iterations, default 200), QEMU, VXLINUX.

set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
OUT=bench/out
R=$TOP/$OUT/real
WORK=$R/run
TIMEIT=$TOP/$OUT/timeit
QEMU=${QEMU:-qemu-i386}
VXLINUX=$(realpath "${VXLINUX:-vxlinux/vxlinux}")
REPS=${BENCH_REAL_REPS:-3}
QREPS=${BENCH_REAL_QEMU_REPS:-1}
MIB=${BENCH_REAL_MIB:-32}
FORKS=${BENCH_FORKS:-200}
PERF=doc/perf.md
BEGIN='<!-- make bench-real writes below this line -->'
END='<!-- make bench-real writes above this line -->'

die() { echo "bench/real.sh: $*" >&2; exit 2; }
say() { echo "bench/real.sh: $*" >&2; }

[ -x "$TIMEIT" ] || die "$TIMEIT missing: build with 'make bench-progs'"
[ -x "$VXLINUX" ] || die "$VXLINUX missing: build with 'make'"
mkdir -p "$R" "$WORK" || exit 2
rm -f "$WORK"/*
start=$(date +%s)

# SKIP[prog]: why a program is missing (it shows in the table).
declare -A SKIP

# i386 and x86-64 compilers, the same flags for both
CC32="gcc -m32 -msse2 -mfpmath=sse"
CC64="gcc"
CFLAGS="-O2"

# fetch PKG: its unpacked source directory in SRC, or SKIP[$2] set.
fetch() {
	if ! SRC=$(tools/fetch-src.sh "$1" 2>"$WORK/fetch.err"); then
		SKIP[$2]="source not available: $(tail -1 "$WORK/fetch.err")"
		return 1
	fi
}

# ---------------------------------------------------------------- builds

# Lua 5.4: the interpreter, statically linked.
build_lua() {
	[ -x "$R/lua.i386" ] && [ -x "$R/lua.x86-64" ] && return
	fetch lua5.4 lua || return
	local core="lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem
		lobject lopcodes lparser lstate lstring ltable ltm lundump lvm
		lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib
		loslib lstrlib ltablib lutf8lib linit lua" f srcs=() a cc
	for f in $core; do srcs+=("$SRC/src/$f.c"); done
	for a in i386 x86-64; do
		mkdir -p "$R/lua-$a"
		# Debian's luaconf.h includes a header that debian/rules writes
		echo "#define DEB_HOST_MULTIARCH \"${a/-/_}-linux-gnu\"" \
			> "$R/lua-$a/lua5.4-deb-multiarch.h"
		cc=$CC64; [ $a = i386 ] && cc=$CC32
		if ! $cc -static $CFLAGS -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -w \
			-I"$R/lua-$a" -o "$R/lua.$a" "${srcs[@]}" -lm \
			>"$R/lua-$a.log" 2>&1; then
			SKIP[lua]="build failed: $(head -c 200 "$R/lua-$a.log")"
			return 1
		fi
	done
}

# SQLite: the amalgamation (made by the source's own makefile, which needs
# tclsh) and test/speedtest1.c.
build_sqlite() {
	[ -x "$R/speedtest1.i386" ] && [ -x "$R/speedtest1.x86-64" ] && return
	fetch sqlite3 sqlite || return
	local b=$R/sqlite-build a cc
	if ! command -v tclsh >/dev/null; then
		SKIP[sqlite]="tclsh (needed to make sqlite3.c) is not installed"
		return 1
	fi
	if [ ! -f "$b/sqlite3.c" ]; then
		rm -rf "$b" && mkdir -p "$b"
		if ! (cd "$b" && "$SRC/configure" --disable-tcl --disable-readline &&
		      make sqlite3.c) >"$b.log" 2>&1; then
			SKIP[sqlite]="making sqlite3.c failed (see $b.log)"
			return 1
		fi
	fi
	for a in i386 x86-64; do
		cc=$CC64; [ $a = i386 ] && cc=$CC32
		if ! $cc -static $CFLAGS -DSQLITE_THREADSAFE=0 \
			-DSQLITE_OMIT_LOAD_EXTENSION -w -I"$b" \
			-o "$R/speedtest1.$a" "$SRC/test/speedtest1.c" \
			"$b/sqlite3.c" -lm >"$R/speedtest1-$a.log" 2>&1; then
			SKIP[sqlite]="build failed: $(head -c 200 "$R/speedtest1-$a.log")"
			return 1
		fi
	done
}

# autoconf_build PROG PKG BIN CONFIGURE-ARGS...: configure and make (with
# the arguments in the array MAKEARGS) an autoconf package twice, i386
# and x86-64, in $R/PROG-ARCH, and copy BIN (a path in the build
# directory) to $R/PROG.ARCH.
autoconf_build() {
	local prog=$1 pkg=$2 bin=$3 a b cc host
	shift 3
	[ -x "$R/$prog.i386" ] && [ -x "$R/$prog.x86-64" ] && return
	fetch "$pkg" "$prog" || return
	for a in i386 x86-64; do
		b=$R/$prog-$a
		cc=$CC64 host=x86_64-linux-gnu
		[ $a = i386 ] && cc=$CC32 host=i686-linux-gnu
		rm -rf "$b" && mkdir -p "$b"
		if ! (cd "$b" && "$SRC/configure" CC="$cc" CFLAGS="$CFLAGS" \
			--host=$host --build=x86_64-linux-gnu "$@" &&
		      make -j2 "${MAKEARGS[@]}") >"$b.log" 2>&1; then
			SKIP[$prog]="build failed: $(grep -m1 -E 'error|undefined' "$b.log" | cut -c1-200) (see $b.log)"
			return 1
		fi
		cp "$b/$bin" "$R/$prog.$a" || return 1
	done
}

say "building (cached in $R)"
build_lua
build_sqlite
# xz: liblzma first, then the program linked -all-static
if ! { [ -x "$R/xz.i386" ] && [ -x "$R/xz.x86-64" ]; }; then
	MAKEARGS=(-C src/liblzma)
	if autoconf_build xz-lib xz-utils \
		src/liblzma/.libs/liblzma.a --disable-shared --enable-static \
		--disable-nls --disable-doc --disable-scripts --disable-xzdec \
		--disable-lzmadec --disable-lzmainfo --disable-lzma-links; then
		for a in i386 x86-64; do
			if make -C "$R/xz-lib-$a/src/xz" LDFLAGS=-all-static \
				>"$R/xz-$a.log" 2>&1; then
				cp "$R/xz-lib-$a/src/xz/xz" "$R/xz.$a"
			else
				SKIP[xz]="build failed (see $R/xz-$a.log)"
			fi
		done
	else
		SKIP[xz]=${SKIP[xz-lib]}
	fi
fi
# gzip: Debian's patches leave configure.ac newer than configure; the
# autotools are not run again (configure is Debian's, patched alike).
MAKEARGS=(LDFLAGS=-static ACLOCAL=: AUTOCONF=: AUTOMAKE=: AUTOHEADER=: MAKEINFO=:)
autoconf_build gzip gzip gzip --disable-nls
# busybox: Debian's static i386 binary; the host's busybox for x86-64
if [ ! -x "$R/busybox.i386" ]; then
	bbc=${VX32_BUSYBOX_CACHE:-$TOP/.cache/i386-busybox}
	if tools/fetch-i386.sh "$bbc" busybox-static >"$WORK/bb.log" 2>&1; then
		cp "$bbc/root/bin/busybox" "$R/busybox.i386"
	else
		SKIP[busybox]="busybox-static i386: $(tail -1 "$WORK/bb.log")"
	fi
fi
BB_NOTE=
if [ -x "$R/busybox.i386" ]; then
	v32=$("$QEMU" "$R/busybox.i386" 2>&1 | head -1 | sed 's/ multi-call.*//')
	v64=$(busybox 2>&1 | head -1 | sed 's/ multi-call.*//')
	if [ -n "$v64" ] && [ "$v32" = "$v64" ]; then
		ln -sf "$(command -v busybox)" "$R/busybox.x86-64"
		BB_NOTE="busybox: Debian's busybox-static for i386 and the host's busybox for x86-64, both $v32"
	else
		rm -f "$R/busybox.x86-64"
		BB_NOTE="busybox: no x86-64 busybox of the same version here (i386: $v32; host: ${v64:-none})"
	fi
fi

# fork+exec+wait: bench/forkexec.c (i386 and x86-64) running hello.
for a in i386 x86-64; do
	cc=$CC64; [ $a = i386 ] && cc=$CC32
	if [ ! -x "$R/forkexec.$a" ] || [ bench/forkexec.c -nt "$R/forkexec.$a" ]; then
		$cc -static $CFLAGS -Wall -o "$R/forkexec.$a" bench/forkexec.c ||
			SKIP[forkexec]="bench/forkexec.c does not build"
	fi
done

# The input of xz, gzip, sort and sha256sum: MIB MiB of deterministic
# text-like lines (a fixed-seed generator; compresses about 4:1).
IN=$R/input-$MIB.txt
if [ ! -f "$IN" ]; then
	awk -v bytes=$((MIB * 1048576)) 'BEGIN {
		split("the of and to in is was that for on with as by at from " \
		      "vx32 guest host code block cache translate lookup return " \
		      "call jump branch segment page memory thread signal", w)
		x = 12345
		while (n < bytes) {
			x = (x * 1103515245 + 12345) % 2147483648
			line = sprintf("%08d", x % 100000000)
			k = 3 + x % 9
			for (i = 0; i < k; i++) {
				x = (x * 1103515245 + 12345) % 2147483648
				line = line " " w[1 + int(x / 65536) % 35]
			}
			print line; n += length(line) + 1
		}
	}' | head -c $((MIB * 1048576)) > "$IN.tmp" && mv "$IN.tmp" "$IN"
fi
if [ -x "$R/xz.x86-64" ] && [ ! -f "$IN.xz" ]; then
	"$R/xz.x86-64" -6 -T1 -c < "$IN" > "$IN.xz"
fi
if [ -x "$R/gzip.x86-64" ] && [ ! -f "$IN.gz" ]; then
	"$R/gzip.x86-64" -6 -c < "$IN" > "$IN.gz"
fi

# ---------------------------------------------------------------- rows

# row NAME PROG STDIN CHECK ARGS...: a row of the table.  PROG is the
# base name of $R/PROG.{i386,x86-64}; CHECK "sha" (SHA-256 of stdout) or
# a grep pattern for the result line.
ROWS=()
declare -A PROG INPUT CHECK ARGS
row() {
	local n=$1
	if [ ${#WANT[@]} -gt 0 ] && [[ " ${WANT[*]} " != *" $n "* ]]; then
		return
	fi
	ROWS+=("$n")
	PROG[$n]=$2 INPUT[$n]=$3 CHECK[$n]=$4
	shift 4
	ARGS[$n]="$*"
}
WANT=("$@")
# fib(30), the script's default, is too short a run (50 ms natively)
declare -A LUA_ARG=([fib]=32)
for s in fib sieve spectral strings; do
	row "lua-$s" lua /dev/null sha "$TOP/bench/real/$s.lua" ${LUA_ARG[$s]:-}
done
row sqlite speedtest1 /dev/null '^Verification' --memdb --size 50 --verify
row xz-compress xz "$IN" sha -6 -T1 -c
row xz-decompress xz "$IN.xz" sha -d -c
row gzip-compress gzip "$IN" sha -6 -c
row gunzip gzip "$IN.gz" sha -d -c
row busybox-sort busybox "$IN" sha sort
row busybox-sha256sum busybox "$IN" sha sha256sum
row forkexec forkexec /dev/null sha "$FORKS" "$TOP/$OUT/hello.i386"
[ ${#ROWS[@]} -gt 0 ] || die "no row matches '$*'"

# skip reason of a row's program
skip_of() {
	case ${PROG[$1]} in
	speedtest1) echo "${SKIP[sqlite]:-}" ;;
	*) echo "${SKIP[${PROG[$1]}]:-}" ;;
	esac
}

# Columns: x86-64 always; native i386 where the kernel runs it.
COLS=(x86-64)
if out=$("$OUT/hello.i386" 2>&1) && [ "$out" = "hello, world" ]; then
	COLS+=(i386)
	I386_NOTE=
else
	I386_NOTE="running i386 programs directly fails here: $(echo "$out" | sed 's/.*: //' | head -1)"
fi
COLS+=(vxlinux)
command -v "$QEMU" >/dev/null && COLS+=(qemu)

# cmd_of ROW COL: the command line in CMD.  forkexec's x86-64 column
# runs the x86-64 driver on the x86-64 hello; its i386 column is the i386
# driver execing the i386 hello natively.
cmd_of() {
	local n=$1 c=$2 p=$R/${PROG[$1]} a
	# shellcheck disable=SC2206
	a=(${ARGS[$n]})
	if [ "$n" = forkexec ] && [ "$c" = x86-64 ]; then
		a=("$FORKS" "$TOP/$OUT/hello.native")
	fi
	case $c in
	x86-64)	CMD=("$p.x86-64" "${a[@]}") ;;
	i386)	CMD=("$p.i386" "${a[@]}") ;;
	vxlinux) CMD=("$VXLINUX" "$p.i386" "${a[@]}") ;;
	qemu)	CMD=("$QEMU" "$p.i386" "${a[@]}") ;;
	esac
}

# ---------------------------------------------------------------- runs

declare -A CPU BAD REF
measure() {
	local n=$1 c=$2 line cpu wall st got
	cmd_of "$n" "$c"
	[ -x "${CMD[0]}" ] || command -v "${CMD[0]}" >/dev/null || {
		BAD[$n.$c]="${CMD[0]} missing"; return; }
	line=$(cd "$WORK" && "$TIMEIT" -t 300 -i "${INPUT[$n]}" -o out \
		-e err "${CMD[@]}") || die "timeit failed on ${CMD[*]}"
	read -r cpu wall st <<< "$line"
	if [ "$st" != 0 ]; then
		BAD[$n.$c]="exit status $st: $(head -c 120 "$WORK/err" | tr '\n|' '  ')"
		say "$n under $c: ${BAD[$n.$c]}"
		return
	fi
	if [ "${CHECK[$n]}" = sha ]; then
		got=$(sha256sum < "$WORK/out" | cut -c1-16)
	else
		got=$(grep -m1 -e "${CHECK[$n]}" "$WORK/out")
	fi
	if [ -z "${REF[$n]:-}" ]; then
		REF[$n]=$got
	elif [ "$got" != "${REF[$n]}" ]; then
		BAD[$n.$c]="WRONG: result '$got', x86-64 gave '${REF[$n]}'"
		say "*** $n under $c: ${BAD[$n.$c]}"
		return
	fi
	CPU[$n.$c]="${CPU[$n.$c]:-} $cpu"
}

say "${#ROWS[@]} rows x ${#COLS[@]} columns (${COLS[*]}) x $REPS repetitions (qemu-i386 in $QREPS)"
# vxlinux at another code-cache offset in each repetition (doc/perf.md,
# "Measuring over layouts"): the median is over layouts
LAYOUTS=(0 21 55)
for rep in $(seq 1 "$REPS"); do
	say "repetition $rep/$REPS"
	export VX32_CACHEPAD=${LAYOUTS[(rep - 1) % ${#LAYOUTS[@]}]}
	for n in "${ROWS[@]}"; do
		[ -n "$(skip_of "$n")" ] && continue
		for c in "${COLS[@]}"; do
			[ -n "${BAD[$n.x86-64]:-}" ] && continue
			[ -n "${BAD[$n.$c]:-}" ] && continue
			[ "$c" = qemu ] && [ "$rep" -gt "$QREPS" ] && continue
			# the row's x86-64 program may be missing (busybox)
			if [ "$c" = x86-64 ] && [ ! -e "$R/${PROG[$n]}.x86-64" ]; then
				BAD[$n.$c]="no x86-64 build"
				continue
			fi
			measure "$n" "$c"
		done
	done
done

unset VX32_CACHEPAD

# ---------------------------------------------------------------- report

median() { tr ' ' '\n' | sed '/^$/d' | sort -g |
	awk '{ v[NR] = $1 } END { if (NR) printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { echo "${CPU[$1.$2]:-}" | median; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cell() {	# ROW COL
	local m
	if [ -n "${BAD[$1.$2]:-}" ]; then
		case ${BAD[$1.$2]} in
		WRONG*) echo "**WRONG** (${BAD[$1.$2]#WRONG: })" ;;
		*) echo "- (${BAD[$1.$2]})" ;;
		esac
		return
	fi
	m=$(med "$1" "$2")
	if [ -z "$m" ]; then
		[ "$2" = i386 ] && echo "n/a" || echo "-"
	elif [ "$1" = forkexec ]; then
		awk -v t="$m" -v n="$FORKS" 'BEGIN { printf "%.3f ms", t / n * 1000 }'
	else
		printf '%.3f' "$m"
	fi
}
spread() {	# ROW COL: (max - min) / median, in percent
	echo "${CPU[$1.$2]:-}" | tr ' ' '\n' | sed '/^$/d' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR > 1) printf "%.0f%%", (v[NR] - v[1]) / v[int((NR + 1) / 2)] * 100; else printf "-" }'
}

declare -A LOGS NLOG
geo_add() { [ -n "$2" ] || return; LOGS[$1]=$(awk -v s="${LOGS[$1]:-0}" -v r="$2" 'BEGIN { printf "%.6f", s + log(r) }'); NLOG[$1]=$(( ${NLOG[$1]:-0} + 1 )); }
geo() { [ -n "${NLOG[$1]:-}" ] && awk -v s="${LOGS[$1]}" -v n="${NLOG[$1]}" 'BEGIN { printf "%.2f", exp(s / n) }'; }

{
	echo
	echo "### Real programs: results"
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null)"
	echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "- CPU time (user + system) in seconds, median of $REPS repetitions (qemu-i386: $QREPS); input of xz, gzip, sort, sha256sum: $MIB MiB; fork+exec+wait: per iteration, $FORKS iterations per run; \`bench/real.sh\` took $(( $(date +%s) - start )) s"
	[ -n "$BB_NOTE" ] && echo "- $BB_NOTE"
	[ -n "$I386_NOTE" ] && echo "- The native i386 column is empty: $I386_NOTE"
	echo
	echo "| program | native x86-64 | native i386 | vxlinux | qemu-i386 | vxlinux / i386 | vxlinux / x86-64 | qemu / vxlinux | spread i386, vxlinux |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
	for n in "${ROWS[@]}"; do
		why=$(skip_of "$n")
		if [ -n "$why" ]; then
			echo "| $n | skipped: $why | | | | | | | |"
			continue
		fi
		x=$(med "$n" x86-64) i=$(med "$n" i386) v=$(med "$n" vxlinux) q=$(med "$n" qemu)
		[ -n "${BAD[$n.vxlinux]:-}" ] && v=
		ri=$(ratio "$v" "$i") rx=$(ratio "$v" "$x") rq=$(ratio "$q" "$v")
		if [ "$n" != forkexec ]; then
			geo_add i386 "$ri"; geo_add x86 "$rx"; geo_add qemu "$rq"
			case $n in lua-*) geo_add lua "$ri" ;; esac
		fi
		echo "| $n | $(cell "$n" x86-64) | $(cell "$n" i386) | $(cell "$n" vxlinux) | $(cell "$n" qemu) | ${ri:--} | ${rx:--} | ${rq:--} | $(spread "$n" i386), $(spread "$n" vxlinux) |"
	done
	echo "| **geometric mean** (all but forkexec) | | | | | **$(geo i386)** | **$(geo x86)** | **$(geo qemu)** | |"
	echo "| Lua (geometric mean of the lua rows) | | | | | $(geo lua) | | | |"
	echo
	# for doc/perf.md's targets
	{
		echo "real_geo_i386 $(geo i386)"
		echo "real_geo_x86 $(geo x86)"
		echo "lua_geo_i386 $(geo lua)"
		echo "sqlite_i386 $(ratio "$(med sqlite vxlinux)" "$(med sqlite i386)")"
		echo "forkexec_i386 $(ratio "$(med forkexec vxlinux)" "$(med forkexec i386)")"
	} > "$R/summary.txt"
} > "$WORK/table.md"
cat "$WORK/table.md"
if [ ${#WANT[@]} -eq 0 ] && grep -qxF "$BEGIN" "$PERF" && grep -qxF "$END" "$PERF"; then
	awk -v b="$BEGIN" -v e="$END" -v f="$WORK/table.md" '
		$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$PERF" > "$WORK/perf.md" && cp "$WORK/perf.md" "$PERF"
	say "wrote $PERF"
fi
