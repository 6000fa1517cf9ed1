/*
 * fenv.h - the floating-point environment of the i386 guest: the x87
 * control and status words and the SSE MXCSR, kept in step (the same
 * layout and values as glibc on i386).  The exception flags a function
 * reports are those of either unit; setting the rounding mode sets both.
 */
#ifndef _VXC_FENV_H
#define _VXC_FENV_H

#define FE_INVALID	0x01
#define FE_DIVBYZERO	0x04
#define FE_OVERFLOW	0x08
#define FE_UNDERFLOW	0x10
#define FE_INEXACT	0x20
#define FE_ALL_EXCEPT	(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | \
			 FE_UNDERFLOW | FE_INEXACT)

#define FE_TONEAREST	0x000
#define FE_DOWNWARD	0x400
#define FE_UPWARD	0x800
#define FE_TOWARDZERO	0xc00

typedef unsigned short fexcept_t;

/* the 28-byte fnstenv image, then MXCSR */
typedef struct {
	unsigned short __control_word;
	unsigned short __glibc_reserved1;
	unsigned short __status_word;
	unsigned short __glibc_reserved2;
	unsigned short __tags;
	unsigned short __glibc_reserved3;
	unsigned int __eip;
	unsigned short __cs_selector;
	unsigned int __opcode:11;
	unsigned int __glibc_reserved4:5;
	unsigned int __data_offset;
	unsigned short __data_selector;
	unsigned short __glibc_reserved5;
	unsigned int __mxcsr;
} fenv_t;

/* the environment at program start: all masked, round to nearest */
#define FE_DFL_ENV	((const fenv_t *)-1)

int feclearexcept(int excepts);
int fegetexceptflag(fexcept_t *flagp, int excepts);
int feraiseexcept(int excepts);
int fesetexceptflag(const fexcept_t *flagp, int excepts);
int fetestexcept(int excepts);
int fegetround(void);
int fesetround(int round);
int fegetenv(fenv_t *envp);
int feholdexcept(fenv_t *envp);
int fesetenv(const fenv_t *envp);
int feupdateenv(const fenv_t *envp);

/* GNU: unmask (trap) or mask exceptions; return the previous set */
int feenableexcept(int excepts);
int fedisableexcept(int excepts);
int fegetexcept(void);

#endif
