# test/suite-linux.mk - i386 programs for the vxlinux suite
# (test/suite-linux.sh): static glibc builds of test/linux/*.c.

LINUX_TEST_PROGS := $(patsubst test/linux/%.c,$(TEST_OUT)/linux/%, \
	$(wildcard test/linux/*.c))
# The glibc program again as a static PIE (ET_DYN without PT_INTERP).
LINUX_TEST_PROGS += $(TEST_OUT)/linux/glibc-pie
TEST_PROGS += $(LINUX_TEST_PROGS)

$(TEST_OUT)/linux/glibc-pie: test/linux/glibc.c
	@mkdir -p $(@D)
	$(TEST_GCC) -m32 -static-pie -O2 -Wall -o $@ $<

$(TEST_OUT)/linux/%: test/linux/%.c test/linux/check.h test/linux/rawcall.h
	@mkdir -p $(@D)
	$(TEST_GCC) -m32 -static -O2 -Wall -o $@ $<

linux-test-clean:
	rm -rf $(TEST_OUT)/linux
CLEAN_TARGETS += linux-test-clean
.PHONY: linux-test-clean

# A host shared object for the LD_PRELOAD escape test (linux/escape/*).
TEST_PROGS += $(TEST_OUT)/linux/evil.so
$(TEST_OUT)/linux/evil.so: test/linux/preload/evil.c
	@mkdir -p $(@D)
	$(CC) -shared -fPIC -O2 -o $@ $<

# vxlinux's outer sandbox layer on its own (linux/outer/*), and its
# seccomp program against the rule list (linux/outer/filter): host
# programs linking sandbox.c with the stubs of the rest of vxlinux.
OUTER_PROGS := $(TEST_OUT)/linux/outer $(TEST_OUT)/linux/filter
TEST_PROGS += $(OUTER_PROGS)
$(OUTER_PROGS): $(TEST_OUT)/linux/%: test/linux/outer/%.c vxlinux/sandbox.c \
		vxlinux/vxlinux.h test/linux/outer/stubs.c \
		test/linux/outer/stubs.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ivxlinux -Ilibvx32 -o $@ $< \
		test/linux/outer/stubs.c vxlinux/sandbox.c

# The hostile guest again, dynamically linked against the host's i386
# glibc (libc6-i386, which gcc -m32 links with): linux/escape/dyn/* runs
# it in a root holding that loader and libc, no download needed.
TEST_PROGS += $(TEST_OUT)/linux/dyn/escape
$(TEST_OUT)/linux/dyn/escape: test/linux/escape.c test/linux/rawcall.h
	@mkdir -p $(@D)
	$(TEST_GCC) -m32 -O2 -Wall -o $@ $<
