/*
 * start.c - the C half of process start-up (crt0.S is the other half).
 */
#include <stdlib.h>
#include "sys.h"

int main(int argc, char **argv, char **envp);

void __vxc_start(int argc, char **argv, char **envp)
	__attribute__((__noreturn__, __used__));

void __vxc_start(int argc, char **argv, char **envp)
{
	__vxc_init(argc, argv, envp);
	exit(main(argc, argv, envp));
}
