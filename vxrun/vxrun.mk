# vxrun: the sandboxed filter host.
HOST_PROGS += vxrun/vxrun

vxrun/vxrun: vxrun/vxrun.c libvx32/vx32.h libvx32/libvx32.a
	$(CC) $(CFLAGS) -Ilibvx32 -o $@ vxrun/vxrun.c libvx32/libvx32.a

CLEAN_TARGETS += vxrun-clean
vxrun-clean:
	rm -f vxrun/vxrun
.PHONY: vxrun-clean
