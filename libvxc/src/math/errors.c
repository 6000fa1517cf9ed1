/*
 * errors.c - the results of domain, pole, overflow and underflow errors,
 * each produced by an operation that raises the right exception (so the
 * value also follows the rounding mode), with errno as C11 7.12.1 says.
 */
#include "libm.h"

void __vxm_raise_inexact(void)
{
	volatile ld one = 1, tiny = 0x1p-100L;

	one = one + tiny;
}

void __vxm_raise_underflow(void)
{
	volatile ld tiny = LDBL_MIN;

	tiny = tiny * tiny;
}

void __vxm_raise_invalid(void)
{
	volatile ld zero = 0;

	zero = zero / zero;
}

void __vxm_clear_x87_flags(int flags)
{
	unsigned short env[14];

	__asm__ volatile("fnstenv %0" : "=m"(env));
	env[2] &= ~flags;			/* the status word */
	__asm__ volatile("fldenv %0" : : "m"(env));	/* also the masks */
}

float __vxm_dom_f(void)
{
	volatile float zero = 0;

	errno = EDOM;
	return zero / zero;
}

double __vxm_dom_d(void)
{
	volatile double zero = 0;

	errno = EDOM;
	return zero / zero;
}

ld __vxm_dom_ld(void)
{
	volatile ld zero = 0;

	errno = EDOM;
	return zero / zero;
}

float __vxm_pole_f(int neg)
{
	volatile float zero = 0;

	errno = ERANGE;
	return (neg ? -1.0f : 1.0f) / zero;
}

double __vxm_pole_d(int neg)
{
	volatile double zero = 0;

	errno = ERANGE;
	return (neg ? -1.0 : 1.0) / zero;
}

ld __vxm_pole_ld(int neg)
{
	volatile ld zero = 0;

	errno = ERANGE;
	return (neg ? -1.0L : 1.0L) / zero;
}

/* The x87 computes float and double products in extended range: the
 * conversion to the type is what overflows or underflows. */
float __vxm_oflow_f(int neg)
{
	volatile float huge = 0x1p127f;

	errno = ERANGE;
	return (float)((neg ? -huge : huge) * huge);
}

double __vxm_oflow_d(int neg)
{
	volatile double huge = 0x1p1023;

	errno = ERANGE;
	return (double)((neg ? -huge : huge) * huge);
}

ld __vxm_oflow_ld(int neg)
{
	volatile ld huge = 0x1p16383L;

	errno = ERANGE;
	return (neg ? -huge : huge) * huge;
}

float __vxm_uflow_f(int neg)
{
	volatile float tiny = 0x1p-126f;

	errno = ERANGE;
	return (float)((neg ? -tiny : tiny) * tiny);
}

double __vxm_uflow_d(int neg)
{
	volatile double tiny = 0x1p-1022;

	errno = ERANGE;
	return (double)((neg ? -tiny : tiny) * tiny);
}

ld __vxm_uflow_ld(int neg)
{
	volatile ld tiny = 0x1p-16382L;

	errno = ERANGE;
	return (neg ? -tiny : tiny) * tiny;
}
