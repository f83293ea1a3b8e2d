/*
 * timetest: the time call (ABI §2.7). czemu's guest time is virtual (derived from the
 * instruction count), so it must never go backwards and must advance while we compute.
 * Only stable lines are printed; the values themselves are not.
 */
#include "check.h"

#define SAMPLES		2000
#define WORK_ROUNDS	400
#define WORK_STEPS	50000

static long long usecs(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

static volatile u32 sink;

static void work(void)
{
	u32 i, x = sink;

	for (i = 0; i < WORK_STEPS; i++)
		x = x * 1103515245u + 12345u;
	sink = x;
}

int main(void)
{
	struct timeval a, b, first;
	int i, advanced = 0;

	EXPECT_EQ("time", l4_time(&first, 0), 0);
	a = first;
	for (i = 0; i < SAMPLES; i++) {
		EXPECT_EQ("time", l4_time(&b, 0), 0);
		EXPECT_TRUE("tv_usec in range", b.tv_usec >= 0 && b.tv_usec < 1000000);
		EXPECT_TRUE("time never goes backwards", usecs(&b) >= usecs(&a));
		a = b;
	}
	puts("timetest: monotonic over 2000 calls");

	for (i = 0; i < WORK_ROUNDS && !advanced; i++) {
		work();
		EXPECT_EQ("time", l4_time(&b, 0), 0);
		EXPECT_TRUE("time never goes backwards", usecs(&b) >= usecs(&a));
		advanced = usecs(&b) > usecs(&first);
		a = b;
	}
	EXPECT_TRUE("time advances while computing", advanced);
	puts("timetest: advances");

	EXPECT_EQ("time set", l4_time(&b, 1), -ENOSYS);
	EXPECT_EITHER("time with a bad pointer", l4_time((void *)0xF0000000, 0), -EINVAL, -EFAULT);
	puts("timetest: ok");
	return 0;
}
