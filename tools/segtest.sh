#!/bin/bash
# segtest.sh [--vm] [PATTERN...] - run the test suite on the seg backend.
#
# Natively where this host honours LDT segments and 32-bit code (the
# library's own probe: VX32_BACKEND=seg vxrun -v), else inside a
# throw-away Linux VM (tools/vmrun.sh: QEMU's software emulation and a
# Debian kernel, which does), with the project directory shared.  Prints
# test/run.sh's lines; if neither works, one line "SKIP seg: REASON".
# Build first (make test-progs).  Exit status: run.sh's; 0 after a SKIP.
#
#   --vm       use the VM even where seg works natively (tests this path)
#   PATTERN    passed on to test/run.sh
#
# Environment: SEGTEST_VM_TIMEOUT (seconds for the whole VM run, default
# 1800), and vmrun.sh's (VMRUN_CACHE ...).

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
VXRUN=${VXRUN:-$TOP/vxrun/vxrun}
HELLO=$TOP/test/out/guests/hello
VM=0
if [ "${1:-}" = --vm ]; then
	VM=1
	shift
fi

skip() {
	echo "SKIP seg: $*"
	exit 0
}

[ -x "$VXRUN" ] && [ -f "$HELLO" ] ||
	skip "not built ($VXRUN, $HELLO): make test-progs"

# Native: the library probes with a real guest; vxrun -v names the result.
if [ $VM = 0 ]; then
	why=$(VX32_BACKEND=seg "$VXRUN" -v "$HELLO" 2>&1 >/dev/null)
	if [ $? = 0 ] && [ "$why" = "vxrun: backend seg" ]; then
		VX32_BACKEND=seg exec "$TOP/test/run.sh" "$@"
	fi
	native=${why#vxrun: }
	native=${native#cannot initialise vx32: }
fi

# The VM: the host's / read-only under an overlay, the project read-write.
# Inside, run.sh is told it is there (VX32_IN_VM) so that it does not try
# to start another VM.  QEMU's emulation does not check segment limits,
# so the library would refuse seg there; VX32_SEG_UNSAFE_NO_LIMITS (only
# honoured on QEMU TCG's CPU) waives that check, and run.sh skips the
# tests whose guests reach past their address space.
q=
for a in "$@"; do
	q="$q '${a//\'/\'\\\'\'}'"
done
out=$(mktemp) || exit 2
"$TOP/tools/vmrun.sh" --files "$TOP" --timeout "${SEGTEST_VM_TIMEOUT:-1800}" \
	-- sh -c "cd '$TOP' && VX32_BACKEND=seg VX32_IN_VM=1 \
	VX32_SEG_UNSAFE_NO_LIMITS=1 test/run.sh $q" \
	2>"$out"
st=$?
if [ $st = 125 ] && ! grep -q '^PASS\|^FAIL' "$out"; then
	reason=$(grep -m1 '^vmrun' "$out" | cut -c1-200)
	rm -f "$out"
	skip "${native:+$native; }no VM either: ${reason:-vmrun.sh failed}"
fi
# apt's output on a first run is noise; vmrun's own lines and a failed
# run's tail are not
if [ $st = 0 ]; then
	grep '^vmrun' "$out" | grep -v '^vmrun: \(installing\|fetching\)' >&2
else
	tail -n 20 "$out" >&2
fi
rm -f "$out"
exit $st
