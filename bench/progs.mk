# bench/progs.mk - the names of what bench/bench.mk builds; variables
# only, so that test/suite-bench.mk can include it too (the test suite's
# program list is expanded before bench.mk is read).

BENCH_OUT    := bench/out
BENCH_NAMES  := $(shell sed -e 's/\#.*//' -e '/^[[:space:]]*$$/d' bench/list | \
	awk '{ print $$1 }')
# every benchmark and hello, each built three ways
BENCH_GUESTS := $(foreach n,$(BENCH_NAMES) hello,\
	$(BENCH_OUT)/$(n).vx $(BENCH_OUT)/$(n).i386 $(BENCH_OUT)/$(n).native)
BENCH_TOOLS  := $(BENCH_OUT)/timeit $(BENCH_OUT)/nullcall
BENCH_PROGS  := $(BENCH_GUESTS) $(BENCH_TOOLS)
