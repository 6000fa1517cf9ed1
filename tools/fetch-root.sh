#!/bin/sh
# fetch-root.sh - an i386 Debian userland for vxlinux's dynamic tests:
# packages and everything they depend on, downloaded through a private apt
# configuration (nothing on the system changes; see /work/shared/NOTES.md)
# and unpacked with dpkg -x (no maintainer scripts) into DEST/root.
#
# usage: tools/fetch-root.sh DEST PACKAGE...
#
# apt resolves the dependencies against an empty package status, so the
# root gets the whole closure (libc6, libssl3 ...).  A root made from the
# same package list is reused (DEST/root.list names it).  Exit status 0
# when the root is there, 1 otherwise, with the reason on stderr.
#
# Of what the maintainer scripts would do, the parts programs notice are
# done here: /etc/passwd and /etc/group from base-passwd's masters (if
# base-passwd is in the list), /etc/ld.so.conf and, where this host's
# ldconfig can (it chroots: root only), /etc/ld.so.cache.  Device nodes
# are not made: vxlinux --root supplies /dev/null and its like.
set -u

[ $# -ge 2 ] || { echo "usage: $0 DEST PACKAGE..." >&2; exit 2; }
dest=$1
shift
mkdir -p "$dest" || exit 1
dest=$(cd "$dest" && pwd)
want=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
if [ -f "$dest/root.list" ] && [ "$(cat "$dest/root.list")" = "$want" ] &&
   [ -d "$dest/root" ]; then
	exit 0
fi

mirror=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '{print $2; exit}')
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' \
	/etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
suite=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-bookworm}")

a=$dest/apt
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/state" || exit 1
: > "$a/state/status"
echo "deb [arch=i386] $mirror $suite main" >"$a/sources.list"
cat >"$a/apt.conf" <<CONF
APT::Architecture "i386"; APT::Architectures { "i386"; };
APT::Install-Recommends "false"; APT::Install-Suggests "false";
Dir::Etc::SourceList "$a/sources.list"; Dir::Etc::SourceParts "/nonexistent";
Dir::Etc::Preferences "/nonexistent"; Dir::Etc::PreferencesParts "/nonexistent";
Dir::State "$a/state"; Dir::State::Lists "$a/lists";
Dir::State::status "$a/state/status"; Dir::Cache "$a/cache";
Acquire::Retries "0"; Acquire::http::Timeout "20"; Acquire::https::Timeout "20";
CONF
export APT_CONFIG="$a/apt.conf"

if ! ls "$a/lists/"*Packages* >/dev/null 2>&1; then
	if ! apt-get -q update >"$a/update.log" 2>&1; then
		echo "$0: apt-get update for i386 failed (see $a/update.log)" >&2
		exit 1
	fi
fi
chown -R _apt "$a/cache/archives" 2>/dev/null
if ! apt-get -q -y --download-only install "$@" >"$a/install.log" 2>&1; then
	echo "$0: cannot resolve or download $want (see $a/install.log)" >&2
	exit 1
fi
rm -rf "$dest/root.new"
mkdir -p "$dest/root.new"
for deb in "$a/cache/archives/"*.deb; do
	if ! dpkg -x "$deb" "$dest/root.new"; then
		echo "$0: cannot unpack $deb" >&2
		exit 1
	fi
done
new=$dest/root.new
if [ -f "$new/usr/share/base-passwd/passwd.master" ]; then
	cp "$new/usr/share/base-passwd/passwd.master" "$new/etc/passwd"
	cp "$new/usr/share/base-passwd/group.master" "$new/etc/group"
fi
[ -e "$new/etc/ld.so.conf" ] ||
	echo 'include /etc/ld.so.conf.d/*.conf' > "$new/etc/ld.so.conf"
if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null 2>&1; then
	ldconfig -X -r "$new" 2>"$a/ldconfig.log" ||
		echo "$0: note: no ld.so.cache (see $a/ldconfig.log)" >&2
fi
rm -rf "$dest/root"
mv "$dest/root.new" "$dest/root"
echo "$want" > "$dest/root.list"
exit 0
