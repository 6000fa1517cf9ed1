/*
 * init.c - what every guest does before its own code runs: programs
 * (start.c, then main) and plug-ins (plugin.c, then the host's calls).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys.h"

char *program_invocation_name;
char *program_invocation_short_name;

/*
 * The static linker brackets .init_array with these symbols; running the
 * entries lets guests use __attribute__((constructor)).  Weak, in case a
 * custom linker script leaves them out.
 */
typedef void (*initfn)(void);
extern initfn __init_array_start[] __attribute__((__weak__));
extern initfn __init_array_end[] __attribute__((__weak__));

void __vxc_init(int argc, char **argv, char **envp)
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
}
