# vx32 top-level build.  `make` builds the library (static and shared),
# the hosts and the guest toolchain; `make test` runs every test;
# `make install PREFIX=/usr/local DESTDIR=` installs.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -Wall -Wextra -Wno-unused-parameter -std=gnu11
AR      ?= ar

all: lib hosts libvxc

include libvx32/libvx32.mk
include vxrun/vxrun.mk
include vxlinux/vxlinux.mk
include libvxc/libvxc.mk
include test/test.mk
include bench/bench.mk
include $(wildcard fuzz/fuzz.mk)

hosts: $(HOST_PROGS)

.PHONY: all lib hosts libvxc test check install uninstall clean bench fuzz demo \
	examples
check: test

# The main job: a sample guest filter, built with vxcc, run under vxrun.
demo: all examples/upper
	printf 'hello from inside the sandbox\nline two\n' | vxrun/vxrun examples/upper
examples/upper: examples/upper.c libvxc
	libvxc/vxcc -O2 -o $@ examples/upper.c
CLEAN_FILES += examples/upper

# The plug-in examples (examples/examples.mk), from Debian's source
# packages of zlib and giflib (fetched once by tools/fetch-src.sh).
examples: all
	$(MAKE) -f examples/examples.mk \
		ZLIB_SRC=$$(tools/fetch-src.sh zlib) \
		GIF_SRC=$$(tools/fetch-src.sh giflib) all
examples-clean:
	rm -rf examples/out
CLEAN_TARGETS += examples-clean

install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 libvx32/vx32.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 libvx32/libvx32.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 libvx32/libvx32.so.$(VX32_SOVERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libvx32.so.$(VX32_SOVERSION) $(DESTDIR)$(PREFIX)/lib/libvx32.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VX32_VERSION)|' libvx32/vx32.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/vx32.pc
	install -m 755 $(HOST_PROGS) $(DESTDIR)$(PREFIX)/bin/
	for m in doc/man/*.1; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/; done; true
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)/
	install -m 644 libvxc/README.md $(DESTDIR)$(DOCDIR)/libvxc.md
	$(MAKE) libvxc-install

# What the man pages cite (doc/abi.md ...), with the README and licence.
DOCDIR    = $(PREFIX)/share/doc/vx32
DOC_FILES = README.md LICENSE $(wildcard doc/*.md)

# Removes exactly what install put there.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/include/vx32.h \
		$(DESTDIR)$(PREFIX)/lib/libvx32.a \
		$(DESTDIR)$(PREFIX)/lib/libvx32.so \
		$(DESTDIR)$(PREFIX)/lib/libvx32.so.$(VX32_SOVERSION) \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/vx32.pc \
		$(addprefix $(DESTDIR)$(PREFIX)/bin/,$(notdir $(HOST_PROGS)) vxcc) \
		$(addprefix $(DESTDIR)$(PREFIX)/share/man/man1/,$(notdir $(wildcard doc/man/*.1)))
	rm -rf $(DESTDIR)$(PREFIX)/lib/vxc $(DESTDIR)$(DOCDIR)

clean: $(CLEAN_TARGETS)
	rm -f $(CLEAN_FILES)
