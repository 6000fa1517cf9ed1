# suite-ports.sh - real programs ported with vxcc: Lua 5.4 and zlib,
# built from Debian's bookworm source packages (tools/fetch-src.sh), each
# also built natively for the host (gcc, x86-64, glibc) as the reference.
#
# Sourced by test/run.sh, which calls suite_ports.  Without network access
# on the first run (the sources are cached in test/out/src) the tests
# SKIP with the reason fetch-src.sh gives.
#
# Lua: every test/ports/lua/*.lua runs as `vxrun lua.vx - < script` and
# natively; stdout and status must be equal.  clock.lua needs the clock
# (`vxrun --clock`) and checks against the host's time; noclock.lua runs
# without it.  Lua's own test suite (lua-5.4.4-tests, a separate download
# from lua.org, not part of Debian's package) runs when VX32_LUA_TESTS
# names its unpacked directory.  zlib: its example program, and
# minigzip compressing and decompressing as a filter.

PORTS=$OUT/ports

# ports_build PACKAGE TARGET VAR: fetch and build; sets $port_why on failure.
ports_build() {
	local src log=$TMP/ports-build.log
	if ! src=$("$TOP/tools/fetch-src.sh" "$1" 2>"$TMP/fetch.err"); then
		port_why="source not available: $(tail -1 "$TMP/fetch.err")"
		return 2
	fi
	if ! make -s -C "$TOP" -f test/ports/ports.mk "$3=$src" \
		EXAMPLE_FLAGS=-DNO_GZCOMPRESS "$2" >"$log" 2>&1; then
		port_why="build failed: $(grep -m1 -E 'error|undefined' "$log" | cut -c1-200)"
		return 1
	fi
	return 0
}

# port_compare NAME IN VX-OPTS -- VX-ARGS... : run PORTS/VX (vx args)
# under vxrun and the native twin, compare stdout and status.  NATIVE is
# the native binary; NORM a filter applied to both outputs.
port_compare() {
	local name=$1 in=$2 native=$3
	shift 3
	selected "$name" || return 0
	IN=$in vx "$@" || { fail "$name" "$why"; return; }
	parse_outcome
	local vs=$status
	execute "$in" "$TMP/ref.out" "$TMP/ref.err" "$native" "${ARGS[@]}"
	if [ -n "${NORM:-}" ]; then
		sh -c "$NORM" < "$TMP/out" > "$TMP/norm" && mv "$TMP/norm" "$TMP/out"
		sh -c "$NORM" < "$TMP/ref.out" > "$TMP/norm" && mv "$TMP/norm" "$TMP/ref.out"
	fi
	if [ "$vs" != "$status" ]; then
		fail "$name" "vxrun status $vs ($outcome), native $status: $(head -c 200 "$TMP/err")"
	elif ! cmp -s "$TMP/out" "$TMP/ref.out"; then
		fail "$name" "differs from native: $(diff "$TMP/ref.out" "$TMP/out" | sed -n 2,3p | tr '\n' ' ' | cut -c1-200)"
	else
		pass "$name"
	fi
}

ports_lua() {
	local f n lua=$PORTS/lua/lua.vx native=$PORTS/lua/lua.native r
	selected ports/lua || return 0
	ports_build lua5.4 lua LUA_SRC
	r=$?
	if [ $r != 0 ]; then
		[ $r = 2 ] && skip ports/lua "$port_why" || fail ports/lua "$port_why"
		return
	fi
	for f in "$TOP"/test/ports/lua/*.lua; do
		n=$(basename "$f" .lua)
		case $n in
		clock) ports_lua_clock "$f"; continue ;;
		esac
		port_compare "ports/lua/$n" "$f" "$native" "$lua" -
	done
	ports_lua_noclock
	ports_lua_io
	ports_lua_suite
}

# Without --clock, time() is (time_t)-1 and clock() (clock_t)-1, as C
# specifies for a clock that is not available: Lua's os.time() then
# raises its error and os.clock() is -1 / CLOCKS_PER_SEC.
ports_lua_noclock() {
	local n=ports/lua/noclock
	selected $n || return 0
	printf 'print(pcall(os.time))\nprint(os.clock())\n' > "$TMP/noclock.lua"
	IN=$TMP/noclock.lua vx "$PORTS/lua/lua.vx" - || { fail $n "$why"; return; }
	printf 'false\ttime result cannot be represented in this installation\n-1e-06\n' > "$TMP/want"
	if cmp -s "$TMP/out" "$TMP/want"; then
		pass $n
	else
		fail $n "got '$(tr '\n' '|' < "$TMP/out")'"
	fi
}

# The clock: vxrun --clock grants it; the native run has it anyway.
ports_lua_clock() {
	local n=ports/lua/clock
	selected $n || return 0
	[ $MODE = qemu ] && { skip $n "vxrun option"; return; }
	sed "s/HOST_TIME/$(date +%s)/" "$1" > "$TMP/clock.lua"
	port_compare $n "$TMP/clock.lua" "$PORTS/lua/lua.native" --clock -- \
		"$PORTS/lua/lua.vx" -
}

# io on the standard streams: the script comes with -e, stdin is data.
ports_lua_io() {
	local f n=ports/lua/io-stdin
	selected $n || return 0
	port_compare $n "$DATA/text" "$PORTS/lua/lua.native" "$PORTS/lua/lua.vx" -e '
		local n, w, long = 0, 0, ""
		for l in io.lines() do
			n = n + 1
			for _ in l:gmatch("%S+") do w = w + 1 end
			if #l > #long then long = l end
		end
		io.stderr:write("to stderr\n")
		io.write(n, " lines ", w, " words, longest: ", long, "\n")
		print(io.read("l"), io.read(0), io.read("a"))'
}

# Lua's own tests that need no files, when the suite is there.
ports_lua_suite() {
	local n=ports/lua/testes dir=${VX32_LUA_TESTS:-} t failed=
	selected $n || return 0
	if [ -z "$dir" ] || [ ! -f "$dir/all.lua" ]; then
		skip $n "Lua's test suite is not in Debian's lua5.4 source package (it is lua-5.4.4-tests.tar.gz from lua.org); set VX32_LUA_TESTS to its unpacked directory"
		return
	fi
	for t in strings math sort tpack utf8 bitwise vararg closure coroutine \
		 nextvar pm literals constructs events calls locals goto cstack; do
		[ -f "$dir/$t.lua" ] || continue
		(cd "$dir" && timeout -s KILL 300 "$VXRUN" -m 1G "$PORTS/lua/lua.vx" \
			-e "_port=true; _soft=true" "$t.lua" ) >"$TMP/lt.out" 2>&1 ||
			failed="$failed $t"
	done
	if [ -n "$failed" ]; then
		fail $n "failed:$failed"
	else
		pass $n
	fi
}

ports_zlib() {
	local n r ex=$PORTS/zlib/example mg=$PORTS/zlib/minigzip f
	selected ports/zlib || return 0
	ports_build zlib zlib ZLIB_SRC
	r=$?
	if [ $r != 0 ]; then
		[ $r = 2 ] && skip ports/zlib "$port_why" || fail ports/zlib "$port_why"
		return
	fi
	# the compile flags word encodes type sizes: 32-bit here, 64 natively
	NORM="sed 's/, compile flags = 0x[0-9a-f]*//'" \
		port_compare ports/zlib/example /dev/null "$ex.native" "$ex.vx"
	for f in empty text bin-1M; do
		port_compare "ports/zlib/minigzip-$f" "$DATA/$f" "$mg.native" "$mg.vx"
		n=ports/zlib/gunzip-$f
		selected $n || continue
		# the host's gzip reads what minigzip wrote, and minigzip -d
		# reads it back
		IN=$DATA/$f vx "$mg.vx" && cp "$TMP/out" "$TMP/z.gz"
		if ! gzip -dc < "$TMP/z.gz" | cmp -s - "$DATA/$f"; then
			fail $n "gzip -dc does not give the input back"
		elif ! IN=$TMP/z.gz vx "$mg.vx" -d || ! cmp -s "$TMP/out" "$DATA/$f"; then
			fail $n "minigzip -d does not give the input back"
		else
			pass $n
		fi
	done
}

suite_ports() {
	if [ $MODE = qemu ]; then
		selected ports && skip ports "compares vxrun with native builds"
		return
	fi
	ports_lua
	ports_zlib
}
