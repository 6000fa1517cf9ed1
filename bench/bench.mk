# bench/bench.mk - the benchmark suite (doc/perf.md says how to read it).
#
#   make bench                  build, run every benchmark under native,
#                               vxrun, vxlinux and qemu-i386, print the
#                               table and write it to doc/perf.md
#   make bench BENCH_REPS=9     more repetitions (default 5; qemu-i386
#                               runs in BENCH_QEMU_REPS of them, default 3)
#   make bench BENCH_ONLY="sha256 icall"   some benchmarks  } doc/perf.md
#   make bench BENCH_COLS="vx32"           some columns     } untouched
#   make bench-progs            only build
#   make bench-real             only the real programs and fork+exec+wait
#                               (bench/real.sh: Lua, SQLite, xz, gzip,
#                               busybox, from Debian source)
#   make bench-plugin           only the plug-in figures (bench/plugin.sh:
#                               calls, callbacks, resets, zlib as a
#                               plug-in against native zlib)
#
# Every benchmark's C file is built three ways with the same -O2 flags:
#   NAME.vx      libvxc/vxcc: a vxrun guest (libvxc)
#   NAME.i386    gcc -m32 -static: i386 glibc, for vxlinux and qemu-i386
#                (-fno-pie as vxcc, so both i386 builds run the same code)
#   NAME.native  gcc: x86-64 glibc

include bench/progs.mk

BENCH_CC     ?= gcc
BENCH_CFLAGS := -O2 -Wall -fno-stack-protector
BENCH_REPS   ?= 5
BENCH_QEMU_REPS ?= 3
BENCH_ONLY   ?=
BENCH_COLS   ?=

BENCH_LIBS   := -lm	# glibc's; vxcc ignores it (math is in libvxc.a)

bench_src = $(firstword $(wildcard bench/micro/$(1).c bench/macro/$(1).c \
	bench/$(1).c))

# The three builds of one program; $(1) is its name.
define bench_builds
$(BENCH_OUT)/$(1).vx: $(call bench_src,$(1)) bench/bench.h $(VXC_OUT)
	@mkdir -p $$(@D)
	libvxc/vxcc $(BENCH_CFLAGS) -o $$@ $$< $(BENCH_LIBS)

$(BENCH_OUT)/$(1).i386: $(call bench_src,$(1)) bench/bench.h
	@mkdir -p $$(@D)
	$(BENCH_CC) -m32 -static -fno-pie -no-pie $(BENCH_CFLAGS) -o $$@ $$< $(BENCH_LIBS)

$(BENCH_OUT)/$(1).native: $(call bench_src,$(1)) bench/bench.h
	@mkdir -p $$(@D)
	$(BENCH_CC) $(BENCH_CFLAGS) -o $$@ $$< $(BENCH_LIBS)
endef
$(foreach n,$(BENCH_NAMES) hello,$(eval $(call bench_builds,$(n))))

$(BENCH_OUT)/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

$(BENCH_OUT)/nullcall: bench/nullcall.c libvx32/vx32.h libvx32/libvx32.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilibvx32 -o $@ $< libvx32/libvx32.a -lpthread

bench-progs: $(BENCH_PROGS)

bench: all bench-progs
	BENCH_REPS=$(BENCH_REPS) BENCH_QEMU_REPS=$(BENCH_QEMU_REPS) \
		BENCH_COLS="$(BENCH_COLS)" bench/run.sh $(BENCH_ONLY)
	bench/plugin.sh
	bench/dyn.sh
	bench/real.sh

bench-plugin: all bench-progs
	bench/plugin.sh

# Start-up and a Python benchmark of dynamically linked Debian programs
# (bench/dyn.sh; the root of the linux/dyn tests).
bench-dyn: all bench-progs
	bench/dyn.sh

# Real programs built from Debian source (Lua, SQLite, xz, gzip; busybox)
# and fork+exec+wait (bench/real.sh).
bench-real: all bench-progs
	bench/real.sh

bench-clean:
	rm -rf $(BENCH_OUT)

CLEAN_TARGETS += bench-clean

.PHONY: bench-progs bench-clean bench-plugin bench-dyn bench-real
