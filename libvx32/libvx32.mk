# libvx32: static and shared library.
VX32_VERSION   := 0.1.0
VX32_SOVERSION := 0

VX32_SRCS := decode.c translate.c xlflat.c cache.c run.c signal.c mem.c elf.c \
	     helper.c seg.c proc.c limit.c backend.c flat.c lowmem.c ldt.c \
	     segbk.c segfault.c xlseg.c symbols.c call.c hostcall.c snapshot.c \
	     perfmap.c xcache.c
VX32_ASMS := trampoline.S string.S segtramp.S guestcopy.S
VX32_OBJS := $(addprefix libvx32/obj/,$(VX32_SRCS:.c=.o) $(VX32_ASMS:.S=.o))
VX32_PIC  := $(VX32_OBJS:.o=.pic.o)
VX32_CFLAGS := $(CFLAGS) -fvisibility=default -Ilibvx32 -MMD -MP

lib: libvx32/libvx32.a libvx32/libvx32.so

libvx32/obj/%.o: libvx32/%.c | libvx32/obj
	$(CC) $(VX32_CFLAGS) -c -o $@ $<
libvx32/obj/%.pic.o: libvx32/%.c | libvx32/obj
	$(CC) $(VX32_CFLAGS) -fPIC -c -o $@ $<
libvx32/obj/%.o: libvx32/%.S | libvx32/obj
	$(CC) -Ilibvx32 -MMD -MP -c -o $@ $<
libvx32/obj/%.pic.o: libvx32/%.S | libvx32/obj
	$(CC) -Ilibvx32 -MMD -MP -fPIC -c -o $@ $<
libvx32/obj:
	mkdir -p $@

libvx32/libvx32.a: $(VX32_OBJS)
	rm -f $@
	$(AR) rcs $@ $^
libvx32/libvx32.so.$(VX32_SOVERSION): $(VX32_PIC)
	$(CC) -shared -Wl,-soname,libvx32.so.$(VX32_SOVERSION) -o $@ $^
libvx32/libvx32.so: libvx32/libvx32.so.$(VX32_SOVERSION)
	ln -sf libvx32.so.$(VX32_SOVERSION) $@

-include $(wildcard libvx32/obj/*.d)

CLEAN_TARGETS += libvx32-clean
libvx32-clean:
	rm -rf libvx32/obj libvx32/libvx32.a libvx32/libvx32.so*
.PHONY: libvx32-clean
