/*
 * switch.c - switch dispatch: a 16-state machine whose dense switch gcc
 * compiles to a jump table, i.e. one indirect jump per step.  The next
 * state depends on data, as in a lexer.
 */
#include "../bench.h"

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 200000000);
	uint32_t x = 12345, acc = 0;
	unsigned s = 0;
	long i;

	for (i = 0; i < n; i++) {
		OPAQUE(s);
		switch (s) {
		case 0:  acc += x;		s = 5;  break;
		case 1:  acc ^= x >> 3;		s = 12; break;
		case 2:  x = x * 7 + 1;		s = 9;  break;
		case 3:  acc -= 11;		s = 0;  break;
		case 4:  x ^= acc;		s = 14; break;
		case 5:  acc += acc << 2;	s = 2;  break;
		case 6:  x += 0x9e37;		s = 3;  break;
		case 7:  acc = ~acc;		s = 1;  break;
		case 8:  x ^= x << 5;		s = 15; break;
		case 9:  acc += i;		s = x & 15; break;
		case 10: x -= acc;		s = 7;  break;
		case 11: acc ^= 0xabc;		s = 4;  break;
		case 12: x = (x >> 1) | (x << 31); s = 8; break;
		case 13: acc += 3;		s = 11; break;
		case 14: x += acc >> 4;		s = 10; break;
		default: acc ^= x;		s = 6;  break;
		}
	}
	printf("switch: %ld steps, x = %08x, acc = %08x\n", n, (unsigned)x,
	       (unsigned)acc);
	return 0;
}
