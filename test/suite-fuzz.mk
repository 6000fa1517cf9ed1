# test/suite-fuzz.mk - the fuzzing harnesses in the test suite
# (test/suite-fuzz.sh): replay drivers built with the ordinary compiler
# against libvx32.a, so the committed corpus is always replayed, and the
# libFuzzer binaries (fuzz/fuzz.mk) when clang and its libFuzzer runtime
# are installed, for a short fresh run.

FUZZ_REPLAY := $(TEST_OUT)/fuzz/replay-code $(TEST_OUT)/fuzz/replay-elf
FUZZ_REPLAY_SRCS := fuzz/replay.c fuzz/setup.c fuzz/canary.c \
	fuzz/hoststate.c fuzz/guestrun.c fuzz/reset.c fuzz/knownbugs.c \
	fuzz/checked_run.S
TEST_PROGS += $(FUZZ_REPLAY)

FUZZ_RTDIR := $(shell clang -print-runtime-dir 2>/dev/null)
ifneq ($(wildcard $(FUZZ_RTDIR)/libclang_rt.fuzzer*.a),)
TEST_PROGS += fuzz/out/fuzz-code fuzz/out/fuzz-elf
endif

$(TEST_OUT)/fuzz/replay-%: fuzz/fuzz_%.c $(FUZZ_REPLAY_SRCS) fuzz/fuzz.h \
		libvx32/vx32.h libvx32/libvx32.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilibvx32 -o $@ $< $(FUZZ_REPLAY_SRCS) \
		libvx32/libvx32.a -lpthread
