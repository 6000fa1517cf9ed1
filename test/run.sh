#!/bin/bash
# run.sh - the vx32 test suite.
#
# usage: test/run.sh [-v] [PATTERN...]
#
#   PATTERN  run only the tests whose name contains one of the patterns
#            (e.g. `test/run.sh cat escape/far`)
#   -v       show stdout/stderr of failing guests
#
# Environment:
#   VXRUN=path        the vxrun under test (default: vxrun/vxrun)
#   QEMU=cmd          the reference i386 emulator (default: qemu-i386)
#   VX32_RUNNER=qemu  run the Linux builds of the guests under qemu-i386
#                     instead of vxrun: checks the guests and this runner
#                     while vx32 is not usable; tests that need vxrun's own
#                     behaviour (traps, limits, options) are skipped
#   VX32_BACKEND=b    test only libvx32 backend b (flat, seg or auto);
#                     unset: everything on flat, then SEG_PASS on seg
#                     (see "backends" below)
#   VX32_BIG=1        also run the 100 MiB cases
#   VX32_TIMEOUT=s    wall-clock limit per guest run (default 60)
#   VX32_STRICT_SKIPS=1  a SKIP of a test that test/allowed-skips.txt does
#                     not list is a FAIL (CI sets it: .ci/run)
#   VX32_ALLOWED_SKIPS=file  another list instead of test/allowed-skips.txt
#
# Everything is built by `make test` (test/test.mk) into test/out/.  Each
# test prints one line, PASS name / FAIL name: reason / SKIP name: reason,
# and the last line counts them; the exit status is 1 if any test failed.

set -u
export LC_ALL=C		# host reference tools must compare bytes

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/test/out
VXRUN=${VXRUN:-$TOP/vxrun/vxrun}
QEMU=${QEMU:-qemu-i386}
MODE=${VX32_RUNNER:-vxrun}
TIMEOUT=${VX32_TIMEOUT:-60}
VERBOSE=0

case $MODE in
vxrun|qemu) ;;
*)	echo "run.sh: VX32_RUNNER must be vxrun or qemu" >&2; exit 2 ;;
esac

while getopts v opt; do
	case $opt in
	v)	VERBOSE=1 ;;
	*)	echo "usage: test/run.sh [-v] [PATTERN...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
PATTERNS=("$@")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vx32test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
DATA=$OUT/data

npass=0 nfail=0 nskip=0

# ---------------------------------------------------------------- reporting

pass() { echo "PASS $1"; npass=$((npass + 1)); }
skip() {
	if [ "${VX32_STRICT_SKIPS:-0}" = 1 ] && ! skip_allowed "$1"; then
		fail "$1" "skipped ($2), and test/allowed-skips.txt does not allow it (VX32_STRICT_SKIPS=1)"
		return
	fi
	echo "SKIP $1: $2"
	nskip=$((nskip + 1))
	skipped+=("$1: $2")
}
skipped=() failed=()

# skip_allowed NAME: NAME matches a pattern of test/allowed-skips.txt.
skip_allowed() {
	local pat why
	while read -r pat why; do
		case $pat in ""|"#"*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $1 == $pat ]] && return 0
	done < "${VX32_ALLOWED_SKIPS:-$TOP/test/allowed-skips.txt}"
	return 1
}
fail() {
	local known
	if [ -n "${VX32_IN_VM:-}" ] && known=$(vm_known "$1"); then
		skip "$1" "in the VM: $known (failed: $(echo "$2" | cut -c1-80))"
		return
	fi
	echo "FAIL $1: $2"
	nfail=$((nfail + 1))
	failed+=("$1: $(echo "$2" | head -1 | cut -c1-300)")
	if [ $VERBOSE = 1 ]; then
		[ -s "$TMP/out" ] && head -c 2000 "$TMP/out" | sed 's/^/    stdout: /'
		[ -s "$TMP/err" ] && head -c 2000 "$TMP/err" | sed 's/^/    stderr: /'
	fi
}

# vm_known NAME: the reason from tools/vm-known.txt why NAME fails in the
# VM on either backend, if it is listed.
vm_known() {
	local pat reason
	while IFS=$'\t' read -r pat reason; do
		case $pat in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $1 == $pat ]] && { echo "$reason"; return 0; }
	done < "$TOP/tools/vm-known.txt"
	return 1
}

# selected NAME: true if NAME matches the command-line patterns.
selected() {
	local p
	[ ${#PATTERNS[@]} = 0 ] && return 0
	for p in "${PATTERNS[@]}"; do
		case $1 in *"$p"*) return 0 ;; esac
	done
	return 1
}

# ---------------------------------------------------------------- running

# execute IN OUT ERR CMD...: run CMD under a wall-clock limit, setting
# $status.  A run killed by the limit has status 137 (SIGKILL): neither
# vxrun nor any test guest exits with 137 on its own.
# The braces' 2>/dev/null keeps bash's own report of a program killed by
# a signal ("Segmentation fault") out of the output: many tests crash
# the reference on purpose, and their status is what is checked.
execute() {
	local in=$1 out=$2 err=$3
	shift 3
	{ timeout -s KILL "$TIMEOUT" "$@" <"$in" >"$out" 2>"$err"; status=$?; } 2>/dev/null
}

# split_opts [VXRUN-OPTIONS --] PROG [ARGS...]: sets OPTS (the vxrun
# options), ENVS (the NAME=VALUE of its -e options), PROG and ARGS.
split_opts() {
	OPTS=() ENVS=()
	if [ $# -gt 1 ] && [[ $1 == -* ]]; then
		while [ "$1" != -- ]; do
			[ "$1" = -e ] && ENVS+=("$2")
			OPTS+=("$1")
			shift
		done
		shift
	fi
	PROG=$1
	shift
	ARGS=("$@")
}

# vx [VXRUN-OPTIONS --] PROG [ARGS...]: run guest PROG (a path under
# test/out without the .linux suffix) with stdin $IN into $TMP/out and
# $TMP/err, setting $status.  In qemu mode runs PROG.linux under qemu-i386
# instead, with the -e options as its environment; other vxrun options
# cannot be honoured there, so tests that use them check $MODE first.
# Returns 1, with $why set, if the program cannot be run at all.
vx() {
	split_opts "$@"
	if [ $MODE = qemu ]; then
		ref "$@" || return 1
		mv "$TMP/ref.out" "$TMP/out"
		mv "$TMP/ref.err" "$TMP/err"
		status=$ref_status
		return 0
	fi
	[ -x "$VXRUN" ] || { why="vxrun not built ($VXRUN missing)"; return 1; }
	[ -f "$PROG" ] || { why="$PROG not built"; return 1; }
	execute "${IN:-/dev/null}" "$TMP/out" "$TMP/err" \
		"$VXRUN" "${OPTS[@]}" "$PROG" "${ARGS[@]}"
	return 0
}

# ref [VXRUN-OPTIONS --] PROG [ARGS...]: the reference run, PROG.linux
# under qemu-i386 with only the -e variables in its environment (vxrun's
# default is an empty one), into $TMP/ref.out and $TMP/ref.err; sets
# $ref_status and leaves $status alone.
ref() {
	split_opts "$@"
	[ -f "$PROG.linux" ] || { why="$PROG.linux not built"; return 1; }
	command -v "$QEMU" >/dev/null || { why="$QEMU not installed"; return 1; }
	local s=${status:-0}
	execute "${IN:-/dev/null}" "$TMP/ref.out" "$TMP/ref.err" \
		env -i "${ENVS[@]}" "$QEMU" "$PROG.linux" "${ARGS[@]}"
	ref_status=$status
	status=$s
	return 0
}

# parse_outcome: read $TMP/err and $status into trap_name, trap_eip,
# trap_addr, trap_kind (trap_name empty when vxrun reported no trap) and a
# one-line description in $outcome.
parse_outcome() {
	trap_name= trap_eip= trap_addr= trap_kind=
	local line re='^vxrun: trap: (.+) at eip 0x([0-9a-f]{8})(, address 0x([0-9a-f]{8}) \((read|write|exec)\))?$'
	line=$(grep -m1 '^vxrun: trap: ' "$TMP/err")
	if [[ $line =~ $re ]]; then
		trap_name=${BASH_REMATCH[1]}
		trap_eip=$((0x${BASH_REMATCH[2]}))
		[ -n "${BASH_REMATCH[4]}" ] && trap_addr=$((0x${BASH_REMATCH[4]}))
		trap_kind=${BASH_REMATCH[5]}
		outcome="$line (status $status)"
	elif [ -n "$line" ]; then
		outcome="malformed trap line '$line' (status $status)"
	elif [ $status = 137 ]; then
		outcome="killed after ${TIMEOUT}s (hung, or out of memory)"
	elif [ $status -gt 128 ] && ! grep -q '^vxrun: ' "$TMP/err"; then
		outcome="vxrun died of signal $((status - 128)) (host crash)"
	else
		outcome="exit $status"
		line=$(grep -m1 '^vxrun: ' "$TMP/err")
		[ -n "$line" ] && outcome="$outcome, '$line'"
	fi
}

# trap_status NAME: vxrun's documented exit status for a trap, or nothing
# when the name has no fixed status.
trap_status() {
	case $1 in
	"page fault"|"general protection")	echo 139 ;;
	"divide error"|"x87 floating point"|"SIMD floating point") echo 136 ;;
	"invalid opcode"|syscall|"int 0x"??)	echo 132 ;;
	breakpoint)				echo 133 ;;
	esac
}

# expect_trap NAME [EIP [ADDR_LO ADDR_HI KIND]]: check the parsed outcome
# (numbers in decimal; an empty or '*' field matches anything).  Sets $why.
expect_trap() {
	local name=$1 eip=${2:-*} lo=${3:-*} hi=${4:-*} kind=${5:-*} st
	if [ -z "$trap_name" ]; then
		why="expected trap '$name', got $outcome"; return 1
	fi
	if [ "$name" != "*" ] && [ "$trap_name" != "$name" ]; then
		why="expected trap '$name', got $outcome"; return 1
	fi
	st=$(trap_status "$trap_name")
	if [ -n "$st" ] && [ $status != $st ]; then
		why="trap '$trap_name' should exit $st: $outcome"; return 1
	fi
	if [ -z "$st" ] && { [ $status -le 128 ] || [ $status = 137 ]; }; then
		why="trap '$trap_name' should exit with a signal-like status: $outcome"; return 1
	fi
	if [ "$eip" != "*" ] && [ "$trap_eip" != "$eip" ]; then
		why=$(printf 'expected eip 0x%08x: %s' "$eip" "$outcome"); return 1
	fi
	if [ "$lo" != "*" ]; then
		if [ -z "$trap_addr" ] || [ $trap_addr -lt $lo ] || [ $trap_addr -gt $hi ]; then
			if [ $lo = $hi ]; then
				why=$(printf 'expected address 0x%08x: %s' $lo "$outcome")
			else
				why=$(printf 'expected address in 0x%08x..0x%08x: %s' $lo $hi "$outcome")
			fi
			return 1
		fi
	fi
	if [ "$kind" != "*" ] && [ "$trap_kind" != "$kind" ]; then
		why="expected a $kind fault: $outcome"; return 1
	fi
	return 0
}

# expect_exit N: the guest exited normally with status N.
expect_exit() {
	if [ -n "$trap_name" ] || [ $status != $1 ] || grep -q '^vxrun: ' "$TMP/err"; then
		why="expected exit $1, got $outcome"
		return 1
	fi
	return 0
}

# same_as_ref: stdout and exit status equal the reference run's.
same_as_ref() {
	if [ $status != $ref_status ]; then
		why="exit status $status, qemu-i386 gives $ref_status ($outcome)"
		return 1
	fi
	if ! cmp -s "$TMP/out" "$TMP/ref.out"; then
		why="stdout differs from qemu-i386's: $(diff "$TMP/ref.out" "$TMP/out" 2>/dev/null | sed -n 2,3p | tr '\n' ' ' | cut -c1-160)"
		[ -z "${why#*: }" ] && why="stdout differs from qemu-i386's: $(cmp "$TMP/ref.out" "$TMP/out" 2>&1)"
		return 1
	fi
	return 0
}

# symbol table of a guest, for resolving labels in expectations
declare -A SYM SYMSIZE
load_symbols() {
	local addr size type name
	SYM=() SYMSIZE=()
	while read -r addr size type name; do
		if [ -z "$name" ]; then	# no size column
			name=$type type=$size size=0
		fi
		SYM[$name]=$((0x$addr))
		SYMSIZE[$name]=$((0x$size))
	done < <(nm -S "$1" 2>/dev/null)
}

# resolve EXPR: '*', a number, or symbol[+-]number, mod 2^32; sets $val.
resolve() {
	local e=$1 sym off=0
	if [ "$e" = "*" ]; then val="*"; return 0; fi
	if [[ $e =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]]; then
		val=$(($e & 0xffffffff)); return 0
	fi
	if [[ $e =~ ^([A-Za-z_.][A-Za-z0-9_.]*)([+-](0x[0-9a-fA-F]+|[0-9]+))?$ ]]; then
		sym=${BASH_REMATCH[1]}
		[ -n "${BASH_REMATCH[2]}" ] && off=$((${BASH_REMATCH[2]}))
		[ -n "${SYM[$sym]+x}" ] || { why="unknown symbol '$sym' in expectation"; return 1; }
		val=$(((SYM[$sym] + off) & 0xffffffff))
		return 0
	fi
	why="cannot parse '$e' in expectation"
	return 1
}

# trap_in_function NAME FUNC: the guest trapped with NAME inside FUNC
# (whose extent comes from the symbol table of the guest).
trap_in_function() {
	expect_trap "$1" || return 1
	local f=$2
	[ -n "${SYM[$f]+x}" ] || { why="no symbol $f in the guest"; return 1; }
	if [ $trap_eip -lt ${SYM[$f]} ] || [ $trap_eip -ge $((SYM[$f] + SYMSIZE[$f])) ]; then
		why="trap outside $f(): $outcome"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------- test data

# Inputs are generated once into test/out/data; delete it to regenerate.
make_data() {
	mkdir -p "$DATA"
	[ -f "$DATA/empty" ] || : > "$DATA/empty"
	[ -f "$DATA/one" ] || printf x > "$DATA/one"
	# Text: words from a small vocabulary, so that sort meets duplicates
	# and long common prefixes; blank lines, tabs, leading spaces.
	[ -f "$DATA/text" ] || awk 'BEGIN {
		srand(42)
		split("a b ab abc abcd the quick brown fox jumps over lazy dog " \
		      "Zebra zebra 0 10 9 -1 _x ~ ÿ", w, " ")
		for (i = 0; i < 60000; i++) {
			n = int(rand() * 9)
			line = (rand() < 0.1) ? "  " : ""
			for (j = 0; j < n; j++)
				line = line w[1 + int(rand() * length(w))] (rand() < 0.1 ? "\t" : " ")
			print line
		}
	}' > "$DATA/text"
	[ -f "$DATA/noeol" ] || printf 'zeta\nalpha\n\nbeta gamma\tdelta' > "$DATA/noeol"
	[ -f "$DATA/bin-1M" ] || head -c 1048576 /dev/urandom > "$DATA/bin-1M"
	[ -f "$DATA/bin-16M" ] || head -c 16777216 /dev/urandom > "$DATA/bin-16M"
	# Binary with many newlines: sort sees NULs and high bytes in lines.
	[ -f "$DATA/binlines" ] || head -c 300000 /dev/urandom |
		tr '\001-\037' '\n' > "$DATA/binlines"
	if [ "${VX32_BIG:-0}" = 1 ] && [ ! -f "$DATA/bin-100M" ]; then
		head -c 104857600 /dev/urandom > "$DATA/bin-100M"
	fi
}

# ---------------------------------------------------------------- C guests

G=$OUT/guests

# guest_vs_qemu NAME PROG [ARGS...]: stdout and status equal qemu-i386's.
# With NORM set, both outputs are first filtered through that command.
guest_vs_qemu() {
	local name=$1
	shift
	selected "$name" || return 0
	vx "$@" || { fail "$name" "$why"; return; }
	parse_outcome
	ref "$@" || { fail "$name" "$why"; return; }
	if [ -n "${NORM:-}" ]; then
		sh -c "$NORM" < "$TMP/out" > "$TMP/norm"
		mv "$TMP/norm" "$TMP/out"
		sh -c "$NORM" < "$TMP/ref.out" > "$TMP/norm"
		mv "$TMP/norm" "$TMP/ref.out"
	fi
	if same_as_ref; then pass "$name"; else fail "$name" "$why"; fi
}

# guest_vs_tool NAME INPUT TOOL-COMMAND GUEST [ARGS...]: the guest's stdout
# on INPUT equals the host tool's, and it exits 0.
guest_vs_tool() {
	local name=$1 input=$2 tool=$3
	shift 3
	selected "$name" || return 0
	IN=$input vx "$@" || { fail "$name" "$why"; return; }
	parse_outcome
	expect_exit 0 || { fail "$name" "$why"; return; }
	# the tool reads a pipe, as the guest does (wc's width depends on it)
	cat "$input" | sh -c "$tool" > "$TMP/tool.out"
	if cmp -s "$TMP/out" "$TMP/tool.out"; then
		pass "$name"
	else
		fail "$name" "output differs from '$tool': $(cmp "$TMP/out" "$TMP/tool.out" 2>&1 | head -1)"
	fi
}

# guest_trap NAME PROG TRAP FUNC [ADDR_LO ADDR_HI KIND]: the guest stops
# with TRAP inside FUNC (and the page-fault address in range), and the
# status matches the signal the Linux build dies of under qemu-i386.  With
# ERR_RE set, stderr must also match it.
guest_trap() {
	local name=$1 prog=$2 trapname=$3 func=$4
	shift 4
	selected "$name" || return 0
	if [ $MODE = qemu ]; then
		skip "$name" "checks vxrun's trap report"
		return
	fi
	vx "$prog" || { fail "$name" "$why"; return; }
	parse_outcome
	load_symbols "$prog"
	trap_in_function "$trapname" "$func" || { fail "$name" "$why"; return; }
	if [ $# -gt 0 ]; then
		expect_trap "$trapname" "*" $(($1)) $(($2)) "$3" || { fail "$name" "$why"; return; }
	fi
	if [ -n "${ERR_RE:-}" ] && ! grep -q "$ERR_RE" "$TMP/err"; then
		fail "$name" "stderr lacks '$ERR_RE': $(head -c 200 "$TMP/err")"
		return
	fi
	ref "$prog" || { fail "$name" "$why"; return; }
	if [ $status != $ref_status ]; then
		fail "$name" "exit status $status, qemu-i386 gives $ref_status"
		return
	fi
	pass "$name"
}

# guest_abort NAME STDOUT STDERR-RE PROG [ARGS]: the guest ends itself
# (abort, a failed assert) or traps: its whole stdout, even what was still
# buffered, reaches the output (vxrun writes the pending buffer out), and
# stderr matches STDERR-RE.  The status is SIGABRT's 134, or a trap's,
# and must equal the Linux build's under qemu-i386.
guest_abort() {
	local name=$1 want=$2 re=$3
	shift 3
	selected "$name" || return 0
	if [ $MODE = qemu ]; then
		skip "$name" "checks vxrun's report"
		return
	fi
	vx "$@" || { fail "$name" "$why"; return; }
	parse_outcome
	if ! grep -q "$re" "$TMP/err"; then
		fail "$name" "stderr lacks '$re': $(head -c 300 "$TMP/err" | tr '\n' ' ')"
		return
	fi
	if [ "$(cat "$TMP/out")" != "$want" ]; then
		fail "$name" "stdout is '$(head -c 100 "$TMP/out" | tr '\n' '|')', want '$(printf %s "$want" | tr '\n' '|')'"
		return
	fi
	ref "$@" || { fail "$name" "$why"; return; }
	if [ $status != $ref_status ]; then
		fail "$name" "exit status $status, qemu-i386 gives $ref_status"
		return
	fi
	if [ -z "$trap_name" ] && [ $status != 134 ]; then
		fail "$name" "expected status 134 (SIGABRT), got $outcome"
		return
	fi
	pass "$name"
}

test_guests() {
	local n s f

	guest_vs_qemu guest/hello "$G/hello"
	for n in 0 1 42 255 256 300 -1; do
		guest_vs_qemu "guest/exitcode-$n" "$G/exitcode" "$n"
	done
	guest_vs_qemu guest/args "$G/args" one "" "two words" "$(printf 'tab\there')" \
		"$(printf '%0500d' 7)"
	# qemu-i386 hands the guest its environment in reverse order, so
	# compare the sets; vxrun must keep the order of the -e options.
	local envs=(A=1 B= "C=x y" "LONG=$(printf '%0300d' 0)") eopts=() i
	for i in "${envs[@]}"; do eopts+=(-e "$i"); done
	NORM='sed "s/^env\[[0-9]*\]=//" | sort' \
		guest_vs_qemu guest/env "${eopts[@]}" -- "$G/args" x
	n=guest/env-order
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vxrun option"
		elif vx "${eopts[@]}" -- "$G/args"; then
			for i in "${!envs[@]}"; do
				echo "env[$i]=[${envs[i]}]"
			done > "$TMP/want"
			if grep '^env' "$TMP/out" | cmp -s - "$TMP/want"; then
				pass $n
			else
				fail $n "environment not in -e order: $(grep '^env' "$TMP/out" | cut -c1-40 | tr '\n' ' ')"
			fi
		else fail $n "$why"; fi
	fi
	guest_vs_qemu guest/mallocstress "$G/mallocstress"
	guest_vs_qemu guest/printf "$G/printf"
	guest_vs_qemu guest/setjmp "$G/setjmp"
	for s in 16 4093; do
		IN=$DATA/text guest_vs_qemu "guest/cat-buf$s" "$G/cat" $s
	done

	# cat: output must be the input (host `cat` is the identity)
	for f in empty one noeol text bin-1M bin-16M bin-100M; do
		[ -f "$DATA/$f" ] || continue
		guest_vs_tool "guest/cat-$f" "$DATA/$f" cat "$G/cat"
	done
	guest_vs_tool guest/cat-bin-1M-buf1000 "$DATA/bin-1M" cat "$G/cat" 1000
	for f in empty one noeol text binlines bin-1M; do
		guest_vs_tool "guest/wc-$f" "$DATA/$f" wc "$G/wc"
	done
	for f in empty one noeol text binlines; do
		guest_vs_tool "guest/sort-$f" "$DATA/$f" sort "$G/sort"
	done
	for f in empty one noeol text bin-1M bin-16M bin-100M; do
		[ -f "$DATA/$f" ] || continue
		guest_vs_tool "guest/sha256-$f" "$DATA/$f" sha256sum "$G/sha256"
	done

	# The same C library printf on the host (glibc) as a second reference.
	n=guest/printf-vs-host-libc
	if selected $n; then
		if [ ! -x "$OUT/native/printf" ]; then
			fail $n "$OUT/native/printf not built"
		elif vx "$G/printf"; then
			"$OUT/native/printf" > "$TMP/tool.out"
			if cmp -s "$TMP/out" "$TMP/tool.out"; then
				pass $n
			else
				fail $n "differs from glibc: $(diff "$TMP/tool.out" "$TMP/out" | sed -n 2,3p | tr '\n' ' ')"
			fi
		else
			fail $n "$why"
		fi
	fi

	guest_trap guest/divzero "$G/divzero" "divide error" divide
	guest_trap guest/nullread "$G/nullread" "page fault" peek 0x10 0x10 read
	guest_trap guest/nullwrite "$G/nullwrite" "page fault" poke 0x24 0x24 write
	guest_trap guest/stackoverflow "$G/stackoverflow" "page fault" recurse \
		$((0xbf7ff000)) $((0xbf7fffff)) write
	guest_abort guest/abort 'before abort' '^vxrun: guest aborted$' "$G/abort"
	guest_abort guest/assert '' \
		"^assert: .*test/guests/assert.c:6: main: Assertion \`argc == 42' failed\.\$" \
		"$G/assert"
	guest_abort guest/crashflush-abort 'line one
partial' '^vxrun: guest aborted$' "$G/crashflush" abort
	guest_abort guest/crashflush-trap 'line one
partial' '^vxrun: trap: page fault' "$G/crashflush" segv
	test_limits
}

# ---------------------------------------------------------------- vxrun itself

test_limits() {
	local n lim got t0 t1

	# memory limit: malloc must return NULL, the guest must survive
	for lim in 16 64; do
		n=vxrun/memlimit-${lim}M
		selected $n || continue
		[ $MODE = qemu ] && { skip $n "vxrun option"; continue; }
		vx -m ${lim}M -- "$G/memhog" || { fail $n "$why"; continue; }
		parse_outcome
		expect_exit 0 || { fail $n "$why"; continue; }
		got=$(sed -n 's/^\([0-9]*\) KiB$/\1/p' "$TMP/out")
		# the image and stack count too, so the heap gets somewhat less
		if [ -z "$got" ] || [ $got -gt $((lim * 1024)) ] || [ $got -lt $((lim * 1024 / 4)) ]; then
			fail $n "got '${got:-?}' KiB under a ${lim} MiB limit"
		else
			pass $n
		fi
	done
	n=vxrun/memlimit-K-suffix
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vxrun option"
		elif vx -m 20480K -- "$G/memhog"; then
			parse_outcome
			got=$(sed -n 's/^\([0-9]*\) KiB$/\1/p' "$TMP/out")
			if expect_exit 0 && [ -n "$got" ] && [ $got -le 20480 ]; then
				pass $n
			else
				fail $n "${why:-got ${got:-?} KiB under 20480K}"
			fi
		else fail $n "$why"; fi
	fi

	# CPU time limit on a loop across blocks and on a one-block self-loop
	for t in plain:0.5 tight:1; do
		n=vxrun/cpulimit-${t%%:*}
		selected $n || continue
		[ $MODE = qemu ] && { skip $n "vxrun option"; continue; }
		t0=$(date +%s%N)
		vx -t ${t#*:} -- "$G/loop" ${t%%:*} || { fail $n "$why"; continue; }
		t1=$(date +%s%N)
		parse_outcome
		if [ $status != 124 ]; then
			fail $n "expected status 124, got $outcome"
		elif ! grep -Eq "^vxrun: CPU time limit of ${t#*:} s exceeded at eip 0x[0-9a-f]{8}$" "$TMP/err"; then
			fail $n "bad message: $(head -1 "$TMP/err")"
		elif [ $(((t1 - t0) / 1000000)) -gt 10000 ]; then
			fail $n "took $(((t1 - t0) / 1000000)) ms of wall time"
		else
			pass $n
		fi
	done

	# vxrun's own errors: status 125 and a message starting "vxrun:"
	local cases=(
		"no-args:"
		"missing-guest:$OUT/no/such/guest"
		"not-elf:$TOP/test/run.sh"
		"x86-64-elf:$OUT/native/printf"
		"bad-option:-Q $G/hello"
		"bad-memsize:-m 12X $G/hello"
		"negative-memsize:-m -5 $G/hello"
		"wrapping-memsize:-m 17179869185G $G/hello"
		"memsize-above-4G:-m 5G $G/hello"
		"zero-memsize:-m 0 $G/hello"
		"bad-long-option:--frobnicate $G/hello"
		"bad-time:-t abc $G/hello"
		"missing-option-arg:$G/hello -m"
	)
	local c args
	for c in "${cases[@]}"; do
		n=vxrun/usage-${c%%:*}
		selected $n || continue
		[ $MODE = qemu ] && { skip $n "vxrun itself"; continue; }
		[ -x "$VXRUN" ] || { fail $n "vxrun not built ($VXRUN missing)"; continue; }
		read -ra args <<< "${c#*:}"
		# "missing-option-arg" puts -m last: vxrun must not run the guest
		[ ${c%%:*} = missing-option-arg ] && args=(-m)
		execute /dev/null "$TMP/out" "$TMP/err" "$VXRUN" "${args[@]}"
		if [ $status = 125 ] && grep -q '^vxrun:' "$TMP/err"; then
			pass $n
		else
			fail $n "expected status 125 and a 'vxrun:' message, got status $status: $(head -c 200 "$TMP/err")"
		fi
	done

	# help: usage on stdout, status 0
	for c in -h --help; do
		n=vxrun/help$c
		selected $n || continue
		[ $MODE = qemu ] && { skip $n "vxrun itself"; continue; }
		execute /dev/null "$TMP/out" "$TMP/err" "$VXRUN" $c
		if [ $status = 0 ] && grep -q '^usage: .*vxrun.* guest' "$TMP/out" && [ ! -s "$TMP/err" ]; then
			pass $n
		else
			fail $n "expected usage on stdout and status 0, got status $status: $(head -c 200 "$TMP/out" "$TMP/err")"
		fi
	done
	# stdout is line-buffered on a terminal (script(1) gives a pty) and
	# fully buffered on a pipe, as with glibc: the order of stdout and
	# stderr lines shows which
	n=vxrun/stdout-tty-line-buffered
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vxrun itself"
		elif ! command -v script >/dev/null; then skip $n "script(1) not installed"
		else
			timeout -s KILL "$TIMEOUT" script -qec "$VXRUN $G/ttybuf" /dev/null < /dev/null 2>/dev/null | tr -d '\r' > "$TMP/out"
			"$VXRUN" "$G/ttybuf" 2>&1 | cat > "$TMP/pipe"
			if [ "$(tr '\n' ' ' < "$TMP/out")" != "a b c " ]; then
				fail $n "on a terminal: $(tr '\n' ' ' < "$TMP/out")"
			elif [ "$(tr '\n' ' ' < "$TMP/pipe")" != "b a c " ]; then
				fail $n "on a pipe: $(tr '\n' ' ' < "$TMP/pipe")"
			else
				pass $n
			fi
		fi
	fi

	# -m 4G is the largest size accepted
	n=vxrun/memsize-4G
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vxrun option"
		elif vx -m 4G -- "$G/hello"; then
			parse_outcome
			if expect_exit 0; then pass $n; else fail $n "$why"; fi
		else fail $n "$why"; fi
	fi

	# VX32_CACHEPAD (a measuring knob) moves the code and nothing else:
	# the cache holds 255 * 16 bytes more (4 KiB in the stats line, in
	# KiB; the last line: seg runs a probe guest first), the output is
	# the same, and values past 255 are cut to it (16 * 100000 bytes
	# would start the code past the end of a small cache)
	n=vxrun/cachepad
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vx32 itself"
		else
			kib() { sed -n 's/.* cache \([0-9]*\) KiB.*/\1/p' "$TMP/err" | tail -1; }
			VX32_STATS=1 "$VXRUN" "$G/hello" >"$TMP/out0" 2>"$TMP/err"
			k0=$(kib)
			VX32_CACHEPAD=255 VX32_STATS=1 "$VXRUN" "$G/hello" >"$TMP/out1" 2>"$TMP/err"
			k1=$(kib)
			VX32_CACHEPAD=100000 VX32_STATS=1 "$VXRUN" "$G/hello" >/dev/null 2>"$TMP/err"
			k2=$(kib)
			if [ -z "$k0" ] || [ "$k1" != $((k0 + 4)) ] || [ "$k2" != "$k1" ]; then
				fail $n "code cache KiB: $k0 plain, $k1 with 255, $k2 with 100000"
			elif ! cmp -s "$TMP/out0" "$TMP/out1" || [ ! -s "$TMP/out0" ]; then
				fail $n "output differs with VX32_CACHEPAD=255"
			else
				pass $n
			fi
		fi
	fi

	# VX32_COUNT (a measuring knob, flat only): the translated code
	# counts each kind of indirect branch.  branches' passes (2000
	# against 1000: the same start-up and the same digits to print) add
	# exactly 4 rets, an indirect call (every other one to the other
	# target than the site learned: a miss) and an indirect jump each,
	# and some misses of g's rets, which return to two sites; the
	# output is the same as without counting.  seg: no counts line.
	n=vxrun/count
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vx32 itself"
		else
			cnt() { sed -n "s/.*vx32 counts: rets \([0-9]*\) (learned target missed \([0-9]*\)), indirect calls \([0-9]*\) (missed \([0-9]*\)), indirect jumps \([0-9]*\),.*/\1 \2 \3 \4 \5/p" "$TMP/err"; }
			VX32_COUNT=1 "$VXRUN" "$G/branches" 2000 >/dev/null 2>"$TMP/err"
			c0=$(cnt)
			VX32_COUNT=1 "$VXRUN" "$G/branches" 1000 >"$TMP/out1" 2>"$TMP/err"
			c1=$(cnt)
			"$VXRUN" "$G/branches" 1000 >"$TMP/out0" 2>/dev/null
			if ! cmp -s "$TMP/out0" "$TMP/out1" || [ ! -s "$TMP/out0" ]; then
				fail $n "output differs with VX32_COUNT"
			elif [ "${VX32_BACKEND:-}" = seg ]; then
				if [ -z "$c0$c1" ]; then pass $n
				else fail $n "counts on seg: $c1"; fi
			elif [ -z "$c0" ] || [ -z "$c1" ]; then
				fail $n "no counts line: $(tail -c 300 "$TMP/err")"
			else
				read -r r1 rm1 i1 im1 j1 <<<"$c0"
				read -r r0 rm0 i0 im0 j0 <<<"$c1"
				d="rets +$((r1 - r0)) (missed +$((rm1 - rm0))), indirect calls +$((i1 - i0)) (missed +$((im1 - im0))), indirect jumps +$((j1 - j0))"
				if [ $((r1 - r0)) = 4000 ] && [ $((i1 - i0)) = 1000 ] &&
				   [ $((j1 - j0)) = 1000 ] &&
				   [ $((im1 - im0)) -ge 498 ] && [ $((im1 - im0)) -le 502 ] &&
				   [ $((rm1 - rm0)) -gt 0 ] && [ $((rm1 - rm0)) -le 2000 ]; then
					pass $n
				else
					fail $n "for 1000 passes more: $d"
				fi
			fi
		fi
	fi

	# VX32_LEARN=first (a measuring knob): the flat backend's predicted
	# branches learn at their first run only, where by default a site
	# learns again at its 257th, so branches (sites run 1000 times)
	# leaves translated code to learn less often with it; the seg
	# backend learns once either way.  Same output.
	n=vxrun/learn-first
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vx32 itself"
		else
			learns() { sed -n 's/.* learn \([0-9]*\),.*/\1/p' "$TMP/err" | tail -1; }
			VX32_STATS=1 "$VXRUN" "$G/branches" 1000 >"$TMP/out0" 2>"$TMP/err"
			l0=$(learns)
			VX32_LEARN=first VX32_STATS=1 "$VXRUN" "$G/branches" 1000 >"$TMP/out1" 2>"$TMP/err"
			l1=$(learns)
			if ! cmp -s "$TMP/out0" "$TMP/out1" || [ ! -s "$TMP/out0" ]; then
				fail $n "output differs with VX32_LEARN=first"
			elif [ -z "$l0" ] || [ -z "$l1" ]; then
				fail $n "no stats line"
			elif [ "${VX32_BACKEND:-}" = seg ]; then
				if [ "$l0" = "$l1" ] && [ "$l0" -gt 0 ]; then pass $n
				else fail $n "seg: learn exits $l0 by default, $l1 with first"; fi
			elif [ "$l1" -gt 0 ] && [ "$l0" -gt "$l1" ]; then
				pass $n
			else
				fail $n "learn exits: $l0 by default, $l1 with VX32_LEARN=first"
			fi
		fi
	fi

	# Both forms of the flat backend's probes (VX32_PROBE: the CPU
	# picks one, so the other would go untested on this machine) run
	# branches' learned-target hits and misses, indirect calls and
	# computed gotos to the same output as the default form.
	n=vxrun/probe-forms
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vx32 itself"
		else
			"$VXRUN" "$G/branches" 3000 >"$TMP/out0" 2>"$TMP/err"
			why=
			for form in loop jecxz; do
				VX32_PROBE=$form "$VXRUN" "$G/branches" 3000 >"$TMP/out1" 2>"$TMP/err" ||
					why="$why $form: status $?"
				cmp -s "$TMP/out0" "$TMP/out1" || why="$why $form: output differs"
			done
			grep -q '^branches: 3000 passes' "$TMP/out0" || why="$why no output"
			if [ -z "$why" ]; then pass $n; else fail $n "$why"; fi
		fi
	fi

	# stdin and stdout are plain pipes: a guest sees EOF, and a closed
	# reader does not hang the guest
	n=vxrun/stdout-closed
	if selected $n; then
		if [ $MODE = qemu ]; then skip $n "vxrun itself"
		elif [ ! -x "$VXRUN" ]; then fail $n "vxrun not built ($VXRUN missing)"
		else
			timeout -s KILL "$TIMEOUT" "$VXRUN" "$G/cat" < "$DATA/bin-16M" 2>"$TMP/err" | head -c 10 >/dev/null
			status=${PIPESTATUS[0]}
			if [ $status = 137 ]; then fail $n "hung writing to a closed pipe"
			elif [ $status -gt 128 ] && [ $status != 141 ]; then fail $n "vxrun died of signal $((status - 128))"
			else pass $n; fi
		fi
	fi
}

# ---------------------------------------------------------------- escape guests

# One test per test/escape/*.S.  Its header says what must happen:
#   # expect: exit N
#   # expect: trap NAME at LOC [address LOC[..LOC]] [(read|write|exec)]
#   # expect: qemu      (stdout and status must also equal qemu-i386's)
#   # stdin: PRINTF-FORMAT   (bytes fed to the guest's stdin)
# Several exit/trap lines are alternatives: any one may match.  LOC is *,
# a number, or a symbol of the guest plus or minus a number.
escape_test() {
	local src=$1 base name bin line
	base=$(basename "$src" .S)
	name=escape/$base
	bin=$OUT/escape/$base
	selected "$name" || return 0

	local expects=() want_qemu=0 stdin_fmt= IN
	while IFS= read -r line; do
		case $line in
		"# expect: qemu")	want_qemu=1 ;;
		"# expect: "*)		expects+=("${line#\# expect: }") ;;
		"# stdin: "*)		stdin_fmt=${line#\# stdin: } ;;
		esac
	done < "$src"
	if [ ${#expects[@]} = 0 ]; then
		fail "$name" "no '# expect:' line in $src"
		return
	fi
	IN=/dev/null
	if [ -n "$stdin_fmt" ]; then
		printf "$stdin_fmt" > "$TMP/stdin"
		IN=$TMP/stdin
	fi

	if [ $MODE = qemu ]; then
		# Only the Linux-valid guests (those compared with qemu) say
		# anything when run under qemu itself.
		if [ $want_qemu = 0 ]; then
			skip "$name" "checks vxrun's behaviour"
			return
		fi
	fi

	load_symbols "$bin"
	if limits_waived; then
		# A guest that reaches past its 3 GiB (seg) space needs the
		# CPU's limit check, which this emulator does not do.
		local e
		for e in "${expects[@]}"; do
			[[ $e =~ address\ ([^ .]+) ]] || continue
			resolve "${BASH_REMATCH[1]}" && [ "$val" != "*" ] &&
				[ $val -ge $((0xc0000000)) ] || continue
			skip "$name" "reaches past the seg address space: needs segment limits (VX32_SEG_UNSAFE_NO_LIMITS)"
			return
		done
	fi
	vx "$bin" || { fail "$name" "$why"; return; }
	parse_outcome

	local e ok=0 reasons=() re='^trap (.+) at ([^ ]+)( address ([^ .]+)(\.\.([^ ]+))?)?( \((read|write|exec)\))?$'
	for e in "${expects[@]}"; do
		if [[ $e =~ ^exit\ (0x[0-9a-fA-F]+|[0-9]+)$ ]]; then
			expect_exit $((BASH_REMATCH[1])) && { ok=1; break; }
			reasons+=("$why")
		elif [[ $e =~ $re ]]; then
			[ $MODE = qemu ] && continue
			local tname=${BASH_REMATCH[1]} at=${BASH_REMATCH[2]}
			local lo=${BASH_REMATCH[4]:-*} hi=${BASH_REMATCH[6]:-} kind=${BASH_REMATCH[8]:-*}
			local eip alo ahi
			resolve "$at" || { fail "$name" "$why"; return; }
			eip=$val
			resolve "$lo" || { fail "$name" "$why"; return; }
			alo=$val ahi=$val
			if [ -n "$hi" ]; then
				resolve "$hi" || { fail "$name" "$why"; return; }
				ahi=$val
			fi
			expect_trap "$tname" "$eip" "$alo" "$ahi" "$kind" && { ok=1; break; }
			reasons+=("$why")
		else
			fail "$name" "cannot parse '# expect: $e'"
			return
		fi
	done
	if [ $ok = 0 ]; then
		if [ ${#reasons[@]} = 0 ]; then
			skip "$name" "only trap outcomes, not checkable under qemu"
		else
			fail "$name" "${reasons[0]}"
		fi
		return
	fi
	if [ $want_qemu = 1 ]; then
		ref "$bin" || { fail "$name" "$why"; return; }
		same_as_ref || { fail "$name" "$why"; return; }
	fi
	pass "$name"
}

test_escape() {
	local f
	for f in "$TOP"/test/escape/*.S; do
		escape_test "$f"
	done
}

# ---------------------------------------------------------------- host programs

# host_wanted BASE: can a check of host program BASE match the patterns?
# (Only a pattern naming another host program rules it out.)
host_wanted() {
	local p
	[ ${#PATTERNS[@]} = 0 ] && return 0
	for p in "${PATTERNS[@]}"; do
		case $p in
		host/*) case host/$1/ in "$p"*|*"$p"*) return 0 ;; esac
			case $p in "host/$1/"*) return 0 ;; esac ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# host/x87-free: inside vxproc_run the guest's x87 registers stay loaded
# between exits and entries (doc/design.md, "x87/SSE switching"), which
# holds only while the library's code that runs there uses no x87
# instruction.  The functions of libvx32.a that do may only be those
# that run outside it (or are the switch itself).
test_x87_free() {
	local n=host/x87-free lib=$TOP/libvx32/libvx32.a bad
	selected $n || return 0
	if ! command -v objdump >/dev/null || [ ! -f "$lib" ]; then
		fail $n "needs objdump and $lib"
		return
	fi
	bad=$(objdump -d --no-show-raw-insn "$lib" | awk -F'\t' '
		/^[0-9a-f]+ <.*>:$/ { fn = $0; sub(/.*</, "", fn); sub(/>:$/, "", fn) }
		NF >= 2 { split($2, a, " "); if (a[1] ~ /^f/) used[fn] = 1 }
		END { for (f in used) print f }' |
		grep -vxE 'vx_fp_load|vx_fp_settle|vxproc_call|mxcsr_mask|vxproc_setfpstate' |
		sort | tr '\n' ' ')
	if [ -z "$bad" ]; then
		pass $n
	else
		fail $n "x87 instructions in $bad"
	fi
}

# Each test/host/*.c program prints "ok NAME", "not ok NAME: reason" or
# "skip NAME: reason" per check and exits 0 only if all passed; a crash or
# hang fails the program as a whole.
test_host() {
	local f base prog name last line
	for f in "$TOP"/test/host/*.c; do
		[ -e "$f" ] || continue
		base=$(basename "$f" .c)
		prog=$OUT/host/$base
		host_wanted "$base" || continue
		if [ $MODE = qemu ]; then
			selected "host/$base" && skip "host/$base" "links libvx32"
			continue
		fi
		if [ ! -x "$prog" ]; then
			selected "host/$base" && fail "host/$base" "not built ($prog missing; is libvx32.a built?)"
			continue
		fi
		VX32_TEST_OUT=$OUT execute /dev/null "$TMP/out" "$TMP/err" "$prog"
		last=
		while IFS= read -r line; do
			case $line in
			"ok "*)
				name=host/$base/${line#ok }
				last=$name
				selected "$name" && pass "$name" ;;
			"not ok "*)
				line=${line#not ok }
				name=host/$base/${line%%: *}
				last=$name
				selected "$name" && fail "$name" "${line#*: }" ;;
			"skip "*)
				line=${line#skip }
				name=host/$base/${line%%: *}
				selected "$name" && skip "$name" "${line#*: }" ;;
			esac
		done < "$TMP/out"
		if [ $status = 137 ]; then
			selected "host/$base" && fail "host/$base" "hung (killed after ${TIMEOUT}s) after ${last:-start}"
		elif [ $status -gt 128 ]; then
			selected "host/$base" && fail "host/$base" "crashed with signal $((status - 128)) after ${last:-start}: $(tail -c 300 "$TMP/err" | tr '\n' ' ')"
		elif [ $status != 0 ] && ! grep -q '^not ok ' "$TMP/out"; then
			selected "host/$base" && fail "host/$base" "exit status $status without a failed check: $(tail -c 300 "$TMP/err" | tr '\n' ' ')"
		fi
	done
}

# ---------------------------------------------------------------- main

if [ ! -d "$OUT" ]; then
	echo "run.sh: $OUT missing: build with 'make test'" >&2
fi
if [ $MODE = vxrun ] && [ ! -x "$VXRUN" ]; then
	echo "run.sh: warning: $VXRUN is missing; every test that needs it fails" >&2
fi
# Further suites live in test/suite-*.sh, one per area (e.g. the ISA
# differential tests, vxlinux, fuzzing smoke run).  Each defines a function
# suite_NAME, using pass/fail/skip/selected/execute from this file.
for f in "$TOP"/test/suite-*.sh; do
	[ -f "$f" ] && . "$f"
done

# ---------------------------------------------------------------- backends

# Seg in an emulator without segment limits (tools/segtest.sh's VM): tests
# whose guests reach past their address space cannot run safely there.
limits_waived() {
	[ -n "${VX32_SEG_UNSAFE_NO_LIMITS:-}" ] && [ "${VX32_BACKEND:-}" = seg ]
}

# Without VX32_BACKEND, the suite runs on both libvx32 backends: everything
# on flat, here, then on seg the suites named in SEG_PASS (or the command
# line's patterns) through tools/segtest.sh - natively where the host
# honours LDT segments, else SEG_VM_PASS in a throw-away VM, else one SKIP
# line - with "seg/" before each name.  VX32_BACKEND=flat|seg|auto: one pass, on that
# backend (seg through the VM where the host refuses it).
SEG_PASS=${SEG_PASS:-guest/ escape/ host/ isa/ linux/ bench/ fuzz/replay fuzz/crashes plugin/}
# In the VM (2-10 times slower, and qemu-i386 references slower still;
# escape/ host/ linux/ together take 8-15 minutes on the build machine):
SEG_VM_PASS=${SEG_VM_PASS:-escape/ host/}

# In the VM, two kinds of SKIP are the VM's and not the test's, and are
# accepted even with VX32_STRICT_SKIPS: QEMU TCG checks no segment limits
# (limits_waived), and the faults tools/vm-known.txt lists.  They occur
# only where this host refuses LDT segments, so that seg cannot run here
# at all; the same tests run on flat, here.
seg_pass() {
	local line name reason vm=0 args=("${PATTERNS[@]}") set=$SEG_PASS
	VX32_BACKEND=seg "$VXRUN" -v "$OUT/guests/hello" >/dev/null 2>&1 ||
		{ set=$SEG_VM_PASS; vm=1; }
	[ ${#args[@]} = 0 ] && read -ra args <<< "$set"
	[ $VERBOSE = 1 ] && args=(-v "${args[@]}")
	while IFS= read -r line; do
		case $line in
		"PASS "*)	pass "seg/${line#PASS }" ;;
		"FAIL "*|"SKIP "*)
			name=${line#* }
			name=${name%%: *}
			[ "$name" = seg ] || name=seg/$name
			reason=${line#*: }
			if [[ $line == FAIL* ]]; then
				fail "$name" "$reason"
			elif [ $vm = 1 ] && [[ $reason == "in the VM: "* ||
			     $reason == *"needs segment limits (VX32_SEG_UNSAFE_NO_LIMITS)"* ]]; then
				VX32_STRICT_SKIPS=0 skip "$name" "$reason"
			else
				skip "$name" "$reason"
			fi ;;
		# the VM's own summary: this run prints its own
		[0-9]*" passed, "*|"skipped: "*|"failed: "*) ;;
		*)		echo "$line" ;;
		esac
	done < <(env -u VX32_BACKEND "$TOP/tools/segtest.sh" "${args[@]}")
}

run_all() {
	make_data
	test_guests
	test_escape
	test_host
	test_x87_free
	for f in "$TOP"/test/suite-*.sh; do
		[ -f "$f" ] || continue
		s=${f##*/suite-}
		suite_${s%.sh}
	done
}

if [ $MODE = qemu ] || [ -n "${VX32_BACKEND:-}" ]; then
	if [ "${VX32_BACKEND:-}" = seg ] && [ -z "${VX32_IN_VM:-}" ] &&
	   ! "$VXRUN" -v "$OUT/guests/hello" >/dev/null 2>&1; then
		# no seg here: the whole suite in the VM
		exec "$TOP/tools/segtest.sh" "${PATTERNS[@]}"
	fi
	run_all
else
	VX32_BACKEND=flat run_all
	seg_pass
fi

# repeated at the end, where they cannot be missed (a log cut to its
# head and tail still names every failure): skips, then failures last
for f in "${skipped[@]}"; do echo "skipped: $f"; done
for f in "${failed[@]}"; do echo "failed: $f"; done
if [ $nskip -gt 0 ]; then
	echo "$npass passed, $nfail failed, $nskip skipped"
else
	echo "$npass passed, $nfail failed"
fi
[ $nfail = 0 ]
