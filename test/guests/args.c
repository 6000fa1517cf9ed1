/*
 * args: print argc, every argument and every environment entry, each in
 * brackets so that empty strings and spaces are visible.  Uses main's envp
 * and environ both, which must agree.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	int i;

	printf("argc=%d\n", argc);
	/* argv[0] is whatever the host passed: print only from 1 */
	for (i = 1; i < argc; i++)
		printf("argv[%d]=[%s]\n", i, argv[i]);
	if (argv[argc] != NULL)
		printf("argv not NULL-terminated\n");
	for (i = 0; envp[i]; i++)
		printf("env[%d]=[%s]\n", i, envp[i]);
	if (environ != envp)
		printf("environ != envp\n");
	return 0;
}
