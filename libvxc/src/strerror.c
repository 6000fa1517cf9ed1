/* strerror.c - messages for error numbers. */
#include <string.h>
#include <errno.h>
#include <stdio.h>

static const char *const messages[] = {
	[0]		= "Success",
	[EPERM]		= "Operation not permitted",
	[ENOENT]	= "No such file or directory",
	[ESRCH]		= "No such process",
	[EINTR]		= "Interrupted system call",
	[EIO]		= "Input/output error",
	[ENXIO]		= "No such device or address",
	[E2BIG]		= "Argument list too long",
	[ENOEXEC]	= "Exec format error",
	[EBADF]		= "Bad file descriptor",
	[ECHILD]	= "No child processes",
	[EAGAIN]	= "Resource temporarily unavailable",
	[ENOMEM]	= "Cannot allocate memory",
	[EACCES]	= "Permission denied",
	[EFAULT]	= "Bad address",
	[EBUSY]		= "Device or resource busy",
	[EEXIST]	= "File exists",
	[ENODEV]	= "No such device",
	[ENOTDIR]	= "Not a directory",
	[EISDIR]	= "Is a directory",
	[EINVAL]	= "Invalid argument",
	[ENFILE]	= "Too many open files in system",
	[EMFILE]	= "Too many open files",
	[ENOTTY]	= "Inappropriate ioctl for device",
	[EFBIG]		= "File too large",
	[ENOSPC]	= "No space left on device",
	[ESPIPE]	= "Illegal seek",
	[EROFS]		= "Read-only file system",
	[EPIPE]		= "Broken pipe",
	[EDOM]		= "Numerical argument out of domain",
	[ERANGE]	= "Numerical result out of range",
	[ENOSYS]	= "Function not implemented",
	[EOVERFLOW]	= "Value too large for defined data type",
	[EILSEQ]	= "Invalid or incomplete multibyte or wide character",
};

static const char *known(int errnum)
{
	if (errnum >= 0 &&
	    errnum < (int)(sizeof(messages) / sizeof(messages[0])))
		return messages[errnum];
	return NULL;
}

/* As glibc: "Unknown error N" for a number without a message. */
char *strerror(int errnum)
{
	static char buf[32];
	const char *m = known(errnum);

	if (m)
		return (char *)m;
	snprintf(buf, sizeof buf, "Unknown error %d", errnum);
	return buf;
}

/* The POSIX (XSI) strerror_r: 0, or ERANGE when buf is too small. */
int strerror_r(int errnum, char *buf, size_t len)
{
	const char *m = known(errnum);
	char tmp[32];
	size_t n;

	if (!m) {
		snprintf(tmp, sizeof tmp, "Unknown error %d", errnum);
		m = tmp;
	}
	n = strlen(m);
	if (!len)
		return ERANGE;
	if (n >= len) {
		memcpy(buf, m, len - 1);
		buf[len - 1] = '\0';
		return ERANGE;
	}
	memcpy(buf, m, n + 1);
	return known(errnum) ? 0 : EINVAL;
}

char *strsignal(int sig)
{
	static const char *const names[] = {
		[1] = "Hangup", [2] = "Interrupt", [3] = "Quit",
		[4] = "Illegal instruction", [5] = "Trace/breakpoint trap",
		[6] = "Aborted", [7] = "Bus error",
		[8] = "Floating point exception", [9] = "Killed",
		[10] = "User defined signal 1",
		[11] = "Segmentation fault", [12] = "User defined signal 2",
		[13] = "Broken pipe", [14] = "Alarm clock", [15] = "Terminated",
		[16] = "Stack fault", [17] = "Child exited", [18] = "Continued",
		[19] = "Stopped (signal)", [20] = "Stopped",
		[21] = "Stopped (tty input)", [22] = "Stopped (tty output)",
		[23] = "Urgent I/O condition", [24] = "CPU time limit exceeded",
		[25] = "File size limit exceeded",
		[26] = "Virtual timer expired",
		[27] = "Profiling timer expired", [28] = "Window changed",
		[29] = "I/O possible", [30] = "Power failure",
		[31] = "Bad system call",
	};
	static char buf[32];

	if (sig > 0 && sig < (int)(sizeof names / sizeof names[0]))
		return (char *)names[sig];
	snprintf(buf, sizeof buf, "Unknown signal %d", sig);
	return buf;
}
