# suite-bench.sh - smoke test of the benchmarks (bench/): at the tiny size
# given in bench/list, each benchmark's result under vxrun, and that of
# its i386 build under qemu-i386, equals its native x86-64 build's, so
# `make bench` can never time a wrong program.  Also checks the timing
# runner and the null-call host program.  Sourced by test/run.sh.

# bench_same NAME RESULT: compare the result stream (stdout or stderr) of
# the last run, in $TMP/out or $TMP/err, with the native one.
bench_same() {
	local got=$TMP/out want=$TMP/native.out
	if [ "$2" = stderr ]; then
		got=$TMP/err want=$TMP/native.err
	fi
	if [ $status != 0 ]; then
		why="exit status $status: $(head -c 200 "$TMP/err" | tr '\n' ' ')"
		return 1
	fi
	if ! cmp -s "$got" "$want"; then
		why="result differs from native: '$(head -c 100 "$got" | tr '\n' ' ')' vs '$(head -c 100 "$want" | tr '\n' ' ')'"
		return 1
	fi
	return 0
}

suite_bench() {
	local B=$TOP/bench/out name group stdin result tiny t out
	while read -r name group stdin result tiny; do
		case $name in ''|'#'*) continue ;; esac
		t=bench/$name
		selected "$t" || continue
		out=$TMP/out
		[ "$result" = stderr ] && out=/dev/null
		if [ ! -x "$B/$name.native" ]; then
			fail "$t/native" "$B/$name.native not built"
			continue
		fi
		execute "$stdin" "$TMP/native.out" "$TMP/native.err" \
			"$B/$name.native" "$tiny"
		if [ $status != 0 ]; then
			fail "$t/native" "exit status $status: $(head -c 200 "$TMP/native.err")"
			continue
		fi
		if [ ! -s "$TMP/native.out" ] && [ ! -s "$TMP/native.err" ]; then
			fail "$t/native" "no result line"
			continue
		fi
		if [ $MODE = vxrun ]; then
			if [ ! -f "$B/$name.vx" ]; then
				fail "$t/vxrun" "$B/$name.vx not built"
			else
				execute "$stdin" "$out" "$TMP/err" "$VXRUN" "$B/$name.vx" "$tiny"
				if bench_same "$name" "$result"; then pass "$t/vxrun"; else fail "$t/vxrun" "$why"; fi
			fi
		fi
		if [ ! -f "$B/$name.i386" ]; then
			fail "$t/qemu" "$B/$name.i386 not built"
		elif ! command -v "$QEMU" >/dev/null; then
			skip "$t/qemu" "$QEMU not installed"
		else
			execute "$stdin" "$out" "$TMP/err" "$QEMU" "$B/$name.i386" "$tiny"
			if bench_same "$name" "$result"; then pass "$t/qemu"; else fail "$t/qemu" "$why"; fi
		fi
	done < "$TOP/bench/list"

	# The runner: a known exit status, a signal, its output redirection.
	t=bench/timeit
	if selected $t; then
		local line
		if [ ! -x "$B/timeit" ]; then
			fail $t "$B/timeit not built"
		elif line=$("$B/timeit" -o "$TMP/out" sh -c 'echo hi; exit 3') &&
		     [[ $line =~ ^[0-9]+\.[0-9]{6}\ [0-9]+\.[0-9]{6}\ 3$ ]] &&
		     [ "$(cat "$TMP/out")" = hi ] &&
		     line=$("$B/timeit" sh -c 'kill -9 $$') && [[ $line == *" 137" ]] &&
		     line=$("$B/timeit" -t 1 sleep 5) && [[ $line == *" timeout" ]]; then
			pass $t
		else
			fail $t "unexpected report '$line'"
		fi
	fi

	t=bench/nullcall
	if selected $t; then
		if [ $MODE = qemu ]; then
			skip $t "links libvx32"
		elif [ ! -x "$B/nullcall" ]; then
			fail $t "$B/nullcall not built"
		else
			execute /dev/null "$TMP/out" "$TMP/err" "$B/nullcall" 1000
			if [ $status = 0 ] && grep -Eq '^nullcall: 1000 round trips: [0-9.]+ ns each, guest loop [0-9.]+ ns, net -?[0-9.]+ ns$' "$TMP/out"; then
				pass $t
			else
				fail $t "exit status $status: $(head -c 200 "$TMP/out" "$TMP/err" | tr '\n' ' ')"
			fi
		fi
	fi
}
