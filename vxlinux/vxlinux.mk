# vxlinux: i386 Linux syscall host (issue 5; not yet implemented).
