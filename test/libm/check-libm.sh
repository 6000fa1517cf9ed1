#!/bin/sh
# check-libm.sh - the full libm check (make check-libm; doc/libm.md).
#
#   test/libm/check-libm.sh [N]
#
# N arguments per function (default 10^6) in round-to-nearest, plus N/4
# in each directed mode for the correctly rounded functions and N/20 for
# the others, checked against MPFR by test/out/libm/check.  The guest runner is the
# `vxcc --target=linux` build, run natively where this machine runs i386
# programs, else under qemu-i386 (vxrun runs the same code; `make test`
# runs a sample under it).  Two pipelines share the functions; the
# table of largest errors replaces the one in doc/libm.md, with the
# command, date and machine.
set -e
cd "$(dirname "$0")/../.."
N=${1:-1000000}
OUT=test/out/libm
CHECK=$OUT/check
DOC=doc/libm.md
[ -x "$CHECK" ] || { echo "check-libm: $CHECK missing (needs MPFR: tools/deps.sh test)" >&2; exit 2; }
[ -x "$OUT/run.linux" ] || { echo "check-libm: $OUT/run.linux missing (make test-progs)" >&2; exit 2; }

if "$OUT/run.linux" < /dev/null > /dev/null 2>&1; then
	RUN="$OUT/run.linux" HOW="natively"
elif command -v qemu-i386 > /dev/null; then
	RUN="qemu-i386 $OUT/run.linux" HOW="under qemu-i386"
else
	echo "check-libm: cannot run i386 programs here, and no qemu-i386" >&2
	exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/libm.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$CHECK" list > "$TMP/all"
awk 'NR % 2 == 1' "$TMP/all" > "$TMP/half1"
awk 'NR % 2 == 0' "$TMP/all" > "$TMP/half2"
start=$(date +%s)
for h in 1 2; do
	( if "$CHECK" gen -a -n "$N" -s 1 $(cat "$TMP/half$h") | nice $RUN |
	     nice "$CHECK" verify -q -r "$TMP/report$h" > "$TMP/out$h" 2>&1
	  then echo 0; else echo 1; fi > "$TMP/status$h" ) &
done
wait
secs=$(($(date +%s) - start))
cat "$TMP/out1" "$TMP/out2"
status=0
[ "$(cat "$TMP/status1")" = 0 ] && [ "$(cat "$TMP/status2")" = 0 ] || status=1

"$CHECK" table "$TMP/report1" "$TMP/report2" > "$TMP/table" || true
{
	echo "<!-- libm-table begin: written by test/libm/check-libm.sh -->"
	echo "Measured by \`make check-libm\` ($N arguments per function in"
	echo "round-to-nearest; guest runner $HOW on $(uname -m), $(date -u +%Y-%m-%d);"
	echo "$secs s).  Errors are in ulps of the result's type, against MPFR."
	echo
	cat "$TMP/table"
	echo "<!-- libm-table end -->"
} > "$TMP/section"
if grep -q '^<!-- libm-table begin' "$DOC"; then
	awk -v sec="$TMP/section" '
		/^<!-- libm-table begin/ { while ((getline l < sec) > 0) print l; skip = 1; next }
		/^<!-- libm-table end/ { skip = 0; next }
		!skip' "$DOC" > "$TMP/doc"
	cp "$TMP/doc" "$DOC"
else
	cat "$TMP/section" >> "$DOC"
fi
echo "check-libm: table written to $DOC ($secs s)"
exit $status
