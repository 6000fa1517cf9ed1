#!/bin/sh
# seeds.sh - regenerate the starting points of the ELF corpus into DIR:
# stripped guests from test/out (built by `make test-progs`) and small
# hand-made images (one PT_LOAD, ET_DYN, text+data+bss, int $0x80 exit).
# The committed fuzz/corpus/elf/ is this plus what fuzzing added, merged
# with `make fuzz-merge`.
#
# usage: fuzz/seeds.sh DIR
set -e
dir=${1:?usage: fuzz/seeds.sh DIR}
mkdir -p "$dir"
for g in hello exitcode loop divzero nullwrite args; do
	[ -f test/out/guests/$g ] || { echo "seeds.sh: build test/out/guests/$g first (make test-progs)" >&2; exit 1; }
	strip -s -o "$dir/guest-$g" test/out/guests/$g
done
for e in call_unmapped exec_stack; do
	[ -f test/out/escape/$e ] && strip -s -o "$dir/escape-$e" test/out/escape/$e
done
python3 - "$dir" <<'PY'
import struct, sys
out = sys.argv[1]

def elf(etype, base, code, data=None, bss=0):
    """One R+X PT_LOAD mapping the whole file (headers, then code) at
    base; optionally a second RW one at the next page holding data and
    bss bytes of zeros."""
    nph = 2 if data is not None else 1
    hdr = 52 + 32 * nph
    entry = base + hdr
    filesz = hdr + len(code)
    ph = struct.pack('<8I', 1, 0, base, base, filesz, filesz, 5, 4096)
    if data is not None:
        doff = (filesz + 4095) & ~4095
        dva = base + doff
        ph += struct.pack('<8I', 1, doff, dva, dva, len(data),
                          len(data) + bss, 6, 4096)
    eh = b'\x7fELF' + bytes([1, 1, 1, 0]) + b'\0' * 8
    eh += struct.pack('<HHIIIIIHHHHHH', etype, 3, 1, entry, 52, 0, 0,
                      52, 32, nph, 40, 0, 0)
    img = eh + ph + code
    if data is not None:
        img += b'\0' * (doff - len(img)) + data
    return img

exit0 = bytes.fromhex('b801000000bb00000000cd30')    # int $0x30 exit(0)
exit80 = bytes.fromhex('b801000000bb07000000cd80')   # int $0x80 exit(7)
# load the data word, store it into bss, exit
store = bytes.fromhex('a100900408a30490040831c0b801000000cd30')
text = 0x08048000
seeds = {
    'tiny-exit': elf(2, text, exit0),
    'tiny-int80': elf(2, text, exit80),
    'text-data-bss': elf(2, text, store, struct.pack('<I', 42), 0x2000),
    'dyn-exit': elf(3, 0, exit0),
}
for name, img in seeds.items():
    open(f'{out}/{name}', 'wb').write(img)
PY
