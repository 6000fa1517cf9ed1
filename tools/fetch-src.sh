#!/bin/sh
# fetch-src.sh - fetch a Debian source package (bookworm) for the port
# tests, verify it, unpack it and apply Debian's patches.
#
#   tools/fetch-src.sh PACKAGE     (lua5.4, zlib, giflib, xz-utils,
#                                  sqlite3 or gzip)
#
# Prints the unpacked source directory on stdout.  The .dsc is checked
# against the SHA-256 pinned below; the .dsc's own Checksums-Sha256 then
# vouches for the upstream tarball and the Debian tarball.  Everything
# is cached in $VX32_SRC_CACHE (default test/out/src), so the network is
# needed once.  On failure (no network, bad checksum) it prints one line
# saying why on stderr and exits 1; the tests that need the source then
# SKIP with that line as the reason.
#
# The mirror is the first URIs: line of /etc/apt/sources.list.d/
# debian.sources (or /etc/apt/sources.list), else deb.debian.org;
# $VX32_DEBIAN_MIRROR overrides it.

set -eu

die() {
	echo "fetch-src: $*" >&2
	exit 1
}

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VX32_SRC_CACHE:-$top/test/out/src}

# package -> pool directory, .dsc file, its SHA-256
case ${1:-} in
lua5.4)
	pool=main/l/lua5.4
	dsc=lua5.4_5.4.4-3+deb12u1.dsc
	dsc_sha=d47c50154294a68c8a209c5d61bc09e5b22891c01b7c47501ac3f9725eb4a813
	;;
zlib)
	pool=main/z/zlib
	dsc=zlib_1.2.13.dfsg-1.dsc
	dsc_sha=3fa1e6b2fc525062aa88207dda52fed8e045373c809d362fe8a2bfbf7cf515a8
	;;
xz-utils)
	pool=main/x/xz-utils
	dsc=xz-utils_5.4.1-1+deb12u1.dsc
	dsc_sha=38f98e356f7e7e89b0920d39c55dd5f3d1a9f2684bff83c8b4890561e1832e94
	;;
sqlite3)
	pool=main/s/sqlite3
	dsc=sqlite3_3.40.1-2+deb12u2.dsc
	dsc_sha=ee3459ae9d00939741c7708fc1b8ce1bde12d8c3fb1dfa005bbbc8651d884e23
	;;
gzip)
	pool=main/g/gzip
	dsc=gzip_1.12-1.dsc
	dsc_sha=49a287787a0b4fc816eb576c011c472d1f630ec1778dfa120bd7fce4a844c253
	;;
giflib)
	pool=main/g/giflib
	dsc=giflib_5.2.1-2.5+deb12u1.dsc
	dsc_sha=5206a92fd4a057768f429033a3a80bc1e06453f6c60dfec243d8188fa6ade3f4
	;;
*)
	die "usage: fetch-src.sh lua5.4|zlib|giflib|xz-utils|sqlite3|gzip"
	;;
esac

mirror() {
	if [ -n "${VX32_DEBIAN_MIRROR:-}" ]; then
		echo "$VX32_DEBIAN_MIRROR"
		return
	fi
	m=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null |
		grep -v security | head -1)
	[ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\{1,\}\(http[^[:space:]]*\).*/\1/p' \
		/etc/apt/sources.list 2>/dev/null | grep -v security | head -1)
	echo "${m:-http://deb.debian.org/debian}"
}

download() {	# URL FILE
	if command -v curl >/dev/null; then
		curl -fsS --connect-timeout 10 -m 120 -o "$2.part" "$1" 2>/dev/null
	elif command -v wget >/dev/null; then
		wget -q -T 30 -O "$2.part" "$1"
	else
		return 1
	fi && mv "$2.part" "$2"
}

sha256() {
	sha256sum "$1" | cut -d' ' -f1
}

# fetch FILE SHA256: into the cache, unless already there and right
fetch() {
	f=$cache/$1
	if [ -f "$f" ] && [ "$(sha256 "$f")" = "$2" ]; then
		return 0
	fi
	rm -f "$f"
	url=$(mirror)/pool/$pool/$1
	download "$url" "$f" || { rm -f "$f.part"; die "cannot download $url (no network?)"; }
	got=$(sha256 "$f")
	[ "$got" = "$2" ] || { rm -f "$f"; die "$1: SHA-256 $got, expected $2"; }
}

mkdir -p "$cache"
fetch "$dsc" "$dsc_sha"

# The tarballs named in the .dsc, with their SHA-256.
files=$(awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 }
	on && NF == 3 { print $1 " " $3 }' "$cache/$dsc")
[ -n "$files" ] || die "$dsc has no Checksums-Sha256"
orig= debian=
echo "$files" | {
	while read -r sum name; do
		fetch "$name" "$sum"
	done
}
for name in $(echo "$files" | cut -d' ' -f2); do
	case $name in
	*.asc)		;;
	*.orig.tar.*)	orig=$name ;;
	*.debian.tar.*)	debian=$name ;;
	esac
done
[ -n "$orig" ] || die "$dsc names no .orig tarball"

dir=$cache/${dsc%.dsc}
if [ ! -f "$dir/.vx32-unpacked" ]; then
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -xf "$cache/$orig" -C "$dir.tmp" ||
		die "cannot unpack $orig"
	# the upstream tarball holds one directory: make it $dir
	sub=$(ls "$dir.tmp")
	[ "$(echo "$sub" | wc -l)" = 1 ] || die "$orig: not one top directory"
	mv "$dir.tmp/$sub" "$dir"
	rmdir "$dir.tmp"
	if [ -n "$debian" ]; then
		tar -xf "$cache/$debian" -C "$dir" ||
			die "cannot unpack $debian"
		if [ -f "$dir/debian/patches/series" ]; then
			for p in $(grep -v '^#' "$dir/debian/patches/series"); do
				patch -s -p1 -d "$dir" < "$dir/debian/patches/$p" ||
					die "patch $p does not apply"
			done
		fi
	fi
	touch "$dir/.vx32-unpacked"
fi
echo "$dir"
