# suite-runner.sh - the test runner's own rules.
#
# Sourced by test/run.sh, which calls suite_runner.
#   runner/strict-skips          under VX32_STRICT_SKIPS=1 a SKIP that the
#                                allowed list does not name is a FAIL and
#                                the run exits 1
#   runner/strict-skips-allowed  one the list names stays a SKIP, counted
#                                and repeated at the end, and the run
#                                exits 0
# Both run test/run.sh itself on the vxrun/help tests in qemu mode, where
# those tests skip ("vxrun itself").
#   runner/mutants-apply         every mutant of test/mutants.txt still
#                                applies (tools/mutate.sh -l): after a merge
#                                that moved code, re-anchor the ones named

runner_self() {
	execute /dev/null "$TMP/runner.out" "$TMP/runner.err" env "$@" \
		VX32_RUNNER=qemu VX32_STRICT_SKIPS=1 "$TOP/test/run.sh" vxrun/help
}

suite_runner() {
	local n=runner/strict-skips
	if selected $n; then
		printf '# nothing allowed\n' > "$TMP/allowed"
		runner_self VX32_ALLOWED_SKIPS="$TMP/allowed"
		if [ $status != 1 ] ||
		   ! grep -q '^FAIL vxrun/help-h: skipped (vxrun itself), and .* does not allow it' "$TMP/runner.out" ||
		   grep -q '^SKIP' "$TMP/runner.out" ||
		   [ "$(tail -3 "$TMP/runner.out" | head -2 | grep -c '^failed: vxrun/help-.*: skipped (vxrun itself)')" != 2 ] ||
		   [ "$(tail -1 "$TMP/runner.out")" != "0 passed, 2 failed" ]; then
			fail $n "status $status: $(tail -3 "$TMP/runner.out" | tr '\n' ' ')"
		else
			pass $n
		fi
	fi
	n=runner/strict-skips-allowed
	if selected $n; then
		printf '# a comment\n\nvxrun/help-*   vxrun is not under test in qemu mode\n' > "$TMP/allowed"
		runner_self VX32_ALLOWED_SKIPS="$TMP/allowed"
		if [ $status != 0 ] ||
		   [ "$(grep -c '^SKIP vxrun/help-.*: vxrun itself$' "$TMP/runner.out")" != 2 ] ||
		   [ "$(grep -c '^skipped: vxrun/help-' "$TMP/runner.out")" != 2 ] ||
		   [ "$(tail -1 "$TMP/runner.out")" != "0 passed, 0 failed, 2 skipped" ]; then
			fail $n "status $status: $(tail -3 "$TMP/runner.out" | tr '\n' ' ')"
		else
			pass $n
		fi
	fi
	n=runner/mutants-apply
	if selected $n; then
		execute /dev/null "$TMP/runner.out" "$TMP/runner.err" \
			"$TOP/tools/mutate.sh" -l
		if [ $status = 0 ]; then
			pass $n
		else
			fail $n "$(grep -m3 'mutate:' "$TMP/runner.err" "$TMP/runner.out" | cut -d: -f2- | tr '\n' ' ' | cut -c1-300)"
		fi
	fi
}
