# test/suite-bench.mk - build the benchmark programs (bench/bench.mk has
# the rules and bench-clean) so that test/suite-bench.sh can check them.
include bench/progs.mk
TEST_PROGS += $(BENCH_PROGS)
