/* strerror.c - messages for error numbers. */
#include <string.h>
#include <errno.h>

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

char *strerror(int errnum)
{
	if (errnum >= 0 &&
	    errnum < (int)(sizeof(messages) / sizeof(messages[0])) &&
	    messages[errnum])
		return (char *)messages[errnum];
	return "Unknown error";
}
