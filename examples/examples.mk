# examples/examples.mk - the plug-in examples (doc/api.md, "Calling a
# plug-in"), built from Debian's source packages (tools/fetch-src.sh):
#
#   make examples            fetches the sources, then builds into examples/out
#   make -f examples/examples.mk ZLIB_SRC=dir GIF_SRC=dir all
#
#   zsandbox, zlib.vxp, evil.vxp   zlib as a sandboxed plug-in, and a hostile
#                                  one (examples/zlib)
#   gifsandbox, gif.vxp            giflib's decoder as a sandboxed plug-in
#                                  (examples/gif)
#
# Each host program also has a native path (--native: the same library
# linked in, built from the same source with the host's compiler), which
# test/suite-plugin.sh compares with the plug-in byte for byte.

EX_OUT   := examples/out
VXCC     := libvxc/vxcc
VXFLAGS  := -O2
NATIVECC ?= cc
NFLAGS   := -O2
HOSTFLAGS := -O2 -g -Wall -Wextra -Wno-unused-parameter -Ilibvx32
LIBVX32  := libvx32/libvx32.a
VXCDEPS  := libvxc/libvxc.a libvxc/crtplugin.o libvxc/include/vxplugin.h

ZLIB_OBJS := adler32 crc32 deflate infback inffast inflate inftrees trees \
	zutil compress uncompr
GIF_OBJS  := dgif_lib gifalloc gif_err gif_hash openbsd-reallocarray

all: zlib gif
zlib: $(EX_OUT)/zsandbox $(EX_OUT)/zlib.vxp $(EX_OUT)/evil.vxp
gif: $(EX_OUT)/gifsandbox $(EX_OUT)/gif.vxp

# ---- zlib: the library as it is, as a plug-in; natively for the host
$(EX_OUT)/zlib/vx/%.o: $(ZLIB_SRC)/%.c $(VXCDEPS)
	@mkdir -p $(@D)
	$(VXCC) $(VXFLAGS) -w -I$(ZLIB_SRC) -c -o $@ $<
$(EX_OUT)/zlib/native/%.o: $(ZLIB_SRC)/%.c
	@mkdir -p $(@D)
	$(NATIVECC) $(NFLAGS) -w -I$(ZLIB_SRC) -c -o $@ $<
$(EX_OUT)/zlib.vxp: $(ZLIB_OBJS:%=$(EX_OUT)/zlib/vx/%.o)
	$(VXCC) -shared -o $@ $^
$(EX_OUT)/evil.vxp: examples/zlib/evil.c $(VXCDEPS)
	@mkdir -p $(@D)
	$(VXCC) -shared $(VXFLAGS) -Wall -Wno-array-bounds -Wno-stringop-overflow -Wno-nonnull -o $@ $<
$(EX_OUT)/zsandbox: examples/zlib/zsandbox.c $(ZLIB_OBJS:%=$(EX_OUT)/zlib/native/%.o) \
		$(LIBVX32) libvx32/vx32.h
	$(NATIVECC) $(HOSTFLAGS) -I$(ZLIB_SRC) -o $@ examples/zlib/zsandbox.c \
		$(ZLIB_OBJS:%=$(EX_OUT)/zlib/native/%.o) $(LIBVX32) -lpthread

# ---- giflib's decoder
$(EX_OUT)/gif/vx/%.o: $(GIF_SRC)/%.c $(VXCDEPS)
	@mkdir -p $(@D)
	$(VXCC) $(VXFLAGS) -w -I$(GIF_SRC) -c -o $@ $<
$(EX_OUT)/gif/native/%.o: $(GIF_SRC)/%.c
	@mkdir -p $(@D)
	$(NATIVECC) $(NFLAGS) -w -I$(GIF_SRC) -c -o $@ $<
$(EX_OUT)/gif/vx/decode.o: examples/gif/decode.c examples/gif/decode.h $(VXCDEPS)
	@mkdir -p $(@D)
	$(VXCC) $(VXFLAGS) -Wall -I$(GIF_SRC) -c -o $@ $<
$(EX_OUT)/gif/native/decode.o: examples/gif/decode.c examples/gif/decode.h
	@mkdir -p $(@D)
	$(NATIVECC) $(NFLAGS) -Wall -DNATIVE -I$(GIF_SRC) -c -o $@ $<
$(EX_OUT)/gif.vxp: $(EX_OUT)/gif/vx/decode.o $(GIF_OBJS:%=$(EX_OUT)/gif/vx/%.o)
	$(VXCC) -shared -o $@ $^
$(EX_OUT)/gifsandbox: examples/gif/gifsandbox.c examples/gif/decode.h \
		$(EX_OUT)/gif/native/decode.o $(GIF_OBJS:%=$(EX_OUT)/gif/native/%.o) \
		$(LIBVX32) libvx32/vx32.h
	$(NATIVECC) $(HOSTFLAGS) -DNATIVE -o $@ examples/gif/gifsandbox.c \
		$(EX_OUT)/gif/native/decode.o $(GIF_OBJS:%=$(EX_OUT)/gif/native/%.o) \
		$(LIBVX32) -lpthread

.PHONY: all zlib gif
