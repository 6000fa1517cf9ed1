/*
 * signal.h - signals, as far as a sandboxed guest has them.
 *
 * Nothing outside the guest sends it signals, and a CPU trap (a bad
 * pointer, a division by zero) ends the guest in the host: it is not
 * delivered as SIGSEGV or SIGFPE.  What remains is the part of C's
 * <signal.h> a program uses on itself: handlers set with signal() or
 * sigaction() run when the program calls raise() or abort().  A signal
 * whose action is SIG_DFL ends the guest as if killed by it (vxrun exit
 * status 128 + sig), except the ones whose default is to be ignored
 * (SIGCHLD, SIGCONT, SIGURG, SIGWINCH).  Numbers are Linux's.
 */
#ifndef _VXC_SIGNAL_H
#define _VXC_SIGNAL_H

#include <sys/types.h>

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);
typedef unsigned long sigset_t;

#define SIG_DFL		((sighandler_t)0)
#define SIG_IGN		((sighandler_t)1)
#define SIG_ERR		((sighandler_t)-1)

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		SIGABRT
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define NSIG		32
#define _NSIG		NSIG

#define SA_NOCLDSTOP	0x00000001
#define SA_SIGINFO	0x00000004
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
} siginfo_t;

#define SI_USER		0

struct sigaction {
	union {
		sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	};
	sigset_t sa_mask;
	int sa_flags;
};

sighandler_t signal(int sig, sighandler_t handler);
int raise(int sig);
int sigaction(int sig, const struct sigaction *__restrict act,
	      struct sigaction *__restrict old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigprocmask(int how, const sigset_t *__restrict set,
		sigset_t *__restrict old);

#endif
