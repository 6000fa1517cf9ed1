# test/suite-linuxmt.sh - vxlinux under real multithreaded and parallel
# programs no one here wrote.
#
# Sourced by test/run.sh, which calls suite_linuxmt.  Tests:
#   linux/xz/*        xz 5.4.1 from Debian bookworm's source package
#       (tools/fetch-src.sh xz-utils), built static for i386 with
#       `gcc -m32` and cached in test/out/linuxmt.  `xz -T2` compresses
#       with two encoder threads and decompresses with two decoder
#       threads; the .xz bytes must equal those of the same binary run
#       natively (where this machine runs i386) or under qemu-i386, the
#       round trip must give the input back, and vxlinux's --trace must
#       show the worker threads being created.
#   linux/parallel/*  a make -j2-style job graph run by Debian's static
#       busybox (its sh, `xargs -P2`, `&` and `wait`): eight parts
#       compressed by xz -T2 two at a time, then decompressed and hashed
#       in parallel; the hashes must be the host's sha256sum of the
#       parts, and the host's xz must accept every .xz made.
#   linux/stress/*    the pthread suite (test/linux/threads.c) and the
#       xz round trip, VX32_STRESS times in a row (default 20 for threads,
#       5 for xz: 20 runs of xz alone take a minute on two cores; set
#       VX32_STRESS=20 for the issue's full 20-run check).
# The sources are fetched once; without network access on the first
# run the tests SKIP with the reason fetch-src.sh gives.

MT_OUT=$OUT/linuxmt

# mt_build_xz: fetch and build xz once; sets XZ, or XZ_WHY.
mt_build_xz() {
	local src b=$MT_OUT/xz-build log=$MT_OUT/xz-build.log
	XZ= XZ_WHY=
	if [ -x "$MT_OUT/xz" ]; then
		XZ=$MT_OUT/xz
		return
	fi
	if ! src=$("$TOP/tools/fetch-src.sh" xz-utils 2>"$TMP/fetch.err"); then
		XZ_WHY="source not available: $(tail -1 "$TMP/fetch.err")"
		return
	fi
	rm -rf "$b" && mkdir -p "$b"
	# libtool drops a plain -static from the link: -all-static is its
	# word for a static program.
	if ! (cd "$b" && "$src/configure" CC="gcc -m32" CFLAGS=-O2 \
		--host=i686-linux-gnu --build=x86_64-linux-gnu \
		--disable-shared --enable-static --disable-nls --disable-doc \
		--disable-scripts --disable-xzdec --disable-lzmadec \
		--disable-lzmainfo --disable-lzma-links &&
	      make -j2 -C src/liblzma && make -C src/xz LDFLAGS=-all-static) \
		>"$log" 2>&1; then
		XZ_WHY="xz build failed: $(grep -m1 -E 'error|undefined' "$log" | cut -c1-200) (see $log)"
		return
	fi
	cp "$b/src/xz/xz" "$MT_OUT/xz"
	XZ=$MT_OUT/xz
}

# mt_ref_runner: how this machine runs i386 programs for a reference:
# sets REF (empty: natively) or REF_WHY.
mt_ref_runner() {
	REF= REF_WHY=
	i386_native && return
	if command -v "$QEMU" >/dev/null; then
		REF=$QEMU
	else
		REF_WHY="no reference: this machine does not run i386 programs and $QEMU is not installed"
	fi
}

# mt_input FILE: 3 MiB of deterministic, compressible text.
mt_input() {
	[ -f "$1" ] && return
	awk 'BEGIN { x = 1; for (i = 0; i < 60000; i++) {
		x = (x * 1103515245 + 12345) % 2147483648
		printf "%06d %s %d\n", i, substr("lorem ipsum dolor sit amet consectetur adipiscing elit", x % 40 + 1, 12), x % 9973 } }' > "$1.tmp" &&
	mv "$1.tmp" "$1"
}

# xz with a block size that gives each of the two threads several blocks
XZ_OPTS=(-T2 -3 --block-size=256KiB)

# mt_xz_roundtrip NAME: one compression and decompression under vxlinux,
# checked against the reference's .xz and the input; the trace file of
# the compression is left in $TMP/xz.trace.
mt_xz_roundtrip() {
	local in=$MT_OUT/input.txt
	LX_IN=$in lx "$VXLINUX" --trace "$XZ" "${XZ_OPTS[@]}" -c
	cp "$TMP/err" "$TMP/xz.trace"
	cp "$TMP/out" "$TMP/vx.xz"
	if [ $status != 0 ]; then
		why="xz -T2 compressing: status $status: $(grep -v '^\[' "$TMP/err" | head -c 200)"
		return 1
	fi
	if ! cmp -s "$TMP/vx.xz" "$MT_OUT/ref.xz"; then
		why="xz -T2 output differs from the reference's ($(wc -c < "$TMP/vx.xz") bytes, reference $(wc -c < "$MT_OUT/ref.xz"))"
		return 1
	fi
	LX_IN=$TMP/vx.xz lx "$VXLINUX" "$XZ" -T2 -dc
	if [ $status != 0 ]; then
		why="xz -T2 -d: status $status: $(head -c 200 "$TMP/err")"
		return 1
	fi
	if ! cmp -s "$TMP/out" "$in"; then
		why="xz -T2 -d does not give the input back"
		return 1
	fi
	return 0
}

linux_xz() {
	local n in=$MT_OUT/input.txt threads f

	selected linux/xz || selected linux/stress/xz || return 0
	mkdir -p "$MT_OUT"
	mt_build_xz
	if [ -z "$XZ" ]; then
		skip linux/xz "$XZ_WHY"
		return
	fi
	mt_ref_runner
	if [ -n "$REF_WHY" ]; then
		skip linux/xz "$REF_WHY"
		return
	fi
	mt_input "$in"
	if [ ! -s "$MT_OUT/ref.xz" ]; then
		LX_IN=$in lx_ref $REF "$XZ" "${XZ_OPTS[@]}" -c
		[ $ref_status = 0 ] && cp "$TMP/ref.out" "$MT_OUT/ref.xz"
	fi
	if [ ! -s "$MT_OUT/ref.xz" ]; then
		fail linux/xz "the reference (${REF:-native}) cannot run xz: $(head -c 200 "$TMP/ref.err")"
		return
	fi
	n=linux/xz/T2-roundtrip
	if selected $n; then
		if mt_xz_roundtrip; then
			pass $n
		else
			fail $n "$why"
		fi
		# both threads of the encoder made by clone(CLONE_THREAD)
		threads=0
		for f in $(sed -n 's/^\[[0-9]*\] clone(\(0x[0-9a-f]*\),.*/\1/p' "$TMP/xz.trace"); do
			(( f & 0x10000 )) && threads=$((threads + 1))	# CLONE_THREAD
		done
		if [ "$threads" -ge 2 ]; then
			pass linux/xz/T2-threads
		else
			fail linux/xz/T2-threads "xz -T2 made $threads threads, not 2: $(grep -m2 clone "$TMP/xz.trace" | tr '\n' ' ' | cut -c1-200)"
		fi
	fi
	n=linux/xz/list
	if selected $n; then
		# xz -lvv reads the index: the blocks the threads made
		LX_IN=/dev/null lx "$VXLINUX" "$XZ" -lvv --robot "$MT_OUT/ref.xz"
		lx_ref $REF "$XZ" -lvv --robot "$MT_OUT/ref.xz"
		lx_same $n
	fi
	mt_stress linux/stress/xz "${VX32_STRESS:-5}" mt_xz_roundtrip
}

# mt_stress NAME N FUNCTION: FUNCTION N times in a row, all must succeed.
mt_stress() {
	local i name=$1 times=$2 fn=$3
	selected "$name" || return 0
	for ((i = 1; i <= times; i++)); do
		if ! $fn; then
			fail "$name" "run $i of $times: $why"
			return
		fi
	done
	pass "$name"
}

mt_threads_once() {
	lx "$VXLINUX" "$LINUX_OUT/threads" 1
	if [ $status = 0 ] && grep -q '^0 failures$' "$TMP/out"; then
		return 0
	fi
	why="status $status: $(grep -a -m3 FAIL "$TMP/out" | tr '\n' ' ' | cut -c1-200) $(head -c 200 "$TMP/err")"
	return 1
}

linux_parallel() {
	local n=linux/parallel/jobs d=$TMP/par i

	selected $n || return 0
	[ -n "${BUSYBOX:-}" ] || linux_fetch_busybox
	if [ -z "$BUSYBOX" ]; then
		skip $n "$BUSYBOX_WHY"
		return
	fi
	[ -n "${XZ:-}" ] || { mkdir -p "$MT_OUT"; mt_build_xz; }
	if [ -z "$XZ" ]; then
		skip $n "$XZ_WHY"
		return
	fi
	mt_input "$MT_OUT/input.txt"
	rm -rf "$d" && mkdir -p "$d/parts"
	split -n l/8 -d "$MT_OUT/input.txt" "$d/parts/p"
	(cd "$d/parts" && sha256sum p0? > "$d/want")
	# Stage 1: compress two parts at a time (each xz with two threads);
	# stage 2: decompress and hash every part at once, in the
	# background, then wait for all; the sums are sorted by name.
	cat > "$d/jobs.sh" <<EOF
cd parts || exit 1
ls p0? | xargs -P2 -n1 $XZ -T2 -3 --block-size=64KiB -k || exit 2
mkdir ../back || exit 3
for f in p0?; do
	$XZ -T2 -dc \$f.xz > ../back/\$f &
done
wait
cd ../back && sha256sum p0?
EOF
	(cd "$d" && lx "$VXLINUX" "$BUSYBOX" sh jobs.sh; echo $status > "$d/status")
	status=$(cat "$d/status")
	if [ "$status" != 0 ]; then
		fail $n "busybox sh: status $status: $(head -c 300 "$TMP/err" | tr '\n' ' ')"
		return
	fi
	if ! cmp -s "$TMP/out" "$d/want"; then
		fail $n "hashes differ from the host's sha256sum: $(diff "$d/want" "$TMP/out" | sed -n 2,3p | tr '\n' ' ' | cut -c1-200)"
		return
	fi
	for i in "$d"/parts/p0?.xz; do
		if ! xz -dc "$i" | cmp -s - "${i%.xz}"; then
			fail $n "the host's xz does not decompress ${i##*/} to its part"
			return
		fi
	done
	pass $n
}

suite_linuxmt() {
	selected linux/xz || selected linux/parallel || selected linux/stress ||
		return 0
	if [ ! -x "$VXLINUX" ]; then
		fail linux/vxlinux "$VXLINUX not built"
		return
	fi
	linux_xz
	linux_parallel
	mt_stress linux/stress/threads "${VX32_STRESS:-20}" mt_threads_once
}
