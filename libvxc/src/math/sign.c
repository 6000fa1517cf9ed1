/* sign.c - fabs and copysign: the sign bit alone. */
#include "libm.h"

long double fabsl(long double x) { return __builtin_fabsl(x); }
double fabs(double x) { return __builtin_fabs(x); }
float fabsf(float x) { return __builtin_fabsf(x); }

long double copysignl(long double x, long double y)
{
	return __builtin_copysignl(x, y);
}

double copysign(double x, double y) { return __builtin_copysign(x, y); }
float copysignf(float x, float y) { return __builtin_copysignf(x, y); }
