/*
 * signal.c - handlers for the signals a guest raises on itself.
 *
 * The table of actions lives here; raise() runs a handler in place (the
 * guest is single-threaded and nothing interrupts it), and the default
 * action of a terminating signal is the host's kill call, which ends the
 * guest as if the signal had killed it.  Blocked signals raised while
 * blocked stay pending and are delivered when unblocked, as POSIX says.
 */
#include <signal.h>
#include <errno.h>
#include <stddef.h>
#include <unistd.h>
#include "sys.h"

static struct sigaction actions[NSIG];
static sigset_t blocked, pending;

static int bad_signal(int sig)
{
	return sig <= 0 || sig >= NSIG;
}

/* SIGKILL and SIGSTOP cannot be caught, ignored or blocked. */
static int fixed_signal(int sig)
{
	return sig == SIGKILL || sig == SIGSTOP;
}

void __vxc_default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
		return;
	}
	__vxc_sys_kill(sig);
	_exit(128 + sig);	/* a host without the kill call */
}

static void deliver(int sig)
{
	struct sigaction *a = &actions[sig];
	siginfo_t info = { sig, 0, SI_USER };
	sigset_t saved = blocked;
	int flags = a->sa_flags;

	if (a->sa_handler == SIG_IGN)
		return;
	if (a->sa_handler == SIG_DFL) {
		__vxc_default_action(sig);
		return;
	}
	blocked |= a->sa_mask;
	if (!(flags & SA_NODEFER))
		blocked |= 1UL << sig;
	if (flags & SA_RESETHAND)
		a->sa_handler = SIG_DFL;
	if (flags & SA_SIGINFO)
		a->sa_sigaction(sig, &info, NULL);
	else
		a->sa_handler(sig);
	blocked = saved;
}

/* Deliver what became unblocked, lowest number first. */
static void deliver_pending(void)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if ((pending & ~blocked) & (1UL << sig)) {
			pending &= ~(1UL << sig);
			deliver(sig);
		}
	}
}

int raise(int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	if (!fixed_signal(sig) && (blocked & (1UL << sig))) {
		pending |= 1UL << sig;
		return 0;
	}
	deliver(sig);
	return 0;
}

int sigaction(int sig, const struct sigaction *__restrict act,
	      struct sigaction *__restrict old)
{
	if (bad_signal(sig) || (act && fixed_signal(sig))) {
		errno = EINVAL;
		return -1;
	}
	if (old)
		*old = actions[sig];
	if (act) {
		actions[sig] = *act;
		actions[sig].sa_mask &= ~((1UL << SIGKILL) | (1UL << SIGSTOP));
	}
	return 0;
}

/* BSD semantics, as glibc's signal(): the handler stays installed. */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = { .sa_handler = handler }, old;

	act.sa_flags = SA_RESTART;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *__restrict set,
		sigset_t *__restrict old)
{
	if (old)
		*old = blocked;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		blocked |= *set;
		break;
	case SIG_UNBLOCK:
		blocked &= ~*set;
		break;
	case SIG_SETMASK:
		blocked = *set;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	blocked &= ~((1UL << SIGKILL) | (1UL << SIGSTOP) | 1UL);
	deliver_pending();
	return 0;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~1UL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set |= 1UL << sig;
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set &= ~(1UL << sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	return !!(*set & (1UL << sig));
}
