# suite-isa.sh - the differential ISA tests (test/isa/, doc/isa-tests.md).
#
# Sourced by test/run.sh, which calls suite_isa.  For each generated
# program (test/out/isa/groups): run it under vxrun and its Linux build
# under qemu-i386 and compare the outputs line by line; where a native
# x86-64 build exists (ISA_NATIVE_GROUPS in suite-isa.mk), also compare
# vxrun's output with the host CPU's.  Forms on the known-qemu-wrong list
# (test/isa/qemu-wrong.txt) are left out of the qemu comparison only,
# and must then have a native judge.  Then: #DE programs (same death
# under both), must-trap programs (test/isa/trap/*.S), the cpuid feature
# bits against what is covered, and the number of forms compared.

ISA_DIR=$TOP/test/isa

# The qemu-wrong form patterns as one awk regex on the form name.
isa_qemu_wrong_re() {
	sed -n 's/^forms: //p' "$ISA_DIR/qemu-wrong.txt" | paste -sd'|'
}

# isa_fields FILE: drop the fields that hold addresses (esp, edi), which
# differ between the i386 and the x86-64 builds.
isa_fields() {
	awk '{ $7 = ""; $10 = ""; print }' "$1"
}

# isa_first_diff REF OUT: the first differing line, as its name and case
# number and each differing field: [field] ref=.. got=..
isa_first_diff() {
	paste -d'\n' "$1" "$2" | awk '
		NR % 2 == 1 { a = $0; next }
		a != $0 {
			n = split(a, x, " "); split($0, y, " ")
			s = x[1] " " x[2] ":"
			if (n < 2) s = "line " NR / 2 ": \"" a "\" vs \"" $0 "\""
			for (i = 3; i <= n || i <= length(y); i++)
				if (x[i] != y[i]) s = s " [" i "] ref=" x[i] " got=" y[i]
			print substr(s, 1, 400); exit
		}
		END { if (NR % 2) print "one output is longer" }'
}

isa_program() {
	local g=$1 bin=$OUT/isa/$1 name=isa/$1 re=$2 n_native=0 n_i386=0 nq nv
	selected "$name" || return 0
	[ -x "$VXRUN" ] || { fail "$name" "vxrun not built ($VXRUN missing)"; return; }
	[ -f "$bin" ] && [ -f "$bin.linux" ] || { fail "$name" "not built (make test-progs)"; return; }
	{ execute /dev/null "$TMP/isa.vx" "$TMP/err" "$VXRUN" "$bin"; } 2>/dev/null
	parse_outcome
	if [ "$status" != 0 ]; then
		fail "$name" "vxrun: $outcome after $(tail -1 "$TMP/isa.vx" | cut -d' ' -f1-2)"
		return
	fi
	# every case printed its line (an early exit 0 would compare equal)
	local want
	want=$(awk -F'\t' -v g="$g" '$1 == g { n += $4 } END { print n + 0 }' "$OUT/isa/forms")
	if [ "$(wc -l < "$TMP/isa.vx")" != "$want" ]; then
		fail "$name" "vxrun printed $(wc -l < "$TMP/isa.vx") lines, $want cases expected"
		return
	fi
	# qemu comparison, without the forms qemu gets wrong
	awk -v re="$re" 're == "" || $1 !~ re' "$TMP/isa.vx" > "$TMP/isa.vx.q"
	nv=$(wc -l < "$TMP/isa.vx")
	nq=$(wc -l < "$TMP/isa.vx.q")
	# (a program of qemu-wrong forms only may kill qemu: alias)
	{ execute /dev/null "$TMP/isa.q" "$TMP/isa.qerr" env -i "$QEMU" -cpu max "$bin.linux"; } 2>/dev/null
	if [ "$status" != 0 ] && [ "$nq" != 0 ]; then
		fail "$name" "qemu-i386 exit $status: $(head -c 200 "$TMP/isa.qerr")"
		return
	fi
	awk -v re="$re" 're == "" || $1 !~ re' "$TMP/isa.q" > "$TMP/isa.q.q"
	if ! cmp -s "$TMP/isa.vx.q" "$TMP/isa.q.q"; then
		fail "$name" "differs from qemu-i386 (see test/isa/vx32-bugs.txt): $(isa_first_diff "$TMP/isa.q.q" "$TMP/isa.vx.q")"
		return
	fi
	# the i386 CPU itself, where this machine runs i386 programs: every
	# line of every program but misc (its segment-register forms assume
	# vx32's selectors) and cpuid (vx32 advertises its own features)
	if [ "$ISA_I386" = 1 ] && [ "$g" != misc ]; then
		execute /dev/null "$TMP/isa.i" "$TMP/isa.ierr" "$bin.linux"
		if [ "$status" != 0 ]; then
			fail "$name" "the native i386 run exited $status"
			return
		fi
		if ! cmp -s "$TMP/isa.vx" "$TMP/isa.i"; then
			fail "$name" "differs from the i386 CPU: $(isa_first_diff "$TMP/isa.i" "$TMP/isa.vx")"
			return
		fi
		n_i386=$nv
	fi
	# native comparison: every line
	if [ -x "$bin.x86-64" ]; then
		execute /dev/null "$TMP/isa.n" "$TMP/isa.nerr" "$bin.x86-64"
		if [ "$status" != 0 ]; then
			fail "$name" "native x86-64 build exit $status"
			return
		fi
		isa_fields "$TMP/isa.vx" > "$TMP/isa.vx.n"
		isa_fields "$TMP/isa.n" > "$TMP/isa.n.n"
		if ! cmp -s "$TMP/isa.vx.n" "$TMP/isa.n.n"; then
			fail "$name" "differs from the native CPU: $(isa_first_diff "$TMP/isa.n.n" "$TMP/isa.vx.n")"
			return
		fi
		n_native=$nv
	elif [ "$nq" != "$nv" ] && [ "$n_i386" != "$nv" ]; then
		fail "$name" "$((nv - nq)) lines of qemu-wrong forms and no native build to judge them"
		return
	fi
	echo "isa: $g: $nv cases; $nq compared with qemu-i386, $n_native with the native CPU in 64-bit mode, $n_i386 as i386" >&2
	pass "$name"
}

# #DE: vxrun reports a divide error at fault_at, qemu-i386 dies of SIGFPE.
isa_fault() {
	local g=$1 bin=$OUT/isa/$1 name=isa/$1
	selected "$name" || return 0
	[ -f "$bin" ] || { fail "$name" "not built"; return; }
	{ vx "$bin"; } 2>/dev/null || { fail "$name" "$why"; return; }
	parse_outcome
	load_symbols "$bin"
	expect_trap "divide error" "${SYM[fault_at]:-0}" || { fail "$name" "$why"; return; }
	{ ref "$bin"; } 2>/dev/null || { fail "$name" "$why"; return; }
	if [ "$ref_status" != 136 ]; then
		fail "$name" "qemu-i386 exit $ref_status, expected 136 (SIGFPE)"
		return
	fi
	pass "$name"
}

# Must-trap encodings: the header names the trap, at trap_at.
isa_trap() {
	local src=$1 base bin name want
	base=$(basename "$src" .S)
	bin=$OUT/isa/trap-$base
	name=isa/trap-$base
	selected "$name" || return 0
	want=$(sed -n 's/^# expect: trap \(.*\) at trap_at$/\1/p' "$src")
	[ -n "$want" ] || { fail "$name" "no '# expect: trap NAME at trap_at' in $src"; return; }
	vx "$bin" || { fail "$name" "$why"; return; }
	parse_outcome
	load_symbols "$bin"
	if expect_trap "$want" "${SYM[trap_at]:-0}"; then pass "$name"; else fail "$name" "$why"; fi
}

# Every feature bit the guest's cpuid advertises is covered here.
isa_cpuid() {
	local name=isa/cpuid-coverage line ecx edx xecx
	selected "$name" || return 0
	vx "$OUT/isa/cpuid" || { fail "$name" "$why"; return; }
	line=$(grep '^cpuid_leaf_1 ' "$TMP/out")
	[ -n "$line" ] || { fail "$name" "no output: $(head -c 200 "$TMP/err")"; return; }
	set -- $line
	ecx=$((0x$4)) edx=$((0x$5))
	# covered: fpu cx8 cmov clflush mmx fxsr sse sse2 (tsc only with
	# VXOPT_RDTSC, not set by vxrun); sse3 ssse3 sse4.1 sse4.2 movbe popcnt
	local cov_edx=$(((1 << 0) | (1 << 8) | (1 << 15) | (1 << 19) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26)))
	local cov_ecx=$(((1 << 0) | (1 << 9) | (1 << 19) | (1 << 20) | (1 << 22) | (1 << 23)))
	if [ $((edx & ~cov_edx)) != 0 ] || [ $((ecx & ~cov_ecx)) != 0 ]; then
		fail "$name" "$(printf 'advertised but not covered: edx %#x ecx %#x' $((edx & ~cov_edx)) $((ecx & ~cov_ecx)))"
		return
	fi
	echo "isa: cpuid leaf 1: ecx $(printf %#x $ecx) edx $(printf %#x $edx), all covered" >&2
	pass "$name"
}

suite_isa() {
	local g re nforms nvar
	[ $MODE = qemu ] && { selected isa && skip isa "compares vxrun with qemu-i386"; return; }
	if [ ! -f "$OUT/isa/groups" ]; then
		selected isa && fail isa "test/out/isa not generated (make test-progs)"
		return
	fi
	re=$(isa_qemu_wrong_re)
	# Does this machine run i386 programs (the .linux builds) natively?
	ISA_I386=0
	execute /dev/null "$TMP/isa.i" "$TMP/isa.ierr" "$OUT/isa/alias.linux"
	[ "$status" = 0 ] && [ -s "$TMP/isa.i" ] && ISA_I386=1
	if selected isa/i386-native; then
		if [ $ISA_I386 = 1 ]; then
			pass isa/i386-native
		else
			skip isa/i386-native "this machine does not run i386 programs natively (status $status): the programs are judged by qemu-i386 and, where they mean the same in 64-bit mode, the CPU"
		fi
	fi
	for g in $(cat "$OUT/isa/groups"); do
		case $g in
		fault-*) isa_fault "$g" ;;
		cpuid) isa_cpuid ;;
		*) isa_program "$g" "$re" ;;
		esac
	done
	for g in "$ISA_DIR"/trap/*.S; do
		[ -f "$g" ] && isa_trap "$g"
	done
	# distinct forms (mnemonic, operand kinds and sizes, addressing kind)
	if selected isa/forms; then
		nforms=$(cut -f2 "$OUT/isa/forms" | sort -u | wc -l)
		nvar=$(wc -l < "$OUT/isa/forms")
		echo "isa: $nforms distinct forms ($nvar encodings and immediate variants)" >&2
		if [ "$nforms" -ge 2000 ]; then
			pass "isa/forms-$nforms"
		else
			fail "isa/forms-$nforms" "fewer than 2000 distinct forms"
		fi
	fi
}
