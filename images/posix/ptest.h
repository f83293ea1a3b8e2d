/*
 * Helpers for the self-checking POSIX images: CHECK* print "FAIL: <what> ..." and exit with
 * status 1; a passing program prints its summary lines and "-- PASSED --" and exits 0.
 * Output never depends on tids or timing unless a program says so.
 */
#ifndef PTEST_H
#define PTEST_H

#include <l4lib/l4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

static inline void check_fail(const char *what, int got, int want)
{
	printf("FAIL: %s (got %d, want %d, errno %d)\n", what, got, want, errno);
	printf("-- FAILED --\n");
	_exit(1);
}

/* got must equal want. */
#define CHECK_EQ(what, got, want) do {					\
	int __g = (int)(got), __w = (int)(want);			\
	if (__g != __w)							\
		check_fail(what, __g, __w);				\
} while (0)

/* The call must fail with -1 and errno == e. */
#define CHECK_ERRNO(what, got, e) do {					\
	int __g;							\
	errno = 0;							\
	__g = (int)(got);						\
	if (__g != -1 || errno != (e))					\
		check_fail(what, __g == -1 ? -errno : __g, -(e));	\
} while (0)

#define CHECK(what, cond) do {						\
	if (!(cond))							\
		check_fail(what, 0, 1);					\
} while (0)

/* Give the other runnable threads the processor. */
static inline void yield(void)
{
	l4_thread_switch(-1);
}

/* Waits for `pid` (-1: any) and returns its exit code; a child that did not exit normally fails. */
static inline int wait_exit_code(pid_t pid, const char *what)
{
	int status = 0;
	pid_t r = waitpid(pid, &status, 0);

	if (r < 0)
		check_fail(what, r, pid);
	if (!WIFEXITED(status))
		check_fail(what, status, 0);
	return WEXITSTATUS(status);
}

#endif
