# test/test.mk - build the test programs into test/out/ and run the suite.
#
#   make test                 build everything, run test/run.sh
#   make test TESTS=cat       run only the tests whose names contain "cat"
#   make test-progs           only build the test programs
#
# Escape guests (test/escape/*.S) are assembled twice: for vxrun and, with
# -DLINUX, as i386 Linux programs for qemu-i386.  C guests (test/guests/*.c)
# are built with vxcc for vxrun and with `vxcc --target=linux`.  Host-side
# tests (test/host/*.c) link libvx32.a.

TEST_OUT    := test/out
# Guests are i386 code whatever CC is; like libvxc, use our own compiler.
TEST_GCC    ?= gcc
TEST_ASFLAGS := -m32 -nostdlib -static -no-pie -fno-pie -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments -Itest/escape
TEST_VXCC   := libvxc/vxcc
TEST_VXCFLAGS := -O2 -Wall

TEST_ESC    := $(patsubst test/escape/%.S,$(TEST_OUT)/escape/%, \
	$(wildcard test/escape/*.S))
TEST_GUESTS := $(patsubst test/guests/%.c,$(TEST_OUT)/guests/%, \
	$(wildcard test/guests/*.c))
TEST_HOST   := $(patsubst test/host/%.c,$(TEST_OUT)/host/%, \
	$(wildcard test/host/*.c))
# printf.c built for the host C library: a second printf reference.
TEST_NATIVE := $(TEST_OUT)/native/printf

TEST_PROGS  := $(TEST_ESC) $(TEST_ESC:=.linux) $(TEST_GUESTS) \
	$(TEST_GUESTS:=.linux) $(TEST_HOST) $(TEST_NATIVE)

# Further suites bring their own makefile fragment, test/suite-*.mk, which
# adds to TEST_PROGS (and to CLEAN_TARGETS); test/suite-NAME.sh runs them.
include $(wildcard test/suite-*.mk)

test: all test-progs
	test/run.sh $(TESTS)

test-progs: $(TEST_PROGS)

$(TEST_OUT)/escape/%: test/escape/%.S test/escape/common.h
	@mkdir -p $(@D)
	$(TEST_GCC) $(TEST_ASFLAGS) -o $@ $<

$(TEST_OUT)/escape/%.linux: test/escape/%.S test/escape/common.h
	@mkdir -p $(@D)
	$(TEST_GCC) $(TEST_ASFLAGS) -DLINUX -o $@ $<

$(TEST_OUT)/guests/%: test/guests/%.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) $(TEST_VXCFLAGS) -o $@ $<

$(TEST_OUT)/guests/%.linux: test/guests/%.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) --target=linux $(TEST_VXCFLAGS) -o $@ $<

$(TEST_OUT)/host/%: test/host/%.c test/host/check.h libvx32/vx32.h libvx32/libvx32.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilibvx32 -o $@ $< libvx32/libvx32.a -lpthread

$(TEST_NATIVE): test/guests/printf.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

# Mutation testing (doc/mutation.md): test/mutants.txt, one at a time, on
# a copy of the tree.  MUTANTS=name... runs only those.
mutate: all test-progs
	tools/mutate.sh $(MUTANTS)

# Only check that every mutant still applies (its snippet is found once).
mutate-check:
	tools/mutate.sh -l

test-clean:
	rm -rf $(TEST_OUT)

CLEAN_TARGETS += test-clean

.PHONY: test test-progs test-clean mutate mutate-check
