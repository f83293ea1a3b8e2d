/* gettimeofday: the kernel's time call with set = 0 (ABI §6.1); tz is ignored. */
#include "posix_ipc.h"
#include <sys/time.h>

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	return __posix_ret(l4_time(tv, 0));
}
