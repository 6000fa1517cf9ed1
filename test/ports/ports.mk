# test/ports/ports.mk - build the ported programs (Lua 5.4, zlib) from
# Debian's source packages, with vxcc and natively for comparison.
# test/suite-ports.sh runs, after tools/fetch-src.sh:
#
#   make -f test/ports/ports.mk LUA_SRC=dir ZLIB_SRC=dir lua zlib
#
# Guests are built for SSE2 arithmetic (-msse2 -mfpmath=sse): the i386
# default, x87 extended precision, would round intermediate results
# differently from the x86-64 native build they are compared with.

OUT      := test/out/ports
VXCC     := libvxc/vxcc
VXFLAGS  := -O2 -msse2 -mfpmath=sse
NATIVECC ?= cc
NFLAGS   := -O2

LUA_CFLAGS := -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -w
LUA_CORE   := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject \
	lopcodes lparser lstate lstring ltable ltm lundump lvm lzio lauxlib \
	lbaselib lcorolib ldblib liolib lmathlib loadlib loslib lstrlib \
	ltablib lutf8lib linit lua

ZLIB_LIB   := adler32 crc32 deflate infback inffast inflate inftrees trees \
	zutil compress uncompr gzclose gzlib gzread gzwrite
ZLIB_CFLAGS := -w

LIBVXC := libvxc/libvxc.a libvxc/libvxc-linux.a libvxc/crt0.o

lua: $(OUT)/lua/lua.vx $(OUT)/lua/lua.native
zlib: $(OUT)/zlib/example.vx $(OUT)/zlib/example.native \
	$(OUT)/zlib/minigzip.vx $(OUT)/zlib/minigzip.native

# ---- Lua
LUA_VX_O := $(LUA_CORE:%=$(OUT)/lua/vx/%.o)
LUA_N_O  := $(LUA_CORE:%=$(OUT)/lua/native/%.o)

# Debian's luaconf.h includes a header that debian/rules writes.
$(OUT)/lua/%/lua5.4-deb-multiarch.h:
	@mkdir -p $(@D)
	echo '#define DEB_HOST_MULTIARCH "$(if $(filter vx,$*),i386,x86_64)-linux-gnu"' > $@

$(OUT)/lua/vx/%.o: $(LUA_SRC)/src/%.c $(LIBVXC) $(OUT)/lua/vx/lua5.4-deb-multiarch.h
	$(VXCC) $(VXFLAGS) $(LUA_CFLAGS) -I$(OUT)/lua/vx -c -o $@ $<
$(OUT)/lua/native/%.o: $(LUA_SRC)/src/%.c $(OUT)/lua/native/lua5.4-deb-multiarch.h
	$(NATIVECC) $(NFLAGS) $(LUA_CFLAGS) -I$(OUT)/lua/native -c -o $@ $<
$(OUT)/lua/lua.vx: $(LUA_VX_O)
	$(VXCC) $(VXFLAGS) -o $@ $^
$(OUT)/lua/lua.native: $(LUA_N_O)
	$(NATIVECC) -o $@ $^ -lm

# ---- zlib: the library, its example program and minigzip
ZLIB_VX_O := $(ZLIB_LIB:%=$(OUT)/zlib/vx/%.o)
ZLIB_N_O  := $(ZLIB_LIB:%=$(OUT)/zlib/native/%.o)

$(OUT)/zlib/vx/%.o: $(ZLIB_SRC)/%.c $(LIBVXC)
	@mkdir -p $(@D)
	$(VXCC) $(VXFLAGS) $(ZLIB_CFLAGS) -I$(ZLIB_SRC) -c -o $@ $<
$(OUT)/zlib/native/%.o: $(ZLIB_SRC)/%.c
	@mkdir -p $(@D)
	$(NATIVECC) $(NFLAGS) $(ZLIB_CFLAGS) -I$(ZLIB_SRC) -c -o $@ $<
$(OUT)/zlib/vx/test-%.o: $(ZLIB_SRC)/test/%.c $(LIBVXC)
	@mkdir -p $(@D)
	$(VXCC) $(VXFLAGS) $(ZLIB_CFLAGS) $(EXAMPLE_FLAGS) -I$(ZLIB_SRC) -c -o $@ $<
$(OUT)/zlib/native/test-%.o: $(ZLIB_SRC)/test/%.c
	@mkdir -p $(@D)
	$(NATIVECC) $(NFLAGS) $(ZLIB_CFLAGS) $(EXAMPLE_FLAGS) -I$(ZLIB_SRC) -c -o $@ $<
$(OUT)/zlib/%.vx: $(OUT)/zlib/vx/test-%.o $(ZLIB_VX_O)
	$(VXCC) $(VXFLAGS) -o $@ $^
$(OUT)/zlib/%.native: $(OUT)/zlib/native/test-%.o $(ZLIB_N_O)
	$(NATIVECC) -o $@ $^

.PHONY: lua zlib
