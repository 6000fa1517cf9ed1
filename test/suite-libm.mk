# test/suite-libm.mk - the libm test (test/libm/, doc/libm.md).
#
# The guest runner and the fenv checks are built with vxcc for vxrun and
# with --target=linux; the checker is a host program that needs MPFR
# (libmpfr-dev; tools/deps.sh test): without it the suite is skipped.
#
#   make check-libm      the full check (10^6 arguments per function),
#                        which rewrites the table in doc/libm.md

LIBM_OUT    := $(TEST_OUT)/libm
LIBM_GUESTS := $(addprefix $(LIBM_OUT)/,run run.linux fenv fenv.linux)
LIBM_CHECK  := $(LIBM_OUT)/check
LIBM_MPFR   := $(shell echo 'int main(void){return 0;}' | $(CC) -x c \
	-include mpfr.h -o /dev/null - -lmpfr -lgmp 2>/dev/null && echo yes)

TEST_PROGS += $(LIBM_GUESTS)
ifeq ($(LIBM_MPFR),yes)
TEST_PROGS += $(LIBM_CHECK)
endif

$(LIBM_CHECK): test/libm/check.c test/libm/verify.c test/libm/table.c \
		test/libm/funcs.h
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -o $@ test/libm/check.c -lmpfr -lgmp -lm

$(LIBM_OUT)/%: test/libm/%.c test/libm/funcs.h $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) $(TEST_VXCFLAGS) -o $@ $<

$(LIBM_OUT)/%.linux: test/libm/%.c test/libm/funcs.h $(VXC_OUT)
	@mkdir -p $(@D)
	$(TEST_VXCC) --target=linux $(TEST_VXCFLAGS) -o $@ $<

check-libm: $(LIBM_GUESTS) $(LIBM_CHECK)
	test/libm/check-libm.sh

# Regenerate libvxc/src/math/tables.c (needs MPFR; a few minutes).
libm-tables:
	@mkdir -p $(LIBM_OUT)
	$(CC) -O2 -Wall -o $(LIBM_OUT)/libm-gen tools/libm-gen.c -lmpfr -lgmp -lm
	$(LIBM_OUT)/libm-gen > libvxc/src/math/tables.c

.PHONY: check-libm libm-tables
