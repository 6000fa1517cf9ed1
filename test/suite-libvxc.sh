# suite-libvxc.sh - libvxc checked against glibc and against itself.
#
# Sourced by test/run.sh, which calls suite_libvxc.
#   libvxc/selftest      libvxc's own checks (libvxc/selftest.c) under
#                        vxrun: exit 0, "0 failed", and the same output
#                        as its Linux build under qemu-i386
#   libvxc/printf        snprintf over generated values and formats
#   libvxc/strtod        strtod/strtof/strtold over edge cases and
#                        generated strings (bits, end, errno)
#   libvxc/scanf         sscanf over generated inputs and formats
#   libvxc/time          gmtime/localtime/mktime/timegm/strftime/asctime
#   libvxc/stdlib        string extras, random, getopt, setenv, aligned
#                        allocation, strerror
#   libvxc/math-gen      math.h over special values and generated inputs,
#                        judged by the native build against glibc within
#                        each function's allowed error
# Each of the last five runs test/out/libvxc/NAME under vxrun and NAME.native
# (the same source against the host's glibc) and compares the outputs.
# VX32_BIG=1 multiplies the generated counts by 10.

LIBVXC_OUT=$OUT/libvxc

# libvxc_vs_glibc NAME ARGS...: compare NAME under vxrun with NAME.native.
libvxc_vs_glibc() {
	local base=$1 name=libvxc/$1 prog=$LIBVXC_OUT/$1
	shift
	selected "$name" || return 0
	[ -x "$prog.native" ] || { fail "$name" "$prog.native not built"; return; }
	vx "$prog" "$@" || { fail "$name" "$why"; return; }
	parse_outcome
	expect_exit 0 || { fail "$name" "$why"; return; }
	TZ=UTC0 execute "${IN:-/dev/null}" "$TMP/ref.out" "$TMP/ref.err" \
		"$prog.native" "$@"
	[ "$status" = 0 ] || { fail "$name" "native run failed ($status)"; return; }
	if [ -n "${KNOWN:-}" ]; then
		# drop the lines where glibc is known to be wrong (see KNOWN)
		paste -d '\n' "$TMP/ref.out" "$TMP/out" | awk "$KNOWN" > "$TMP/known"
		[ -s "$TMP/known" ] && echo "libvxc: $base: $(($(wc -l < "$TMP/known") / 2)) lines differ where glibc is known to be wrong" >&2
	fi
	if ! cmp -s "$TMP/out" "$TMP/ref.out"; then
		local d
		d=$(diff "$TMP/ref.out" "$TMP/out" | grep -c '^<')
		if [ -n "${KNOWN:-}" ] && [ "$d" = "$(($(wc -l < "$TMP/known") / 2))" ]; then
			pass "$name"
			return
		fi
		fail "$name" "$d lines differ from glibc, first: $(diff "$TMP/ref.out" "$TMP/out" | sed -n 2,4p | tr '\n' ' ' | cut -c1-240)"
		return
	fi
	echo "libvxc: $base: $(wc -l < "$TMP/out") lines equal to glibc's" >&2
	pass "$name"
}

# libvxc_math COUNT: math-gen's results under vxrun, judged by its native
# build against glibc within each function's allowed error.
libvxc_math() {
	local name=libvxc/math-gen prog=$LIBVXC_OUT/math-gen
	selected "$name" || return 0
	[ -x "$prog.native" ] || { fail "$name" "$prog.native not built"; return; }
	vx "$prog" "$1" || { fail "$name" "$why"; return; }
	parse_outcome
	expect_exit 0 || { fail "$name" "$why"; return; }
	execute "$TMP/out" "$TMP/ref.out" "$TMP/ref.err" "$prog.native" --judge
	if [ "$status" = 0 ]; then
		echo "libvxc: math-gen: $(tail -1 "$TMP/ref.out")" >&2
		pass "$name"
	else
		fail "$name" "$(head -3 "$TMP/ref.out" | tr '\n' ' ' | cut -c1-300) ($(tail -1 "$TMP/ref.out"))"
	fi
}

# vxcc_message NAME SOURCE REGEX: compiling SOURCE fails and vxcc's
# stderr names what libvxc lacks.
vxcc_message() {
	local name=vxcc/$1
	selected "$name" || return 0
	printf "$2" > "$TMP/m.c"
	execute /dev/null "$TMP/m.out" "$TMP/m.err" "$TOP/libvxc/vxcc" \
		-o "$TMP/m" "$TMP/m.c"
	if [ "$status" = 0 ]; then
		fail "$name" "vxcc succeeded"
	elif ! grep -q "$3" "$TMP/m.err"; then
		fail "$name" "no '$3' in: $(tail -3 "$TMP/m.err" | tr '\n' ' ' | cut -c1-200)"
	else
		pass "$name"
	fi
}

# make install puts every file the man pages cite under share/doc/vx32,
# and make uninstall removes all that install made.
install_check() {
	local n=install/docs-uninstall st=$TMP/stage f cited missing=
	selected $n || return 0
	if ! make -s -C "$TOP" install PREFIX=/usr DESTDIR="$st" >"$TMP/inst.log" 2>&1; then
		fail $n "make install failed: $(tail -2 "$TMP/inst.log" | tr '\n' ' ')"
		return
	fi
	cited=$(sed -n 's|.*share/doc/vx32/\([A-Za-z0-9_.-]*\).*|\1|p' "$TOP"/doc/man/*.1 | sort -u)
	[ -n "$cited" ] || { fail $n "the man pages cite nothing under share/doc/vx32"; return; }
	for f in $cited; do
		[ -f "$st/usr/share/doc/vx32/$f" ] || missing="$missing $f"
	done
	[ -z "$missing" ] || { fail $n "cited but not installed:$missing"; return; }
	make -s -C "$TOP" uninstall PREFIX=/usr DESTDIR="$st" >"$TMP/inst.log" 2>&1
	f=$(find "$st" -type f -o -type l | head -3 | tr '\n' ' ')
	if [ -n "$f" ]; then
		fail $n "left after uninstall: $f"
	else
		pass $n
	fi
	rm -rf "$st"
}

suite_libvxc() {
	install_check
	vxcc_message missing-header '#include <stdio.h>\n#include <sys/socket.h>\nint main(void) { return 0; }\n' \
		'^vxcc: libvxc has no <sys/socket.h>'
	vxcc_message missing-function '#include <stdio.h>\nint main(void) { return fmemopen(0, 0, "r") != 0; }\n' \
		'^vxcc: libvxc does not provide function fmemopen'
	vxcc_message undefined '#include <stdio.h>\nint helper(void);\nint main(void) { return helper(); }\n' \
		'^vxcc: helper is not defined by your objects, and libvxc does not provide it'

	local n big=1
	[ "${VX32_BIG:-0}" = 1 ] && big=10
	if [ $MODE = qemu ]; then
		selected libvxc && skip libvxc "compares vxrun runs with glibc"
		return
	fi

	n=libvxc/selftest
	if selected $n; then
		if vx "$LIBVXC_OUT/selftest"; then
			parse_outcome
			if ! expect_exit 0; then
				fail $n "$why: $(grep -m3 FAIL "$TMP/out" | tr '\n' ' ')"
			elif ! grep -q '^[0-9]* checks, 0 failed$' "$TMP/out"; then
				fail $n "no '0 failed' summary"
			elif ref "$LIBVXC_OUT/selftest" && same_as_ref; then
				echo "libvxc: $(grep checks "$TMP/out")" >&2
				pass $n
			else
				fail $n "$why"
			fi
		else
			fail $n "$why"
		fi
	fi

	# glibc bug: "%#g" of a value that rounds up to a new power of ten
	# (999999.5 -> "1.e+06") loses the zeros that '#' must keep; C wants
	# "1.00000e+06".  Only such lines may differ.
	KNOWN='NR % 2 == 1 { ref = $0; next }
		ref != $0 && ref ~ /^%[^|]*#[^|]*[gG]\|/ {
			a = ref; b = $0; sub(/\|[^|]*$/, "", a); sub(/\|[^|]*$/, "", b)
			gsub(/\.0*([eE]|$)/, ".\\1", b); gsub(/\.0*([eE]|$)/, ".\\1", a)
			if (a == b) { print ref; print $0 } }' \
		libvxc_vs_glibc printf-gen $((60000 * big))
	n=libvxc/strtod-gen
	if selected $n && [ -x "$LIBVXC_OUT/strtod-gen.native" ]; then
		"$LIBVXC_OUT/strtod-gen.native" $((30000 * big)) | tail -n $((30000 * big)) > "$TMP/strings"
		IN=$TMP/strings libvxc_vs_glibc strtod-gen 0 x
	else
		libvxc_vs_glibc strtod-gen
	fi
	libvxc_math $((2000 * big))
	libvxc_vs_glibc scanf-gen $((100000 * big))
	libvxc_vs_glibc time-gen $((20000 * big))
	libvxc_vs_glibc stdlib-gen
}
