#!/bin/sh
# fetch-i386.sh - fetch and unpack i386 Debian packages for the tests,
# without enabling i386 on the system (see /work/shared/NOTES.md).
#
# usage: tools/fetch-i386.sh DEST PACKAGE...
#
# Each PACKAGE is downloaded through a private apt configuration under
# DEST/apt and unpacked with dpkg -x into DEST/root.  A package already
# unpacked (DEST/PACKAGE.done exists) is not fetched again.  Exit status 0
# when every package is there, 1 otherwise, with the reason on stderr.
set -u

[ $# -ge 2 ] || { echo "usage: $0 DEST PACKAGE..." >&2; exit 2; }
dest=$1
shift
mkdir -p "$dest" || exit 1
dest=$(cd "$dest" && pwd)

missing=
for p in "$@"; do
	[ -e "$dest/$p.done" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

mirror=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '{print $2; exit}')
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' \
	/etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
suite=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-bookworm}")

a=$dest/apt
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/dl" || exit 1
echo "deb [arch=i386] $mirror $suite main" >"$a/sources.list"
cat >"$a/apt.conf" <<CONF
APT::Architecture "i386"; APT::Architectures { "i386"; };
Dir::Etc::SourceList "$a/sources.list"; Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$a/lists"; Dir::Cache "$a/cache";
Acquire::Retries "0"; Acquire::http::Timeout "20"; Acquire::https::Timeout "20";
CONF

if ! ls "$a/lists/"*Packages* >/dev/null 2>&1; then
	if ! APT_CONFIG=$a/apt.conf apt-get -q update >"$a/update.log" 2>&1; then
		echo "$0: apt-get update for i386 failed (see $a/update.log)" >&2
		exit 1
	fi
fi
chown _apt "$a/dl" 2>/dev/null
rc=0
for p in $missing; do
	rm -f "$a/dl/${p}_"*.deb
	if ! (cd "$a/dl" && APT_CONFIG=$a/apt.conf apt-get -q download "$p") \
		>"$a/$p.log" 2>&1; then
		echo "$0: cannot download i386 package $p (see $a/$p.log)" >&2
		rc=1
		continue
	fi
	if dpkg -x "$a/dl/${p}_"*_i386.deb "$dest/root"; then
		touch "$dest/$p.done"
	else
		echo "$0: cannot unpack $p" >&2
		rc=1
	fi
done
exit $rc
