# test/suite-linux.sh - vxlinux, the i386 Linux system-call host.
#
# Sourced by test/run.sh, which calls suite_linux.  Tests:
#   linux/glibc, linux/glibc-pie, linux/sys, linux/sig, linux/proc,
#   linux/hostile, linux/calls, linux/threads, linux/ptrargs, linux/cpu
#       static glibc programs from test/linux/ (built by suite-linux.mk);
#       output compared with qemu-i386 where qemu can run them
#   linux/codeswap   test/linux/codeswap.c: a forked child rewrites an
#       instruction in shared memory while the parent translates it
#   linux/movecode, linux/movecode/native  test/linux/movecode.c:
#       mremap(MREMAP_FIXED), and code moved over code another thread runs
#   linux/xcache, linux/xcache/native  test/linux/xcache.c: children
#       running other code, permissions, TLS bases or thunks at an
#       address where an earlier child's translation is shared
#   linux/follow, linux/follow/check, linux/follow/native
#       test/linux/follow.c: direct calls followed into their callees
#       (VX32_STATS says how many), with every return checked
#       (VX32_FOLLOW=check), and natively
#   linux/imagestale, linux/imagestale/native  test/linux/imagestale.c:
#       a program file rewritten in place between the runs of a tree
#       that keeps its image (about 5 s: it lets the file settle)
#   linux/execstate/*  test/linux/execstate.c: what an execve keeps and
#       drops, by each of vxlinux's two ways of doing one
#   linux/ptrargs-native  ptrargs run natively (where i386 runs): the
#       kernel confirms its expected answers
#   linux/fmap, linux/fmap/native, linux/fmap/root  file mappings
#       (test/linux/fmap.c, self-checking): under vxlinux, natively
#       (where i386 runs) to confirm its answers, and under --root
#   linux/status/*   exit statuses and messages (guest status, traps,
#       bad ELF files)
#   linux/policy/*   --root, --read-only, --no-net, --trace (and VX32_PERFMAP), with the
#       project's own guests (test/linux/fsops.c, race.c, net.c): the
#       expected answers are Linux's in a chroot and on a read-only mount
#   linux/escape/*   test/linux/escape.c, a hostile guest, under each
#       policy; the host checked for changes outside the root
#   linux/cmsgrace, linux/cmsgrace/root  escape.c's cmsgrace: SCM_RIGHTS
#       while a second thread rewrites a descriptor in the message
#   linux/outer/*    the outer sandbox layer alone (test/linux/outer/)
#   linux/sysfuzz/*  random system calls with hostile arguments
#       (test/linux/sysfuzz.c) under --root and --read-only: vxlinux
#       neither dies nor hangs, read-only and unnamed guest memory stays,
#       nothing outside the root changes (fixed seeds: a failure replays;
#       VX32_SYSFUZZ_SEED and VX32_SYSFUZZ_CALLS try others)
#   linux/busybox/*  Debian's static i386 busybox (fetched once into
#       test/out/i386 by tools/fetch-i386.sh; SKIP when it cannot be,
#       which CI's VX32_STRICT_SKIPS=1 turns into a failure), every
#       applet compared byte for byte with qemu-i386
#   linux/musl/*     test/linux/glibc.c and sig.c linked with i386 musl
#       (fetched the same way), compared with qemu-i386

VXLINUX=${VXLINUX:-$TOP/vxlinux/vxlinux}
LINUX_OUT=$OUT/linux

# lx NAME CMD...: run CMD with $LX_IN (default /dev/null) as stdin into
# $TMP/out and $TMP/err, setting $status.
lx() {
	execute "${LX_IN:-/dev/null}" "$TMP/out" "$TMP/err" "$@"
}

# lx_ref CMD...: the same into $TMP/ref.out, $TMP/ref.err, $ref_status.
lx_ref() {
	local s=$status
	execute "${LX_IN:-/dev/null}" "$TMP/ref.out" "$TMP/ref.err" "$@"
	ref_status=$status
	status=$s
}

# lx_same NAME: compare the last lx and lx_ref runs (stdout and status).
lx_same() {
	if [ "$status" != "$ref_status" ]; then
		fail "$1" "exit status $status, qemu-i386 gives $ref_status: $(head -c 200 "$TMP/err")"
	elif ! cmp -s "$TMP/out" "$TMP/ref.out"; then
		fail "$1" "stdout differs from qemu-i386's: $(diff "$TMP/ref.out" "$TMP/out" | sed -n 2,3p | tr '\n' ' ' | cut -c1-200)"
	else
		pass "$1"
	fi
}

# lx_expect NAME STATUS FILE: status and stdout equal to FILE's text.
lx_expect() {
	if [ "$status" != "$2" ]; then
		fail "$1" "exit status $status, want $2: $(head -c 300 "$TMP/err" | tr '\n' ' ')"
	elif ! cmp -s "$TMP/out" "$3"; then
		fail "$1" "unexpected output: $(diff "$3" "$TMP/out" | sed -n 2,4p | tr '\n' ' ' | cut -c1-200)"
	else
		pass "$1"
	fi
}

# lx_checked NAME [WHAT]: the last lx run, of a self-checking program
# (test/linux/check.h): NAME passes if it exited 0 saying "0 failures",
# else fails with WHAT (where it ran) and its first FAIL lines.
lx_checked() {
	if [ $status = 0 ] && grep -q '^0 failures$' "$TMP/out"; then
		pass "$1"
	else
		fail "$1" "${2:-}status $status: $(grep -a -m3 FAIL "$TMP/out" | tr '\n' ' ' | cut -c1-300)"
	fi
}

# i386_native: does this machine run i386 programs natively?  (A native
# test/linux/segv dies of SIGSEGV; where i386 programs cannot start, the
# status is another.)  Leaves the probe's status in $status.
i386_native() {
	lx "$LINUX_OUT/segv"
	[ $status = 139 ]
}

linux_programs() {
	local t scratch scratch2

	for t in glibc glibc-pie sys sig net sysv proc hostile calls threads \
		ptrargs cpu fmap codeswap movecode xcache imagestale follow \
		follow/check unmaprace; do
		selected "linux/$t" || continue
		if [ ! -f "$LINUX_OUT/${t%/*}" ]; then
			fail "linux/$t" "$LINUX_OUT/${t%/*} not built"
			continue
		fi
		scratch=$TMP/scratch-${t%/*}
		rm -rf "$scratch" "$scratch.ref"
		mkdir -p "$scratch" "$scratch.ref"
		case $t in
		calls)	# a directory on the test's file system, one on tmpfs
			mkdir -p "$scratch/shm"
			[ -d /dev/shm ] && [ -w /dev/shm ] &&
				scratch2=$(mktemp -d /dev/shm/vx32.XXXXXX) || scratch2=
			lx "$VXLINUX" "$LINUX_OUT/$t" "$scratch" $scratch2
			[ -n "$scratch2" ] && rm -rf "$scratch2" ;;
		threads) # its racy parts twice
			lx "$VXLINUX" "$LINUX_OUT/$t" 2 ;;
		codeswap) # about 0.5 s
			lx "$VXLINUX" "$LINUX_OUT/$t" 60000 ;;
		movecode)
			lx "$VXLINUX" "$LINUX_OUT/$t" 200 ;;
		xcache)	# VX32_STATS: did some child take its code from there?
			VX32_STATS=1 lx "$VXLINUX" "$LINUX_OUT/$t" ;;
		follow)	# VX32_STATS: which calls were followed, how
			VX32_STATS=1 lx "$VXLINUX" "$LINUX_OUT/follow" ;;
		follow/check) # every followed call's return checked
			VX32_FOLLOW=check VX32_STATS=1 \
				lx "$VXLINUX" "$LINUX_OUT/follow" ;;
		unmaprace) # a second of calls racing munmap
			lx "$VXLINUX" "$LINUX_OUT/$t" 1 ;;
		*)	lx "$VXLINUX" "$LINUX_OUT/$t" "$scratch" ;;
		esac
		case $t in
		glibc|glibc-pie|sys|sig|net)
			# Plain programs: qemu-i386 must agree.
			if command -v "$QEMU" >/dev/null; then
				lx_ref "$QEMU" "$LINUX_OUT/$t" "$scratch.ref"
				lx_same "linux/$t"
			else
				grep -q '^0 failures$\|^file: ' "$TMP/out" &&
					[ $status = 0 ] && pass "linux/$t" ||
					fail "linux/$t" "status $status"
			fi
			;;
		xcache)
			# flat shares translations (some child must have
			# taken one); seg has nothing to share
			if [ "${VX32_BACKEND:-}" = seg ]; then
				! grep -q 'from the xcache [1-9]' "$TMP/err"
			else
				grep -q 'from the xcache [1-9]' "$TMP/err"
			fi
			if [ $? = 0 ]; then
				lx_checked "linux/$t"
			else
				fail "linux/$t" "status $status; backend ${VX32_BACKEND:-flat}, xcache use: $(grep -m1 'vx32 stats' "$TMP/err" | cut -c1-200)"
			fi
			;;
		follow|follow/check)
			# flat follows calls (unchecked returns among them
			# unless told to check each); seg follows none
			local want='calls followed [1-9][0-9]* ([1-9][0-9]* unchecked)'
			[ $t = follow/check ] &&
				want='calls followed [1-9][0-9]* (0 unchecked)'
			[ "${VX32_BACKEND:-}" = seg ] &&
				want='calls followed 0 (0 unchecked)'
			if grep -q "$want" "$TMP/err"; then
				lx_checked "linux/$t"
			else
				fail "linux/$t" "status $status; backend ${VX32_BACKEND:-flat}, want /$want/: $(grep -m1 'vx32 stats' "$TMP/err" | cut -c1-200)"
			fi
			;;
		*)
			# proc executes i386 programs, which qemu-i386 cannot
			# without binfmt_misc; hostile, ptrargs, calls and cpu
			# check Linux's answers that qemu-i386 gets wrong
			# (calls: readdir positions, the old sigsuspend, the
			# subreaper; sysv: shmat at a given address, which
			# qemu-i386 7.2 refuses with EINVAL).  They all
			# check themselves.
			lx_checked "linux/$t"
			;;
		esac
	done
}

# linux/calls/native, linux/threads/native, linux/sysv/native,
# linux/cpu/native, linux/fmap/native, linux/movecode/native,
# linux/xcache/native, linux/imagestale/native: those
# programs' expectations are the kernel's own too, where this machine
# runs i386 programs.
linux_native_calls() {
	local n t s2=

	for t in calls threads sysv cpu fmap movecode xcache imagestale \
		follow; do
		n=linux/$t/native
		selected $n || continue
		if ! i386_native; then
			skip $n "this machine does not run i386 programs natively (test/linux/segv: status $status, not 139)"
			continue
		fi
		case $t in
		calls)
			rm -rf "$TMP/native-calls"
			mkdir -p "$TMP/native-calls"
			[ -d /dev/shm ] && [ -w /dev/shm ] &&
				s2=$(mktemp -d /dev/shm/vx32.XXXXXX)
			lx "$LINUX_OUT/calls" "$TMP/native-calls" $s2
			[ -n "$s2" ] && rm -rf "$s2" ;;
		threads)
			lx "$LINUX_OUT/threads" 2 ;;
		sysv)
			lx "$LINUX_OUT/sysv" ;;
		cpu)
			lx "$LINUX_OUT/cpu" ;;
		movecode)
			lx "$LINUX_OUT/movecode" 200 ;;
		xcache)
			lx "$LINUX_OUT/xcache" ;;
		follow)
			lx "$LINUX_OUT/follow" ;;
		imagestale)
			rm -rf "$TMP/native-imagestale"
			mkdir -p "$TMP/native-imagestale"
			lx "$LINUX_OUT/imagestale" "$TMP/native-imagestale" ;;
		fmap)
			rm -rf "$TMP/native-fmap"
			mkdir -p "$TMP/native-fmap"
			lx "$LINUX_OUT/fmap" "$TMP/native-fmap" ;;
		esac
		lx_checked $n "natively: "
	done
}

# linux/execstate/HOW[/root|/native]: test/linux/execstate.c, what an
# execve keeps and drops, with nothing else alive (plain: vxlinux
# replaces the guest in its own process), a POSIX timer or another
# thread (it executes itself anew); under vxlinux, under --root (plain),
# and natively where this machine runs i386 programs.
linux_execstate() {
	local how n r=$TMP/execstate-root

	for how in plain timer thread; do
		for n in linux/execstate/$how linux/execstate/$how/root \
			 linux/execstate/$how/native; do
			selected $n || continue
			case $n in
			*/root)
				[ $how = plain ] || continue
				rm -rf "$r" && mkdir -p "$r"
				cp "$LINUX_OUT/execstate" "$r/execstate"
				lx "$VXLINUX" --root "$r" /execstate $how
				rm -rf "$r" ;;
			*/native)
				if ! i386_native; then
					skip $n "this machine does not run i386 programs natively (test/linux/segv: status $status, not 139)"
					continue
				fi
				lx "$LINUX_OUT/execstate" $how ;;
			*)
				lx "$VXLINUX" "$LINUX_OUT/execstate" $how ;;
			esac
			lx_checked $n
		done
	done
}

# linux/PROG/root: test/linux/PROG.c run by a guest under --root, its
# scratch directory inside the root (paths resolved there: inotify's
# watches and the big directories of calls.c; the paths that
# /proc/self/maps names in fmap.c, which are the guest's).
linux_under_root() {
	local prog=$1 n=linux/$1/root r=$TMP/$1-root

	selected $n || return 0
	rm -rf "$r" && mkdir -p "$r/scratch"
	cp "$LINUX_OUT/$prog" "$r/$prog"
	lx "$VXLINUX" --root "$r" "/$prog" /scratch
	lx_checked $n
	rm -rf "$r"
}

# linux/ptrargs-native: test/linux/ptrargs.c's expectations are the
# kernel's own: run it natively where this machine runs i386 programs.
linux_native() {
	local n=linux/ptrargs-native
	selected $n || return 0
	rm -rf "$TMP/native" && mkdir -p "$TMP/native"
	if ! i386_native; then
		skip $n "this machine does not run i386 programs natively (test/linux/segv: status $status, not 139)"
		return
	fi
	(cd "$TMP/native" && lx "$LINUX_OUT/ptrargs" "$TMP/native"; echo $status > "$TMP/native.status")
	status=$(cat "$TMP/native.status")
	lx_checked $n "the kernel disagrees: "
}

# linux/ptrargs-coverage: every call in vxlinux's table is tested by
# ptrargs.c or sorted into one of the lists in its header comment.
linux_ptrargs_coverage() {
	local n=linux/ptrargs-coverage c missing= src=$TOP/test/linux/ptrargs.c
	selected $n || return 0
	for c in $(grep -o 'X([0-9]*, [a-z0-9_]*' "$TOP/vxlinux/syscall.c" | sed 's/.*, //'); do
		grep -q "SYS_$c\b" "$src" && continue
		sed -n '/^ \* no pointer argument:/,/^ \*$/p' "$src" |
			grep -qw -- "$c" && continue
		missing="$missing $c"
	done
	if [ -n "$missing" ]; then
		fail $n "calls neither tested by test/linux/ptrargs.c nor listed there:$missing"
	else
		pass $n
	fi
}

linux_status() {
	local n

	n=linux/status/exit
	if selected $n; then
		lx "$VXLINUX" "$LINUX_OUT/proc" --child x 42
		[ $status = 42 ] && pass $n || fail $n "status $status, want 42"
	fi
	n=linux/status/trap
	if selected $n; then
		# through sh, which reports the signal death on its stderr
		lx sh -c '"$@"; exit $?' sh "$VXLINUX" "$LINUX_OUT/segv"
		if [ $status != 139 ]; then
			fail $n "status $status, want 139"
		elif ! grep -q '^vxlinux: trap: page fault at eip 0x[0-9a-f]\{8\}, address 0x00000010 (write)$' "$TMP/err"; then
			fail $n "no trap report line: $(head -c 200 "$TMP/err")"
		else
			pass $n
		fi
	fi
	n=linux/status/x86-64
	if selected $n; then
		lx "$VXLINUX" /bin/true
		if [ $status = 125 ] && grep -q '^vxlinux: .*64-bit' "$TMP/err"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/err")"
		fi
	fi
	n=linux/status/machine
	if selected $n; then
		# an i386 program with e_machine patched to 40 (ARM)
		cp "$LINUX_OUT/segv" "$TMP/arm.elf"
		printf '\050\000' | dd of="$TMP/arm.elf" bs=1 seek=18 conv=notrunc 2>/dev/null
		lx "$VXLINUX" "$TMP/arm.elf"
		if [ $status = 125 ] && grep -q '^vxlinux: .*e_machine is 40' "$TMP/err"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/err")"
		fi
	fi
	n=linux/status/dynamic
	if selected $n; then
		# A dynamic program whose interpreter is missing: refused with
		# the interpreter's name, before anything runs.
		printf 'int main(void) { return 0; }\n' > "$TMP/dyn.c"
		if ! ${TEST_GCC:-gcc} -m32 -o "$TMP/dyn" "$TMP/dyn.c" \
			-Wl,--dynamic-linker=/no/such/ld.so 2>/dev/null; then
			fail $n "gcc -m32 cannot link a dynamic i386 program"
		else
			lx "$VXLINUX" "$TMP/dyn"
			if [ $status = 125 ] && grep -q '^vxlinux: .*program interpreter /no/such/ld.so: No such file' "$TMP/err"; then
				pass $n
			else
				fail $n "status $status: $(head -c 200 "$TMP/err")"
			fi
		fi
	fi
	# Hostile interpreters: each refused with a message naming the
	# problem, status 125, nothing run.
	n=linux/status/interp
	if selected $n; then
		local bad=0 why= ph
		printf 'not an ELF file\n' > "$TMP/notelf"
		${TEST_GCC:-gcc} -m32 -o "$TMP/i-notelf" "$TMP/dyn.c" \
			-Wl,--dynamic-linker="$TMP/notelf" 2>/dev/null
		${TEST_GCC:-gcc} -m32 -o "$TMP/i-dyn" "$TMP/dyn.c" \
			-Wl,--dynamic-linker="$TMP/i-notelf" 2>/dev/null
		mkdir -p "$TMP/i-dir"
		${TEST_GCC:-gcc} -m32 -o "$TMP/i-isdir" "$TMP/dyn.c" \
			-Wl,--dynamic-linker="$TMP/i-dir" 2>/dev/null
		# PT_INTERP's p_filesz made 0xffff: past the name's NUL
		cp "$TMP/i-notelf" "$TMP/i-long"
		ph=$(readelf -lW "$TMP/i-long" 2>/dev/null | awk '$1 == "INTERP" { print NR; exit }')
		ph=$(readelf -lW "$TMP/i-long" | awk -v n="$ph" 'NR > 0 && /^  Type/ { t = NR } NR == n { print n - t - 1 }')
		[ -n "$ph" ] && printf '\377\377\000\000' | dd of="$TMP/i-long" bs=1 \
			seek=$((52 + ph * 32 + 16)) conv=notrunc 2>/dev/null
		for c in "i-notelf:ELF: interpreter: not an ELF file" \
			 "i-dyn:ELF: interpreter: dynamically linked" \
			 "i-isdir:program interpreter $TMP/i-dir: Permission denied" \
			 "i-long:bad program interpreter (PT_INTERP): Exec format error"; do
			lx "$VXLINUX" "$TMP/${c%%:*}"
			if [ $status != 125 ] || ! grep -qF "${c#*:}" "$TMP/err"; then
				bad=1 why="$why ${c%%:*}: status $status: $(head -c 150 "$TMP/err")"
			fi
		done
		[ $bad = 0 ] && pass $n || fail $n "$why"
	fi
	n=linux/status/missing
	if selected $n; then
		lx "$VXLINUX" "$TMP/no-such-program"
		if [ $status = 125 ] && grep -q 'No such file' "$TMP/err"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/err")"
		fi
	fi
	n=linux/status/options
	if selected $n; then
		lx "$VXLINUX" --bogus "$LINUX_OUT/segv"
		if [ $status = 125 ] && grep -q "unknown option '--bogus'" "$TMP/err"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/err")"
		fi
	fi
}

# The busybox used by the applet tests, or empty.
BUSYBOX=
linux_fetch_busybox() {
	local dest=$OUT/i386
	if [ ! -x "$dest/root/bin/busybox" ]; then
		"$TOP/tools/fetch-i386.sh" "$dest" busybox-static \
			>"$TMP/fetch.log" 2>&1
	fi
	if [ -x "$dest/root/bin/busybox" ]; then
		BUSYBOX=$dest/root/bin/busybox
	else
		BUSYBOX_WHY="i386 busybox-static could not be fetched: $(tail -1 "$TMP/fetch.log" 2>/dev/null)"
	fi
}

linux_policy() {
	local n r=$TMP/root

	n=linux/policy/no-net
	if selected $n; then
		lx "$VXLINUX" --no-net "$LINUX_OUT/net"
		echo "socket: EACCES" > "$TMP/want"
		lx_expect $n 0 "$TMP/want"
	fi
	n=linux/policy/trace
	if selected $n; then
		# glibc's start-up probes rseq, which vxlinux leaves out
		lx "$VXLINUX" --trace "$LINUX_OUT/net"
		if [ $status = 0 ] && grep -q 'socket: ok' "$TMP/out" &&
		   grep -q 'unsupported: system call rseq (386)' "$TMP/err" &&
		   grep -q '^\[[0-9]*\] socketcall(0x1, 0x[0-9a-f]*)$' "$TMP/err" &&
		   grep -q 'exit_group(0)' "$TMP/err"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/out")"
		fi
	fi
	n=linux/policy/perfmap
	if selected $n; then
		# VX32_PERFMAP: one line per block in the caches at exit (as
		# VX32_STATS counts them: the seg backend's probe has one
		# too), main's first among them
		lx sh -c 'echo $$ >&2; VX32_PERFMAP=1 VX32_STATS=1 exec "$@"' \
			sh "$VXLINUX" "$LINUX_OUT/net"
		local pid blocks entry map
		pid=$(head -1 "$TMP/err")
		map=/tmp/perf-$pid.map
		blocks=$(sed -n 's/.*(\([0-9]*\) blocks,.*/\1/p' "$TMP/err" |
			awk '{ n += $1 } END { print n }')
		entry=$(nm "$LINUX_OUT/net" | awk '$3 == "main" { print $1 }')
		if [ $status = 0 ] && [ -f "$map" ] && [ -n "$blocks" ] &&
		   [ "$(wc -l < "$map")" = "$blocks" ] &&
		   ! grep -qv '^[0-9a-f]* [0-9a-f]* vx:[0-9a-f]\{8\}$' "$map" &&
		   grep -q " vx:$entry\$" "$map"; then
			pass $n
		else
			fail $n "status $status, $blocks blocks, map $map: $(head -c 200 "$map" 2>&1)"
		fi
		rm -f "$map"
	fi
	n=linux/policy/trace-reader-gone
	if selected $n; then
		# the trace's reader quits after one line: the SIGPIPE of
		# the next trace write is vxlinux's; the guest runs on, and
		# (here with no handler) is not killed by it
		{ timeout -s KILL "$TIMEOUT" "$VXLINUX" --trace \
			"$LINUX_OUT/net" 2>&1 >"$TMP/out" </dev/null |
			head -n 1 >/dev/null; } 2>/dev/null
		status=${PIPESTATUS[0]}
		if [ $status = 0 ] && grep -q 'socket: ok' "$TMP/out"; then
			pass $n
		else
			fail $n "status $status, stdout: $(head -c 200 "$TMP/out")"
		fi
	fi

	# The confinement tests use test/linux/fsops (no download): each
	# operation prints "OP ARG: RESULT", RESULT an errno name on failure.
	# The expected lines are what Linux itself answers when the same
	# fsops runs natively in a chroot of the same tree (root-*) and on
	# a read-only bind mount (read-only).
	rm -rf "$r" "$TMP/outside"
	mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/sub/dir"
	cp "$LINUX_OUT/fsops" "$r/bin/fsops"
	echo inside > "$r/etc/secret"
	echo outside > "$TMP/outside"
	ln -s /etc "$r/abs"			# absolute: means $r/etc
	ln -s ../../../../../../.. "$r/up"	# climbs: stops at $r
	ln -s /etc/secret "$r/sub/dir/link"
	local fs="$VXLINUX --root $r /bin/fsops" t=${TMP#/}

	n=linux/policy/root-dotdot
	if selected $n; then
		printf '%s\n' "cat ../outside: ENOENT" "cat ../../../../outside: ENOENT" \
			"cat /../outside: ENOENT" "cat /up/$t/outside: ENOENT" \
			"ls /up/$t: ENOENT" "ls /up/: abs bin etc sub tmp up" \
			"ls /abs/../../..$TMP: ENOENT" > "$TMP/want"
		# Without --root the same names do reach outside: the
		# operations above are ones that could escape.
		(cd "$r" && lx "$VXLINUX" "$LINUX_OUT/fsops" cat ../outside \
			cat up/$t/outside; echo $status > "$TMP/ctl.status")
		if [ "$(cat "$TMP/ctl.status")" != 0 ] ||
		   [ "$(grep -c ': outside$' "$TMP/out")" != 2 ]; then
			fail $n "the unconfined control run did not reach outside: $(head -c 200 "$TMP/out" | tr '\n' ' ')"
		else
			lx $fs cat ../outside cat ../../../../outside cat /../outside \
				cat /up/$t/outside ls /up/$t ls /up/ ls /abs/../../..$TMP
			lx_expect $n 0 "$TMP/want"
		fi
	fi
	n=linux/policy/root-symlink
	if selected $n; then
		lx $fs cat /abs/secret cat /sub/dir/link cat /up/etc/secret \
			readlink /abs readlink /sub/dir/link ls /up ls /up/up/abs
		printf '%s\n' "cat /abs/secret: inside" "cat /sub/dir/link: inside" \
			"cat /up/etc/secret: inside" "readlink /abs: /etc" \
			"readlink /sub/dir/link: /etc/secret" \
			"ls /up: abs bin etc sub tmp up" "ls /up/up/abs: secret" > "$TMP/want"
		lx_expect $n 0 "$TMP/want"
	fi
	n=linux/policy/root-cwd
	if selected $n; then
		# getcwd gives the directory reached, not the name used
		lx $fs pwd - cd /sub/dir/../.. cd .. pwd - cd /abs pwd - \
			cd ../up/sub pwd - cat ../etc/secret readlink /proc/self/exe
		printf '%s\n' "pwd -: /" "cd /sub/dir/../..: ok" "cd ..: ok" "pwd -: /" \
			"cd /abs: ok" "pwd -: /etc" "cd ../up/sub: ok" "pwd -: /sub" \
			"cat ../etc/secret: inside" "readlink /proc/self/exe: /bin/fsops" > "$TMP/want"
		lx_expect $n 0 "$TMP/want"
	fi
	n=linux/policy/root-exec
	if selected $n; then
		# execve inside the root: of a program by its path, and of
		# a host path that does not exist inside the root.
		lx $fs exec /bin/fsops exec "$LINUX_OUT/fsops" exec /etc/secret
		printf '%s\n' "cat /etc/secret: inside" "exec /bin/fsops: exit 0" \
			"exec $LINUX_OUT/fsops: ENOENT" "exec /etc/secret: EACCES" > "$TMP/want"
		lx_expect $n 0 "$TMP/want"
	fi
	n=linux/policy/root-socket
	if selected $n; then
		# AF_UNIX socket names are paths inside the root too.
		cp "$LINUX_OUT/net" "$r/bin/net"
		lx "$VXLINUX" --root "$r" /bin/net /tmp
		if [ $status = 0 ] && grep -q '^0 failures$' "$TMP/out" &&
		   [ -S "$r/tmp/sock" ] && [ ! -e /tmp/sock ]; then
			pass $n
		else
			fail $n "status $status: $(grep -m2 FAIL "$TMP/out" | tr '\n' ' ')"
		fi
	fi
	n=linux/policy/root-race
	if selected $n; then
		# A forked child swaps a directory and a symbolic link that
		# would reach $TMP/hostdir on the host; the parent opens
		# through the name 20000 times.  (Without --root the same
		# program does reach it: that run proves the test can fail.)
		mkdir -p "$TMP/hostdir" "$r/w"
		echo outside > "$TMP/hostdir/x"
		cp "$LINUX_OUT/race" "$r/bin/race"
		(cd "$r/w" && lx "$VXLINUX" --root "$r" /bin/race "$TMP/hostdir"; echo $status > "$TMP/race.status")
		status=$(cat "$TMP/race.status")
		if [ $status = 0 ] && grep -q '^confined$' "$TMP/out"; then
			pass $n
		else
			fail $n "status $status: $(head -c 200 "$TMP/out" | tr '\n' ' ')"
		fi
	fi
	n=linux/policy/read-only
	if selected $n; then
		rm -rf "$TMP/ro"
		mkdir -p "$TMP/ro/dir"
		echo keep > "$TMP/ro/file"
		touch -d @1000000000 "$TMP/ro/file"
		chmod 644 "$TMP/ro/file"
		local before after o
		before=$(cd "$TMP/ro" && find . -printf '%p %s %m %T@ %y\n' | sort)
		lx "$VXLINUX" --read-only "$LINUX_OUT/fsops" cat $TMP/ro/file \
			write $TMP/ro/file create $TMP/ro/new mkdir $TMP/ro/newdir \
			rmdir $TMP/ro/dir rm $TMP/ro/file mv $TMP/ro/file \
			symlink $TMP/ro/link link $TMP/ro/file chmod $TMP/ro/file \
			touch $TMP/ro/file truncate $TMP/ro/file
		after=$(cd "$TMP/ro" && find . -printf '%p %s %m %T@ %y\n' | sort)
		echo "cat $TMP/ro/file: keep" > "$TMP/want"
		for o in "write file" "create new" "mkdir newdir" "rmdir dir" \
			 "rm file" "mv file" "symlink link" "link file" \
			 "chmod file" "touch file" "truncate file"; do
			echo "${o%% *} $TMP/ro/${o#* }: EROFS"
		done >> "$TMP/want"
		if [ "$before" != "$after" ]; then
			fail $n "the file system was modified: $(diff <(echo "$before") <(echo "$after") | sed -n 2,3p | tr '\n' ' ')"
		else
			lx_expect $n 0 "$TMP/want"
		fi
	fi
}

# Bump when the data below changes: cached qemu-i386 outputs depend on it.
LINUX_DATA_VERSION=1

# Applets, each: NAME and a busybox command line (run as `busybox ARGS`
# with the data directory as the current directory).
linux_applets() {
	local n d=$TMP/bbdata

	if [ -z "$BUSYBOX" ]; then
		selected linux/busybox && skip linux/busybox "$BUSYBOX_WHY"
		return
	fi
	if ! command -v "$QEMU" >/dev/null; then
		selected linux/busybox && skip linux/busybox "$QEMU not installed"
		return
	fi
	rm -rf "$d"
	mkdir -p "$d/tree/a/b" "$d/tree/c"
	seq 1 2000 | sed 's/\(.*\)/line \1 of the text, field\t\1/' > "$d/text"
	printf 'pear\napple\nfig\napple\nbanana\nfig\nfig\n' > "$d/fruit"
	for f in one two three; do echo "$f" > "$d/tree/a/$f.txt"; done
	echo deep > "$d/tree/a/b/deep.txt"
	echo c > "$d/tree/c/c.dat"
	touch -d @1000000000 "$d"/tree/a/*.txt "$d"/tree/a/b/* "$d"/tree/c/* \
		"$d/text" "$d/fruit"
	touch -d @1000000000 "$d"/tree/a/b "$d"/tree/a "$d"/tree/c "$d"/tree

	local -a cases=(
		"sh-pipeline|sh -c 'seq 1 1000 | sort -r | md5sum'"
		"sh-script|sh -c 'x=0; for i in \$(seq 1 50); do x=\$((x + i)); done; echo \$x; case abc in a*) echo glob;; esac; f() { echo fn \$1; }; f arg; echo \${#PATH} >/dev/null; test -d tree && echo dir'"
		"sh-subshell|sh -c '(echo sub; exit 3); echo status \$?; echo \$(echo nested \$(echo deeper))'"
		"sh-redirect|sh -c 'echo one > \$TMPF; echo two >> \$TMPF; cat < \$TMPF; wc -l < \$TMPF; rm \$TMPF'"
		"ls|ls -l tree/a"
		"ls-R|ls -R tree"
		"cat|cat text fruit"
		"sort|sort -t ' ' -k 2,2nr text"
		"sort-u|sort -u fruit"
		"uniq|sh -c 'sort fruit | uniq -c'"
		"wc|wc text fruit"
		"sed|sed -n 's/line \\([0-9]*5\\) of/L\\1/p' text"
		"awk|awk -F'\\t' '{ s += \$2 } NR % 500 == 0 { print NR, \$1 } END { printf \"%d %.2f\\n\", s, s / NR }' text"
		"grep|grep -c -E '1[0-9]?3' text"
		"grep-v|grep -n -v -e apple -e fig fruit"
		"gzip|sh -c 'gzip -c text | gunzip -c | md5sum'"
		"gzip-bytes|gzip -c -n fruit"
		"md5sum|md5sum text fruit"
		"sha256sum|sha256sum text fruit"
		"tar|sh -c 'tar cf - tree | tar tf -'"
		"tar-x|sh -c 'mkdir -p \$TMPF && tar cf - tree | (cd \$TMPF && tar xf - && find . | sort && cat tree/a/b/deep.txt); rm -rf \$TMPF'"
		"find|find tree -name '*.txt' -type f"
		"find-size|find tree -type d"
		"xargs|sh -c 'seq 1 20 | xargs -n 6 echo'"
		"expr|expr 6 \\* 7 + 1"
		"expr-match|expr 'hello world' : 'hello \\(.*\\)'"
		"seq|seq -s , 5 3 40"
		"date|date -u -d @0"
		"date-fmt|date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %A %j'"
		"head-tail|sh -c 'head -n 3 text; tail -n 2 text'"
		"cut-tr|sh -c 'cut -f 2 text | tr 0-9 a-j | tail -n 3'"
		"od|od -A x -t x1z fruit"
	)
	local c name cmd key bbsum refdir=$LINUX_OUT/qemu-ref
	bbsum=$(md5sum < "$BUSYBOX" | cut -c1-32)
	mkdir -p "$refdir"
	for c in "${cases[@]}"; do
		name=linux/busybox/${c%%|*}
		cmd=${c#*|}
		selected "$name" || continue
		(cd "$d" && TMPF=$TMP/bbtmp.vx eval "lx \"\$VXLINUX\" \"\$BUSYBOX\" $cmd"; echo $status > "$TMP/vx.status")
		status=$(cat "$TMP/vx.status")
		# qemu-i386's answer depends only on the command, busybox,
		# the data (fixed above) and the user: kept between runs.
		key=$(printf '%s\n' "$cmd" "$bbsum" "$(id -u) $(id -g)" "$LINUX_DATA_VERSION" |
		      md5sum | cut -c1-16)
		if [ -f "$refdir/$key.status" ]; then
			cp "$refdir/$key.out" "$TMP/ref.out"
			ref_status=$(cat "$refdir/$key.status")
		else
			(cd "$d" && TMPF=$TMP/bbtmp.q eval "lx_ref \"\$QEMU\" \"\$BUSYBOX\" $cmd"; echo $ref_status > "$TMP/ref.status")
			ref_status=$(cat "$TMP/ref.status")
			cp "$TMP/ref.out" "$refdir/$key.out"
			echo $ref_status > "$refdir/$key.status"
		fi
		lx_same "$name"
	done
}

# The test programs again, linked with musl (fetched like busybox), or a
# skip: musl's own TLS set-up (set_thread_area with entry -1), signal
# trampolines and start-up code.
linux_musl() {
	local m=$OUT/i386/root/usr t cc_inc bin

	selected linux/musl || return 0
	"$TOP/tools/fetch-i386.sh" "$OUT/i386" musl musl-dev \
		>"$TMP/fetch-musl.log" 2>&1
	if [ ! -f "$m/lib/i386-linux-musl/libc.a" ]; then
		skip linux/musl "i386 musl could not be fetched: $(tail -1 "$TMP/fetch-musl.log")"
		return
	fi
	cc_inc=$(${TEST_GCC:-gcc} -m32 -print-file-name=include)
	mkdir -p "$LINUX_OUT/musl"
	for t in glibc sig; do
		bin=$LINUX_OUT/musl/$t
		if [ ! -f "$bin" ] || [ "$TOP/test/linux/$t.c" -nt "$bin" ]; then
			if ! ${TEST_GCC:-gcc} -m32 -nostdinc -isystem "$m/include/i386-linux-musl" \
				-isystem "$cc_inc" -O2 -c -o "$bin.o" "$TOP/test/linux/$t.c" ||
			   ! ld -m elf_i386 -static -o "$bin" "$m/lib/i386-linux-musl/crt1.o" \
				"$m/lib/i386-linux-musl/crti.o" "$bin.o" \
				"$m/lib/i386-linux-musl/libc.a" \
				"$(${TEST_GCC:-gcc} -m32 -print-libgcc-file-name)" \
				"$m/lib/i386-linux-musl/crtn.o"; then
				fail linux/musl/$t "cannot build with musl"
				continue
			fi
		fi
		rm -rf "$TMP/musl-scratch" "$TMP/musl-scratch.ref"
		mkdir -p "$TMP/musl-scratch" "$TMP/musl-scratch.ref"
		lx "$VXLINUX" "$bin" "$TMP/musl-scratch"
		lx_ref "$QEMU" "$bin" "$TMP/musl-scratch.ref"
		lx_same linux/musl/$t
	done
}

# The hostile guest test/linux/escape.c, under each policy (no download
# needed): every way out vxlinux once had, each tried, and the host
# checked afterwards for what changed outside the root.
#   linux/escape/CMD[/OPTIONS]   escape CMD under vxlinux OPTIONS
ESC_R=   # the root: a fresh copy for each run
esc_fresh_root() {
	rm -rf "$TMP/esc"
	mkdir -p "$TMP/esc/root/bin" "$TMP/esc/root/tmp" "$TMP/esc/out"
	cp "$LINUX_OUT/escape" "$TMP/esc/root/bin/escape"
	cp "$LINUX_OUT/evil.so" "$TMP/esc/root/evil.so"
	# A native program inside the root, for the native-exec refusal.
	cp /bin/sh "$TMP/esc/root/bin/sh" 2>/dev/null
	echo original > "$TMP/esc/out/escape"
	ESC_R=$TMP/esc/root
}

# What is outside the root, as a listing with checksums.
esc_outside() {
	(cd "$TMP/esc/out" && find . -printf '%p %s %m\n' | sort &&
	 find . -type f -exec md5sum {} + | sort)
}

# esc_run NAME PROG-PATH OPTIONS... -- ARGS...: run escape under vxlinux;
# PASS when it reports no FAIL line, exits 0 and nothing outside changed.
esc_run() {
	local n=$1 prog=$2 opts=() before after
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	selected "$n" || return 0
	before=$(esc_outside)
	lx "$VXLINUX" "${opts[@]}" "$prog" "$@"
	after=$(esc_outside)
	if [ "$before" != "$after" ]; then
		fail "$n" "the host changed outside the root: $(diff <(echo "$before") <(echo "$after") | sed -n 2,3p | tr '\n' ' ')"
	elif [ $status != 0 ] || grep -q '^FAIL' "$TMP/out" ||
	     ! grep -q '^ok' "$TMP/out"; then
		fail "$n" "status $status: $(grep -a -m3 '^FAIL' "$TMP/out" | tr '\n' ' ' | cut -c1-300) $(head -c 200 "$TMP/err")"
	else
		pass "$n"
	fi
}

linux_escape() {
	local n pol p
	if [ ! -f "$LINUX_OUT/escape" ] || [ ! -f "$LINUX_OUT/evil.so" ]; then
		fail linux/escape "$LINUX_OUT/escape or evil.so not built"
		return
	fi
	# Commands that check themselves, in the host's tree and confined.
	for c in procmem fds unixaddr sockopt dumpable; do
		esc_fresh_root
		esc_run linux/escape/$c "$LINUX_OUT/escape" -- $c
		esc_fresh_root
		esc_run linux/escape/$c/root "/bin/escape" --root "$ESC_R" -- $c
	done
	# SCM_RIGHTS raced by a second thread (named outside linux/escape/,
	# which make test also runs in the seg VM: there it once received
	# the guest's own descriptors, unexplained; vxlinux's code under
	# test is the same on both backends)
	esc_fresh_root
	esc_run linux/cmsgrace "$LINUX_OUT/escape" -- cmsgrace
	esc_fresh_root
	esc_run linux/cmsgrace/root "/bin/escape" --root "$ESC_R" -- cmsgrace
	esc_fresh_root
	esc_run linux/escape/fds/trace "$LINUX_OUT/escape" --trace -- fds
	esc_fresh_root
	esc_run linux/escape/procmem/root-ro "/bin/escape" --root "$ESC_R" \
		--read-only -- procmem
	# device nodes under --root (only there: without a policy the
	# guest has the invoking user's rights, and as root would make one
	# in the host's tree)
	esc_fresh_root
	esc_run linux/escape/mknod/root "/bin/escape" --root "$ESC_R" -- mknod
	# signals, renicing, rescheduling under a policy: a host process
	# outside the sandbox (noting in a file outside the root every
	# SIGURG or SIGTERM that reaches it) against the guest's own child
	local victim
	for pol in --root --no-net; do
		n=linux/escape/signal/${pol#--}
		selected $n || continue
		esc_fresh_root
		sh -c 'trap "echo urg >> \"$1\"" URG
		       trap "echo term >> \"$1\"" TERM
		       while :; do sleep 0.05; done' sh "$TMP/esc/out/victim" &
		victim=$!
		sleep 0.1
		if [ $pol = --root ]; then
			esc_run $n /bin/escape --root "$ESC_R" -- signal $victim
		else
			esc_run $n "$LINUX_OUT/escape" --no-net -- signal $victim
		fi
		sleep 0.2	# (the victim's trap runs after its sleep)
		if [ -e "$TMP/esc/out/victim" ]; then
			fail $n/victim "the host's process got: $(tr '\n' ' ' < "$TMP/esc/out/victim")"
		else
			pass $n/victim
		fi
		kill -KILL $victim 2>/dev/null
		wait $victim 2>/dev/null
	done
	# a segment of the host's, for a confined guest to try to attach
	# (the shmat is refused before the id is ever used: a made-up
	# id stands in where ipcmk is missing)
	n=linux/escape/sysv/root
	if selected $n; then
		local shm
		shm=$(ipcmk -M 4096 -p 0600 2>/dev/null | grep -o '[0-9]*$') ||
			shm=
		esc_fresh_root
		esc_run $n /bin/escape --root "$ESC_R" -- sysv "${shm:-1}"
		[ -n "$shm" ] && ipcrm -m "$shm"
	fi
	# The same refused by the inner layer itself (ipc.c), not only by
	# the outer layer's seccomp ENOSYS, which gives the guest the same
	# answer: --trace names the inner refusal.
	n=linux/escape/sysv/root-inner
	if selected $n; then
		esc_fresh_root
		lx "$VXLINUX" --root "$ESC_R" --trace /bin/escape sysv 1
		if [ $status = 0 ] && grep -q '^ok' "$TMP/out" &&
		   grep -q 'unsupported: System V IPC under --root' "$TMP/err"; then
			pass $n
		else
			fail $n "status $status, no inner refusal under --trace: $(grep -a -m2 -e FAIL -e 'semget\|shmget\|msgget' "$TMP/out" "$TMP/err" | tr '\n' ' ' | cut -c1-300)"
		fi
	fi
	for pol in "--no-net" "--root $ESC_R --read-only --no-net"; do
		esc_fresh_root
		esc_run "linux/escape/nonet/${pol%% *}" "$([ "${pol%% *}" = --root ] && echo /bin/escape || echo "$LINUX_OUT/escape")" \
			${pol/\$ESC_R/$ESC_R} -- nonet
	done

	# /proc/self/exe after /bin became a link out of the root.
	n=linux/escape/procexe
	esc_fresh_root
	esc_run $n /bin/escape --root "$ESC_R" -- procexe "$TMP/esc/out"

	# execve with a host loader's variables: the guest's environment
	# reaches the new program intact, and no host loader sees it; in
	# vxlinux's own process, and (/thread: the guest has a second
	# thread) by a host execve of vxlinux.
	local thr
	for pol in "" "--root" "--root --read-only --no-net"; do
	for thr in "" thread; do
		n=linux/escape/reexec${pol:+/${pol// /}}${thr:+/$thr}
		selected "$n" || continue
		esc_fresh_root
		p=$LINUX_OUT/escape
		[ -n "$pol" ] && p=/bin/escape
		local opts=()
		case $pol in *--root*) opts=(--root "$ESC_R") ;; esac
		case $pol in *--read-only*) opts+=(--read-only --no-net) ;; esac
		lx "$VXLINUX" "${opts[@]}" "$p" reexec "$ESC_R/evil.so" "$TMP/esc/out" $thr
		if ls "$TMP/esc/out" | grep -q -v '^escape$'; then
			fail $n "a host loader saw the guest's environment: $(ls "$TMP/esc/out" | tr '\n' ' ')"
		elif [ $status != 0 ] || ! grep -q "^LD_PRELOAD=$ESC_R/evil.so\$" "$TMP/out" ||
		     ! grep -q '^GUEST_VAR=kept$' "$TMP/out" ||
		     ! grep -q '^GLIBC_TUNABLES=glibc.malloc.check=3$' "$TMP/out"; then
			fail $n "status $status, the guest's environment did not arrive: $(head -c 200 "$TMP/out" | tr '\n' ' ') $(head -c 200 "$TMP/err")"
		else
			pass $n
		fi
	done
	done

	# Everything at once under the strictest policy: the root itself
	# must come out unchanged too.
	n=linux/escape/all-policies
	if selected $n; then
		esc_fresh_root
		local r_before r_after c allok=1
		r_before=$(cd "$ESC_R" && find . -printf '%p %s %m %y\n' | sort)
		for c in procmem fds nonet dumpable "procexe $TMP/esc/out" \
			 "native true x" "reexec $ESC_R/evil.so $TMP/esc/out"; do
			lx "$VXLINUX" --root "$ESC_R" --read-only --no-net \
				/bin/escape $c
			case $c in
			native*) [ $status = 3 ] || allok=0 ;;
			*) [ $status = 0 ] && ! grep -q '^FAIL' "$TMP/out" || allok=0 ;;
			esac
			[ $allok = 1 ] || { fail $n "escape $c: status $status: $(grep -a -m2 '^FAIL' "$TMP/out" | tr '\n' ' ')"; break; }
		done
		r_after=$(cd "$ESC_R" && find . -printf '%p %s %m %y\n' | sort)
		if [ $allok = 1 ]; then
			if [ "$r_before" != "$r_after" ]; then
				fail $n "the root changed under --read-only"
			elif ls "$TMP/esc/out" | grep -q -v '^escape$' ||
			     [ "$(cat "$TMP/esc/out/escape")" != original ]; then
				fail $n "the host changed outside the root"
			else
				pass $n
			fi
		fi
	fi

	linux_escape_dyn
	linux_sysfuzz

	# A host program: refused under every policy option (it would run
	# outside vxlinux); without one it runs, as the user could run it.
	for pol in "--read-only" "--no-net" "--root"; do
		n=linux/escape/native/${pol#--}
		selected "$n" || continue
		esc_fresh_root
		local opts=($pol) prog=$LINUX_OUT/escape
		[ "$pol" = --root ] && opts=(--root "$ESC_R") && prog=/bin/escape
		# (--trace shows that the inner layer refused it, not only
		# the outer one, which would say EACCES too)
		lx "$VXLINUX" --trace "${opts[@]}" "$prog" native "echo ran > $TMP/esc/out/native-ran" x
		if [ -e "$TMP/esc/out/native-ran" ]; then
			fail $n "the host program ran"
		elif [ $status != 3 ] || ! grep -q '^execve /bin/sh: Permission denied$' "$TMP/out"; then
			fail $n "status $status: $(head -c 200 "$TMP/out")"
		elif ! grep -q 'unsupported: execve of a non-i386 program under a policy option' "$TMP/err"; then
			fail $n "refused, but not by vxlinux's own check"
		else
			pass $n
		fi
	done
	n=linux/escape/native/none
	if selected $n; then
		esc_fresh_root
		# (with the guest's descriptor limit, not vxlinux's)
		lx "$VXLINUX" "$LINUX_OUT/escape" native "echo ran \$(ulimit -n) \$GUEST_NOFILE > $TMP/esc/out/native-ran" x
		local ran
		ran=$(cat "$TMP/esc/out/native-ran" 2>/dev/null)
		if [ $status != 0 ] || [ "${ran%% *}" != ran ]; then
			fail $n "status $status: a host program does not run without a policy: $(head -c 200 "$TMP/out$TMP/err")"
		elif ! [[ $ran =~ ^ran\ ([0-9]+)\ ([0-9]+)$ ]] ||
		     [ "${BASH_REMATCH[1]}" != "${BASH_REMATCH[2]}" ]; then
			fail $n "the host program's descriptor limit is not the guest's (ran, limit, guest's limit: $ran)"
		else
			pass $n
		fi
	fi
}

# Random calls (test/linux/sysfuzz.c), seven in eight drawn from those
# vxlinux serves (its table, read here, so that a new call joins), under
# --root and --root --read-only (with --no-net: no random connection
# leaves the machine).  esc_run checks the host: nothing outside changed.
linux_sysfuzz() {
	local n pol seed nums opts
	nums=$(grep -o 'X([0-9]*,' "$TOP/vxlinux/syscall.c" | tr -dc '0-9,')
	for pol in root read-only; do
		n=linux/sysfuzz/$pol
		selected $n || continue
		if [ ! -f "$LINUX_OUT/sysfuzz" ]; then
			fail $n "$LINUX_OUT/sysfuzz not built"
			continue
		fi
		esc_fresh_root
		cp "$LINUX_OUT/sysfuzz" "$ESC_R/bin/sysfuzz"
		opts=(--root "$ESC_R" --no-net)
		seed=1
		if [ $pol = read-only ]; then
			opts+=(--read-only)
			seed=2
		fi
		esc_run $n /bin/sysfuzz "${opts[@]}" -- -n "${nums%,}" \
			"${VX32_SYSFUZZ_SEED:-$seed}" "${VX32_SYSFUZZ_CALLS:-10000}"
		# (a failure: its output names the batch and the call; the
		# run with the same arguments replays that batch alone)
	done
}

# The same hostile guest dynamically linked (test/out/linux/dyn/escape,
# against the host's libc6-i386): its loader and libc copied into the
# root, every self-checking command under the strictest policy (those
# that need sockets under --root alone, as for the static guest); a
# dynamically linked program must be as confined as a static one.
#   linux/escape/dyn/CMD
linux_escape_dyn() {
	local c ld libc
	ld=$(readlink -f /lib/ld-linux.so.2 2>/dev/null)
	libc=$(${TEST_GCC:-gcc} -m32 -print-file-name=libc.so.6 2>/dev/null)
	libc=$(readlink -f "$libc" 2>/dev/null)
	for c in procmem fds unixaddr sockopt dumpable nonet procexe; do
		selected linux/escape/dyn/$c || continue
		if [ ! -f "$LINUX_OUT/dyn/escape" ] || [ ! -f "$ld" ] ||
		   [ ! -f "$libc" ]; then
			fail linux/escape/dyn/$c "no dynamic i386 escape guest, or no i386 ld-linux.so.2/libc.so.6 on the host (gcc-multilib)"
			continue
		fi
		esc_fresh_root
		mkdir -p "$ESC_R/lib" "$ESC_R/lib32"
		cp "$LINUX_OUT/dyn/escape" "$ESC_R/bin/escape"
		cp "$ld" "$ESC_R/lib/ld-linux.so.2"
		cp "$libc" "$ESC_R/lib32/libc.so.6"
		cp "$libc" "$ESC_R/lib/libc.so.6"
		if [ $c = procexe ]; then
			esc_run linux/escape/dyn/$c /bin/escape --root "$ESC_R" \
				--read-only --no-net -- procexe "$TMP/esc/out"
		elif [ $c = unixaddr ] || [ $c = sockopt ]; then
			esc_run linux/escape/dyn/$c /bin/escape --root "$ESC_R" \
				-- $c
		else
			esc_run linux/escape/dyn/$c /bin/escape --root "$ESC_R" \
				--read-only --no-net -- $c
		fi
	done
}

# The outer layer alone (test/linux/outer/outer.c): the kernel refuses
# what a bug in vxlinux's system-call layer might let a guest try.  And
# the seccomp program against the rule list it is compiled from
# (test/linux/outer/filter.c).
linux_outer() {
	local pol n
	if selected linux/outer/filter; then
		"$LINUX_OUT/filter" > "$TMP/out" 2>&1
		status=$?
		if [ $status = 0 ] && grep -q ', 0 failures$' "$TMP/out"; then
			pass linux/outer/filter
		else
			fail linux/outer/filter "status $status: $(grep -a -m3 -e '^FAIL' "$TMP/out" | tr '\n' ' ' | cut -c1-300)"
		fi
	fi
	for pol in "" "--root" "--root --read-only" "--read-only" "--no-net" \
		   "--root --read-only --no-net"; do
		n=linux/outer/${pol:-none}
		n=${n// /}
		selected "$n" || continue
		rm -rf "$TMP/outer"
		mkdir -p "$TMP/outer/root" "$TMP/outer/out"
		echo inside > "$TMP/outer/root/inside"
		echo secret > "$TMP/outer/out/secret"
		lx "$LINUX_OUT/outer" "$TMP/outer/root" "$TMP/outer/out" 1 $pol
		if [ -e "$TMP/outer/out/new" ] || [ -d "$TMP/outer/out/newdir" ]; then
			fail $n "the file system outside the root changed"
		elif [ $status = 0 ] && grep -q '^0 failures$' "$TMP/out"; then
			pass $n
		else
			fail $n "status $status: $(grep -a -m3 -e '^FAIL' "$TMP/out" | tr '\n' ' ' | cut -c1-300)"
		fi
		# checks outer.c could not make on this kernel: counted SKIPs
		local l w
		while read -r l; do
			l=${l#skip }
			w=${l%%: *}
			skip "$n/${w// /-}" "${l#*: }"
		done < <(grep '^skip ' "$TMP/out")
	done
}

suite_linux() {
	if ! selected linux/; then
		local any=0 p
		for p in "${PATTERNS[@]}"; do
			case linux/ in *"$p"*) any=1 ;; esac
			case $p in linux*|*busybox*|*policy*|*musl*|*escape*|*outer*) any=1 ;; esac
		done
		[ $any = 1 ] || return 0
	fi
	if [ ! -x "$VXLINUX" ]; then
		fail linux/vxlinux "$VXLINUX not built"
		return
	fi
	linux_programs
	linux_native
	linux_native_calls
	linux_execstate
	linux_under_root fmap
	linux_under_root calls
	linux_ptrargs_coverage
	linux_status
	linux_escape
	linux_outer
	linux_policy
	linux_fetch_busybox
	linux_applets
	linux_musl
}
