/* assert: a failing assert prints its message on stderr and aborts. */
#include <assert.h>

int main(int argc, char **argv)
{
	assert(argc == 42);
	return 0;
}
