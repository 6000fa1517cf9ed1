#!/bin/bash
# plugin.sh - the plug-in figures of doc/perf.md ("Plug-ins"): the cost
# of a call, a callback and a reset, and zlib as a plug-in against zlib
# linked natively.  `make bench` runs it after bench/run.sh;
# `make bench-plugin` alone.
#
# Builds bench/out/pluginbench and the plug-ins (bench/plugin/plugin.mk,
# zlib from Debian's source package through tools/fetch-src.sh), runs it
# on the flat backend and, where this host honours LDT segments, on seg,
# prints the table and writes it into doc/perf.md between the lines
# "<!-- make bench-plugin writes below this line -->" and
# "<!-- make bench-plugin writes above this line -->".  Without the zlib
# source (no network on the first run) the zlib rows say why.
#
# Environment: BENCH_PLUGIN_ZLIB=0 leaves zlib out (a quick run; then
# doc/perf.md is left alone).

set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
OUT=bench/out
PERF=doc/perf.md
BEGIN='<!-- make bench-plugin writes below this line -->'
END='<!-- make bench-plugin writes above this line -->'
WORK=$OUT/plugin-run
mkdir -p "$WORK" || exit 2

die() { echo "bench/plugin.sh: $*" >&2; exit 2; }

zlib=${BENCH_PLUGIN_ZLIB:-1}
zlib_why=
if [ "$zlib" = 1 ]; then
	if ! src=$(tools/fetch-src.sh zlib 2>"$WORK/fetch.err"); then
		zlib=0
		zlib_why="zlib source not available: $(tail -1 "$WORK/fetch.err")"
	fi
fi
if [ "$zlib" = 1 ]; then
	make -s -f bench/plugin/plugin.mk ZLIB_SRC="$src" bench-plugin-progs \
		>"$WORK/build.log" 2>&1 || die "build failed: $(tail -3 "$WORK/build.log")"
else
	[ -z "$zlib_why" ] && zlib_why="left out (BENCH_PLUGIN_ZLIB=0)"
	# pluginbench needs zlib's headers and objects to link: without
	# them only nothing can be measured.
	[ -x $OUT/pluginbench ] || die "$zlib_why, and bench/out/pluginbench was never built"
fi

backends=(flat)
if VX32_BACKEND=seg vxrun/vxrun -v $OUT/hello.vx >/dev/null 2>&1 ||
   VX32_BACKEND=seg vxrun/vxrun -v test/out/guests/hello >/dev/null 2>&1; then
	backends+=(seg)
fi

declare -A V
for bk in "${backends[@]}"; do
	echo "bench-plugin: $bk backend" >&2
	args=($OUT/benchplug.vxp)
	[ "$zlib" = 1 ] && args+=(examples/out/zlib.vxp)
	VX32_BACKEND=$bk nice $OUT/pluginbench "${args[@]}" > "$WORK/$bk.txt" ||
		die "pluginbench failed on $bk: $(tail -2 "$WORK/$bk.txt")"
	while read -r tag name value rest; do
		[ "$tag" = plugin: ] || continue
		V[$bk.$name]=$value
		[[ $rest == *WRONG* ]] && V[$bk.$name]="WRONG"
	done < "$WORK/$bk.txt"
done

v() { echo "${V[$1.$2]:--}"; }
row() {	# LABEL UNIT NAME TARGET
	local line="| $1 |" bk x
	for bk in "${backends[@]}"; do
		x=$(v "$bk" "$3")
		[ "$x" != - ] && [ "$x" != WRONG ] && x="$x${2:+ $2}"
		line="$line $x |"
	done
	echo "$line $4 |"
}

{
	echo
	echo "### Plug-in results"
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null)"
	echo "- Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	printf '| figure |'; for bk in "${backends[@]}"; do printf ' %s |' "$bk"; done; echo ' target |'
	printf '|---|'; for bk in "${backends[@]}"; do printf -- '--:|'; done; echo ':-:|'
	row "null call: \`vxproc_call()\` of an empty function" ns nullcall "≤ 50 ns"
	row "null call once the guest has run x87/SSE code" ns nullcall-fp "—"
	row "callback: \`vx_callback()\` answered at once" ns callback "—"
	row "reset after a call dirtied 64 KiB, the same pages each time" µs reset-hot "≤ 20 µs"
	row "reset after a call dirtied 64 KiB, other pages each time" µs reset-cold "≤ 20 µs"
	row "that call, the same pages (no faults)" µs dirty-call-hot "—"
	row "that call, other pages (3 write faults)" µs dirty-call-cold "—"
	row "one write fault (first write to 32 KiB after a reset)" µs fault "—"
	if [ "$zlib" = 1 ]; then
		row "zlib 1.2.13 compress 50 MiB of text, native x86-64" s zlib-native "—"
		row "zlib compress, plug-in" s zlib-plugin "—"
		row "zlib compress, plug-in / native" "" zlib-ratio "≤ 1.3"
		row "zlib decompress, native x86-64" s zlib-inflate-native "—"
		row "zlib decompress, plug-in" s zlib-inflate-plugin "—"
		row "zlib decompress, plug-in / native" "" zlib-inflate-ratio "—"
	else
		echo
		echo "zlib: $zlib_why"
	fi
	[ "${#backends[@]}" = 1 ] && { echo; echo "seg: this host refuses LDT segments (see the main table)."; }
	echo
} > "$WORK/table.md"
cat "$WORK/table.md"

if [ "$zlib" = 1 ] && grep -qxF "$BEGIN" "$PERF" && grep -qxF "$END" "$PERF"; then
	awk -v b="$BEGIN" -v e="$END" -v t="$WORK/table.md" '
		$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$PERF" > "$WORK/perf.md" && cp "$WORK/perf.md" "$PERF"
	echo "bench-plugin: wrote $PERF" >&2
fi
