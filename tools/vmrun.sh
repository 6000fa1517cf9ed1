#!/bin/bash
# vmrun.sh [options] -- COMMAND...  Run COMMAND in a throw-away Linux VM (QEMU; Debian 6.1 kernel;
# busybox initramfs). The host's / is shared read-only over 9p and becomes the VM's root through a
# tmpfs overlay (writable, changes discarded), so host-built binaries/scripts/interpreters just work.
# DIR is shared read-write at the same path. stdout/stderr stream separately; exit status is COMMAND's.
#  --files DIR   share DIR read-write at the same path; cwd = $PWD if inside DIR, else DIR
#  --bare        don't share host /: run in the busybox initramfs (static binaries only)
#  --accel A     kvm | tcg | auto (default auto: kvm if /dev/kvm is usable and not kvm_pvm, else tcg)
#  --timeout S   kill the VM after S seconds (default 900; exit 124)
#  --mem MB  --smp N   (defaults 2048, 2)   env: VMRUN_CACHE (default ~/.cache/vmrun), VMRUN_KEEP=1
# Exit: COMMAND's status; 124 timeout; 125 vmrun/VM error. stdin is /dev/null.
#
# vx32: tools/segtest.sh boots this VM to test the seg backend (LDT segments,
# 32-bit code) on hosts that refuse it natively.  The kernel .deb and the
# initramfs are cached in VMRUN_CACHE; the first run needs apt and network.
set -u
CACHE=${VMRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vmrun}; FILES=; BARE=0; ACCEL=auto; TMO=900; MEM=2048; SMP=2
die() { echo "vmrun: $*" >&2; exit 125; }
while [ $# -gt 0 ]; do
  case $1 in --files|--accel|--timeout|--mem|--smp) [ $# -ge 2 ] || die "$1 needs a value";; esac
  case $1 in
  --files) FILES=$(cd "$2" 2>/dev/null && pwd -P) || die "no such directory: $2"; shift 2;;
  --bare) BARE=1; shift;; --accel) ACCEL=$2; shift 2;; --timeout) TMO=$2; shift 2;;
  --mem) MEM=$2; shift 2;; --smp) SMP=$2; shift 2;; --) shift; break;;
  -h|--help) sed -n '2,11p' "$0"; exit 0;; *) die "unknown option $1 (put -- before COMMAND)";; esac; done
case "$TMO$MEM$SMP" in *[!0-9]*) die "--timeout/--mem/--smp need whole numbers";; esac
[ $# -gt 0 ] || die "usage: vmrun.sh [--files DIR] [--bare] [--accel kvm|tcg|auto] [--timeout S] -- COMMAND..."

MODS="virtio_pci virtio_console 9pnet_virtio 9p overlay"
addmod() {  # copy module $1 and (first) its dependencies into $K/mods, recording load order
  case " $ORDER " in *" $1 "*) return;; esac
  local f d; f=$(find "$K/x/lib/modules" -name "$1.ko*" | head -n1); [ -n "$f" ] || die "module $1 not found"
  case $f in *.xz) xz -dc "$f";; *.zst) zstd -dqc "$f";; *) cat "$f";; esac > "$K/mods/$1.ko" || die "cannot copy $f"
  for d in $(tr '\0' '\n' < "$K/mods/$1.ko" | sed -n 's/^depends=//p' | tr , ' '); do addmod "$d"; done
  ORDER="$ORDER $1"
}
get_kernel() {  # install host tools, download the Debian kernel .deb, extract kernel + modules
  local need='' pkg deb off; K="$CACHE/k.$$"
  command -v qemu-system-x86_64 >/dev/null || need="$need qemu-system-x86"
  dpkg -s busybox-static >/dev/null 2>&1 || need="$need busybox-static"
  command -v cpio >/dev/null || need="$need cpio"; command -v xz >/dev/null || need="$need xz-utils"
  if [ -n "$need" ]; then
    [ "$(id -u)" = 0 ] || die "missing packages:$need (install them, or run once as root)"
    echo "vmrun: installing$need" >&2; export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q$need >&2 || { apt-get update -q >&2 && apt-get install -y -q$need >&2; } || die "apt-get install failed"
  fi
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$pkg" ] || die "cannot resolve linux-image-amd64 (run apt-get update)"
  echo "vmrun: fetching $pkg into $CACHE (first run only)" >&2
  rm -rf "$K"; mkdir -p "$K/x" "$K/mods" || die "cannot create $K"; [ "$(id -u)" != 0 ] || chown _apt "$K"
  (cd "$K" && apt-get download -q "$pkg" >&2) || die "apt-get download $pkg failed"
  deb=$(ls "$K"/*.deb) && dpkg -x "$deb" "$K/x" && cp "$K"/x/boot/vmlinuz-* "$K/vmlinuz" || die "cannot unpack $pkg"
  # uncompressed vmlinux boots via PVH: no BIOS, no in-guest decompression (~4 s saved under TCG)
  off=$(LC_ALL=C grep -abo $'\xfd7zXZ' "$K/vmlinuz" | head -n1 | cut -d: -f1)
  [ -n "$off" ] && tail -c +$((off + 1)) "$K/vmlinuz" | xz -dc > "$K/vmlinux" 2>/dev/null
  [ "$(head -c4 "$K/vmlinux" 2>/dev/null | tr -d '\177')" = ELF ] || rm -f "$K/vmlinux"
  ORDER=; for m in $MODS; do addmod "$m"; done; echo $ORDER > "$K/mods/order"
  rm -rf "$K/x" "$K"/*.deb "$CACHE/kernel"; mv "$K" "$CACHE/kernel" && echo "$pkg" > "$CACHE/kernel/name"
}
build_initrd() {  # busybox + /init + modules -> $1 (rebuilt whenever this script changes)
  local r="$CACHE/r.$$"; rm -rf "$r"; mkdir -p "$r/bin" && cp -r "$CACHE/kernel/mods" "$r/" || die "cannot create $r"
  cp "$(readlink -f /bin/busybox)" "$r/bin/busybox"
  cat > "$r/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin; export PATH=/bin HOME=/root
mkdir -p /proc /sys /dev /tmp /lower /rw /host; mount -t proc p /proc; mount -t sysfs s /sys; mount -t devtmpfs d /dev
ln -s /proc/self/fd /dev/fd; ln -s fd/0 /dev/stdin; ln -s fd/1 /dev/stdout; ln -s fd/2 /dev/stderr  # bash <(...)
. /run.conf   # VR_DIR VR_CWD VR_ROOT VR_PATH VR_CMD
fail() { echo "vmrun(guest): $*" >&2; [ -e /dev/vr-s ] && echo 125 > /dev/vr-s; poweroff -f; }
for m in $(cat /mods/order); do insmod /mods/$m.ko || fail "insmod $m"; done
for p in /sys/class/virtio-ports/*; do ln -s /dev/${p##*/} /dev/vr-$(cat $p/name); done  # o e s
exec 2>/dev/vr-e; O=trans=virtio,version=9p2000.L,msize=512000,cache=loose R=
if [ "$VR_ROOT" = 1 ]; then R=/host
  mount -t 9p -o $O,ro hostroot /lower || fail "mount host root"; mount -t tmpfs t /rw; mkdir /rw/u /rw/w
  mount -t overlay o -o lowerdir=/lower,upperdir=/rw/u,workdir=/rw/w /host || fail "overlay"
  mount -t proc p /host/proc; mount -t sysfs s /host/sys; mount -o bind /dev /host/dev
  mkdir -p /host/dev/pts /host/dev/shm; mount -t devpts p /host/dev/pts; mount -t tmpfs t /host/dev/shm
fi
if [ -n "$VR_DIR" ]; then mkdir -p "$R$VR_DIR" && mount -t 9p -o $O hostfiles "$R$VR_DIR" || fail "mount $VR_DIR"; fi
[ "$VR_ROOT" = 1 ] && C="chroot /host /bin/sh" || C=sh
$C -c 'cd "$1" || exit 125; export PATH="$2"; eval "$3"' sh "$VR_CWD" "$VR_PATH" "$VR_CMD" </dev/null >/dev/vr-o
echo $? > /dev/vr-s; sync; poweroff -f
EOF
  chmod +x "$r/init"; rm -f "$CACHE"/base-*.cpio
  (cd "$r" && find . | cpio -o -H newc 2>/dev/null) > "$1.tmp" && mv "$1.tmp" "$1" || die "cpio failed"
  rm -rf "$r"
}
mkdir -p "$CACHE" || die "cannot create cache dir $CACHE"
BASE="$CACHE/base-$(cksum < "$0" | cut -d' ' -f1).cpio"
if [ ! -s "$BASE" ]; then exec 9>"$CACHE/.lock"; flock 9
  [ -s "$CACHE/kernel/mods/order" ] || get_kernel; [ -s "$BASE" ] || build_initrd "$BASE"; exec 9>&-; fi
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"
case $ACCEL in
  auto) if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ]; then ACCEL=kvm; else ACCEL=tcg; fi;;
  kvm) [ -e /dev/kvm ] || die "/dev/kvm not found: KVM unavailable here (use --accel tcg)"
       [ -r /dev/kvm ] && [ -w /dev/kvm ] || die "no read/write access to /dev/kvm (group kvm?)"
       [ -d /sys/module/kvm_pvm ] && echo "vmrun: warning: /dev/kvm is kvm_pvm; stock kernels do not boot on it" >&2;;
  tcg) ;; *) die "--accel must be kvm, tcg or auto";; esac
# TCG: -smap because QEMU 7.2 does lret/lcall stack accesses as supervisor -> SMAP oops in the guest
if [ $ACCEL = kvm ]; then CPU="-accel kvm -cpu host"; else CPU="-accel tcg,thread=multi -cpu max,-smap"; fi

T=$(mktemp -d "${TMPDIR:-/tmp}/vmrun.XXXXXX") || die "mktemp failed"
trap '[ -n "${VMRUN_KEEP:-}" ] || rm -rf "$T"' EXIT; trap 'kill ${QP:-} ${C1:-} ${C2:-} 2>/dev/null; exit 130' INT TERM HUP
q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }
CWD=${FILES:-/}; case "$(pwd -P)/" in "$FILES"/*) [ -n "$FILES" ] && CWD=$(pwd -P);; esac
[ $BARE = 1 ] && ROOT= || ROOT=1
CMD="exec"; for a in "$@"; do CMD="$CMD $(q "$a")"; done
mkdir "$T/r" && echo "VR_DIR=$(q "$FILES") VR_CWD=$(q "$CWD") VR_ROOT=$ROOT VR_PATH=$(q "$PATH") VR_CMD=$(q "$CMD")" > "$T/r/run.conf"
(cd "$T/r" && echo run.conf | cpio -o -H newc 2>/dev/null) | cat "$BASE" - > "$T/initrd" || die "cannot build initrd"
KERNEL=$CACHE/kernel/vmlinux; [ -f "$KERNEL" ] || KERNEL=$CACHE/kernel/vmlinuz
ARGS=(-nodefaults -display none -no-user-config -no-reboot -m "$MEM" -smp "$SMP" -kernel "$KERNEL" -initrd "$T/initrd"
  -append "console=ttyS0 quiet loglevel=3 panic=-1 tsc=reliable mitigations=off" -serial file:"$T/console"
  -device virtio-serial-pci,id=vs -chardev pipe,id=o,path="$T/o" -device virtserialport,chardev=o,name=o
  -chardev pipe,id=e,path="$T/e" -device virtserialport,chardev=e,name=e
  -chardev file,id=s,path="$T/status" -device virtserialport,chardev=s,name=s)
[ -n "$ROOT" ] && ARGS+=(-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap)
[ -n "$FILES" ] && ARGS+=(-virtfs local,path="${FILES//,/,,}",mount_tag=hostfiles,security_model=none,multidevs=remap)
# guest ports o/e -> FIFOs -> cat -> our stdout/stderr (keeps shared file offsets); we hold the
# FIFO write ends (fds 7, 8) until QEMU exits so the cats see EOF only then
mkfifo "$T/o.in" "$T/o.out" "$T/e.in" "$T/e.out" || die "mkfifo failed"; exec 7<>"$T/o.out" 8<>"$T/e.out"
cat <"$T/o.out" 7>&- 8>&- & C1=$!; cat <"$T/e.out" >&2 7>&- 8>&- & C2=$!
timeout -k 5 "$TMO" qemu-system-x86_64 $CPU "${ARGS[@]}" </dev/null 2>"$T/qemu.err" 7>&- 8>&- & QP=$!
wait $QP; rc=$?; exec 7>&- 8>&-; wait $C1 $C2
if [ $rc = 124 ] || [ $rc = 137 ]; then echo "vmrun: timed out after ${TMO}s" >&2; exit 124; fi
st=$(tr -dc 0-9 < "$T/status" 2>/dev/null)
if [ -z "$st" ]; then echo "vmrun: VM ended without an exit status (qemu rc=$rc, accel=$ACCEL)" >&2
  tail -n 5 "$T/qemu.err" "$T/console" >&2 2>/dev/null; exit 125; fi
exit "$st"
