/*
 * start.c - the C half of process start-up (crt0.S is the other half).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys.h"

char *program_invocation_name;
char *program_invocation_short_name;

int main(int argc, char **argv, char **envp);

/*
 * The static linker brackets .init_array with these symbols; running the
 * entries lets guests use __attribute__((constructor)).  Weak, in case a
 * custom linker script leaves them out.
 */
typedef void (*initfn)(void);
extern initfn __init_array_start[] __attribute__((__weak__));
extern initfn __init_array_end[] __attribute__((__weak__));

void __vxc_start(int argc, char **argv, char **envp)
	__attribute__((__noreturn__, __used__));

void __vxc_start(int argc, char **argv, char **envp)
{
	initfn *fn;

	environ = envp;
	if (argc > 0 && argv[0]) {
		char *slash = strrchr(argv[0], '/');

		program_invocation_name = argv[0];
		program_invocation_short_name = slash ? slash + 1 : argv[0];
	}
	for (fn = __init_array_start; fn && fn < __init_array_end; fn++)
		(*fn)();
	exit(main(argc, argv, envp));
}
