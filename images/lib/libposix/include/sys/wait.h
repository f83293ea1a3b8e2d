/*
 * wait/waitpid (tag 28 to the pager). The status word is POSIX's: an exit code c is
 * reported as (c & 0xff) << 8; a task the kernel killed for a fault reports its signal
 * number in the low 7 bits.
 */
#ifndef SYS_WAIT_H
#define SYS_WAIT_H

#include <sys/types.h>

#define WNOHANG		1

#define WIFEXITED(s)	(((s) & 0x7f) == 0)
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WIFSIGNALED(s)	(((s) & 0x7f) != 0)
#define WTERMSIG(s)	((s) & 0x7f)

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);

#endif
