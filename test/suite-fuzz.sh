# test/suite-fuzz.sh - the fuzzing harnesses (fuzz/, doc/fuzzing.md) in
# the test suite: replay of the committed corpus and of the fixed-bug
# reproducers in fuzz/crashes/ with gcc-built drivers (always), a check
# that the harness's own checks can fail, and a short fresh libFuzzer run
# per harness when clang's libFuzzer is installed.  Sourced by run.sh.

FUZZ_SHORT=${VX32_FUZZ_SECONDS:-8}	# per harness

# fuzz_replay NAME DRIVER DIR...: every input must run clean.
fuzz_replay() {
	local name=$1 driver=$2
	shift 2
	selected "$name" || return 0
	if [ $MODE = qemu ]; then skip "$name" "links libvx32"; return; fi
	[ -x "$driver" ] || { fail "$name" "$driver not built"; return; }
	execute /dev/null "$TMP/out" "$TMP/err" "$driver" "$@"
	if [ $status = 0 ] && grep -q '^replayed [0-9]* inputs$' "$TMP/out"; then
		pass "$name"
	else
		fail "$name" "status $status on $(grep '^replay: ' "$TMP/err" | tail -1 | cut -c9-): $(grep -v '^replay: ' "$TMP/err" | head -3 | tr '\n' ' ' | cut -c1-300)"
	fi
}

# fuzz_selftest KIND: damage injected after the run must be reported.
fuzz_selftest() {
	local name=fuzz/selftest-$1 kind=$1
	selected "$name" || return 0
	if [ $MODE = qemu ]; then skip "$name" "links libvx32"; return; fi
	# through sh, so that the expected abort is reported in $TMP/err
	# and not by run.sh's shell
	VX32_FUZZ_SELFTEST=$kind execute /dev/null "$TMP/out" "$TMP/err" \
		sh -c '"$@"' sh "$OUT/fuzz/replay-code" "$TOP/fuzz/corpus/code"
	if [ $status = 77 ]; then
		skip "$name" "$(sed -n 's/^vx32-fuzz: no /no /p' "$TMP/err" | head -1)"
	elif [ $status != 0 ] && grep -q '^vx32-fuzz: BUG: ' "$TMP/err"; then
		pass "$name"
	else
		fail "$name" "damage ($kind) not detected: status $status"
	fi
}

# fuzz_short TARGET: a fresh libFuzzer run from the committed corpus.
fuzz_short() {
	local t=$1 name=fuzz/libfuzzer-$1 bin=$TOP/fuzz/out/fuzz-$1 flags
	selected "$name" || return 0
	if [ $MODE = qemu ]; then skip "$name" "links libvx32"; return; fi
	if [ ! -x "$bin" ]; then
		skip "$name" "clang/libFuzzer missing: apt-get install clang libclang-rt-dev"
		return
	fi
	case $t in
	code)	flags="-max_len=4096 -dict=$TOP/fuzz/code.dict" ;;
	elf)	flags="-max_len=32768" ;;
	esac
	mkdir -p "$TMP/fuzz-$t" "$TMP/crash-$t"
	# -runs=... would be deterministic but slow on a loaded machine;
	# time-bound like `make fuzz`.  A hang is the harness's own limit of
	# 2 s of CPU time per input (fuzz/selftest-slow shows it works),
	# which load does not trip; libFuzzer's wall-clock -timeout only
	# backs it up (a unit once waited 16 s for a CPU at load 8).
	execute /dev/null "$TMP/out" "$TMP/err" "$bin" "$TMP/fuzz-$t" \
		"$TOP/fuzz/corpus/$t" $flags -timeout=60 -rss_limit_mb=2048 \
		-max_total_time=$FUZZ_SHORT -artifact_prefix="$TMP/crash-$t/"
	if [ $status = 0 ] && grep -q '^Done [0-9]* runs' "$TMP/err"; then
		pass "$name"
	else
		local c
		c=$(ls "$TMP/crash-$t" 2>/dev/null | head -1)
		if [ -n "$c" ]; then
			mkdir -p "$OUT/fuzz/crashes"
			cp "$TMP/crash-$t/$c" "$OUT/fuzz/crashes/$t-$c"
		fi
		fail "$name" "status $status, input kept as ${c:+$OUT/fuzz/crashes/$t-$c}: $(grep -m1 'BUG\|ERROR' "$TMP/err" | cut -c1-200)"
	fi
}

suite_fuzz() {
	if limits_waived; then
		selected fuzz/ && skip fuzz "random guest code reaches past its address space: needs segment limits (VX32_SEG_UNSAFE_NO_LIMITS)"
		return
	fi
	fuzz_replay fuzz/replay-code "$OUT/fuzz/replay-code" "$TOP/fuzz/corpus/code"
	fuzz_replay fuzz/replay-elf "$OUT/fuzz/replay-elf" "$TOP/fuzz/corpus/elf"
	local d
	for d in code elf; do
		[ -d "$TOP/fuzz/crashes/$d" ] && fuzz_replay "fuzz/crashes-$d" \
			"$OUT/fuzz/replay-$d" "$TOP/fuzz/crashes/$d"
	done
	for d in canary-below canary-above heap sigmask segregs slow; do
		fuzz_selftest $d
	done
	fuzz_short code
	fuzz_short elf
}
