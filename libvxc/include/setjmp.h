/* setjmp.h - non-local jumps. */
#ifndef _VXC_SETJMP_H
#define _VXC_SETJMP_H

/* ebx, esi, edi, ebp, esp, eip: the registers a call must preserve. */
typedef unsigned long jmp_buf[6];

int setjmp(jmp_buf env) __attribute__((__returns_twice__));
void longjmp(jmp_buf env, int val) __attribute__((__noreturn__));

#define _setjmp		setjmp
#define _longjmp	longjmp

#endif
