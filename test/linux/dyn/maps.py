# Python for linux/dyn/maps: the files this process has mapped (the
# program, the dynamic loader, the shared objects), as its own
# /proc/self/maps shows them - file name, protection and file offset of
# each mapping, with the hashlib and ctypes extensions (and the libraries
# they bring: libcrypto, libffi) loaded first.  Addresses are left out:
# the structure is what must match a native run.
import _hashlib, ctypes, os
seen = set()
with open("/proc/self/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        if len(parts) < 6:
            continue
        path = parts[5].strip()
        if not path.startswith("/"):
            continue
        name = os.path.basename(path)
        seen.add((name, parts[1], parts[2]))
for name, perm, off in sorted(seen):
    print(name, perm, off)
