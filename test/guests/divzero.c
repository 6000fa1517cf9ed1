/* divzero: integer division by zero in divide() must trap (divide error). */
static volatile int zero;

int __attribute__((noinline)) divide(int a, int b)
{
	return a / b;
}

int main(void)
{
	return divide(1, zero);
}
