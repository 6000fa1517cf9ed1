# test/suite-plugin.mk - plug-ins for the call API's host tests
# (test/host/api_call.c and others load test/out/plugins/NAME.vxp) and
# the examples' checks in test/suite-plugin.sh.
TEST_PLUGINS := $(patsubst test/plugins/%.c,$(TEST_OUT)/plugins/%.vxp, \
	$(wildcard test/plugins/*.c))
TEST_PROGS += $(TEST_PLUGINS)

$(TEST_OUT)/plugins/%.vxp: test/plugins/%.c $(VXC_OUT) libvxc/include/vxplugin.h
	@mkdir -p $(@D)
	$(TEST_VXCC) -shared $(TEST_VXCFLAGS) -o $@ $<
