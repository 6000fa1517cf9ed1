# Python for linux/dyn/maps: the shared objects this process has mapped,
# as its own /proc/self/maps shows them - file name, protection and file
# offset of each mapping, the dynamic loader's included, with the hashlib
# and ctypes extensions (and the libraries they bring: libcrypto, libffi)
# loaded first.  Addresses are left out: the structure is what must match
# a native run.
import _hashlib, ctypes, os
seen = set()
with open("/proc/self/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        if len(parts) < 6:
            continue
        name = os.path.basename(parts[5].strip())
        if ".so" not in name:
            continue
        seen.add((name, parts[1], parts[2]))
for name, perm, off in sorted(seen):
    print(name, perm, off)
