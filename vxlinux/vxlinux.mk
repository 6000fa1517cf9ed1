# vxlinux: the i386 Linux syscall host (a placeholder until issue 5).
HOST_PROGS += vxlinux/vxlinux

vxlinux/vxlinux: vxlinux/vxlinux.c
	$(CC) $(CFLAGS) -Ilibvx32 -o $@ vxlinux/vxlinux.c

CLEAN_TARGETS += vxlinux-clean
vxlinux-clean:
	rm -f vxlinux/vxlinux
.PHONY: vxlinux-clean
