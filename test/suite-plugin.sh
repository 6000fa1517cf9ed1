# suite-plugin.sh - the plug-in examples (examples/examples.mk): zlib and
# giflib from Debian's source packages as sandboxed plug-ins, against the
# same libraries linked natively.
#
# Sourced by test/run.sh, which calls suite_plugin.  The sources come
# from tools/fetch-src.sh (cached in test/out/src); without them the
# tests SKIP with the reason it gives.
#
# zlib: compression by the plug-in is byte-identical to native zlib's,
# and decompression (by either) gives the input back, for text and
# binary data at several levels; corrupt input is refused alike; each
# attack of the hostile plug-in (examples/zlib/evil.c) ends with a
# report and exit 3, the host's memory intact.  VX32_BIG=1 adds the
# 100 MiB round trip.  gif: every picture in giflib's pic/ decodes to the
# same image sandboxed and natively; damaged pictures give the same
# result or error both ways.

EXAMPLES=$TOP/examples/out

# plugin_wanted GROUP: may a test of GROUP (plugin/zlib ...) be selected?
# (the patterns name it, a test in it, or nothing in particular)
plugin_wanted() {
	local p
	selected "$1" && return 0
	for p in "${PATTERNS[@]}"; do
		case $p in "$1"/*) return 0 ;; esac
	done
	return 1
}

# examples_build TARGET VAR=PACKAGE...: fetch and build; $ex_why on failure.
examples_build() {
	local target=$1 var pkg src log=$TMP/examples-build.log args=()
	shift
	for var in "$@"; do
		pkg=${var#*=}
		if ! src=$("$TOP/tools/fetch-src.sh" "$pkg" 2>"$TMP/fetch.err"); then
			ex_why="source not available: $(tail -1 "$TMP/fetch.err")"
			return 2
		fi
		args+=("${var%%=*}=$src")
	done
	if ! make -s -C "$TOP" -f examples/examples.mk "${args[@]}" "$target" \
		>"$log" 2>&1; then
		ex_why="build failed: $(grep -m1 -E 'error|undefined' "$log" | cut -c1-200)"
		return 1
	fi
	return 0
}

# Text that compresses like text: words, numbers and punctuation from a
# fixed-seed generator, MiB megabytes of it.
plugin_text() {
	local f=$DATA/ztext-$1M
	if [ ! -f "$f" ]; then
		awk -v mib="$1" 'BEGIN {
			srand(7)
			n = split("the of and a to in is you that it he was for on are as with his they I at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part", w, " ")
			total = mib * 1048576
			while (bytes < total) {
				line = ""
				k = 3 + int(rand() * 12)
				for (j = 0; j < k; j++) {
					x = rand()
					t = (x < 0.05) ? int(rand() * 100000) : w[1 + int(rand() * n)]
					line = line (j ? " " : "") t
				}
				line = line (rand() < 0.3 ? "." : ",")
				print line
				bytes += length(line) + 1
			}
		}' | head -c $(($1 * 1048576)) > "$f.tmp" && mv "$f.tmp" "$f"
	fi
	echo "$f"
}

# zlib_same NAME INPUT OPTS...: the plug-in's output equals native zlib's,
# and both decompressors give the input back.
zlib_same() {
	local n=$1 in=$2 z=$EXAMPLES/zsandbox
	shift 2
	selected "$n" || return 0
	execute "$in" "$TMP/zv" "$TMP/zv.err" "$z" "$@"
	local vs=$status
	execute "$in" "$TMP/zn" "$TMP/zn.err" "$z" --native "$@"
	if [ $vs != 0 ] || [ $status != 0 ]; then
		fail "$n" "exit status $vs (plug-in), $status (native): $(head -c 200 "$TMP/zv.err" "$TMP/zn.err" | tr '\n' ' ')"
	elif ! cmp -s "$TMP/zv" "$TMP/zn"; then
		fail "$n" "compressed output differs from native zlib's: $(cmp "$TMP/zv" "$TMP/zn" 2>&1)"
	elif ! execute "$TMP/zv" "$TMP/dv" "$TMP/dv.err" "$z" -d ||
	     [ $status != 0 ] || ! cmp -s "$TMP/dv" "$in"; then
		fail "$n" "the plug-in does not decompress it back (status $status: $(head -c 200 "$TMP/dv.err"))"
	elif ! execute "$TMP/zv" "$TMP/dn" "$TMP/dn.err" "$z" --native -d ||
	     [ $status != 0 ] || ! cmp -s "$TMP/dn" "$in"; then
		fail "$n" "native zlib does not decompress it back (status $status)"
	else
		pass "$n"
	fi
}

plugin_zlib() {
	local r f a n why line text
	plugin_wanted plugin/zlib || return 0
	examples_build zlib ZLIB_SRC=zlib
	r=$?
	if [ $r != 0 ]; then
		[ $r = 2 ] && skip plugin/zlib "$ex_why" || fail plugin/zlib "$ex_why"
		return
	fi
	text=$(plugin_text 16)
	zlib_same plugin/zlib/text-16M "$text"
	text=$(plugin_text 4)
	zlib_same plugin/zlib/text-4M-level1 "$text" -1
	zlib_same plugin/zlib/text-4M-level9 "$text" -9
	zlib_same plugin/zlib/binary-16M "$DATA/bin-16M"
	zlib_same plugin/zlib/level0 "$DATA/text" -0
	zlib_same plugin/zlib/empty "$DATA/empty"
	zlib_same plugin/zlib/one-byte "$DATA/one"
	if [ "${VX32_BIG:-0}" = 1 ]; then
		zlib_same plugin/zlib/text-100M "$(plugin_text 100)"
	fi

	# damaged compressed data: refused alike (exit 2, zlib's message)
	n=plugin/zlib/corrupt
	if selected $n; then
		"$EXAMPLES/zsandbox" --native < "$DATA/text" > "$TMP/c.z"
		printf 'garbage!' | dd of="$TMP/c.z" bs=1 seek=5000 conv=notrunc 2>/dev/null
		execute "$TMP/c.z" "$TMP/cv" "$TMP/cv.err" "$EXAMPLES/zsandbox" -d
		local vs=$status
		execute "$TMP/c.z" "$TMP/cn" "$TMP/cn.err" "$EXAMPLES/zsandbox" --native -d
		if [ $vs != 2 ] || [ $status != 2 ]; then
			fail $n "exit status $vs (plug-in), $status (native), want 2: $(head -c 200 "$TMP/cv.err")"
		elif ! cmp -s "$TMP/cv.err" "$TMP/cn.err" || ! cmp -s "$TMP/cv" "$TMP/cn"; then
			fail $n "plug-in and native differ: '$(head -1 "$TMP/cv.err")' / '$(head -1 "$TMP/cn.err")'"
		else
			pass $n
		fi
	fi

	# the hostile plug-in: attack letter, and what the report must say
	while read -r a why; do
		n=plugin/zlib/evil-$a
		selected $n || continue
		printf '%spayload' "$a" > "$TMP/attack"
		execute "$TMP/attack" "$TMP/eo" "$TMP/ee" "$EXAMPLES/zsandbox" \
			-p "$EXAMPLES/evil.vxp" -t 0.5 -m 64
		line=$(grep -m1 '^zsandbox: the plug-in failed' "$TMP/ee")
		if [ $status != 3 ]; then
			fail $n "exit status $status, want 3: $(head -c 300 "$TMP/ee" | tr '\n' ' ')"
		elif [[ $line != *"$why"* ]]; then
			fail $n "report '$line' does not say '$why'"
		elif ! grep -q "^zsandbox: contained: the host's memory is intact" "$TMP/ee"; then
			fail $n "no 'contained ... intact' line: $(tr '\n' ' ' < "$TMP/ee" | cut -c1-300)"
		elif [ -s "$TMP/eo" ]; then
			fail $n "wrote $(wc -c < "$TMP/eo") bytes of output"
		else
			pass $n
		fi
	done <<'EOF'
w page fault at eip 0x
r read from 0x00400000
j instruction fetch from 0x00401000
s int 0x80 at eip
l CPU time limit
m write to 0x00000000
o does not match the buffers
k instruction fetch from 0x41414141
x (deflate+0x
EOF
}

plugin_gif() {
	local r f n src vs
	plugin_wanted plugin/gif || return 0
	examples_build gif GIF_SRC=giflib
	r=$?
	if [ $r != 0 ]; then
		[ $r = 2 ] && skip plugin/gif "$ex_why" || fail plugin/gif "$ex_why"
		return
	fi
	src=$("$TOP/tools/fetch-src.sh" giflib)
	for f in "$src"/pic/*.gif; do
		n=plugin/gif/$(basename "$f" .gif)
		selected "$n" || continue
		execute "$f" "$TMP/gv" "$TMP/gv.err" "$EXAMPLES/gifsandbox"
		vs=$status
		execute "$f" "$TMP/gn" "$TMP/gn.err" "$EXAMPLES/gifsandbox" --native
		if [ $vs != 0 ] || [ $status != 0 ]; then
			fail "$n" "exit status $vs (plug-in), $status (native): $(head -c 200 "$TMP/gv.err" "$TMP/gn.err" | tr '\n' ' ')"
		elif ! cmp -s "$TMP/gv" "$TMP/gn"; then
			fail "$n" "the image differs from native giflib's: $(cmp "$TMP/gv" "$TMP/gn" 2>&1)"
		elif ! head -c 2 "$TMP/gv" | grep -q P6; then
			fail "$n" "not a PPM image"
		else
			pass "$n"
		fi
	done
	# Damaged pictures: the same image or the same error, sandboxed and
	# native (a native crash is not compared).
	n=plugin/gif/damaged
	if selected $n; then
		local i seed=1 bad=0 same=0 errs=0 size at pics=("$src"/pic/*.gif)
		for i in $(seq 1 60); do
			f=${pics[$((i % ${#pics[@]}))]}
			cp "$f" "$TMP/d.gif"
			size=$(wc -c < "$f")
			seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
			at=$(( seed % size ))
			printf "\\x$(printf %02x $(( (seed >> 8) & 255 )))\\x$(printf %02x $(( (seed >> 16) & 255 )))" |
				dd of="$TMP/d.gif" bs=1 seek=$at conv=notrunc 2>/dev/null
			execute "$TMP/d.gif" "$TMP/gv" "$TMP/gv.err" "$EXAMPLES/gifsandbox"
			vs=$status
			execute "$TMP/d.gif" "$TMP/gn" "$TMP/gn.err" "$EXAMPLES/gifsandbox" --native
			[ $status -gt 128 ] && continue
			if [ $vs != $status ] || ! cmp -s "$TMP/gv" "$TMP/gn"; then
				bad=$((bad + 1))
				why="$(basename "$f") damaged at $at: status $vs/$status"
			else
				same=$((same + 1))
				[ $vs != 0 ] && errs=$((errs + 1))
			fi
		done
		if [ $bad != 0 ]; then
			fail $n "$bad pictures decoded differently, e.g. $why"
		elif [ $same -lt 30 ] || [ $errs = 0 ]; then
			fail $n "only $same damaged pictures compared ($errs refused by both)"
		else
			pass $n
		fi
	fi
}

suite_plugin() {
	if [ $MODE = qemu ]; then
		selected plugin && skip plugin "runs libvx32 host programs"
		return
	fi
	plugin_zlib
	plugin_gif
}
