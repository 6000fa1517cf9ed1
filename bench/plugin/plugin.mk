# bench/plugin/plugin.mk - the plug-in benchmark (bench/plugin.sh runs
# it; make bench-plugin):
#
#   make -f bench/plugin/plugin.mk ZLIB_SRC=dir bench-plugin-progs
#
# builds bench/out/pluginbench (with zlib linked in, from the same
# Debian source as the plug-in examples/out/zlib.vxp) and
# bench/out/benchplug.vxp.

include examples/examples.mk

BENCH_OUT := bench/out

bench-plugin-progs: $(BENCH_OUT)/pluginbench $(BENCH_OUT)/benchplug.vxp $(EX_OUT)/zlib.vxp

$(BENCH_OUT)/benchplug.vxp: bench/plugin/benchplug.c $(VXCDEPS)
	@mkdir -p $(@D)
	$(VXCC) -shared -O2 -Wall -o $@ $<

$(BENCH_OUT)/pluginbench: bench/plugin/plugin.c \
		$(ZLIB_OBJS:%=$(EX_OUT)/zlib/native/%.o) $(LIBVX32) libvx32/vx32.h
	@mkdir -p $(@D)
	$(NATIVECC) $(HOSTFLAGS) -I$(ZLIB_SRC) -o $@ bench/plugin/plugin.c \
		$(ZLIB_OBJS:%=$(EX_OUT)/zlib/native/%.o) $(LIBVX32) -lpthread
