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

extern char _etext[], _end[];

/*
 * Touch every page of the image (text and rodata read, data and bss already written by
 * crt0) so that threads this program starts behind the pager's back run without faults.
 */
static inline void prefault_image(void)
{
	volatile const char *p;

	for (p = (const char *)0x10000000; p < (const char *)_end; p += PAGE_SIZE)
		(void)*p;
}

/* Start a thread made by thread_control at fn(arg) on the stack whose top is sp. */
static inline int start_thread(struct task_ids *t, void (*fn)(u32), u32 arg, void *sp)
{
	struct exregs_data ex;
	int err;

	memset(&ex, 0, sizeof(ex));
	ex.r0 = arg;
	ex.sp = (u32)sp;
	ex.pc = (u32)fn;
	ex.valid_vect = EXREGS_VALID_REG(0) | EXREGS_VALID_SP | EXREGS_VALID_PC;
	if ((err = l4_exchange_registers(&ex, t->tid)) < 0)
		return err;
	return l4_thread_control(THREAD_RUN, t);
}
