# fuzz/fuzz.mk - libFuzzer harnesses for libvx32 (doc/fuzzing.md).
#
#   make fuzz                      fuzz every target for FUZZ_TIME seconds
#                                  in all, one job, then print the stats
#   make fuzz FUZZ_TIME=1800 FUZZ_TARGETS=code
#   make fuzz-merge                minimize what the runs found
#                                  (fuzz/out/new/) into fuzz/corpus/
#   make fuzz-build                only build fuzz/out/fuzz-{code,elf}
#   make fuzz FUZZ_KEEP_GOING=1    do not stop at the first crash: libFuzzer's
#                                  -fork=1 mode (still one job) collects every
#                                  crash in fuzz/out/crashes/; make fails
#                                  at the end if there is any
#   make fuzz FUZZ_SANITIZE=address
#                                  the same with AddressSanitizer, built in
#                                  fuzz/out/address/ (about half as fast)
#
# The library is compiled again here with clang and coverage
# instrumentation (-fsanitize=fuzzer-no-link), so that libFuzzer's
# guidance reaches the decoder, translator and loader; the assembly files
# are not instrumented.  New inputs go to fuzz/out/new/TARGET, crashes
# and hangs to fuzz/out/crashes/.  Nothing is installed: without clang and
# its libFuzzer runtime, `make fuzz` says which packages to install.

FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= code elf
FUZZ_CC      ?= clang
FUZZ_SANITIZE ?=
ifeq ($(FUZZ_SANITIZE),)
FUZZ_OUT     := fuzz/out
FUZZ_SAN     :=
else
FUZZ_OUT     := fuzz/out/$(FUZZ_SANITIZE)
FUZZ_SAN     := ,$(FUZZ_SANITIZE)
# libvx32 turns guest faults into traps with its own handlers: the
# sanitizer must leave those signals alone (it reports through libvx32's
# chaining only what libFuzzer would anyway).
export ASAN_OPTIONS ?= handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:detect_leaks=0
endif
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -Wall -Wno-unused-parameter \
	-std=gnu11 -Ilibvx32 $(if $(FUZZ_SAN),-fsanitize=$(FUZZ_SANITIZE))
FUZZ_LIB_OBJS := $(addprefix $(FUZZ_OUT)/lib/,$(VX32_SRCS:.c=.o) $(VX32_ASMS:.S=.o))
FUZZ_COMMON  := setup canary hoststate guestrun reset knownbugs
FUZZ_COMMON_OBJS := $(addprefix $(FUZZ_OUT)/,$(FUZZ_COMMON:=.o)) \
	$(FUZZ_OUT)/checked_run.o
# libFuzzer flags shared by every run.  Guest code is stopped by the
# harness after 2 ms; a unit that uses 2 s of CPU time is reported by the
# harness as a hang in the library (fuzz_unit_limit, immune to the
# machine's load); libFuzzer's wall-clock -timeout is the backstop for a
# hang that uses no CPU, long enough that a loaded machine never trips it.
FUZZ_FLAGS_code := -max_len=4096 -dict=fuzz/code.dict
FUZZ_FLAGS_elf  := -max_len=32768
# sets $$flags to the flags of target $$t, in a recipe's shell loop
FUZZ_TARGET_FLAGS = case $$t in \
	code) flags="$(FUZZ_FLAGS_code)" ;; \
	elf) flags="$(FUZZ_FLAGS_elf)" ;; \
	*) echo "fuzz: unknown target $$t (code, elf)"; exit 1 ;; \
	esac
FUZZ_RUNFLAGS   := -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix=$(FUZZ_OUT)/crashes/
FUZZ_KEEP_GOING ?=
FUZZ_GOFLAGS    := $(if $(FUZZ_KEEP_GOING),-fork=1 -ignore_crashes=1 \
	-ignore_timeouts=1 -ignore_ooms=1)

fuzz-build: $(FUZZ_OUT)/fuzz-code $(FUZZ_OUT)/fuzz-elf

$(FUZZ_OUT)/.toolcheck: tools/deps.sh
	@sh tools/deps.sh fuzz
	@mkdir -p $(@D) && touch $@

$(FUZZ_OUT)/lib/%.o: libvx32/%.c libvx32/*.h $(FUZZ_OUT)/.toolcheck
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_OUT)/lib/%.o: libvx32/%.S libvx32/*.h $(FUZZ_OUT)/.toolcheck
	@mkdir -p $(@D)
	$(FUZZ_CC) -Ilibvx32 -c -o $@ $<
$(FUZZ_OUT)/%.o: fuzz/%.c fuzz/fuzz.h libvx32/vx32.h $(FUZZ_OUT)/.toolcheck
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_OUT)/checked_run.o: fuzz/checked_run.S $(FUZZ_OUT)/.toolcheck
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<

$(FUZZ_OUT)/fuzz-%: $(FUZZ_OUT)/fuzz_%.o $(FUZZ_COMMON_OBJS) $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer$(FUZZ_SAN) -o $@ $^ -lpthread

# One job at a time, FUZZ_TIME split between the targets.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_OUT)/crashes
	@# Only this run's crashes count: move older ones out of the way.
	@if [ -n "$$(ls $(FUZZ_OUT)/crashes)" ]; then \
		mkdir -p $(FUZZ_OUT)/crashes.old && \
		mv $(FUZZ_OUT)/crashes/* $(FUZZ_OUT)/crashes.old/ && \
		echo "fuzz: earlier crash inputs moved to $(FUZZ_OUT)/crashes.old/"; \
	fi
	@set -e; n=$(words $(FUZZ_TARGETS)); \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/new/$$t; \
		$(FUZZ_TARGET_FLAGS); \
		echo "fuzz: $$t for $$(($(FUZZ_TIME) / n)) s"; \
		( $(FUZZ_OUT)/fuzz-$$t $(FUZZ_OUT)/new/$$t fuzz/corpus/$$t \
			$(FUZZ_RUNFLAGS) $(FUZZ_GOFLAGS) $$flags \
			-max_total_time=$$(($(FUZZ_TIME) / n)) 2>&1; \
		  echo $$? > $(FUZZ_OUT)/$$t.status ) | tee $(FUZZ_OUT)/$$t.log | \
			grep -Ev '^#[0-9]+.*(NEW|REDUCE) ' || true; \
		test "$$(cat $(FUZZ_OUT)/$$t.status)" = 0 || \
			{ echo "fuzz: $$t FAILED: see $(FUZZ_OUT)/$$t.log and $(FUZZ_OUT)/crashes/"; exit 1; }; \
	done; \
	if [ -n "$$(ls $(FUZZ_OUT)/crashes)" ]; then \
		echo "fuzz: FAILED: inputs in $(FUZZ_OUT)/crashes/:"; \
		ls $(FUZZ_OUT)/crashes; exit 1; \
	fi

# Add the inputs that give new coverage to the committed corpus.
fuzz-merge: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/new/$$t; \
		$(FUZZ_TARGET_FLAGS); \
		$(FUZZ_OUT)/fuzz-$$t -merge=1 $(FUZZ_RUNFLAGS) $$flags \
			fuzz/corpus/$$t $(FUZZ_OUT)/new/$$t; \
	done

fuzz-clean:
	rm -rf $(FUZZ_OUT)
CLEAN_TARGETS += fuzz-clean

.PHONY: fuzz fuzz-build fuzz-merge fuzz-clean

# Keep the objects (they are intermediate files of the pattern rules).
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_COMMON_OBJS) $(FUZZ_OUT)/fuzz_code.o \
	$(FUZZ_OUT)/fuzz_elf.o
