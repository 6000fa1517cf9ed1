# suite-libm.sh - the libm sample (test/libm/, doc/libm.md).
#
# Sourced by test/run.sh, which calls suite_libm.  The fenv guest checks
# <fenv.h> and the classification macros (libm/fenv/NAME).  Then the
# host checker writes $LIBM_SAMPLE arguments per function (default 2000;
# plus the special values, and a quarter or a twentieth of that in each
# directed rounding mode), the guest runner computes them under
# vxrun (its Linux build under qemu-i386 in qemu mode), and the checker
# compares results, exception flags and errno with MPFR.  One test per
# C function, libm/NAME, covering its float, double and long double
# versions.  `make check-libm` is the full run (doc/libm.md).

LIBM_SAMPLE=${LIBM_SAMPLE:-2000}

libm_fenv() {
	local prog=$OUT/libm/fenv line name n=0
	selected libm/fenv || return 0
	vx "$prog" || { fail libm/fenv "$why"; return; }
	parse_outcome
	while IFS= read -r line; do
		case $line in
		"ok "*)
			name=libm/fenv/${line#ok }
			n=$((n + 1))
			selected "$name" && pass "$name" ;;
		"not ok "*)
			line=${line#not ok }
			name=libm/fenv/${line%%: *}
			n=$((n + 1))
			selected "$name" && fail "$name" "${line#*: }" ;;
		esac
	done < "$TMP/out"
	if [ -n "$trap_name" ] || { [ $status != 0 ] && [ $status != 1 ]; } ||
	   [ $n = 0 ]; then
		fail libm/fenv "$outcome after $n checks"
	fi
}

# libm_report REPORT: one pass or fail per function name in the report
# of check verify (lines "ok|FAIL NAME BASE MODE ..." and indented
# details after a FAIL)
libm_report() {
	local bases base
	bases=$(awk '$1 == "ok" || $1 == "FAIL" { print $3 }' "$1" | sort -u)
	if [ -z "$bases" ]; then
		fail libm "the checker reported nothing: $(head -c 300 "$1")"
		return
	fi
	for base in $bases; do
		selected "libm/$base" || continue
		if awk -v b="$base" '($1 == "FAIL") && $3 == b { f = 1 } END { exit !f }' "$1"; then
			fail "libm/$base" "$(awk -v b="$base" '
				$1 == "FAIL" && $3 == b { p = 1; printf "%s %s: max %s ulp, %s wrong, %s flags, %s errno;", $2, $4, $6, $8, $9, $10; next }
				/^  / && p { printf " %s", substr($0, 3); next }
				{ p = 0 }' "$1" | cut -c1-600)"
		else
			pass "libm/$base"
		fi
	done
}

# some selected test may be in this suite
libm_wanted() {
	local p
	[ ${#PATTERNS[@]} = 0 ] && return 0
	for p in "${PATTERNS[@]}"; do
		case libm/ in *"$p"*) return 0 ;; esac
		case $p in libm*) return 0 ;; esac
	done
	return 1
}

suite_libm() {
	local check=$OUT/libm/check
	libm_wanted || return 0
	libm_fenv
	if [ ! -x "$check" ]; then
		skip libm "the checker needs MPFR (install libmpfr-dev: tools/deps.sh test)"
		return
	fi
	"$check" gen -a -n "$LIBM_SAMPLE" > "$TMP/libm.args" ||
		{ fail libm "check gen failed"; return; }
	IN=$TMP/libm.args vx "$OUT/libm/run" || { fail libm "$why"; return; }
	parse_outcome
	expect_exit 0 || { fail libm "runner: $why: $(head -c 200 "$TMP/err")"; return; }
	"$check" verify < "$TMP/out" > "$TMP/libm.report"
	libm_report "$TMP/libm.report"
	rm -f "$TMP/libm.args" "$TMP/out"
}
