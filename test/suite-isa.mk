# test/suite-isa.mk - the differential ISA test programs (test/isa/).
#
# test/isa/gen (a host program) writes the assembly sources into
# test/out/isa/; each is assembled twice with test/isa/isa.h: for vxrun,
# and with -DLINUX as an i386 Linux program for qemu-i386.  The list of
# programs is fixed here; gen also writes test/out/isa/forms (the forms
# each program covers) for test/suite-isa.sh.

ISA_OUT    := $(TEST_OUT)/isa
ISA_GEN    := $(ISA_OUT)/gen
ISA_GROUPS := flow alu alu82 unary alias shift bit cond misc addr bcd x87 x87trans mmx sse sse2 sse4 maskmov cpuid
ISA_FAULTS := div8-zero div8-overflow div16-zero div16-overflow div32-zero \
	div32-overflow div32-m-zero idiv8-zero idiv8-overflow idiv16-overflow \
	idiv32-zero idiv32-overflow idiv32-overflow-positive aam-zero
# Encodings that must trap: extensions cpuid does not advertise, and the
# documented unsupported forms (doc/guest-arch.md).
ISA_TRAPS  := $(patsubst test/isa/trap/%.S,%,$(wildcard test/isa/trap/*.S))
ISA_BINS   := $(addprefix $(ISA_OUT)/,$(ISA_GROUPS) $(addprefix fault-,$(ISA_FAULTS)) \
	$(addprefix trap-,$(ISA_TRAPS)))

TEST_PROGS += $(ISA_BINS) $(ISA_BINS:=.linux)

$(ISA_GEN): test/isa/gen.c test/isa/gen-int.c test/isa/gen-fp.c
	@mkdir -p $(@D)
	$(CC) -O1 -Wall -o $@ test/isa/gen.c

# One run writes every source; the stamp stands for all of them.
$(ISA_OUT)/gen.stamp: $(ISA_GEN)
	$(ISA_GEN) $(ISA_OUT)
	@touch $@

$(ISA_OUT)/%.S: $(ISA_OUT)/gen.stamp ;

$(ISA_OUT)/%: $(ISA_OUT)/%.S test/isa/isa.h
	$(TEST_GCC) $(TEST_ASFLAGS) -Itest/isa -o $@ $<

$(ISA_OUT)/%.linux: $(ISA_OUT)/%.S test/isa/isa.h
	$(TEST_GCC) $(TEST_ASFLAGS) -Itest/isa -DLINUX -o $@ $<

$(ISA_OUT)/trap-%: test/isa/trap/%.S test/isa/isa.h
	@mkdir -p $(@D)
	$(TEST_GCC) $(TEST_ASFLAGS) -Itest/isa -o $@ $<

$(ISA_OUT)/trap-%.linux: test/isa/trap/%.S test/isa/isa.h
	@mkdir -p $(@D)
	$(TEST_GCC) $(TEST_ASFLAGS) -Itest/isa -DLINUX -o $@ $<


isa-clean:
	rm -rf $(ISA_OUT)

CLEAN_TARGETS += isa-clean
.PHONY: isa-clean
.PRECIOUS: $(ISA_OUT)/%.S

# The native x86-64 builds (test/isa/x86-64/isa.h) of the programs whose
# instructions mean the same in 64-bit mode.
ISA_NATIVE_GROUPS := alu unary shift bit cond alias x87 x87trans mmx sse sse2 sse4
ISA_NATIVE_BINS := $(addprefix $(ISA_OUT)/,$(ISA_NATIVE_GROUPS:=.x86-64))
TEST_PROGS += $(ISA_NATIVE_BINS)

$(ISA_OUT)/%.x86-64: $(ISA_OUT)/%.S test/isa/x86-64/isa.h
	$(TEST_GCC) -nostdlib -static -no-pie -fno-pie -Wl,--build-id=none \
		-Itest/isa/x86-64 -o $@ $<

# The native x86-64 builds (test/isa/x86-64/isa.h) of the programs whose
# instructions mean the same in 64-bit mode.
ISA_NATIVE_GROUPS := alu unary shift bit cond alias x87 x87trans mmx sse sse2 sse4
ISA_NATIVE_BINS := $(addprefix $(ISA_OUT)/,$(ISA_NATIVE_GROUPS:=.x86-64))
TEST_PROGS += $(ISA_NATIVE_BINS)

$(ISA_OUT)/%.x86-64: $(ISA_OUT)/%.S test/isa/x86-64/isa.h
	$(TEST_GCC) -nostdlib -static -no-pie -fno-pie -Wl,--build-id=none \
		-Itest/isa/x86-64 -o $@ $<
