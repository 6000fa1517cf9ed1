/*
 * vxlinux - run i386 Linux executables on libvx32 (issue 5).
 *
 * Not written yet: this placeholder says so, so that scripts get a clear
 * error and a distinct status rather than a missing command.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	fprintf(stderr, "vxlinux: not implemented yet; use vxrun for guests "
		"built with vxcc\n");
	return 125;
}
