/*
 * fenv.c - <fenv.h> on the x87 and SSE units.
 *
 * libvxc's libm computes on the x87 only, but programs built with
 * -msse2 -mfpmath=sse compute on SSE, so, as glibc does on i386, the
 * exception flags are the union of both units' flags, clearing clears
 * both, and the rounding mode and exception masks are set in both.  The
 * guest always has SSE (doc/guest-arch.md).  Flags are raised by
 * operations that raise them (or, for those no single operation can
 * raise alone, by writing the status word and executing fwait), so an
 * exception a program has unmasked traps as it should.
 */
#include <fenv.h>

#define MXCSR_FLAGS	0x003f		/* exception flags, incl. denormal */
#define MXCSR_MASKS	0x1f80
#define MXCSR_ROUND	0x6000

static unsigned int get_mxcsr(void)
{
	unsigned int m;

	__asm__ volatile("stmxcsr %0" : "=m"(m));
	return m;
}

static void set_mxcsr(unsigned int m)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(m));
}

static unsigned short get_sw(void)
{
	unsigned short sw;

	__asm__ volatile("fnstsw %0" : "=am"(sw));
	return sw;
}

static unsigned short get_cw(void)
{
	unsigned short cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void set_cw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/* the 28-byte x87 environment */
struct x87env {
	unsigned short cw, r1, sw, r2, tags, r3;
	unsigned int ip, cs_op, dp, ds;
};

static void get_x87env(struct x87env *e)
{
	__asm__ volatile("fnstenv %0" : "=m"(*e));
	/* fnstenv masks all exceptions; put the control word back */
	__asm__ volatile("fldcw %0" : : "m"(e->cw));
}

static void set_x87env(const struct x87env *e)
{
	__asm__ volatile("fldenv %0" : : "m"(*e));
}

int feclearexcept(int excepts)
{
	struct x87env e;

	excepts &= FE_ALL_EXCEPT;
	if (excepts == FE_ALL_EXCEPT) {
		__asm__ volatile("fnclex");
	} else {
		get_x87env(&e);
		e.sw &= ~excepts;
		set_x87env(&e);
	}
	set_mxcsr(get_mxcsr() & ~excepts);
	return 0;
}

int fetestexcept(int excepts)
{
	return (get_sw() | get_mxcsr()) & excepts & FE_ALL_EXCEPT;
}

int fegetexceptflag(fexcept_t *flagp, int excepts)
{
	*flagp = fetestexcept(excepts);
	return 0;
}

/* set flags in the x87 status word (no trap until the next fwait) */
static void set_x87_flags(int flags)
{
	struct x87env e;

	get_x87env(&e);
	e.sw |= flags;
	set_x87env(&e);
}

int feraiseexcept(int excepts)
{
	excepts &= FE_ALL_EXCEPT;
	if (excepts & FE_INVALID) {
		volatile float z = 0;

		z = z / z;
	}
	if (excepts & FE_DIVBYZERO) {
		volatile float z = 0, one = 1;

		one = one / z;
	}
	/*
	 * Overflow, underflow and inexact: in this order, each followed
	 * by fwait, so that an unmasked one traps (as C wants) with the
	 * right flag set.
	 */
	if (excepts & FE_OVERFLOW) {
		set_x87_flags(FE_OVERFLOW);
		__asm__ volatile("fwait");
	}
	if (excepts & FE_UNDERFLOW) {
		set_x87_flags(FE_UNDERFLOW);
		__asm__ volatile("fwait");
	}
	if (excepts & FE_INEXACT) {
		set_x87_flags(FE_INEXACT);
		__asm__ volatile("fwait");
	}
	return 0;
}

/* Flags are restored into the x87 status word; MXCSR's are cleared. */
int fesetexceptflag(const fexcept_t *flagp, int excepts)
{
	struct x87env e;

	excepts &= FE_ALL_EXCEPT;
	get_x87env(&e);
	e.sw = (e.sw & ~excepts) | (*flagp & excepts);
	set_x87env(&e);
	set_mxcsr(get_mxcsr() & ~excepts);
	return 0;
}

int fegetround(void)
{
	return get_cw() & 0xc00;
}

int fesetround(int round)
{
	if (round & ~0xc00)
		return 1;
	set_cw((get_cw() & ~0xc00) | round);
	set_mxcsr((get_mxcsr() & ~MXCSR_ROUND) | round << 3);
	return 0;
}

int fegetenv(fenv_t *envp)
{
	get_x87env((struct x87env *)envp);
	envp->__mxcsr = get_mxcsr();
	return 0;
}

int feholdexcept(fenv_t *envp)
{
	fegetenv(envp);
	__asm__ volatile("fnclex");
	set_cw(get_cw() | FE_ALL_EXCEPT);
	set_mxcsr((get_mxcsr() & ~MXCSR_FLAGS) | MXCSR_MASKS);
	return 0;
}

int fesetenv(const fenv_t *envp)
{
	struct x87env e;

	get_x87env(&e);
	if (envp == FE_DFL_ENV) {
		e.cw = 0x037f;		/* as after finit */
		e.sw &= ~(FE_ALL_EXCEPT | 0x02);
		set_x87env(&e);
		set_mxcsr(0x1f80);
		return 0;
	}
	/* the control word and flags; the rest stays the unit's own */
	e.cw = envp->__control_word;
	e.sw = (e.sw & ~(FE_ALL_EXCEPT | 0x02)) |
	       (envp->__status_word & (FE_ALL_EXCEPT | 0x02));
	set_x87env(&e);
	set_mxcsr(envp->__mxcsr);
	return 0;
}

int feupdateenv(const fenv_t *envp)
{
	int raised = fetestexcept(FE_ALL_EXCEPT);

	fesetenv(envp);
	feraiseexcept(raised);
	return 0;
}

int fegetexcept(void)
{
	return ~get_cw() & FE_ALL_EXCEPT;
}

int feenableexcept(int excepts)
{
	int old = fegetexcept();

	excepts &= FE_ALL_EXCEPT;
	set_cw(get_cw() & ~excepts);
	set_mxcsr(get_mxcsr() & ~(excepts << 7));
	return old;
}

int fedisableexcept(int excepts)
{
	int old = fegetexcept();

	excepts &= FE_ALL_EXCEPT;
	set_cw(get_cw() | excepts);
	set_mxcsr(get_mxcsr() | excepts << 7);
	return old;
}
