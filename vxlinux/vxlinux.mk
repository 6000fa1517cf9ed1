# vxlinux: the i386 Linux system-call host (see doc/vxlinux.md).
HOST_PROGS += vxlinux/vxlinux

VXLINUX_SRC := $(wildcard vxlinux/*.c)
VXLINUX_OBJ := $(VXLINUX_SRC:vxlinux/%.c=vxlinux/obj/%.o)

vxlinux/obj/%.o: vxlinux/%.c vxlinux/vxlinux.h libvx32/vx32.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilibvx32 -c -o $@ $<

# Linked statically, as a static PIE: no dynamic loader, so nothing a
# guest could leave in the environment of a re-executed vxlinux (LD_*)
# would reach one, and it stays clear of the low 4 GiB (see vxrun.mk).
vxlinux/obj/%.o: CFLAGS += -fPIE
vxlinux/vxlinux: $(VXLINUX_OBJ) libvx32/libvx32.a
	$(CC) $(CFLAGS) -static-pie -o $@ $(VXLINUX_OBJ) libvx32/libvx32.a

CLEAN_TARGETS += vxlinux-clean
vxlinux-clean:
	rm -rf vxlinux/vxlinux vxlinux/obj
.PHONY: vxlinux-clean
