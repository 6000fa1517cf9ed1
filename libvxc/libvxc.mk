# libvxc: the guest C library and the vxcc compiler driver.
#
# Guests are i386 code whatever the host is, so nothing here uses the
# host's CC/CFLAGS: VXC_CC and VXC_CFLAGS are ours alone.  Every source is
# compiled once; only syscall.S, the one file that knows the trap
# instruction, is compiled twice: for vxrun (int $0x30, libvxc.a) and for
# Linux (int $0x80, libvxc-linux.a), so any guest can also run natively or
# under qemu-i386 as a reference.

VXC_CC      ?= gcc
VXC_AR      ?= ar
VXC_GCCINC  := $(shell $(VXC_CC) -print-file-name=include)
VXC_CFLAGS  := -m32 -O2 -g -std=gnu11 -ffreestanding -fno-builtin \
	-fno-pie -fno-stack-protector -fno-tree-loop-distribute-patterns \
	-fno-asynchronous-unwind-tables \
	-nostdinc -isystem libvxc/include -isystem $(VXC_GCCINC) \
	-Wall -Wextra -Wno-unused-parameter -MMD -MP

VXC_OBJDIR  := libvxc/obj
VXC_SRCS    := $(filter-out libvxc/src/crt0.S libvxc/src/crtplugin.S \
	libvxc/src/syscall.S, \
	$(wildcard libvxc/src/*.c libvxc/src/*.S libvxc/src/math/*.c))
VXC_OBJS    := $(patsubst libvxc/src/%,$(VXC_OBJDIR)/%.o,$(VXC_SRCS))
VXC_HEADERS := $(shell cd libvxc/include && find . -name '*.h')

VXC_OUT     := libvxc/libvxc.a libvxc/libvxc-linux.a libvxc/crt0.o \
	libvxc/crtplugin.o libvxc/vxcc

libvxc: $(VXC_OUT)

$(VXC_OBJDIR)/%.c.o: libvxc/src/%.c
	@mkdir -p $(@D)
	$(VXC_CC) $(VXC_CFLAGS) -c -o $@ $<

# The libm (doc/libm.md) relies on C's rules for excess precision: a cast
# or assignment to double or float rounds, even on the x87.
$(VXC_OBJDIR)/math/%.c.o: VXC_CFLAGS += -fexcess-precision=standard \
	-frounding-math

$(VXC_OBJDIR)/%.S.o: libvxc/src/%.S
	@mkdir -p $(@D)
	$(VXC_CC) $(VXC_CFLAGS) -c -o $@ $<

$(VXC_OBJDIR)/syscall-vx.o: libvxc/src/syscall.S
	@mkdir -p $(@D)
	$(VXC_CC) $(VXC_CFLAGS) -c -o $@ $<

$(VXC_OBJDIR)/syscall-linux.o: libvxc/src/syscall.S
	@mkdir -p $(@D)
	$(VXC_CC) $(VXC_CFLAGS) -DVXC_LINUX -c -o $@ $<

libvxc/libvxc.a: $(VXC_OBJS) $(VXC_OBJDIR)/syscall-vx.o
	rm -f $@
	$(VXC_AR) rcs $@ $^

libvxc/libvxc-linux.a: $(VXC_OBJS) $(VXC_OBJDIR)/syscall-linux.o
	rm -f $@
	$(VXC_AR) rcs $@ $^

libvxc/crt0.o: libvxc/src/crt0.S
	@mkdir -p $(VXC_OBJDIR)
	$(VXC_CC) $(VXC_CFLAGS) -MF $(VXC_OBJDIR)/crt0.d -c -o $@ $<

libvxc/crtplugin.o: libvxc/src/crtplugin.S
	@mkdir -p $(VXC_OBJDIR)
	$(VXC_CC) $(VXC_CFLAGS) -MF $(VXC_OBJDIR)/crtplugin.d -c -o $@ $<

libvxc/vxcc: libvxc/vxcc.sh
	cp $< $@
	chmod 755 $@

# The self-test, built both ways; the Linux one runs under qemu-i386.
libvxc/selftest: libvxc/selftest.c $(VXC_OUT)
	libvxc/vxcc -O2 -o $@ libvxc/selftest.c
libvxc/selftest-linux: libvxc/selftest.c $(VXC_OUT)
	libvxc/vxcc --target=linux -O2 -o $@ libvxc/selftest.c

# Run the self-test as a Linux program: needs qemu-i386 on x86-64 hosts.
libvxc-check: libvxc/selftest-linux
	qemu-i386 libvxc/selftest-linux

VXC_DEST = $(DESTDIR)$(PREFIX)/lib/vxc

libvxc-install: libvxc
	install -d $(VXC_DEST)/include/sys $(DESTDIR)$(PREFIX)/bin
	for h in $(VXC_HEADERS); do \
		install -m 644 libvxc/include/$$h $(VXC_DEST)/include/$$h \
			|| exit 1; done
	install -m 644 libvxc/libvxc.a libvxc/libvxc-linux.a \
		libvxc/crt0.o libvxc/crtplugin.o $(VXC_DEST)/
	install -m 755 libvxc/vxcc $(DESTDIR)$(PREFIX)/bin/vxcc

libvxc-clean:
	rm -rf $(VXC_OBJDIR) libvxc/selftest libvxc/selftest-linux
	rm -f $(VXC_OUT)

CLEAN_TARGETS += libvxc-clean

.PHONY: libvxc libvxc-install libvxc-clean libvxc-check

-include $(VXC_OBJS:.o=.d) $(VXC_OBJDIR)/syscall-vx.d \
	$(VXC_OBJDIR)/syscall-linux.d $(VXC_OBJDIR)/crt0.d \
	$(VXC_OBJDIR)/crtplugin.d
