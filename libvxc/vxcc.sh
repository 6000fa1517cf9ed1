#!/bin/sh
# vxcc - compile and link C programs as static i386 guests for vxrun.
#
#   vxcc [--target=vxrun|linux] [cc options] -o prog file.c ...
#   vxcc -shared [cc options] -o plugin.vxp file.c ...
#
# --target=linux (or -linux) links libvxc-linux.a instead, whose host
# calls are Linux int $0x80 system calls: the program then also runs
# natively on i386 Linux or under qemu-i386, as a reference.
#
# -shared builds a plug-in for libvx32's call API (doc/api.md, "Calling
# a plug-in"; <vxplugin.h>): the same static image with another start-up
# (crtplugin.o), which initialises libvxc and then tells the host it is
# ready instead of calling main(); the host calls its global functions
# by name.
#
# Files are found in $VXCC_HOME if set, else next to this script (the
# build tree: libvxc/vxcc, libvxc/libvxc.a, libvxc/include), else in
# ../lib/vxc relative to it (an installed vxcc in $PREFIX/bin).
# VXCC_CC picks the compiler (default gcc); VXCC_VERBOSE=1 shows the
# command.
#
# The compiler's messages pass through unchanged, followed by a line for
# each thing they show libvxc lacks: a header it has not, a function no
# libvxc header declares (where gcc would suggest including a header that
# is already included), a symbol the link could not find.

die() {
	echo "vxcc: $*" >&2
	exit 2
}

cc=${VXCC_CC:-gcc}

self=$0
case $self in
*/*) ;;
*) self=$(command -v -- "$self") || die "cannot locate myself" ;;
esac
# Follow a symlink (e.g. /usr/bin/vxcc -> ../lib/vxc/vxcc) if we can.
real=$(readlink -f -- "$self" 2>/dev/null) && self=$real
dir=$(dirname -- "$self")

if [ -n "$VXCC_HOME" ]; then
	home=$VXCC_HOME
elif [ -f "$dir/libvxc.a" ] && [ -d "$dir/include" ]; then
	home=$dir
elif [ -f "$dir/../lib/vxc/libvxc.a" ]; then
	home=$dir/../lib/vxc
else
	die "cannot find libvxc (set VXCC_HOME)"
fi
[ -f "$home/crt0.o" ] || die "$home/crt0.o missing (set VXCC_HOME)"

# Walk the arguments once: note the mode, drop what is ours or what
# would drag in a host library, keep the rest in order.
link=1
lib=libvxc.a
crt=crt0.o
for arg do
	shift
	case $arg in
	--target=linux|-linux)	lib=libvxc-linux.a; continue ;;
	--target=vxrun|--target=vx32) lib=libvxc.a; continue ;;
	--target=*)		die "unknown target: ${arg#--target=}" ;;
	-shared)		crt=crtplugin.o; continue ;;
	-lc|-lm|-lgcc)		continue ;;	# all in libvxc.a or added below
	-c|-S|-E|-M|-MM)	link=0 ;;
	--version|-v|-dumpversion|-dumpmachine|-print-*|--help)
				link=0 ;;
	esac
	set -- "$@" "$arg"
done

[ $crt = crtplugin.o ] && [ $lib = libvxc-linux.a ] &&
	die "-shared builds a plug-in for libvx32's call API; --target=linux has no host to call it"
[ -f "$home/$crt" ] || die "$home/$crt missing (set VXCC_HOME)"

gccinc=$($cc -print-file-name=include) || die "$cc does not work"

set -- -m32 -fno-pie -fno-stack-protector -nostdinc \
	-isystem "$home/include" -isystem "$gccinc" -D__vxc__ "$@"

if [ $link = 1 ]; then
	libgcc=$($cc -m32 -print-libgcc-file-name) || die "no 32-bit libgcc"
	set -- -no-pie -static -nostdlib "$home/$crt" "$@" \
		-Wl,--start-group "$home/$lib" "$libgcc" -Wl,--end-group
fi

[ -n "$VXCC_VERBOSE" ] && echo "$cc $*" >&2

# explain FILE: what the compiler's messages in FILE say libvxc lacks.
explain() {
	sed 's/\x1b\[[0-9;]*[mK]//g' "$1" > "$1.plain"
	sed -n 's/.*fatal error: \([^:]*\): No such file or directory.*/\1/p' \
		"$1.plain" | sort -u | while read -r h; do
		[ -f "$home/include/$h" ] ||
			echo "vxcc: libvxc has no <$h> (libvxc/README.md lists what it provides)"
	done
	sed -n "s/.*implicit declaration of function [\`'‘]\([A-Za-z0-9_]*\)['’].*/\1/p" \
		"$1.plain" | sort -u | while read -r f; do
		grep -rqw -- "$f" "$home/include" || echo "$f"
	done > "$1.implicit"
	while read -r f; do
		echo "vxcc: libvxc does not provide function $f (no libvxc header declares it)"
	done < "$1.implicit"
	sed -n "s/.*undefined reference to [\`'‘]\([^'’]*\)['’].*/\1/p" \
		"$1.plain" | sort -u | while read -r f; do
		grep -qx -- "$f" "$1.implicit" ||
			echo "vxcc: $f is not defined by your objects, and libvxc does not provide it"
	done
	rm -f "$1.implicit"
	rm -f "$1.plain"
}

case " $* " in
*" -fdiagnostics-color"*|*" -fno-diagnostics-color"*) ;;
*)	[ -t 2 ] && set -- -fdiagnostics-color=always "$@" ;;
esac
errs=$(mktemp "${TMPDIR:-/tmp}/vxcc.XXXXXX") || die "cannot make a temporary file"
trap 'rm -f "$errs" "$errs.plain" "$errs.implicit"' EXIT
"$cc" "$@" 2>"$errs"
status=$?
cat "$errs" >&2
explain "$errs" >&2
exit $status
