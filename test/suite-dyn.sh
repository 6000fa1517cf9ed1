# test/suite-dyn.sh - vxlinux on dynamically linked programs from Debian.
#
# Sourced by test/run.sh, which calls suite_dyn.  An i386 Debian bookworm
# userland (libc6, coreutils, bash, python3.11, perl, sqlite3, lua5.4 and
# what they depend on) is fetched once by tools/fetch-root.sh into
# $VX32_ROOT_CACHE (default .cache/i386-root, which `make clean` keeps);
# when the mirror cannot be reached every test SKIPs with the reason.
# Tests:
#   linux/dyn/NAME     a program of the root under vxlinux --root ROOT,
#   linux/dyn/NAME/L   and under vxlinux -L ROOT: stdout and exit status
#       byte for byte the same as under qemu-i386 -L ROOT, in a fresh
#       work directory inside the root holding test/linux/dyn/*
#   linux/dyn/maps, linux/dyn/maps/L  python3 printing the shared
#       objects of its own /proc/self/maps (file, protection, offset:
#       test/linux/dyn/maps.py) under vxlinux --root and -L, against the
#       same run natively through the root's loader (qemu-i386 shows its
#       own maps); SKIP where this machine cannot run i386 programs
#   linux/dyn/confined python3 under --root --read-only --no-net: the
#       answers Linux gives a chroot'ed process on a read-only mount,
#       and nothing changed inside or outside the root

DYN_PKGS="base-passwd bash coreutils diffutils findutils gawk grep libc6
	libpython3.11-minimal libpython3.11-stdlib libssl3 lua5.4 perl-base
	python3-minimal python3.11-minimal sed sqlite3 zlib1g"
DYN_CACHE=${VX32_ROOT_CACHE:-$TOP/.cache/i386-root}
DYN_R=
DYN_W=

DYN_TESTS="ls-l sort sha256sum grep-r find-xargs awk sed diff bash python
	python-c perl sqlite3 python-subprocess lua maps"

# A fresh work directory inside the root: the fixtures, and a small tree.
dyn_fresh() {
	rm -rf "$DYN_W"
	mkdir -p "$DYN_W/tree/a/b" "$DYN_W/tree/c"
	cp "$TOP"/test/linux/dyn/* "$DYN_W/"
	printf 'one needle\ntwo\n' > "$DYN_W/tree/a/x.txt"
	printf 'needle and needle\n' > "$DYN_W/tree/a/b/y.txt"
	printf 'no match\n' > "$DYN_W/tree/c/z.txt"
	printf 'a needle, not text\n' > "$DYN_W/tree/c/w.dat"
	sed 's/bob,veg,2/bob,veg,2.5/' "$DYN_W/data.csv" > "$DYN_W/data2.csv"
	find "$DYN_W" -exec touch -h -d '2024-02-29 12:34:56' {} +
}

# dyn_same NAME: the last lx run against the qemu-i386 reference.
dyn_same() {
	if [ "$status" != "$ref_status" ]; then
		fail "$1" "exit status $status, ${DYN_REF:-qemu-i386} gives $ref_status: $(head -c 300 "$TMP/err" | tr '\n' ' ')"
	elif ! cmp -s "$TMP/out" "$TMP/ref.out"; then
		fail "$1" "stdout differs from ${DYN_REF:-qemu-i386}'s: $(diff "$TMP/ref.out" "$TMP/out" | sed -n 2,3p | tr '\n' ' ' | cut -c1-200)"
	elif [ ! -s "$TMP/out" ]; then
		fail "$1" "no output (status $status)"
	else
		pass "$1"
	fi
}

# dyn_case NAME PROG ARGS...: PROG (a path inside the root) under
# qemu-i386 -L, vxlinux --root and vxlinux -L, from the work directory.
dyn_case() {
	local n=$1 prog=$2
	shift 2
	selected "$n" || selected "$n/L" || return 0
	# qemu-i386 runs a child the program executes natively (there is
	# no binfmt_misc here): such a reference needs a host that runs
	# i386 programs.
	if [ "${DYN_EXEC:-}" = 1 ] && [ $DYN_NATIVE = 0 ]; then
		local why="the program runs others, which qemu-i386 leaves to the host, and this machine cannot run i386 programs natively"
		selected "$n" && skip "$n" "$why"
		selected "$n/L" && skip "$n/L" "$why"
		return 0
	fi
	dyn_in lx_ref "$QEMU" -L "$DYN_R" "$DYN_R$prog" "$@"
	if selected "$n"; then
		dyn_in lx "$VXLINUX" --root "$DYN_R" "$prog" "$@"
		dyn_same "$n"
	fi
	if selected "$n/L"; then
		dyn_in lx "$VXLINUX" -L "$DYN_R" "$prog" "$@"
		dyn_same "$n/L"
	fi
}

# dyn_in CMD...: CMD run from a fresh work directory.
dyn_in() {
	cd "$TOP" && dyn_fresh && cd "$DYN_W" || return
	"$@"
	cd "$TOP" || return
}

# linux/dyn/maps: the reference is the native run (see above).
dyn_maps() {
	local n=linux/dyn/maps why
	local libs=$DYN_R/lib/i386-linux-gnu:$DYN_R/usr/lib/i386-linux-gnu
	selected $n || selected $n/L || return 0
	if [ $DYN_NATIVE = 0 ]; then
		why="the reference is the native run, and this machine cannot run i386 programs natively"
		selected $n && skip $n "$why"
		selected $n/L && skip $n/L "$why"
		return 0
	fi
	PYTHONHOME=$DYN_R/usr dyn_in lx_ref "$DYN_R/lib/ld-linux.so.2" \
		--library-path "$libs" "$DYN_R/usr/bin/python3" maps.py
	if selected $n; then
		dyn_in lx "$VXLINUX" --root "$DYN_R" /usr/bin/python3 maps.py
		DYN_REF="the native run" dyn_same $n
	fi
	if selected $n/L; then
		dyn_in lx "$VXLINUX" -L "$DYN_R" /usr/bin/python3 maps.py
		DYN_REF="the native run" dyn_same $n/L
	fi
}

dyn_confined() {
	local n=linux/dyn/confined before after
	selected $n || return 0
	cd "$TOP" && dyn_fresh && cd "$DYN_W" || return
	echo outside > "$TMP/outside"
	before=$(find "$DYN_W" -printf '%p %s %m %T@\n' | sort)
	lx "$VXLINUX" --root "$DYN_R" --read-only --no-net /usr/bin/python3 \
		confined.py "$TMP/outside"
	after=$(find "$DYN_W" -printf '%p %s %m %T@\n' | sort)
	cd "$TOP" || return
	printf '%s\n' "read outside ENOENT" "read via .. ENOENT" \
		"create EROFS" "mkdir EROFS" "unlink EROFS" "chmod EROFS" \
		"tcp EACCES" "dev null ok 9" "read inside ok 95" > "$TMP/want"
	if [ "$before" != "$after" ]; then
		fail $n "the root changed under --read-only: $(diff <(echo "$before") <(echo "$after") | sed -n 2,3p | tr '\n' ' ')"
	elif [ "$(cat "$TMP/outside")" != outside ]; then
		fail $n "the file outside the root changed"
	else
		lx_expect $n 0 "$TMP/want"
	fi
}

suite_dyn() {
	local t why p any=0
	if ! selected linux/dyn/; then
		for p in "${PATTERNS[@]}"; do
			case $p in linux/dyn*|*dyn/*) any=1 ;; esac
		done
		[ $any = 1 ] || return 0
	fi
	if [ ! -x "$VXLINUX" ]; then
		fail linux/dyn "$VXLINUX not built"
		return
	fi
	# shellcheck disable=SC2086
	if ! "$TOP/tools/fetch-root.sh" "$DYN_CACHE" $DYN_PKGS \
		>"$TMP/fetch.log" 2>&1; then
		why="the i386 Debian root could not be fetched: $(tail -1 "$TMP/fetch.log")"
		for t in $DYN_TESTS; do
			selected linux/dyn/$t && skip linux/dyn/$t "$why"
			selected linux/dyn/$t/L && skip linux/dyn/$t/L "$why"
		done
		selected linux/dyn/confined && skip linux/dyn/confined "$why"
		return
	fi
	if ! command -v "$QEMU" >/dev/null; then
		fail linux/dyn "$QEMU, the reference, is not installed"
		return
	fi
	DYN_R=$DYN_CACHE/root
	DYN_W=$DYN_R/tmp/vx32-dyn.$$
	local L=$DYN_W
	DYN_NATIVE=0
	"$DYN_R/lib/ld-linux.so.2" --library-path "$DYN_R/lib/i386-linux-gnu" \
		"$DYN_R/bin/true" 2>/dev/null && DYN_NATIVE=1
	dyn_case linux/dyn/ls-l /bin/ls -l --time-style=+%F.%T tree tree/a
	dyn_case linux/dyn/sort /usr/bin/sort -t, -k3,3gr data.csv
	dyn_case linux/dyn/sha256sum /usr/bin/sha256sum data.csv script.sh db.sql
	dyn_case linux/dyn/grep-r /bin/grep -rn --include='*.txt' needle tree
	DYN_EXEC=1 dyn_case linux/dyn/find-xargs /bin/bash -c \
		'find tree -type f -name "*.txt" | sort | xargs wc -lc; find . -newer /nonexistent 2>&1 | head -1'
	dyn_case linux/dyn/awk /usr/bin/gawk -f prog.awk data.csv
	dyn_case linux/dyn/sed /bin/sed -f prog.sed data.csv
	dyn_case linux/dyn/diff /usr/bin/diff -u --label a --label b data.csv data2.csv
	dyn_case linux/dyn/bash /bin/bash script.sh
	dyn_case linux/dyn/python /usr/bin/python3 modules.py
	dyn_case linux/dyn/python-c /usr/bin/python3 -c \
		'import json, hashlib, zlib; print(json.dumps({"sha256": hashlib.sha256(b"vx32").hexdigest(), "crc": zlib.crc32(b"vx32")}))'
	dyn_case linux/dyn/perl /usr/bin/perl -e \
		'my %h = map { $_ => length } qw(alpha be gamma); print join(",", map {"$_=$h{$_}"} sort keys %h), "\n"; printf "%.6f %s %d\n", atan2(1, 1) * 4, scalar reverse("perl"), 2**20; $_ = "a1b22c333"; s/(\d+)/<$1>/g; print "$_\n"; print sort { $b <=> $a } (3, 11, 2); print "\n"; open(my $f, "<", "data.csv") or die; my @l = <$f>; print scalar(@l), " lines, last: $l[-1]";'
	LX_IN=$TOP/test/linux/dyn/db.sql dyn_case linux/dyn/sqlite3 \
		/usr/bin/sqlite3 -batch fruit.db
	DYN_EXEC=1 dyn_case linux/dyn/python-subprocess /usr/bin/python3 -c \
		'import subprocess as s; r = s.run(["/bin/bash", "-c", "echo child $((6 * 7)); exit 3"], capture_output=True); print(r.returncode, r.stdout); print(s.check_output(["/usr/bin/sqlite3", "t.db", "create table t(x); insert into t values(6),(7); select sum(x), count(*) from t"]))'
	dyn_case linux/dyn/lua /usr/bin/lua5.4 script.lua
	dyn_maps
	dyn_confined
	rm -rf "$L"
}
