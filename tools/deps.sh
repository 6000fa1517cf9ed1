#!/bin/sh
# Check for (and, as root, install) what building and testing vx32 needs:
# a C compiler that can build 32-bit x86 code (gcc-multilib) and the
# qemu-i386 reference emulator (qemu-user); for `test` also MPFR (the
# libm checker's reference, doc/libm.md); for `test` and `fuzz`, clang
# with its libFuzzer runtime (the fuzzing harness, doc/fuzzing.md).
# Installs nothing else.
set -e

missing=""
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
if command -v gcc >/dev/null 2>&1; then
	echo 'int main(void){return 0;}' > /tmp/vx32-m32-$$.c
	if ! gcc -m32 -o /tmp/vx32-m32-$$ /tmp/vx32-m32-$$.c >/dev/null 2>&1; then
		missing="$missing gcc-multilib"
	fi
	rm -f /tmp/vx32-m32-$$ /tmp/vx32-m32-$$.c
fi
if [ "${1:-}" = test ]; then
	command -v qemu-i386 >/dev/null 2>&1 || missing="$missing qemu-user"
	echo 'int main(void){return 0;}' > /tmp/vx32-mpfr-$$.c
	if ! gcc -include mpfr.h -o /tmp/vx32-mpfr-$$ /tmp/vx32-mpfr-$$.c \
	     -lmpfr -lgmp >/dev/null 2>&1; then
		missing="$missing libmpfr-dev"
	fi
	rm -f /tmp/vx32-mpfr-$$ /tmp/vx32-mpfr-$$.c
fi
if [ "${1:-}" = test ] || [ "${1:-}" = fuzz ]; then
	if ! command -v clang >/dev/null 2>&1; then
		missing="$missing clang libclang-rt-dev"
	else
		echo 'int LLVMFuzzerTestOneInput(const char *d, long n){return 0;}' \
			> /tmp/vx32-fuzz-$$.c
		if ! clang -fsanitize=fuzzer -o /tmp/vx32-fuzz-$$ \
		     /tmp/vx32-fuzz-$$.c >/dev/null 2>&1; then
			missing="$missing libclang-rt-dev"
		fi
		rm -f /tmp/vx32-fuzz-$$ /tmp/vx32-fuzz-$$.c
	fi
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "tools/deps.sh: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null
	apt-get install -y -qq $missing </dev/null >/dev/null
	exit 0
fi
echo "tools/deps.sh: missing:$missing" >&2
echo "install them with:  sudo apt-get install$missing" >&2
exit 1
