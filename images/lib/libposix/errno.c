/* perror and strerror over Linux error numbers. */
#include <errno.h>
#include <stdio.h>

static const char *const messages[] = {
	[0] = "Success",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[ESRCH] = "No such process",
	[EINTR] = "Interrupted system call",
	[EIO] = "I/O error",
	[ENXIO] = "No such device or address",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Exec format error",
	[EBADF] = "Bad file descriptor",
	[ECHILD] = "No child processes",
	[EAGAIN] = "Try again",
	[ENOMEM] = "Out of memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Device or resource busy",
	[EEXIST] = "File exists",
	[ENODEV] = "No such device",
	[ENOTDIR] = "Not a directory",
	[EISDIR] = "Is a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "File table overflow",
	[EMFILE] = "Too many open files",
	[EFBIG] = "File too large",
	[ENOSPC] = "No space left on device",
	[ESPIPE] = "Illegal seek",
	[EROFS] = "Read-only file system",
	[ERANGE] = "Math result not representable",
	[ENAMETOOLONG] = "File name too long",
	[ENOSYS] = "Function not implemented",
	[ENOTEMPTY] = "Directory not empty",
};

const char *strerror(int e)
{
	static char unknown[24];

	if (e >= 0 && e < (int)(sizeof(messages) / sizeof(messages[0])) && messages[e] != 0)
		return messages[e];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
	return unknown;
}

void perror(const char *label)
{
	if (label != 0 && label[0] != '\0')
		printf("%s: %s\n", label, strerror(errno));
	else
		printf("%s\n", strerror(errno));
}
