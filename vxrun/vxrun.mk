# vxrun: the sandboxed filter host.
HOST_PROGS += vxrun/vxrun

# Linked as a static PIE: no dynamic loader to run before each guest
# (start-up is about 1 ms shorter here), nothing outside the binary to
# trust, and still loaded high, clear of the low 4 GiB that vx32_init()
# reserves (a plain -static binary would sit at 0x400000).
vxrun/vxrun: vxrun/vxrun.c libvx32/vx32.h libvx32/libvx32.a
	$(CC) $(CFLAGS) -fPIE -static-pie -Ilibvx32 -o $@ vxrun/vxrun.c \
		libvx32/libvx32.a

CLEAN_TARGETS += vxrun-clean
vxrun-clean:
	rm -f vxrun/vxrun
.PHONY: vxrun-clean
