# test/suite-libvxc.mk - libvxc against glibc (test/suite-libvxc.sh).
#
# Each test/libvxc/*.c is built twice: with vxcc, to run under vxrun, and
# natively with the host's compiler and C library (glibc), the reference.
# libvxc's own self-test (libvxc/selftest.c) is built with vxcc and as its
# Linux twin (vxcc --target=linux).

LIBVXC_T_OUT  := $(TEST_OUT)/libvxc
LIBVXC_T_SRCS := $(wildcard test/libvxc/*.c)
LIBVXC_T_VX   := $(patsubst test/libvxc/%.c,$(LIBVXC_T_OUT)/%,$(LIBVXC_T_SRCS))
LIBVXC_T_NAT  := $(LIBVXC_T_VX:=.native)

TEST_PROGS += $(LIBVXC_T_VX) $(LIBVXC_T_NAT) $(LIBVXC_T_OUT)/selftest \
	$(LIBVXC_T_OUT)/selftest.linux

$(LIBVXC_T_OUT)/selftest: libvxc/selftest.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) -O2 -o $@ $<
$(LIBVXC_T_OUT)/selftest.linux: libvxc/selftest.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) --target=linux -O2 -o $@ $<

# math-gen must call libvxc's functions, not the compiler's inline forms.
$(LIBVXC_T_OUT)/math-gen: test/libvxc/math-gen.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) -O2 -Wall -fno-builtin -o $@ $<
$(LIBVXC_T_OUT)/math-gen.native: test/libvxc/math-gen.c
	@mkdir -p $(@D)
	$(CC) -O2 -w -fno-builtin -o $@ $< -lm

$(LIBVXC_T_OUT)/%: test/libvxc/%.c $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) -O2 -Wall -Wno-format -o $@ $<

$(LIBVXC_T_OUT)/%.native: test/libvxc/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -w -o $@ $<
