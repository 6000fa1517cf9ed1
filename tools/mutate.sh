#!/bin/bash
# mutate.sh - mutation testing: does the test suite catch deliberate bugs?
#
# usage: tools/mutate.sh [-k] [-l] [NAME...]      (make mutate MUTANTS=...)
#
# Applies each mutant of test/mutants.txt (or only those named), one at a
# time, to a copy of the built tree, rebuilds it, runs the tests the
# mutant names (test/run.sh PATTERN...) and records whether they failed
# (the mutant is killed) or passed (it survived).  The working tree is
# never modified: a crash or ^C leaves at most a stale copy under
# $TMPDIR, which is removed on exit.  Prints the kill table (Markdown)
# at the end and writes it to test/out/mutate/table.md; exits 1 if a
# mutant not marked equivalent survived, or a mutant could not be
# applied, built or run (snippet not found after a merge, ...).
#
#   -l   only check that every mutant applies (its snippet is found
#        exactly once); nothing is built
#   -k   keep the copy (its path is printed)
#
# The format of test/mutants.txt and how to add a mutant: doc/mutation.md.
# Environment: MUTATE_JOBS (make -j, default 2), MUTATE_TIMEOUT (seconds
# per mutant's test run, default 600), VX32_TIMEOUT (per guest, default
# here 30).

set -u
export LC_ALL=C
unset VXCC_HOME

TOP=$(cd "$(dirname "$0")/.." && pwd)
LIST=$TOP/test/mutants.txt
JOBS=${MUTATE_JOBS:-2}
LIMIT=${MUTATE_TIMEOUT:-600}
export VX32_TIMEOUT=${VX32_TIMEOUT:-30}
KEEP=0 CHECK_ONLY=0

while getopts kl opt; do
	case $opt in
	k)	KEEP=1 ;;
	l)	CHECK_ONLY=1 ;;
	*)	echo "usage: tools/mutate.sh [-k] [-l] [NAME...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

# ---------------------------------------------------------------- parsing

# Mutant i: NAME[i] FILE[i] WHAT[i] FIND[i] REPL[i] KILL[i] EQUIV[i]
NAME=() FILE=() WHAT=() FIND=() REPL=() KILL=() EQUIV=() LINE=()
bad() { echo "mutate: $LIST:$1: $2" >&2; exit 2; }

parse() {
	local n=0 line field= i=-1 text lines=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in
		"#"*|"")
			field= ;;
		"== "*)
			i=$((i + 1))
			NAME[i]=${line#== } FILE[i]= WHAT[i]= FIND[i]= REPL[i]=
			KILL[i]= EQUIV[i]= LINE[i]=$n
			field= ;;
		*)
			[ $i -ge 0 ] || bad $n "text before the first '== NAME'"
			if [[ $line =~ ^[[:space:]]*\|(.*)$ ]]; then
				text=${BASH_REMATCH[1]}
				[ $lines = 0 ] || text=$'\n'$text
				lines=$((lines + 1))
				case $field in
				find)	FIND[i]+=$text ;;
				replace) REPL[i]+=$text ;;
				*)	bad $n "'|' line outside find: or replace:" ;;
				esac
				continue
			fi
			[[ $line =~ ^([a-z]+):[[:space:]]*(.*)$ ]] ||
				bad $n "cannot parse: $line"
			field=${BASH_REMATCH[1]}
			text=${BASH_REMATCH[2]}
			lines=0
			case $field in
			file)	FILE[i]=$text ;;
			what)	WHAT[i]=$text ;;
			kill)	KILL[i]=$text ;;
			equivalent) EQUIV[i]=$text ;;
			find|replace)
				[ -z "$text" ] || bad $n "$field: takes '|' lines below it" ;;
			*)	bad $n "unknown field '$field'" ;;
			esac
			;;
		esac
	done < "$LIST"
	for i in "${!NAME[@]}"; do
		[ -n "${FILE[i]}" ] || bad ${LINE[i]} "${NAME[i]}: no file:"
		[ -n "${FIND[i]}" ] || bad ${LINE[i]} "${NAME[i]}: no find:"
		[ -n "${KILL[i]}" ] || bad ${LINE[i]} "${NAME[i]}: no kill:"
		[ -n "${WHAT[i]}" ] || bad ${LINE[i]} "${NAME[i]}: no what:"
		[ "${FIND[i]}" != "${REPL[i]}" ] ||
			bad ${LINE[i]} "${NAME[i]}: replace: equals find:"
	done
}

# apply SRC DST FIND REPL: DST = SRC with the one occurrence of FIND
# replaced.  Exit status 3: not found, 4: found more than once.
apply() {
	FIND=$3 REPL=$4 awk '
		{ s = s (NR > 1 ? "\n" : "") $0 }
		END {
			f = ENVIRON["FIND"]; r = ENVIRON["REPL"]
			p = index(s, f)
			if (p == 0) exit 3
			if (index(substr(s, p + 1), f)) exit 4
			printf "%s%s%s\n", substr(s, 1, p - 1), r, substr(s, p + length(f))
		}' "$1" > "$2"
}

# ---------------------------------------------------------------- running

parse
SEL=()
if [ $# -gt 0 ]; then
	for want in "$@"; do
		found=0
		for i in "${!NAME[@]}"; do
			[ "${NAME[i]}" = "$want" ] && { SEL+=("$i"); found=1; }
		done
		[ $found = 1 ] || { echo "mutate: no mutant named '$want'" >&2; exit 2; }
	done
else
	SEL=("${!NAME[@]}")
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vx32mutate.XXXXXX") || exit 2
cleanup() {
	if [ $KEEP = 1 ]; then echo "mutate: copy kept in $WORK" >&2
	else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "mutate: interrupted" >&2; exit 130' INT TERM

# Check that each mutant applies to the working tree's sources.
errors=0
declare -A APPLIES
for i in "${SEL[@]}"; do
	f=$TOP/${FILE[i]}
	if [ ! -f "$f" ]; then
		APPLIES[$i]="file ${FILE[i]} does not exist"
	else
		apply "$f" "$WORK/check" "${FIND[i]}" "${REPL[i]}"
		case $? in
		0) APPLIES[$i]= ;;
		3) APPLIES[$i]="snippet not found in ${FILE[i]}: re-anchor it (test/mutants.txt line ${LINE[i]})" ;;
		4) APPLIES[$i]="snippet found more than once in ${FILE[i]}: make it unique (line ${LINE[i]})" ;;
		*) APPLIES[$i]="cannot apply (awk failed)" ;;
		esac
	fi
	if [ -n "${APPLIES[$i]}" ]; then
		echo "mutate: ${NAME[i]}: ${APPLIES[$i]}" >&2
		errors=$((errors + 1))
	fi
done
if [ $CHECK_ONLY = 1 ]; then
	echo "mutate: ${#SEL[@]} mutants, $errors do not apply"
	[ $errors = 0 ]
	exit
fi

echo "mutate: copying the built tree to $WORK/tree" >&2
mkdir -p "$WORK/tree"
(cd "$TOP" && tar -c --exclude=./.git --exclude=./test/out/mutate .) |
	(cd "$WORK/tree" && tar -x) || { echo "mutate: copy failed" >&2; exit 2; }
T=$WORK/tree
mkdir -p "$T/test/out"
echo "mutate: building the copy" >&2
if ! (cd "$T" && nice make -j"$JOBS" all test-progs) > "$WORK/build0.log" 2>&1; then
	echo "mutate: the unmutated tree does not build: $(tail -3 "$WORK/build0.log")" >&2
	exit 2
fi

RESULT=() DETAIL=() SECS=()
nkilled=0 nsurvived=0 nequiv=0 nerror=0
for i in "${SEL[@]}"; do
	n=${NAME[i]} f=${FILE[i]} t0=$(date +%s)
	printf 'mutate: %-28s ' "$n" >&2
	if [ -n "${APPLIES[$i]}" ]; then
		RESULT[i]=error DETAIL[i]=${APPLIES[$i]}
	else
		cp "$T/$f" "$WORK/orig"
		apply "$WORK/orig" "$T/$f" "${FIND[i]}" "${REPL[i]}"
		if ! (cd "$T" && nice make -j"$JOBS" all test-progs) > "$WORK/build.log" 2>&1; then
			RESULT[i]=error
			DETAIL[i]="does not build: $(grep -m1 -E 'error|Error' "$WORK/build.log" | cut -c1-150)"
		else
			read -ra pats <<< "${KILL[i]}"
			(cd "$T" && timeout -s KILL "$LIMIT" nice test/run.sh "${pats[@]}") \
				> "$WORK/run.log" 2>&1
			st=$?
			last=$(tail -1 "$WORK/run.log")
			fails=$(grep '^FAIL ' "$WORK/run.log" | cut -d' ' -f2 | sed 's/:$//')
			nf=$(printf '%s' "$fails" | grep -c .)
			if [ $st = 137 ]; then
				RESULT[i]=killed DETAIL[i]="test run hung (killed after ${LIMIT}s)"
			elif [ $st != 0 ] && [ "$nf" -gt 0 ]; then
				RESULT[i]=killed
				DETAIL[i]="$(echo "$fails" | head -3 | tr '\n' ' ' | sed 's/ $//')"
				[ "$nf" -gt 3 ] && DETAIL[i]+=" (+$((nf - 3)) more)"
			elif [ $st != 0 ]; then
				RESULT[i]=error DETAIL[i]="test/run.sh failed without a FAIL line: $last"
			elif [[ $last =~ ^0\ passed ]]; then
				RESULT[i]=error DETAIL[i]="no test matches '${KILL[i]}'"
			else
				RESULT[i]=survived DETAIL[i]="$last"
			fi
		fi
		cp "$WORK/orig" "$T/$f"		# restored; make rebuilds it next
	fi
	if [ "${RESULT[i]}" = survived ] && [ -n "${EQUIV[i]}" ]; then
		RESULT[i]=equivalent DETAIL[i]=${EQUIV[i]}
	elif [ "${RESULT[i]}" = killed ] && [ -n "${EQUIV[i]}" ]; then
		DETAIL[i]+=" (marked equivalent, but killed: drop the mark)"
	fi
	case ${RESULT[i]} in
	killed) nkilled=$((nkilled + 1)) ;;
	survived) nsurvived=$((nsurvived + 1)) ;;
	equivalent) nequiv=$((nequiv + 1)) ;;
	*) nerror=$((nerror + 1)) ;;
	esac
	SECS[i]=$(($(date +%s) - t0))
	echo "${RESULT[i]} (${SECS[i]} s): ${DETAIL[i]}" >&2
done

# The final build restores the copy (not needed, but shows it builds).
mkdir -p "$TOP/test/out/mutate"
{
	echo "| mutant | file | what | result | killed by / why |"
	echo "| --- | --- | --- | --- | --- |"
	for i in "${SEL[@]}"; do
		echo "| ${NAME[i]} | ${FILE[i]} | ${WHAT[i]//|/\\|} | ${RESULT[i]} | ${DETAIL[i]//|/\\|} |"
	done
	echo
	echo "${#SEL[@]} mutants: $nkilled killed, $nequiv equivalent, $nsurvived survived, $nerror errors"
} > "$TOP/test/out/mutate/table.md"
cat "$TOP/test/out/mutate/table.md"
[ $nsurvived = 0 ] && [ $nerror = 0 ]
