/*
 * Helpers for self-checking test images: a failing check prints "FAIL: <what>" and the
 * program exits with status 1; main returns 0 on success.
 */
#ifndef CHECK_H
#define CHECK_H

#include <l4lib/l4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void fail(const char *what, int got)
{
	printf("FAIL: %s (got %d)\n", what, got);
	_exit(1);
}

/* Require got == want. */
#define EXPECT_EQ(what, got, want) do {					\
	int __g = (int)(got);						\
	if (__g != (int)(want))						\
		fail(what, __g);					\
} while (0)

/* Require got to be one of two values (a choice the spec leaves to the kernel). */
#define EXPECT_EITHER(what, got, a, b) do {				\
	int __g = (int)(got);						\
	if (__g != (int)(a) && __g != (int)(b))				\
		fail(what, __g);					\
} while (0)

/* Require a negative (error) result. */
#define EXPECT_ERR(what, got) do {					\
	int __g = (int)(got);						\
	if (__g >= 0)							\
		fail(what, __g);					\
} while (0)

#define EXPECT_TRUE(what, cond) do {					\
	if (!(cond))							\
		fail(what, 0);						\
} while (0)

#endif
